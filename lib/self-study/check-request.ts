// Asks the runner to check an exercise over the deck's one connection, with
// nothing but the client's public send() and on(): sends `check` and waits
// for the `check-result` (or `error`) that carries the same request id.
import type { ClientMessage, ServerMessage } from '../protocol.ts'
import type { Check } from './check.ts'
import type { Facts } from './facts.ts'
import type { Verdict } from './verdict.ts'

/** What a check needs of the runner client (lib/client/client.ts RunnerClient has both). */
export interface CheckTransport {
  send(message: ClientMessage): void
  on(listener: (message: ServerMessage) => void): () => void
}

export interface CheckResult {
  facts: Facts
  verdict: Verdict
}

let counter = 0
const nextId = () => `check-${++counter}-${Math.random().toString(36).slice(2, 8)}`

/**
 * Sends the check of exercise `exerciseId`; resolves with the runner's facts
 * and verdict, rejects with the runner's error or after `timeoutMs`.
 */
export function requestCheck(client: CheckTransport, exerciseId: string, check: Check, options: { timeoutMs?: number } = {}): Promise<CheckResult> {
  const requestId = nextId()
  const timeoutMs = options.timeoutMs ?? 30_000
  return new Promise<CheckResult>((resolve, reject) => {
    const done = () => {
      off()
      clearTimeout(timer)
    }
    const off = client.on((message) => {
      if (!('requestId' in message) || message.requestId !== requestId) return
      if (message.type === 'check-result') {
        done()
        resolve({ facts: message.facts, verdict: message.verdict })
      } else if (message.type === 'error') {
        done()
        reject(new Error(`${message.message} (${message.code})`))
      }
    })
    const timer = setTimeout(() => {
      off()
      reject(new Error(`The runner did not answer the check of ${exerciseId} within ${Math.round(timeoutMs / 1000)} s.`))
    }, timeoutMs)
    try {
      client.send({ type: 'check', requestId, exerciseId, check })
    } catch (error) {
      done()
      reject(error instanceof Error ? error : new Error(String(error)))
    }
  })
}
