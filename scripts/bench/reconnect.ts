// Reconnecting, for `npm run bench`: the client the deck uses loses its
// socket in the middle of a run that prints a line every 50 ms; how long
// until output flows again, and whether any line was lost or repeated
// (the client resumes the run from the last sequence number it saw).
import WebSocket from 'ws'
import { RunnerClient } from '../../lib/client/client.ts'
import { webSocketFactory } from '../../lib/client/web-sockets.ts'

const LINES = 100
const LINE = `docker run --rm alpine ping -c ${LINES} -i 0.05 localhost`

export interface Reconnect {
  /** Socket dropped → the run's next output received (ms). */
  resumedMs: number
  /** Ping sequence numbers missing from the output, and seen twice. */
  lost: number
  repeated: number
}

/** Drops the socket once mid-run, `times` times over, each on a fresh client. */
export async function reconnects(url: string, token: string, origin: string, times: number): Promise<Reconnect[]> {
  const results: Reconnect[] = []
  for (let i = 0; i < times; i++) results.push(await dropOnce(url, token, origin))
  return results
}

async function dropOnce(url: string, token: string, origin: string): Promise<Reconnect> {
  const sockets: WebSocket[] = []
  const client = new RunnerClient(url, token, webSocketFactory(WebSocket, { origin }, (socket) => sockets.push(socket)))
  try {
    await client.connect()
    const outcome = await client.run(`bench-reconnect-${Date.now()}`, LINE)
    if ('refusal' in outcome) throw new Error(`The runner refused ${LINE}: ${outcome.refusal.message}`)
    const { runId } = outcome
    await until(() => /seq=10 /.test(client.output(runId)))
    const droppedAt = performance.now()
    let resumedAt: number | undefined
    const off = client.on((message) => {
      if (resumedAt === undefined && message.type === 'run-event' && message.runId === runId && message.event.kind === 'output') resumedAt = performance.now()
    })
    // As a network drop: no closing handshake.
    sockets.at(-1)!.terminate()
    await client.ended(runId)
    off()
    const seen = [...client.output(runId).matchAll(/seq=(\d+) /g)].map((match) => Number(match[1]))
    const unique = new Set(seen)
    const lost = Array.from({ length: LINES }, (_, seq) => seq).filter((seq) => !unique.has(seq)).length
    if (resumedAt === undefined) throw new Error('After the drop, no more output of the run arrived.')
    return { resumedMs: resumedAt - droppedAt, lost, repeated: seen.length - unique.size }
  } finally {
    client.close()
  }
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for the run's output.`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
