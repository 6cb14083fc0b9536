// Every reply of the runner carries the id of the request it answers:
// `started` for a run, `refused`, `reset-done`, and `error` when handling a
// request failed (even one the schema rejected, if it named an id). The
// hello names the runner instance. One DeckConnection on a fake socket, with
// fake runs and a docker CLI that fails; nothing is spawned.
import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { parseServerMessage, type ServerMessage } from '../../lib/protocol.ts'
import type { DockerCli } from '../../runner/docker/docker-cli.ts'
import { Refused } from '../../runner/policy/refusal.ts'
import { DeckConnection, type RunnerContext } from '../../runner/transport/connection.ts'

class FakeWs extends EventEmitter {
  readonly OPEN = 1
  readyState = 1
  bufferedAmount = 0
  readonly frames: ServerMessage[] = []
  /** When set, sending an `error` frame throws, as a socket torn down mid-send does. */
  failErrors = false
  send(data: string): void {
    if (this.failErrors && (JSON.parse(data) as { type?: string }).type === 'error') throw new Error('socket gone')
    const parsed = parseServerMessage(data)
    if (!parsed.ok) throw new Error(`the runner sent an invalid frame: ${parsed.error}`)
    this.frames.push(parsed.value)
  }
  terminate(): void {}
  /** The deck sends a frame. */
  receive(message: unknown): void {
    this.emit('message', Buffer.from(typeof message === 'string' ? message : JSON.stringify(message)), false)
  }
}

function connection(start: (key: string, line: string) => Promise<{ id: string }>) {
  const ws = new FakeWs()
  const failing = async () => {
    throw new Error('docker is not reachable')
  }
  const context = {
    runs: { start: vi.fn(start), follow: vi.fn(), leave: vi.fn(), get: vi.fn(), active: [] },
    containers: { list: () => [] },
    cli: { text: failing, run: failing } as unknown as DockerCli,
    engine: () => ({ reachable: true, version: '29.0.0' }),
    runnerVersion: '0.1.0',
    instance: 'instance-1',
    connections: new Set(),
    position: { current: undefined },
    share: { current: undefined },
    revealed: new Set(),
    onFault: vi.fn(),
  } as unknown as RunnerContext
  new DeckConnection(ws as never, context)
  return { ws, context }
}

const reply = async (ws: FakeWs, type: ServerMessage['type']) => {
  await vi.waitFor(() => expect(ws.frames.some((frame) => frame.type === type)).toBe(true))
  return ws.frames.find((frame) => frame.type === type)!
}

describe('DeckConnection replies', () => {
  it('greets with the protocol, the runner version and the runner instance', () => {
    const { ws } = connection(async () => ({ id: 'run-1' }))
    expect(ws.frames[0]).toEqual({ type: 'hello', protocol: 1, runnerVersion: '0.1.0', instance: 'instance-1', engine: { reachable: true, version: '29.0.0' }, containers: [], capability: 'full' })
  })

  it('answers a run with `started`, naming the request, the run and the block', async () => {
    const { ws } = connection(async () => ({ id: 'run-7' }))
    ws.receive({ type: 'run', requestId: 'q1', key: 'block-1', line: 'docker ps' })
    expect(await reply(ws, 'started')).toEqual({ type: 'started', requestId: 'q1', runId: 'run-7', key: 'block-1' })
  })

  it('answers a refused run with `refused` and the request id', async () => {
    const { ws } = connection(async () => {
      throw new Refused('busy', 'This block is already running.')
    })
    ws.receive({ type: 'run', requestId: 'q2', key: 'block-1', line: 'docker ps' })
    expect(await reply(ws, 'refused')).toEqual({ type: 'refused', requestId: 'q2', key: 'block-1', line: 'docker ps', refusal: { code: 'busy', message: 'This block is already running.' } })
  })

  it('answers a request that failed inside the runner with an `error` naming it', async () => {
    const { ws } = connection(async () => ({ id: 'run-1' }))
    ws.receive({ type: 'reset', requestId: 'q3' })
    expect(await reply(ws, 'error')).toMatchObject({ type: 'error', requestId: 'q3', code: 'internal', message: expect.stringMatching(/failed to handle "reset".*docker is not reachable/) })
  })

  it('names the request in the error even when the schema rejects the frame', async () => {
    const { ws, context } = connection(async () => ({ id: 'run-1' }))
    ws.receive({ type: 'run', requestId: 'q4', key: 'k', line: 'docker ps', shell: true })
    expect(await reply(ws, 'error')).toMatchObject({ type: 'error', requestId: 'q4', code: 'bad-message' })
    expect(context.runs.start).not.toHaveBeenCalled()
  })

  it('sends an error without an id for a frame that has none', async () => {
    const { ws } = connection(async () => ({ id: 'run-1' }))
    ws.receive('{"type": "run", ')
    const error = await reply(ws, 'error')
    expect(error).toMatchObject({ type: 'error', code: 'bad-message' })
    expect('requestId' in error).toBe(false)
  })

  it('tells the fault report when even the error reply fails, and goes on serving', async () => {
    const { ws, context } = connection(async () => ({ id: 'run-9' }))
    ws.failErrors = true
    ws.receive({ type: 'reset', requestId: 'q5' })
    await vi.waitFor(() => expect(context.onFault).toHaveBeenCalledWith(expect.objectContaining({ message: 'socket gone' }), 'handling a deck message'))
    ws.receive({ type: 'run', requestId: 'q6', key: 'block-1', line: 'docker ps' })
    expect(await reply(ws, 'started')).toMatchObject({ requestId: 'q6', runId: 'run-9' })
  })
})
