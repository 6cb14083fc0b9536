// @vitest-environment happy-dom
// useRun over the page's real connection (useRunner, RunnerClient) with a
// fake runner socket: a block's view follows its events as they arrive, each
// block on its own, with no counter for views to read; a new run of the block
// replaces the old one from its first event; the verbs send what the runner
// expects (the run with the one terminal size, cancel and the PTY's input by
// run id), and a refusal is kept until the next start.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, watch, type EffectScope } from 'vue'
import type { RunEvent } from '../../lib/protocol.ts'
import { TERMINAL_SIZE } from '../../lib/terminal-size.ts'
import type { FakeSocket } from './fake-socket.ts'
import { stubPageGlobals } from './page-globals.ts'

const TOKEN = '0123456789abcdef'.repeat(4)

let sockets: FakeSocket[] = []
let scope: EffectScope | undefined

beforeEach(() => {
  vi.resetModules()
  sockets = stubPageGlobals()
  sessionStorage.clear()
  history.replaceState(null, '', `/3#runner=4123&token=${TOKEN}`)
})
afterEach(() => {
  scope?.stop()
  scope = undefined
  vi.unstubAllGlobals()
})

/** A fresh page connected to the fake runner; `useRun` runs in a scope the test stops. */
async function connectedPage() {
  const { useRunner } = await import('../../composables/useRunner.ts')
  const { useRun } = await import('../../composables/useRun.ts')
  const runner = useRunner()
  sockets[0]!.accept('runner-1')
  expect(runner.state.status).toBe('live')
  scope = effectScope()
  const socket = sockets[0]!
  return {
    runner,
    socket,
    use: (key: string | undefined) => scope!.run(() => useRun(key))!,
    send: (runId: string, event: RunEvent) => socket.deliver({ type: 'run-event', runId, event }),
  }
}

const started = (key: string, seq = 0, tty = false): RunEvent => ({ kind: 'started', seq, key, line: 'docker run alpine', resolvedLine: 'docker run alpine', notices: [], tty, startedAt: 1 })
const out = (seq: number, data: string): RunEvent => ({ kind: 'output', seq, stream: 'stdout', data, at: 2 })
const ended = (seq: number, reason: 'exited' | 'cancelled' = 'exited'): RunEvent => ({ kind: 'ended', seq, exitCode: reason === 'exited' ? 0 : null, signal: null, durationMs: 5, reason })
const texts = (events: readonly RunEvent[]) => events.map((event) => (event.kind === 'output' ? event.data : event.kind))

describe('useRunner', () => {
  it('gives views no counter to read: the state for the badge, the client, and the blocks\' runs', async () => {
    const { runner } = await connectedPage()
    expect(Object.keys(runner).sort()).toEqual(['client', 'runs', 'state', 'takeKey'])
    expect(Object.keys(runner.state)).not.toContain('runsByKey')
  })
})

describe('useRun\'s view of a block', () => {
  it('updates as each event arrives, with a new events array each time', async () => {
    const { use, send } = await connectedPage()
    const block = use('k')
    const seen: string[][] = []
    scope!.run(() => watch(block.events, (events) => seen.push(texts(events))))
    expect(block.phase.value).toBe('idle')
    expect(block.run.value).toBeUndefined()

    send('r1', started('k'))
    await Promise.resolve()
    expect(block.phase.value).toBe('running')
    expect(block.run.value?.runId).toBe('r1')
    const first = block.events.value

    send('r1', out(1, 'hello\n'))
    send('r1', ended(2))
    await Promise.resolve()
    expect(texts(block.events.value)).toEqual(['started', 'hello\n', 'ended'])
    expect(block.events.value).not.toBe(first)
    expect(first).toHaveLength(1)
    expect(block.phase.value).toBe('exited')
    expect(seen).toEqual([['started'], ['started', 'hello\n', 'ended']])
  })

  it('leaves other blocks\' views alone', async () => {
    const { use, send } = await connectedPage()
    const mine = use('k')
    const other = use('other')
    const changes = vi.fn()
    scope!.run(() => watch(mine.events, changes))
    send('r9', started('other'))
    send('r9', out(1, 'x'))
    await Promise.resolve()
    expect(texts(other.events.value)).toEqual(['started', 'x'])
    expect(changes).not.toHaveBeenCalled()
    expect(mine.events.value).toEqual([])
  })

  it('shows the block\'s next run from its first event, and no late event of the one before', async () => {
    const { use, send } = await connectedPage()
    const block = use('k')
    send('r1', started('k'))
    send('r1', out(1, 'first run\n'))
    send('r2', started('k'))
    await Promise.resolve()
    expect(block.run.value?.runId).toBe('r2')
    expect(texts(block.events.value)).toEqual(['started'])
    send('r1', ended(2))
    send('r2', out(1, 'second run\n'))
    await Promise.resolve()
    expect(block.run.value?.runId).toBe('r2')
    expect(texts(block.events.value)).toEqual(['started', 'second run\n'])
    expect(block.phase.value).toBe('running')
  })

  it('ends the open run when the runner restarts, as the client does', async () => {
    const { use, send, socket } = await connectedPage()
    const block = use('k')
    send('r1', started('k'))
    vi.useFakeTimers()
    try {
      socket.drop()
      await vi.advanceTimersByTimeAsync(1000)
      sockets[1]!.accept('runner-2')
    } finally {
      vi.useRealTimers()
    }
    expect(texts(block.events.value)).toEqual(['started', 'notice', 'ended'])
    expect(block.phase.value).toBe('stopped')
  })

  it('has no run for no key', async () => {
    const { use, send } = await connectedPage()
    send('r1', started('k'))
    const none = use(undefined)
    expect(none.run.value).toBeUndefined()
    expect(none.events.value).toEqual([])
    expect(none.pty.value).toBeUndefined()
  })
})

