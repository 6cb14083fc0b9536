// How long a client waits before its next attempt to reach the runner:
// exponential, capped, with jitter so windows that lost the runner together
// do not all knock at the same moment. Pure; browser-safe.

export interface BackoffOptions {
  /** Wait before the first retry. @default 250 */
  initialMs?: number
  /** Longest wait. @default 10_000 */
  maxMs?: number
  /** Growth per attempt. @default 2 */
  factor?: number
  /** Share of each wait that is random, 0–1: 0.5 waits between half and all of it. @default 0.5 */
  jitter?: number
}

/** The wait (ms) before attempt `attempt` (1 for the first retry); `random` returns [0, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const { initialMs = 250, maxMs = 10_000, factor = 2, jitter = 0.5 } = options
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`backoffDelay: attempt must be an integer of at least 1, received ${attempt}.`)
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`backoffDelay: option jitter must be between 0 and 1, received ${jitter}.`)
  const full = Math.min(maxMs, initialMs * factor ** (attempt - 1))
  return Math.round(full * (1 - jitter + jitter * random()))
}
