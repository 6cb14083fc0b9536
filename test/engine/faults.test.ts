// Faults around the runner: no engine at start, a client that stops reading,
// and many clients following one run. Real runner, real engine.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import WebSocket from 'ws'
import { describe, expect, test } from 'vitest'
import { dockerPath } from '../../runner/docker/docker-commands.ts'
import type { RunnerClient } from '../../lib/client/client.ts'
import { DockerCli } from '../../runner/docker/docker-cli.ts'
import { parseServerMessage, type ClientMessage, type RunEvent } from '../../lib/protocol.ts'
import type { Runner } from '../../runner/start-runner.ts'
import { client, later, runner } from '../support/cleanups.ts'
import { DECK_ORIGIN } from '../support/connect.ts'
import { runContainers } from '../support/engine-state.ts'
import { offered, rawRequest } from '../support/raw-http.ts'
import { ALIVE_MS } from '../support/alive.ts'

async function startRun(deck: RunnerClient, key: string, line: string): Promise<string> {
  const outcome = await deck.run(key, line)
  if ('refusal' in outcome) throw new Error(`${line} was refused: ${outcome.refusal.message}`)
  return outcome.runId
}

async function healthTime(target: Runner): Promise<number> {
  const before = performance.now()
  const answer = await rawRequest(target.port, { path: '/health' })
  expect(answer.status).toBe(200)
  return performance.now() - before
}

const MiB = 1024 * 1024
const rss = () => process.memoryUsage().rss

/**
 * A window that keeps no output, only counts it: bytes and order per run. It
 * checks every frame it gets (seq strictly +1, nothing after `ended`).
 */
interface CountingClient {
  socket: WebSocket
  bytes: number
  text: string[]
  /** Problems seen: a gap, a duplicate, an event after the end. */
  problems: string[]
  ended: Extract<RunEvent, { kind: 'ended' }> | undefined
  runId: string | undefined
  send(message: ClientMessage): void
}