describe('useRun\'s verbs', () => {
  it('start sends the line with the one terminal size and resolves with the run id once the first event is here', async () => {
    const { use, send, socket } = await connectedPage()
    const block = use('k')
    const outcome = block.start('docker run -it alpine sh')
    const [request] = socket.sentOf('run')
    expect(request).toMatchObject({ key: 'k', line: 'docker run -it alpine sh', size: TERMINAL_SIZE })
    expect(TERMINAL_SIZE).toEqual({ cols: 100, rows: 14 })
    socket.deliver({ type: 'started', requestId: request!.requestId, runId: 'r1', key: 'k' })
    send('r1', started('k', 0, true))
    await expect(outcome).resolves.toEqual({ runId: 'r1' })
    expect(block.run.value?.runId).toBe('r1')
  })

  it('keeps a refusal until the next start', async () => {
    const { use, send, socket } = await connectedPage()
    const block = use('k')
    const refusal = { code: 'denied-flag' as const, message: 'The flag --privileged is not allowed on a lecture deck.', subject: '--privileged' }
    const refused = block.start('docker run --privileged alpine')
    socket.deliver({ type: 'refused', requestId: socket.sentOf('run')[0]!.requestId, key: 'k', line: 'docker run --privileged alpine', refusal })
    await expect(refused).resolves.toEqual({ refusal })
    expect(block.refusal.value).toEqual(refusal)

    const next = block.start('docker run alpine')
    expect(block.refusal.value).toBeUndefined()
    socket.deliver({ type: 'started', requestId: socket.sentOf('run')[1]!.requestId, runId: 'r2', key: 'k' })
    send('r2', started('k'))
    await next
    expect(block.refusal.value).toBeUndefined()
  })

  it('stop cancels and interrupt sends Ctrl-C to the latest run, and the PTY sends keystrokes and size to that run', async () => {
    const { use, send, socket } = await connectedPage()
    const block = use('k')
    block.stop()
    expect(socket.sentOf('cancel')).toEqual([])
    send('r1', started('k', 0, true))
    await Promise.resolve()
    const pty = block.pty.value!
    pty.input('ls\r')
    pty.resize({ cols: 80, rows: 10 })
    block.stop()
    block.interrupt()
    expect(socket.sentOf('interrupt')).toEqual([{ type: 'interrupt', runId: 'r1' }])
    expect(socket.sentOf('input')).toEqual([{ type: 'input', runId: 'r1', data: 'ls\r' }])
    expect(socket.sentOf('resize')).toEqual([{ type: 'resize', runId: 'r1', size: { cols: 80, rows: 10 } }])
    expect(socket.sentOf('cancel')).toEqual([{ type: 'cancel', runId: 'r1' }])
    // The handle belongs to one run: the same object while it runs, a new one for the next run.
    send('r1', out(1, '$ '))
    await Promise.resolve()
    expect(block.pty.value).toBe(pty)
    send('r2', started('k', 0, true))
    await Promise.resolve()
    block.pty.value!.input('x')
    expect(socket.sentOf('input').at(-1)).toEqual({ type: 'input', runId: 'r2', data: 'x' })
  })
})
