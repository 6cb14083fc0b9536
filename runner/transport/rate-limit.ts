// How often one window may ask for work that costs the engine something but
// starts nothing: previews (`resolve`, which may inspect containers) and
// reset (which removes containers). A token bucket per kind: bursts are fine,
// a page that loops is answered "busy" instead of keeping the engine busy.

export interface Bucket {
  /** Requests allowed at once. */
  capacity: number
  /** Requests regained per second. */
  perSecond: number
}

/** The deck asks for a preview of every placeholder block when containers change: generous bursts. */
export const REQUEST_LIMITS = {
  resolve: { capacity: 60, perSecond: 20 },
  reset: { capacity: 3, perSecond: 0.2 },
} as const satisfies Record<string, Bucket>

export type LimitedRequest = keyof typeof REQUEST_LIMITS

/** One window's buckets; `now` is injectable so tests need no clock. */
export class RequestRateLimiter {
  private readonly tokens = new Map<LimitedRequest, { left: number; at: number }>()

  constructor(private readonly limits: Record<LimitedRequest, Bucket> = REQUEST_LIMITS, private readonly now: () => number = () => performance.now()) {}

  /** Takes one token for `kind`; false when the window has used them up. */
  allow(kind: LimitedRequest): boolean {
    const { capacity, perSecond } = this.limits[kind]
    const now = this.now()
    const bucket = this.tokens.get(kind) ?? { left: capacity, at: now }
    const left = Math.min(capacity, bucket.left + ((now - bucket.at) / 1000) * perSecond)
    const allowed = left >= 1
    this.tokens.set(kind, { left: allowed ? left - 1 : left, at: now })
    return allowed
  }
}
