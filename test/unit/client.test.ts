// RunnerClient owns its connection: replies matched by request id, pending
// requests rejected when the socket closes, reconnects with capped, jittered
// backoff, resumes every run by sequence number with no gap and no
// duplicate, and tells a restarted runner or a refused token from a dropped
// connection. A fake socket plays the runner; no network.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RefusedError, RunnerClient, type ClientOptions, type ConnectionStatus } from '../../lib/client/client.ts'
import { clientSubprotocols, type RunEvent } from '../../lib/protocol.ts'
import { BASE_URL, fakeSockets, TOKEN, type FakeSocket } from './fake-socket.ts'

const settle = () => vi.advanceTimersByTimeAsync(0)

const started = (seq = 0, key = 'k'): RunEvent => ({ kind: 'started', seq, key, line: 'docker ps', resolvedLine: 'docker ps', notices: [], tty: false, startedAt: Date.now() })
const out = (seq: number, data = `line ${seq}\n`): RunEvent => ({ kind: 'output', seq, stream: 'stdout', data, at: Date.now() })
const ended = (seq: number): RunEvent => ({ kind: 'ended', seq, exitCode: 0, signal: null, durationMs: 5, reason: 'exited' })

/** A client on fake sockets whose /health probe answers `health.instance` (undefined: nothing answers). */
function setup(options: ClientOptions = {}) {
  const net = fakeSockets()
  const health: { instance: string | undefined } = { instance: undefined }
  const probe = vi.fn(async () => (health.instance === undefined ? undefined : { instance: health.instance }))
  const client = new RunnerClient(BASE_URL, TOKEN, net.factory, { probe, random: () => 0, reconnect: { initialMs: 100, maxMs: 1000, jitter: 0.5 }, ...options })
  const statuses: ConnectionStatus[] = []
  client.onStatus((status) => statuses.push(status))
  return { net, health, probe, client, statuses }
}

/** A connected client (runner instance `runner-1`). */
async function connected(options: ClientOptions = {}) {
  const parts = setup(options)
  const hello = parts.client.connect()
  parts.net.last.accept('runner-1')
  await hello
  return parts
}

