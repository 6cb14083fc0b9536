// timeNano is 19 digits: more than a double holds, so every conversion must
// go through the text (BigInt), and a float on the way would show here.
import { describe, expect, it } from 'vitest'
import { msOfTimeNano, sinceOfTimeNano, timeNanoOfMs } from '../../lib/event-time.ts'

describe('msOfTimeNano', () => {
  it.each([
    ['1700000000123456789', 1_700_000_000_123],
    // A double reads this as 1700000000124000000: the float route would round up a millisecond.
    ['1700000000123999999', 1_700_000_000_123],
    ['1761234567000000000', 1_761_234_567_000],
    ['999999', 0],
    ['0', 0],
  ])('turns %s ns into %d ms, rounding down exactly', (timeNano, ms) => {
    expect(msOfTimeNano(timeNano)).toBe(ms)
  })

  it('differs from the float route where a double loses digits', () => {
    const timeNano = '1700000000123999999'
    expect(Math.floor(Number(timeNano) / 1e6)).not.toBe(msOfTimeNano(timeNano))
  })
})

describe('timeNanoOfMs', () => {
  it('gives 19 exact digits for a moment in ms', () => {
    expect(timeNanoOfMs(1_700_000_000_123)).toBe('1700000000123000000')
  })

  it('reads back through msOfTimeNano', () => {
    for (const ms of [0, 1, 1_700_000_000_123, 4_102_444_800_000]) expect(msOfTimeNano(timeNanoOfMs(ms))).toBe(ms)
  })

  it('rounds a fractional ms (performance.now) to a whole one', () => {
    expect(timeNanoOfMs(1_700_000_000_123.6)).toBe('1700000000124000000')
  })
})

describe('sinceOfTimeNano', () => {
  it.each([
    ['1700000000123456789', '1700000000.123456789'],
    ['1700000000000000001', '1700000000.000000001'],
    ['123456789', '0.123456789'],
    ['5', '0.000000005'],
  ])('gives docker events --since for %s as %s', (timeNano, since) => {
    expect(sinceOfTimeNano(timeNano)).toBe(since)
  })
})
