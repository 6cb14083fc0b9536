// The last line of defence for a local server that runs commands: an
// exception or a rejected promise that nothing caught is logged, and the
// runner keeps serving. Exiting would leave the deck's containers running
// and every open deck without its runner.

/** The stack of an Error, or the value as text. */
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error)
}

/** Logs uncaught exceptions and unhandled rejections through `log` instead of exiting. */
export function keepServingOnFaults(log: (line: string) => void): void {
  process.on('uncaughtException', (error, origin) => log(`The runner caught an ${origin === 'unhandledRejection' ? 'unhandled rejection' : 'uncaught exception'} and keeps serving: ${describeError(error)}`))
  process.on('unhandledRejection', (reason) => log(`The runner caught an unhandled rejection and keeps serving: ${describeError(reason)}`))
}
