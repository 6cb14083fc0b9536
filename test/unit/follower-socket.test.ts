// A classroom follower's connection: the share server's event stream shaped
// as the runner client's socket. It sends nothing, tells the client when the
// stream drops (instead of EventSource retrying unseen), and each new stream
// asks for what came after the last message seen.
import { describe, expect, it, vi } from 'vitest'
import { followerSockets, type EventSourceLike } from '../../lib/client/follower-socket.ts'

class FakeSource implements EventSourceLike {
  readyState = 0
  onopen: ((event: unknown) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: string; lastEventId: string }) => void) | null = null
  closed = false
  constructor(readonly path: string) {}
  close(): void {
    this.closed = true
  }
}

describe('followerSockets', () => {
  it('opens /events, passes messages on, sends nothing, and resumes after the last id once the stream drops', () => {
    const sources: FakeSource[] = []
    const create = followerSockets((path) => {
      const source = new FakeSource(path)
      sources.push(source)
      return source
    })
    const socket = create('ws://ignored/ws', ['ignored'])
    const seen: unknown[] = []
    const onclose = vi.fn()
    socket.onmessage = (event) => seen.push(event.data)
    socket.onclose = onclose
    socket.onopen = vi.fn()
    expect(sources[0]!.path).toBe('/events')
    expect(socket.readyState).toBe(0)
    sources[0]!.onopen?.({})
    expect(socket.readyState).toBe(1)
    sources[0]!.onmessage?.({ data: '{"type":"hello"}', lastEventId: '41' })
    sources[0]!.onmessage?.({ data: '{"type":"position"}', lastEventId: '42' })
    expect(seen).toEqual(['{"type":"hello"}', '{"type":"position"}'])
    expect(() => socket.send('{"type":"run"}')).not.toThrow()
    sources[0]!.onerror?.({})
    expect(sources[0]!.closed).toBe(true)
    expect(onclose).toHaveBeenCalledExactlyOnceWith({ code: 1006, reason: 'the event stream dropped' })
    expect(socket.readyState).toBe(3)
    create('ws://ignored/ws', [])
    expect(sources[1]!.path).toBe('/events?after=42')
  })
})
