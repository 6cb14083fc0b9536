// Requests waiting for their reply, matched by request id: every reply the
// runner sends (`started`, `refused`, `resolved`, `reset-done`, `error`)
// carries the id of the request it answers. When the connection closes, the
// ones still waiting are rejected: their replies can no longer come.
import type { ServerMessage } from '../protocol.ts'

interface Pending {
  what: string
  pick(reply: ServerMessage): unknown
  resolve(value: unknown): void
  reject(error: Error): void
}

export class PendingRequests {
  private readonly waiting = new Map<string, Pending>()
  private counter = 0

  get size(): number {
    return this.waiting.size
  }

  /** A fresh request id. */
  nextId(): string {
    return `r${++this.counter}`
  }

  /**
   * Waits for the reply to `requestId`; `pick` turns it into the result
   * (undefined: not an answer to this request; a throw: an answer that is a
   * failure). `what` names the request in errors.
   */
  add<T>(requestId: string, what: string, pick: (reply: ServerMessage) => T | undefined): Promise<T> {
    if (this.waiting.has(requestId)) return Promise.reject(new Error(`Request id ${requestId} is already waiting for its reply.`))
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(requestId, { what, pick, resolve: resolve as (value: unknown) => void, reject })
    })
  }

  /** Settles the request a reply answers; true if it answered one. */
  settle(reply: ServerMessage): boolean {
    if (!('requestId' in reply) || reply.requestId === undefined) return false
    const pending = this.waiting.get(reply.requestId)
    if (!pending) return false
    if (reply.type === 'error') {
      this.waiting.delete(reply.requestId)
      pending.reject(new Error(`The runner could not handle ${pending.what}: ${reply.message} (${reply.code})`))
      return true
    }
    let value
    try {
      value = pending.pick(reply)
    } catch (error) {
      // The reply answers the request with a failure (a refused reset, say).
      this.waiting.delete(reply.requestId)
      pending.reject(error instanceof Error ? error : new Error(String(error)))
      return true
    }
    if (value === undefined) return false
    this.waiting.delete(reply.requestId)
    pending.resolve(value)
    return true
  }

  /** Forgets a request without settling it (its send failed and the caller reports that). */
  drop(requestId: string): void {
    this.waiting.delete(requestId)
  }

  /** Rejects every waiting request with `why(what)`. */
  rejectAll(why: (what: string) => string): void {
    const all = [...this.waiting.values()]
    this.waiting.clear()
    for (const pending of all) pending.reject(new Error(why(pending.what)))
  }
}
