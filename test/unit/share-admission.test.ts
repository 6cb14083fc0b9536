// Who gets into the classroom: the room code (40 bits, typed in any case,
// with spaces or dashes), wrong guesses counted per address in a window,
// and sessions capped.
import { describe, expect, it } from 'vitest'
import { FollowerSessions, SESSION_COOKIE } from '../../share/follower-sessions.ts'
import { GuessLimit } from '../../share/guess-limit.ts'
import { isRoomCode, newRoomCode, ROOM_CODE_LENGTH } from '../../share/room-code.ts'

describe('room codes', () => {
  it('are 8 symbols of Crockford\'s base32, and differ from start to start', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newRoomCode()))
    for (const code of codes) expect(code).toMatch(new RegExp(`^[0-9a-hjkmnp-tv-z]{${ROOM_CODE_LENGTH}}$`))
    expect(codes.size).toBe(200)
  })

  it('match as typed from the screen (upper case, a space, a dash), and nothing else', () => {
    expect(isRoomCode('18HQ ZJAV', '18hqzjav')).toBe(true)
    expect(isRoomCode('18hq-zjav', '18hqzjav')).toBe(true)
    expect(isRoomCode('18hqzja', '18hqzjav')).toBe(false)
    expect(isRoomCode('18hqzjavx', '18hqzjav')).toBe(false)
    expect(isRoomCode('', '18hqzjav')).toBe(false)
  })
})

describe('GuessLimit', () => {
  it('lets an address guess 10 times a minute, then says how long to wait, and forgets old guesses', () => {
    let now = 1_000_000
    const limit = new GuessLimit({ now: () => now })
    for (let i = 0; i < 10; i++) {
      expect(limit.waitSeconds('10.0.0.5')).toBe(0)
      limit.miss('10.0.0.5')
    }
    expect(limit.waitSeconds('10.0.0.5')).toBe(60)
    expect(limit.waitSeconds('10.0.0.6'), 'another address is not held back').toBe(0)
    now += 30_000
    expect(limit.waitSeconds('10.0.0.5')).toBe(30)
    now += 30_001
    expect(limit.waitSeconds('10.0.0.5')).toBe(0)
  })
})

describe('FollowerSessions', () => {
  it('opens sessions up to the cap, finds one only by its exact cookie, and writes the cookie HttpOnly and SameSite=Strict', () => {
    const sessions = new FollowerSessions(2)
    const first = sessions.open()!
    expect(first).toMatch(/^[0-9a-f]{64}$/)
    expect(sessions.open()).toBeDefined()
    expect(sessions.open()).toBeUndefined()
    expect(sessions.of(`theme=dark; ${SESSION_COOKIE}=${first}`)).toBe(first)
    expect(sessions.of(`${SESSION_COOKIE}=${'0'.repeat(64)}`)).toBeUndefined()
    expect(sessions.of(`${SESSION_COOKIE}=${first.toUpperCase()}`)).toBeUndefined()
    expect(sessions.of(undefined)).toBeUndefined()
    expect(FollowerSessions.cookie(first)).toBe(`${SESSION_COOKIE}=${first}; HttpOnly; SameSite=Strict; Path=/`)
  })
})
