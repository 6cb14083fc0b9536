// The one WebSocket factory: each socket made with the class given, with the
// options only where some were given (the browser's class takes none), and
// the caller told of each new socket.
import { describe, expect, it } from 'vitest'
import { webSocketFactory } from '../../lib/client/web-sockets.ts'

class FakeSocket {
  readonly args: unknown[]
  constructor(...args: unknown[]) {
    this.args = args
  }
}

describe('webSocketFactory', () => {
  it('makes a socket with the url and protocols alone when no options are given, as the browser\'s class wants', () => {
    const socket = webSocketFactory(FakeSocket)('ws://127.0.0.1:4123/ws', ['docker-live-deck.v1', 'token.abc']) as unknown as FakeSocket
    expect(socket).toBeInstanceOf(FakeSocket)
    expect(socket.args).toEqual(['ws://127.0.0.1:4123/ws', ['docker-live-deck.v1', 'token.abc']])
  })

  it('passes the options (ws\'s Origin) to every socket, and tells the caller of each one made', () => {
    const made: FakeSocket[] = []
    const create = webSocketFactory(FakeSocket, { origin: 'http://localhost:3030' }, (socket) => made.push(socket))
    const first = create('ws://a/ws', ['p'])
    const second = create('ws://b/ws', ['q'])
    expect(made).toEqual([first, second])
    expect(made.map((socket) => socket.args)).toEqual([['ws://a/ws', ['p'], { origin: 'http://localhost:3030' }], ['ws://b/ws', ['q'], { origin: 'http://localhost:3030' }]])
  })
})
