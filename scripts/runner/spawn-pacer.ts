// Starting a process blocks Node's event loop for a few milliseconds (the
// fork copies the runner's page tables). Eight clicks at once would then hold
// every other answer back for 100 ms or more, so process starts are spread
// over event-loop turns: between two starts, waiting requests are served.

let chain: Promise<void> = Promise.resolve()

/** Resolves in a later event-loop turn than the previous caller's. */
export function nextTurn(): Promise<void> {
  chain = chain.then(() => new Promise<void>((resolve) => setImmediate(resolve)))
  return chain
}
