// What a deck page's connection reaches for in the browser, stood in for in
// the useRunner/useRun tests: WebSocket (each one a FakeSocket the test plays
// the runner on), a BroadcastChannel of the test's own (so earlier tests'
// pages stay silent), and a /health probe that finds nothing listening.
import { randomUUID } from 'node:crypto'
import { vi } from 'vitest'
import { FakeSocket } from './fake-socket.ts'

const NodeBroadcastChannel = globalThis.BroadcastChannel

/** Stubs the globals for one test; returns the sockets the page opens, in order. Undo with vi.unstubAllGlobals(). */
export function stubPageGlobals(): FakeSocket[] {
  const sockets: FakeSocket[] = []
  // Test files run in worker threads of one process, where channels of the same name meet.
  const channel = randomUUID()
  vi.stubGlobal('WebSocket', class extends FakeSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols)
      sockets.push(this)
    }
  })
  vi.stubGlobal('BroadcastChannel', class extends NodeBroadcastChannel {
    constructor(name: string) {
      super(`${name}:${channel}`)
      ;(this as unknown as { unref?: () => void }).unref?.()
    }
  })
  // A failed attempt means no runner is listening.
  vi.stubGlobal('fetch', vi.fn(async () => {
    throw new TypeError('fetch failed')
  }))
  return sockets
}
