// Previews and resets are limited per window: bursts pass, a loop is answered "busy".
import { describe, expect, it } from 'vitest'
import { REQUEST_LIMITS, RequestRateLimiter } from '../../runner/transport/rate-limit.ts'

function limiter() {
  let now = 0
  const limits = new RequestRateLimiter(REQUEST_LIMITS, () => now)
  return { limits, advance: (ms: number) => void (now += ms) }
}

describe('RequestRateLimiter', () => {
  it('lets a burst of previews through, up to the bucket, then refuses until time passes', () => {
    const { limits, advance } = limiter()
    const burst = Array.from({ length: REQUEST_LIMITS.resolve.capacity + 5 }, () => limits.allow('resolve'))
    expect(burst.filter(Boolean)).toHaveLength(REQUEST_LIMITS.resolve.capacity)
    expect(limits.allow('resolve')).toBe(false)
    advance(1000)
    expect(Array.from({ length: 30 }, () => limits.allow('resolve')).filter(Boolean)).toHaveLength(REQUEST_LIMITS.resolve.perSecond)
  })

  it('allows three resets in a row, then one every five seconds', () => {
    const { limits, advance } = limiter()
    expect([1, 2, 3, 4].map(() => limits.allow('reset'))).toEqual([true, true, true, false])
    advance(4_000)
    expect(limits.allow('reset')).toBe(false)
    advance(1_000)
    expect(limits.allow('reset')).toBe(true)
  })

  it('keeps the kinds apart: resets used up do not stop previews', () => {
    const { limits } = limiter()
    for (let i = 0; i < 5; i++) limits.allow('reset')
    expect(limits.allow('resolve')).toBe(true)
  })
})
