// A deck client that also keeps every frame exactly as the runner sent it.
// RunnerClient drops duplicates and asks again after a gap, which hides a
// runner that sends either; tests about ordering read the raw frames.
import WebSocket from 'ws'
import { RunnerClient } from '../../lib/client/client.ts'
import { webSocketFactory } from '../../lib/client/web-sockets.ts'
import { parseServerMessage, type RunEvent, type ServerMessage } from '../../lib/protocol.ts'
import { DECK_ORIGIN } from './connect.ts'

export interface RecordingClient {
  client: RunnerClient
  /** The underlying `ws` socket (its `_socket` is the TCP connection). */
  socket: WebSocket
  /** Every valid frame received, in arrival order. */
  frames: ServerMessage[]
  /** The run events received for `runId`, as sent (duplicates and gaps kept). */
  rawEvents(runId: string): RunEvent[]
  /** Resolves when the socket has closed, with the close code. */
  closed: Promise<number>
}

/** A RunnerClient whose frames are recorded; `prepare` runs before it connects (e.g. to seed `client.runs`). */
export async function connectRecording(
  runner: { url: string; token: string },
  options: { origin?: string; follow?: '*' | string[]; prepare?: (client: RunnerClient) => void } = {},
): Promise<RecordingClient> {
  const frames: ServerMessage[] = []
  let socket: WebSocket | undefined
  let closed!: Promise<number>
  const client = new RunnerClient(runner.url, runner.token, webSocketFactory(WebSocket, { origin: options.origin ?? DECK_ORIGIN }, (made) => {
    socket = made
    made.on('message', (data) => {
      const parsed = parseServerMessage(String(data))
      if (parsed.ok) frames.push(parsed.value)
    })
    closed = new Promise((resolve) => made.once('close', (code) => resolve(code)))
  }))
  options.prepare?.(client)
  await client.connect(options.follow ?? '*')
  return {
    client,
    socket: socket!,
    frames,
    closed,
    rawEvents: (runId) => frames.flatMap((frame) => (frame.type === 'run-event' && frame.runId === runId ? [frame.event] : [])),
  }
}
