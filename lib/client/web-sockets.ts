// The one place a WebSocket class becomes the client's socket factory: the
// browser's own class in the deck, `ws`'s in Node (which also takes options,
// such as the Origin a test or the benchmark presents). Both have everything
// SocketLike names; only their declared event types differ, hence one cast.
import type { SocketFactory, SocketLike } from './runner-link.ts'

/**
 * A factory making each socket with `Socket` (and `options`, where given);
 * `made` is told of each new socket, for callers that watch or drop it.
 */
export function webSocketFactory<Socket extends object, Options = never>(
  Socket: new (url: string, protocols: string[], options?: Options) => Socket,
  options?: Options,
  made?: (socket: Socket) => void,
): SocketFactory {
  return (url, protocols) => {
    const socket = options === undefined ? new Socket(url, protocols) : new Socket(url, protocols, options)
    made?.(socket)
    return socket as unknown as SocketLike
  }
}