async function countingClient(target: Runner, options: { keepText?: boolean } = {}): Promise<CountingClient> {
  const socket = new WebSocket(`ws://127.0.0.1:${target.port}/ws`, offered(target.token), { origin: DECK_ORIGIN })
  later(() => socket.terminate())
  const counter: CountingClient = {
    socket, bytes: 0, text: [], problems: [], ended: undefined, runId: undefined,
    send: (message) => socket.send(JSON.stringify(message)),
  }
  let next = 0
  socket.on('message', (data) => {
    const parsed = parseServerMessage(String(data))
    if (!parsed.ok) return counter.problems.push(parsed.error)
    const message = parsed.value
    if (message.type !== 'run-event') return
    counter.runId ??= message.runId
    if (message.runId !== counter.runId) return
    const { event } = message
    if (event.seq !== next) counter.problems.push(`expected seq ${next}, got ${event.seq}`)
    if (counter.ended) counter.problems.push(`seq ${event.seq} after the end`)
    next = event.seq + 1
    if (event.kind === 'output') {
      counter.bytes += Buffer.byteLength(event.data)
      if (options.keepText) counter.text.push(event.data)
    }
    if (event.kind === 'ended') counter.ended = event
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  counter.send({ type: 'follow', keys: '*' })
  return counter
}

/** Resolves once `read()` has stayed the same across two polls `interval` apart. */
async function steady(read: () => number, interval = 500, timeout = 30_000): Promise<number> {
  let last = Number.NaN
  await expect.poll(() => {
    const now = read()
    const same = now === last
    last = now
    return same
  }, { interval, timeout }).toBe(true)
  return last
}

// ─────────────────────────────────────────────────────────────────────────────

describe('an engine that is absent at start', () => {
  function wrapperWithHost(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'deck-no-engine-'))
    later(() => rmSync(dir, { recursive: true, force: true }))
    const wrapper = path.join(dir, 'docker')
    writeFileSync(wrapper, `#!/bin/sh\nexec '${dockerPath()}' -H unix:///nonexistent.sock "$@"\n`)
    chmodSync(wrapper, 0o755)
    return wrapper
  }

  test.each([
    ['DOCKER_HOST in the CLI\'s environment', () => new DockerCli(dockerPath(), { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock' })],
    ['a client wrapper that passes -H', () => new DockerCli(wrapperWithHost())],
  ])('with %s: hello says the engine is unreachable, runs end with the CLI\'s own error, and the runner keeps serving', async (_how, cli) => {
    const target = await runner({ cli: cli() })
    const deck = await client(target)
    expect(deck.engine).toMatchObject({ reachable: false, message: expect.stringMatching(/not reachable.*npm run doctor/) })
    expect(JSON.parse((await rawRequest(target.port, { path: '/health' })).body)).toMatchObject({ ok: true, engine: { reachable: false } })

    const ps = await startRun(deck, 'ps', 'docker ps')
    const psEnded = await deck.ended(ps)
    expect(psEnded.reason).toBe('exited')
    expect(psEnded.exitCode).not.toBe(0)
    expect(deck.output(ps)).toMatch(/Cannot connect to the Docker daemon at unix:\/\/\/nonexistent\.sock/)

    const run = await startRun(deck, 'run', 'docker run --rm alpine echo hi')
    const runEnded = await deck.ended(run)
    expect(runEnded.exitCode).not.toBe(0)
    expect(deck.output(run)).toMatch(/Cannot connect to the Docker daemon/)

    const removal = await startRun(deck, 'rm', 'docker rm $(docker ps -a -q)')
    const removalEnded = await deck.ended(removal)
    expect(removalEnded.reason).toBe('spawn-error')
    const notice = deck.runs.get(removal)!.events.find((event) => event.kind === 'notice')
    expect(notice).toMatchObject({ text: expect.stringMatching(/nothing was removed.*Cannot connect to the Docker daemon/) })

    // Lookups fail closed: with no engine to ask, nothing counts as the deck's.
    expect(await deck.run('stop', 'docker stop 0123456789ab')).toMatchObject({ refusal: { code: 'not-deck-object' } })
    expect(await deck.reset()).toEqual([])
    expect(await healthTime(target)).toBeLessThan(ALIVE_MS)
    expect(deck.engine?.reachable).toBe(false)
  })
})

describe('a client that stops reading', () => {
  test('a paused window slows the run instead of filling the runner\'s memory, and other windows still get answers', async () => {
    // The engine's attach stream carries about 1 MB/s here, so a few MB are enough to overrun a paused window.
    const total = 12_000_000
    // A long congestion allowance, so the paused window is held back, not dropped.
    const target = await runner({ outputCapBytes: 64 * MiB, congestionMs: 120_000 })
    const slow = await countingClient(target)
    ;(slow.socket as any)._socket.pause()
    const fast = await countingClient(target)
    const before = rss()
    fast.send({ type: 'run', requestId: 'flood', key: 'flood', line: `docker run --rm alpine sh -c 'yes | head -c ${total}'` })

    await expect.poll(() => fast.bytes, { timeout: 30_000 }).toBeGreaterThan(0)
    const stalledAt = await steady(() => fast.bytes)
    const atStall = rss()
    expect(fast.ended).toBeUndefined()
    expect(stalledAt).toBeGreaterThan(0)
    expect(stalledAt).toBeLessThan(total / 2)
    expect(fast.problems).toEqual([])

    // Other windows: a new one connects, gets its plan resolved, and /health is fast.
    const other = await client(target)
    expect(await other.resolve('docker ps -a')).toMatchObject({ resolvedLine: 'docker ps -a' })
    expect(await healthTime(target)).toBeLessThan(ALIVE_MS)

    ;(slow.socket as any)._socket.resume()
    await expect.poll(() => fast.ended, { timeout: 60_000 }).toMatchObject({ exitCode: 0, reason: 'exited' })
    await expect.poll(() => slow.ended, { timeout: 60_000 }).toMatchObject({ exitCode: 0 })
    const after = rss()
    console.info(`[faults] slow window: run held at ${(stalledAt / MiB).toFixed(1)} MiB of ${(total / MiB).toFixed(1)} MiB; rss ${(before / MiB).toFixed(0)} → ${(atStall / MiB).toFixed(0)} MiB at the stall (+${((atStall - before) / MiB).toFixed(0)}) → ${(after / MiB).toFixed(0)} MiB after all ${(total / MiB).toFixed(0)} MiB were delivered twice (+${((after - before) / MiB).toFixed(0)})`)
    expect(atStall - before).toBeLessThan(64 * MiB)
    expect(fast.bytes).toBe(total)
    expect(slow.bytes).toBe(total)
    expect([...fast.problems, ...slow.problems]).toEqual([])
  })

  test('a window that stays paused past the allowance is dropped, and the others get the whole output', async () => {
    const total = 6_000_000
    const target = await runner({ outputCapBytes: 64 * MiB, congestionMs: 1_000 })
    const slow = await countingClient(target)
    ;(slow.socket as any)._socket.pause()
    const closed = new Promise<number>((resolve) => slow.socket.once('close', (code) => resolve(code)))
    const fast = await countingClient(target)
    fast.send({ type: 'run', requestId: 'flood', key: 'flood', line: `docker run --rm alpine sh -c 'yes | head -c ${total}'` })
    await expect.poll(() => fast.ended, { timeout: 60_000 }).toMatchObject({ exitCode: 0, reason: 'exited' })
    expect(fast.bytes).toBe(total)
    expect(fast.problems).toEqual([])
    ;(slow.socket as any)._socket.resume()
    expect(await closed).toBe(1006)
  })

  test('a paused window does not keep the presenter from stopping the run', async () => {
    const target = await runner({ outputCapBytes: 64 * MiB })
    const slow = await countingClient(target)
    ;(slow.socket as any)._socket.pause()
    const fast = await countingClient(target)
    fast.send({ type: 'run', requestId: 'yes', key: 'yes', line: 'docker run --rm alpine yes' })
    await steady(() => fast.bytes)
    expect(fast.ended).toBeUndefined()
    const runId = fast.runId!
    const before = performance.now()
    fast.send({ type: 'cancel', runId })
    await expect.poll(() => fast.ended, { timeout: 10_000 }).toMatchObject({ reason: 'cancelled' })
    console.info(`[faults] cancel with a paused window settled in ${(performance.now() - before).toFixed(0)} ms`)
    expect(await runContainers(runId)).toEqual([])
  })
})

describe('a terminal nobody uses', () => {
  test('is closed after the idle limit, and the process inside ends', async () => {
    const target = await runner({ ttyIdleMs: 1_500 })
    const deck = await client(target)
    const ping = await startRun(deck, 'ping', 'docker run alpine ping localhost')
    await expect.poll(() => deck.output(ping)).toContain('seq=0')
    const shell = (await deck.run('shell', 'docker exec -it <id:alpine> sh', { size: { cols: 80, rows: 24 } }))
    if ('refusal' in shell) throw new Error(shell.refusal.message)
    const started = performance.now()
    const ended = await deck.ended(shell.runId)
    expect(ended.reason).toBe('timeout')
    expect(performance.now() - started).toBeGreaterThan(1_400)
    const notice = deck.runs.get(shell.runId)?.events.find((event) => event.kind === 'notice')
    expect(notice).toMatchObject({ reason: 'timeout', text: expect.stringContaining('idle') })
    const container = deck.runs.get(shell.runId)!.events[0]!.kind === 'started' ? (deck.runs.get(shell.runId)!.events[0] as { resolvedLine: string }).resolvedLine.split(' ')[3]! : ''
    const processes = async () => (await execa(dockerPath(), ['exec', container, 'ps', '-o', 'comm'])).stdout.split('\n').map((line) => line.trim())
    await expect.poll(processes).not.toContain('sh')
    expect(await processes()).toContain('ping')
    deck.cancel(ping)
    await deck.ended(ping)
  })
})

describe('many windows following one run', () => {
  test('50 clients all receive every chunk of one run, in order, exactly once', async () => {
    const lines = 400
    const target = await runner({ maxConnections: 60 })
    const clients = await Promise.all(Array.from({ length: 50 }, () => countingClient(target, { keepText: true })))
    // Every window has subscribed before the run starts (a late one would get a replay instead).
    const deck = await client(target)
    await deck.resolve('docker ps')
    // One line per write, a millisecond apart, so the run is many small events.
    const runId = await startRun(deck, 'count', `docker run --rm alpine sh -c 'i=1; while [ $i -le ${lines} ]; do echo line $i; i=$((i+1)); sleep 0.001; done'`)
    await expect.poll(() => clients.filter((counter) => counter.ended).length, { timeout: 60_000 }).toBe(50)
    const expected = Array.from({ length: lines }, (_, i) => `line ${i + 1}\n`).join('')
    const events = deck.runs.get(runId)!.events.length
    console.info(`[faults] 50 windows × ${events} events (${expected.length} bytes of output)`)
    expect(events).toBeGreaterThan(100)
    for (const [i, counter] of clients.entries()) {
      expect(counter.runId, `client ${i}`).toBe(runId)
      expect(counter.problems, `client ${i}`).toEqual([])
      expect(counter.ended, `client ${i}`).toMatchObject({ exitCode: 0, seq: events - 1 })
      expect(counter.text.join('') === expected, `client ${i} got the output in order`).toBe(true)
    }
  })
})
