// A classroom follower's connection: the share server's event stream
// (GET /events), shaped as the socket the runner client expects, so a
// follower's page shows the lecture with the same client and views as the
// lecturer's. It sends nothing: a follower's page never acts. Each new
// stream asks for what came after the last message it saw, so a reconnect
// (the client's own, with its backoff) loses and repeats nothing.
import type { SocketFactory, SocketLike } from './runner-link.ts'

/** The part of EventSource a follower uses (the browser's, or a stand-in in tests). */
export interface EventSourceLike {
  readonly readyState: number
  onopen: ((event: unknown) => void) | null
  onerror: ((event: unknown) => void) | null
  onmessage: ((event: { data: string; lastEventId: string }) => void) | null
  close(): void
}

/** Opens the share server's stream at `path` (`/events`, then `/events?after=N`). */
export function followerSockets(open: (path: string) => EventSourceLike, path = '/events'): SocketFactory {
  let lastId: string | undefined
  return () => {
    const source = open(lastId === undefined ? path : `${path}?after=${encodeURIComponent(lastId)}`)
    let state = 0
    const socket: SocketLike = {
      get readyState() {
        return state
      },
      send: () => {},
      close: (code = 1000, reason = '') => {
        if (state === 3) return
        state = 3
        source.close()
        socket.onclose?.({ code, reason })
      },
      onopen: null,
      onclose: null,
      onerror: null,
      onmessage: null,
    }
    source.onopen = () => {
      state = 1
      socket.onopen?.({})
    }
    source.onmessage = (event) => {
      if (event.lastEventId) lastId = event.lastEventId
      socket.onmessage?.({ data: event.data })
    }
    // EventSource would retry by itself without telling anyone; the client's link retries instead, and says so.
    source.onerror = (event) => {
      socket.onerror?.(event)
      socket.close(1006, 'the event stream dropped')
    }
    return socket
  }
}
