// The students let in: a room code is exchanged once for a random session,
// kept in an HttpOnly, SameSite=Strict cookie; at most `max` sessions exist.
import { randomBytes } from 'node:crypto'

export const SESSION_COOKIE = 'deck-room'
const SESSION = /^[0-9a-f]{64}$/

export class FollowerSessions {
  private readonly sessions = new Set<string>()

  constructor(private readonly max: number) {}

  get count(): number {
    return this.sessions.size
  }

  /** A new session, or undefined when the room is full. */
  open(): string | undefined {
    if (this.sessions.size >= this.max) return undefined
    const id = randomBytes(32).toString('hex')
    this.sessions.add(id)
    return id
  }

  /** The session a request's Cookie header names, if it is one of ours. */
  of(cookieHeader: string | undefined): string | undefined {
    for (const part of (cookieHeader ?? '').split(';')) {
      const [name, value] = part.trim().split('=', 2)
      if (name === SESSION_COOKIE && value && SESSION.test(value) && this.sessions.has(value)) return value
    }
    return undefined
  }

  /** The Set-Cookie header value for `id`. */
  static cookie(id: string): string {
    return `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/`
  }
}
