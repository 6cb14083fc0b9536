// Starting a process blocks Node's event loop for a few milliseconds (the
// fork copies the runner's page tables), and every container start keeps the
// engine busy for a few hundred. Eight clicks at once would hold every other
// answer back, so process starts are spread over event-loop turns, and at
// most two runs are starting their command at any moment.

let chain: Promise<void> = Promise.resolve()

/** Resolves in a later event-loop turn than the previous caller's. */
export function nextTurn(): Promise<void> {
  chain = chain.then(() => new Promise<void>((resolve) => setImmediate(resolve)))
  return chain
}

const STARTING_AT_ONCE = 2
/** How long a start holds its slot at most: a command that prints nothing for a while has started. */
const START_SLOT_MS = 1_000
let starting = 0
const waiting: Array<() => void> = []

/** Waits for a start slot; call the returned function once the command is under way. */
export async function startSlot(): Promise<() => void> {
  if (starting >= STARTING_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve))
  else starting++
  let held = true
  const release = () => {
    if (!held) return
    held = false
    clearTimeout(timer)
    const next = waiting.shift()
    if (next) next()
    else starting--
  }
  const timer = setTimeout(release, START_SLOT_MS)
  return release
}
