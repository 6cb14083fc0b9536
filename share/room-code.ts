// The classroom's room code: made fresh at each start, short enough to type
// from the projector, and long enough (40 bits) that guessing it, at the
// rate the share server allows, takes longer than any lecture.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto'

/** Crockford's base32 in lower case: no i, l, o or u to misread. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
/** 8 symbols of 32: 40 bits. */
export const ROOM_CODE_LENGTH = 8

export function newRoomCode(): string {
  return Array.from({ length: ROOM_CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')
}

/** Whether `given` is the room code, whatever its case or spaces; constant time, and the length of a wrong guess stays hidden. */
export function isRoomCode(given: string, code: string): boolean {
  const cleaned = given.toLowerCase().replace(/[\s-]/g, '')
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(cleaned), digest(code)) && cleaned.length === code.length
}
