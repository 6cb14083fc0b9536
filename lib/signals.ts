// Signals by their Linux numbers, which the engine's `kill` events and a
// terminal's exit report, and the exit code a process killed by one ends
// with (128 + n, as shells and `docker run` report it).

/** `docker stop` sends it first: the process may finish its work. */
export const SIGTERM = 15
/** `docker kill`, and `docker stop` after the grace period: the process cannot refuse. */
export const SIGKILL = 9

// Only the signals the chapter talks about; others are shown by number.
const SIGNAL_NAMES = new Map<number, string>([
  [1, 'SIGHUP'],
  [2, 'SIGINT'],
  [3, 'SIGQUIT'],
  [SIGKILL, 'SIGKILL'],
  [SIGTERM, 'SIGTERM'],
])

/** `SIGTERM` for 15; undefined for a signal the chapter does not name. */
export function signalName(signal: number): string | undefined {
  return SIGNAL_NAMES.get(signal)
}

/** The signal behind an exit code above 128 (137 → 9), or undefined for an ordinary exit. */
export function signalOfExitCode(code: number): number | undefined {
  return code > 128 ? code - 128 : undefined
}
