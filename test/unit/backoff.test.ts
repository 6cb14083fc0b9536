// The wait before each reconnect attempt: exponential, capped, and jittered
// so that windows which lost the runner together do not knock together.
import { describe, expect, it } from 'vitest'
import { backoffDelay } from '../../lib/client/backoff.ts'

describe('backoffDelay', () => {
  it('doubles from 250 ms up to the 10 s cap (no jitter)', () => {
    const delays = Array.from({ length: 8 }, (_, i) => backoffDelay(i + 1, { jitter: 0 }))
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000])
  })

  it('never waits past the cap, however many attempts', () => {
    expect(backoffDelay(1000, { jitter: 0 })).toBe(10_000)
    expect(backoffDelay(1000, { maxMs: 3000 }, () => 0.999999)).toBeLessThanOrEqual(3000)
  })

  it('with the default jitter, waits between half and all of each step', () => {
    expect(backoffDelay(3, {}, () => 0)).toBe(500)
    expect(backoffDelay(3, {}, () => 0.5)).toBe(750)
    expect(backoffDelay(3, {}, () => 0.999999)).toBe(1000)
  })

  it('spreads the waits of many clients', () => {
    let seed = 1
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, {}, random)))
    expect(delays.size).toBeGreaterThan(30)
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(1000)
  })

  it('takes its own initial wait, factor and cap', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, { initialMs: 100, factor: 3, maxMs: 1000, jitter: 0 }))).toEqual([100, 300, 900, 1000])
  })

  it.each([0, -1, 1.5, Number.NaN])('refuses the attempt %s', (attempt) => {
    expect(() => backoffDelay(attempt)).toThrow(`backoffDelay: attempt must be an integer of at least 1, received ${attempt}.`)
  })

  it('refuses a jitter outside 0–1', () => {
    expect(() => backoffDelay(1, { jitter: 1.5 })).toThrow('backoffDelay: option jitter must be between 0 and 1, received 1.5.')
  })
})
