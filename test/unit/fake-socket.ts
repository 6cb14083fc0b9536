// A runner on the other end of a fake WebSocket, for RunnerClient's unit
// tests: no network. Each attempt of the client makes one FakeSocket; the
// test plays the runner's part (answer the upgrade, send frames, drop it).
import type { SocketLike } from '../../lib/client/client.ts'
import type { ClientMessage, ServerMessage } from '../../lib/protocol.ts'

export const TOKEN = 'ab'.repeat(32)
export const BASE_URL = 'http://127.0.0.1:4123'

export class FakeSocket implements SocketLike {
  readyState = 0
  readonly sent: ClientMessage[] = []
  onopen: ((event: unknown) => void) | null = null
  onclose: ((event: { code: number; reason: string }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  closedByClient: { code?: number; reason?: string } | undefined

  constructor(readonly url: string, readonly protocols: string[]) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('FakeSocket: send on a socket that is not open')
    this.sent.push(JSON.parse(data) as ClientMessage)
  }

  close(code?: number, reason?: string): void {
    this.closedByClient = { code, reason }
    this.end(code ?? 1005, reason ?? '')
  }

  /** The runner accepts the upgrade and greets. */
  accept(instance = 'runner-1', extra: Partial<Extract<ServerMessage, { type: 'hello' }>> = {}): void {
    this.readyState = 1
    this.onopen?.({})
    this.deliver({ type: 'hello', protocol: 1, runnerVersion: '0.1.0', instance, engine: { reachable: true, version: '29.0.0' }, containers: [], capability: 'full', ...extra })
  }

  /** The runner sends a frame. */
  deliver(message: ServerMessage | string): void {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) })
  }

  /** The upgrade fails; `status` is what Node's ws reports (a browser reports none). */
  refuse(status?: number): void {
    this.onerror?.(status === undefined ? { type: 'error' } : { type: 'error', message: `Unexpected server response: ${status}` })
    this.end(1006, '')
  }

  /** The connection drops (the runner died, or dropped a slow window). */
  drop(code = 1006): void {
    this.end(code, '')
  }

  /** The messages of one type the client sent. */
  sentOf<T extends ClientMessage['type']>(type: T): Array<Extract<ClientMessage, { type: T }>> {
    return this.sent.filter((message): message is Extract<ClientMessage, { type: T }> => message.type === type)
  }

  private end(code: number, reason: string): void {
    if (this.readyState === 3) return
    this.readyState = 3
    this.onclose?.({ code, reason })
  }
}

/** A socket factory that keeps every socket the client opened, newest last. */
export function fakeSockets() {
  const sockets: FakeSocket[] = []
  return {
    sockets,
    factory: (url: string, protocols: string[]) => {
      const socket = new FakeSocket(url, protocols)
      sockets.push(socket)
      return socket
    },
    get last(): FakeSocket {
      const socket = sockets.at(-1)
      if (!socket) throw new Error('the client opened no socket')
      return socket
    },
  }
}