/** Sends `event` of run `runId` as the runner does. */
const send = (socket: FakeSocket, runId: string, ...events: RunEvent[]) => events.forEach((event) => socket.deliver({ type: 'run-event', runId, event }))

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('connect', () => {
  it('opens the runner\'s WebSocket with the token subprotocol, resolves with the hello, and follows every block', async () => {
    const { net, client, statuses } = setup()
    const hello = client.connect()
    expect(client.status).toEqual({ kind: 'connecting' })
    expect(net.last.url).toBe('ws://127.0.0.1:4123/ws')
    expect(net.last.protocols).toEqual(clientSubprotocols(TOKEN))
    net.last.accept('runner-1', { engine: { reachable: true, version: '29.1.0' } })
    expect(await hello).toMatchObject({ type: 'hello', instance: 'runner-1' })
    expect(client.status).toEqual({ kind: 'live', instance: 'runner-1' })
    expect(statuses).toEqual([{ kind: 'live', instance: 'runner-1' }])
    expect(client.engine).toEqual({ reachable: true, version: '29.1.0' })
    expect(net.last.sentOf('follow')).toEqual([{ type: 'follow', keys: '*', after: {} }])
  })

  it('rejects when no runner answers the first attempt, and does not try again', async () => {
    const { net, client, probe } = setup()
    const hello = client.connect()
    net.last.refuse()
    await expect(hello).rejects.toThrow(/Could not connect to the runner at http:\/\/127\.0\.0\.1:4123.*is it running/)
    expect(probe).toHaveBeenCalledWith(BASE_URL)
    expect(client.status.kind).toBe('no-runner')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(net.sockets).toHaveLength(1)
  })

  it('with waitForRunner, keeps trying with backoff until a runner answers', async () => {
    const { net, client, statuses } = setup({ waitForRunner: true })
    const hello = client.connect()
    net.last.refuse()
    await settle()
    expect(client.status).toEqual({ kind: 'no-runner', attempt: 1, delayMs: 50 })
    await vi.advanceTimersByTimeAsync(50)
    expect(net.sockets).toHaveLength(2)
    net.last.refuse()
    await settle()
    expect(client.status).toEqual({ kind: 'no-runner', attempt: 2, delayMs: 100 })
    await vi.advanceTimersByTimeAsync(100)
    net.last.accept()
    await expect(hello).resolves.toMatchObject({ instance: 'runner-1' })
    expect(statuses.at(-1)).toEqual({ kind: 'live', instance: 'runner-1' })
  })

  it('says "token refused" and stops when the runner answers 401 (Node\'s ws reports the status)', async () => {
    const { net, client, probe } = setup({ waitForRunner: true })
    const hello = client.connect()
    net.last.refuse(401)
    await expect(hello).rejects.toThrow(/refused this page's key.*Open the address `npm start` printed/)
    expect(client.status).toEqual({ kind: 'token-refused' })
    expect(probe).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(net.sockets).toHaveLength(1)
  })

  it('says "token refused" when a browser hides the status but /health answers: a runner is there and turned this page away', async () => {
    const { net, client, health } = setup({ waitForRunner: true })
    health.instance = 'runner-2'
    const hello = client.connect()
    net.last.refuse()
    await expect(hello).rejects.toThrow(/refused this page's key/)
    expect(client.status).toEqual({ kind: 'token-refused' })
  })

  it('rejects at once when a busy runner (503) turns the first attempt away', async () => {
    const { net, client } = setup()
    const hello = client.connect()
    net.last.refuse(503)
    await expect(hello).rejects.toThrow(/busy/)
  })

  it('returns the same promise when called twice', () => {
    const { client, net } = setup()
    expect(client.connect()).toBe(client.connect())
    expect(net.sockets).toHaveLength(1)
  })
})

describe('request correlation', () => {
  it('matches each reply to its request by id, whatever order the replies come in', async () => {
    const { net, client } = await connected()
    const first = client.resolve('docker ps')
    const second = client.resolve('docker ps -a')
    const [a, b] = net.last.sentOf('resolve')
    expect(a!.requestId).not.toBe(b!.requestId)
    net.last.deliver({ type: 'resolved', requestId: b!.requestId, line: 'docker ps -a', resolvedLine: 'docker ps -a --filter x', notices: [] })
    net.last.deliver({ type: 'resolved', requestId: a!.requestId, line: 'docker ps', resolvedLine: 'docker ps --filter x', notices: [] })
    expect(await first).toEqual({ resolvedLine: 'docker ps --filter x', notices: [] })
    expect(await second).toEqual({ resolvedLine: 'docker ps -a --filter x', notices: [] })
  })

  it('ignores a reply to a request it did not make', async () => {
    const { net, client } = await connected()
    const reset = client.reset()
    net.last.deliver({ type: 'reset-done', requestId: 'someone-else', removed: ['x'] })
    const { requestId } = net.last.sentOf('reset')[0]!
    net.last.deliver({ type: 'reset-done', requestId, removed: ['abc'] })
    expect(await reset).toEqual(['abc'])
  })

  it('resolves a run with its id once the started reply and the run\'s first event are both here, in either order', async () => {
    const { net, client } = await connected()
    const one = client.run('one', 'docker ps')
    const [runOne] = net.last.sentOf('run')
    net.last.deliver({ type: 'started', requestId: runOne!.requestId, runId: 'run-1', key: 'one' })
    let resolved = false
    void one.then(() => (resolved = true))
    await settle()
    expect(resolved).toBe(false)
    send(net.last, 'run-1', started(0, 'one'))
    expect(await one).toEqual({ runId: 'run-1' })

    const two = client.run('two', 'docker ps')
    const runTwo = net.last.sentOf('run')[1]!
    send(net.last, 'run-2', started(0, 'two'))
    net.last.deliver({ type: 'started', requestId: runTwo.requestId, runId: 'run-2', key: 'two' })
    expect(await two).toEqual({ runId: 'run-2' })
    expect(client.runs.get('run-2')?.events).toHaveLength(1)
  })

  it('resolves a refused run with the refusal', async () => {
    const { net, client } = await connected()
    const outcome = client.run('k', 'docker run --privileged alpine')
    const { requestId } = net.last.sentOf('run')[0]!
    const refusal = { code: 'denied-flag' as const, message: '--privileged is refused', subject: '--privileged' }
    net.last.deliver({ type: 'refused', requestId, key: 'k', line: 'docker run --privileged alpine', refusal })
    expect(await outcome).toEqual({ refusal })
  })

  it('rejects a reset the runner refuses (too many in a short time), with the refusal, instead of waiting forever', async () => {
    const { net, client } = await connected()
    const reset = client.reset()
    const { requestId } = net.last.sentOf('reset')[0]!
    const refusal = { code: 'busy' as const, message: 'This window asked for too many resets in a short time; wait a moment and try again.' }
    net.last.deliver({ type: 'refused', requestId, line: '', refusal })
    await expect(reset).rejects.toThrow(RefusedError)
    await expect(reset).rejects.toMatchObject({ refusal })
  })

  it('rejects only the request an error names', async () => {
    const { net, client } = await connected()
    const reset = client.reset()
    const preview = client.resolve('docker ps')
    const { requestId } = net.last.sentOf('reset')[0]!
    net.last.deliver({ type: 'error', requestId, code: 'internal', message: 'docker rm failed' })
    await expect(reset).rejects.toThrow('The runner could not handle the reset: docker rm failed (internal)')
    net.last.deliver({ type: 'error', code: 'bad-message', message: 'not about any request' })
    const resolve = net.last.sentOf('resolve')[0]!
    net.last.deliver({ type: 'resolved', requestId: resolve.requestId, line: 'docker ps', resolvedLine: 'docker ps', notices: [] })
    await expect(preview).resolves.toMatchObject({ resolvedLine: 'docker ps' })
  })
})

describe('pending requests when the connection closes', () => {
  it('rejects every request still waiting, naming it and saying the deck reconnects', async () => {
    const { net, client } = await connected()
    const run = client.run('k', 'docker ps')
    const preview = client.resolve('docker ps')
    const reset = client.reset()
    net.last.drop(1006)
    await expect(run).rejects.toThrow('The connection to the runner closed (1006) before it answered the run of block k. The deck reconnects by itself; try again once it is live.')
    await expect(preview).rejects.toThrow(/before it answered the preview of a command/)
    await expect(reset).rejects.toThrow(/before it answered the reset/)
  })

  it('rejects them on close(), and the client stays closed', async () => {
    const { net, client } = await connected()
    const reset = client.reset()
    client.close()
    await expect(reset).rejects.toThrow(/closed its connection to the runner before the runner answered the reset/)
    expect(client.status).toEqual({ kind: 'closed' })
    expect(net.last.closedByClient).toEqual({ code: 1000, reason: 'done' })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(net.sockets).toHaveLength(1)
  })

  it('rejects a request made while disconnected at once, and sends nothing', async () => {
    const { net, client } = await connected()
    net.last.drop()
    await expect(client.resolve('docker ps')).rejects.toThrow('The deck is not connected to the runner right now (reconnecting); try again once it is live.')
    expect(() => client.cancel('run-1')).toThrow(/not connected/)
  })

  it('rejects a run whose started reply came but whose runner restarted before its first event', async () => {
    const { net, client } = await connected()
    const run = client.run('k', 'docker rm $(docker ps -a -q)')
    net.last.deliver({ type: 'started', requestId: net.last.sentOf('run')[0]!.requestId, runId: 'run-1', key: 'k' })
    const rejected = expect(run).rejects.toThrow('Run run-1 was started, but the runner restarted before its first event arrived.')
    net.last.drop()
    await vi.advanceTimersByTimeAsync(50)
    net.last.accept('runner-2')
    await rejected
  })
})

describe('reconnecting', () => {
  it('waits longer after each failed attempt (exponential, capped, jittered) and reports the attempt', async () => {
    const random = vi.fn(() => 0.5)
    const { net, client, statuses } = await connected({ random, noRunnerAfter: 100 })
    net.last.drop()
    const delays: number[] = []
    for (let attempt = 1; attempt <= 6; attempt++) {
      const status = client.status
      expect(status).toMatchObject({ kind: 'reconnecting', attempt })
      delays.push((status as { delayMs: number }).delayMs)
      await vi.advanceTimersByTimeAsync((status as { delayMs: number }).delayMs)
      expect(net.sockets).toHaveLength(attempt + 1)
      net.last.refuse()
      await settle()
    }
    // 100 ms doubling to the 1000 ms cap; half of each wait is random (0.5 here: three quarters of it).
    expect(delays).toEqual([75, 150, 300, 600, 750, 750])
    expect(random).toHaveBeenCalledTimes(7)
    expect(statuses.filter((status) => status.kind === 'reconnecting')).toHaveLength(7)
  })

  it('jitters each wait between half and all of its exponential step', async () => {
    for (const [random, expected] of [[0, 50], [0.999, 100]] as const) {
      const { net, client } = await connected({ random: () => random })
      net.last.drop()
      expect(client.status).toEqual({ kind: 'reconnecting', attempt: 1, delayMs: expected })
      client.close()
    }
  })

  it('abandons an attempt nobody answers (no hello, no close) and tries again, so the deck never hangs on one', async () => {
    const { net, client } = await connected({ handshakeMs: 2_000 })
    net.last.drop()
    await vi.advanceTimersByTimeAsync(client.status.kind === 'reconnecting' ? client.status.delayMs : 0)
    expect(net.sockets).toHaveLength(2)
    const silent = net.last
    await vi.advanceTimersByTimeAsync(2_000)
    await settle()
    expect(silent.closedByClient, 'the silent attempt is closed').toBeDefined()
    expect(client.status.kind).toBe('reconnecting')
    await vi.advanceTimersByTimeAsync(1_000)
    expect(net.sockets).toHaveLength(3)
    net.last.accept('runner-1')
    await settle()
    expect(client.status).toEqual({ kind: 'live', instance: 'runner-1' })
    // A late close of the abandoned socket changes nothing.
    silent.onclose?.({ code: 1006, reason: '' })
    expect(client.status).toEqual({ kind: 'live', instance: 'runner-1' })
  })

  it('says "no runner" once several attempts in a row found nothing listening, and keeps trying', async () => {
    const { net, client } = await connected({ noRunnerAfter: 3 })
    net.last.drop()
    for (let i = 0; i < 3; i++) {
      expect(client.status.kind).toBe('reconnecting')
      await vi.advanceTimersByTimeAsync(1000)
      net.last.refuse()
      await settle()
    }
    expect(client.status).toMatchObject({ kind: 'no-runner', attempt: 4 })
    await vi.advanceTimersByTimeAsync(1000)
    net.last.accept('runner-1')
    expect(client.status).toEqual({ kind: 'live', instance: 'runner-1' })
  })

  it('keeps reconnecting while the same runner is there but turns it away (busy), instead of calling the token refused', async () => {
    const { net, client, health } = await connected()
    health.instance = 'runner-1'
    net.last.drop()
    await vi.advanceTimersByTimeAsync(1000)
    net.last.refuse()
    await settle()
    expect(client.status).toMatchObject({ kind: 'reconnecting', attempt: 2 })
  })

  it('stops at "token refused" when a new runner (another instance) refuses the page\'s token', async () => {
    const { net, client, health } = await connected()
    health.instance = 'runner-2'
    net.last.drop()
    await vi.advanceTimersByTimeAsync(1000)
    net.last.refuse()
    await settle()
    expect(client.status).toEqual({ kind: 'token-refused' })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(net.sockets).toHaveLength(2)
  })

  it('starts over from the first step after it is live again', async () => {
    const { net, client } = await connected()
    net.last.drop()
    await vi.advanceTimersByTimeAsync(1000)
    net.last.refuse()
    await settle()
    expect(client.status).toMatchObject({ attempt: 2 })
    await vi.advanceTimersByTimeAsync(1000)
    net.last.accept('runner-1')
    net.last.drop()
    expect(client.status).toEqual({ kind: 'reconnecting', attempt: 1, delayMs: 50 })
  })

  it('with reconnect: false, stays closed after a drop', async () => {
    const { net, client } = await connected({ reconnect: false })
    net.last.drop()
    expect(client.status).toEqual({ kind: 'closed' })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(net.sockets).toHaveLength(1)
  })

  it('close() during the wait cancels the next attempt', async () => {
    const { net, client } = await connected()
    net.last.drop()
    client.close()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(net.sockets).toHaveLength(1)
    expect(client.status).toEqual({ kind: 'closed' })
  })
})

describe('resuming runs', () => {
  it('asks for what follows the last event it holds of each run, and keeps the replay without a gap or a duplicate', async () => {
    const { net, client } = await connected()
    send(net.last, 'run-1', started(), out(1), out(2))
    send(net.last, 'run-2', started(0, 'other'), out(1), ended(2))
    net.last.drop()
    await vi.advanceTimersByTimeAsync(1000)
    net.last.accept('runner-1')
    expect(client.status).toEqual({ kind: 'live', instance: 'runner-1' })
    expect(net.last.sentOf('follow')).toEqual([{ type: 'follow', keys: '*', after: { 'run-1': 2, 'run-2': 2 } }])
    // A runner may replay an event the client has; it is kept once.
    send(net.last, 'run-1', out(2), out(3), out(4), ended(5))
    expect(client.runs.get('run-1')!.events.map((event) => event.seq)).toEqual([0, 1, 2, 3, 4, 5])
    expect(client.output('run-1')).toBe('line 1\nline 2\nline 3\nline 4\n')
  })

  it('follows the same blocks it followed before', async () => {
    const { net, client } = setup()
    const hello = client.connect(['a', 'b'])
    net.last.accept()
    await hello
    net.last.drop()
    await vi.advanceTimersByTimeAsync(1000)
    net.last.accept()
    expect(net.last.sentOf('follow')).toEqual([{ type: 'follow', keys: ['a', 'b'], after: {} }])
  })

  it('asks once for the rest after a gap, and drops the events past the gap until it is filled', async () => {
    const { net, client } = await connected()
    send(net.last, 'run-1', started(), out(1))
    send(net.last, 'run-1', out(3), out(4))
    expect(net.last.sentOf('follow')).toEqual([{ type: 'follow', keys: '*', after: {} }, { type: 'follow', keys: '*', after: { 'run-1': 1 } }])
    send(net.last, 'run-1', out(2), out(3), out(4))
    expect(client.runs.get('run-1')!.events.map((event) => event.seq)).toEqual([0, 1, 2, 3, 4])
  })

  it('resolves ended() across a reconnect', async () => {
    const { net, client } = await connected()
    send(net.last, 'run-1', started())
    const end = client.ended('run-1')
    net.last.drop()
    await vi.advanceTimersByTimeAsync(1000)
    net.last.accept('runner-1')
    send(net.last, 'run-1', started(), ended(1))
    expect(await end).toMatchObject({ kind: 'ended', seq: 1, reason: 'exited' })
  })
})

describe('a restarted runner', () => {
  it('is told apart from a dropped connection by its instance: open runs end here, and only its own runs are resumed', async () => {
    const { net, client, statuses } = await connected()
    send(net.last, 'old-live', started(0, 'a'), out(1))
    send(net.last, 'old-done', started(0, 'b'), ended(1))
    const end = client.ended('old-live')
    net.last.drop()
    await vi.advanceTimersByTimeAsync(1000)
    net.last.accept('runner-2', { containers: [] })
    expect(client.status).toEqual({ kind: 'restarted', instance: 'runner-2' })
    expect(statuses.map((status) => status.kind)).toEqual(['live', 'reconnecting', 'restarted'])
    expect(client.instance).toBe('runner-2')
    expect(await end).toMatchObject({ kind: 'ended', seq: 3, exitCode: null, reason: 'runner-stopped' })
    expect(client.runs.get('old-live')!.events[2]).toMatchObject({ kind: 'notice', seq: 2, reason: 'runner-stopped', text: expect.stringMatching(/runner restarted/) })
    expect(client.runs.get('old-done')!.events).toHaveLength(2)
    expect(net.last.sentOf('follow')).toEqual([{ type: 'follow', keys: '*', after: {} }])
    // The new runner's runs resume as usual.
    send(net.last, 'new-1', started(0, 'a'))
    net.last.drop()
    await vi.advanceTimersByTimeAsync(1000)
    net.last.accept('runner-2')
    expect(client.status).toEqual({ kind: 'live', instance: 'runner-2' })
    expect(net.last.sentOf('follow')).toEqual([{ type: 'follow', keys: '*', after: { 'new-1': 0 } }])
  })

  it('tells listeners of the runs it ended, so views show them stopped', async () => {
    const { net, client } = await connected()
    send(net.last, 'r', started())
    const seen: string[] = []
    client.on((message) => message.type === 'run-event' && seen.push(`${message.runId}:${message.event.kind}`))
    net.last.drop()
    await vi.advanceTimersByTimeAsync(1000)
    net.last.accept('runner-2')
    expect(seen).toEqual(['r:notice', 'r:ended'])
  })
})

describe('the classroom', () => {
  it('sends the lecturer\'s reveal and stop, and keeps the revealed questions from the hello and each reveal', async () => {
    const { net, client } = await connected()
    client.reveal('exit-code-ping')
    client.stopSharing()
    expect(net.last.sentOf('reveal')).toEqual([{ type: 'reveal', key: 'exit-code-ping' }])
    expect(net.last.sentOf('share-stop')).toEqual([{ type: 'share-stop' }])
    expect([...client.revealed]).toEqual([])
    net.last.deliver({ type: 'revealed', keys: ['exit-code-ping', 'ps-after-shell'] })
    expect([...client.revealed]).toEqual(['exit-code-ping', 'ps-after-shell'])
    net.last.deliver({ type: 'revealed', keys: [] })
    expect([...client.revealed]).toEqual([])
  })

  it('a follower that joins after reveals has them from its hello', async () => {
    const { net, client } = setup()
    const hello = client.connect()
    net.last.accept('runner-1', { revealed: ['exit-code-ping'] })
    await hello
    expect([...client.revealed]).toEqual(['exit-code-ping'])
  })
})
