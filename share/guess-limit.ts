// Wrong room codes, counted per address: after a few in a minute, that
// address is told to wait, so the code cannot be guessed during a lecture.
export interface GuessLimitOptions {
  /** Wrong guesses allowed per address in one window. @default 10 */
  perWindow?: number
  /** @default 60 s */
  windowMs?: number
  /** @default Date.now */
  now?: () => number
}

export class GuessLimit {
  private readonly wrong = new Map<string, number[]>()
  private readonly perWindow: number
  private readonly windowMs: number
  private readonly now: () => number

  constructor(options: GuessLimitOptions = {}) {
    this.perWindow = options.perWindow ?? 10
    this.windowMs = options.windowMs ?? 60_000
    this.now = options.now ?? Date.now
  }

  /** Seconds `address` must wait before it may guess again; 0 when it may guess now. */
  waitSeconds(address: string): number {
    const recent = this.recent(address)
    if (recent.length < this.perWindow) return 0
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - this.now()) / 1000))
  }

  /** Counts a wrong guess from `address`. */
  miss(address: string): void {
    this.wrong.set(address, [...this.recent(address), this.now()])
  }

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs
    const kept = (this.wrong.get(address) ?? []).filter((at) => at > since)
    if (kept.length) this.wrong.set(address, kept)
    else this.wrong.delete(address)
    return kept
  }
}
