// The runner under load on the real engine: more runs than its cap at once,
// a runaway output, and many windows following one run. Throughout, GET
// /health must keep answering and the runner's memory stay bounded (the
// runner runs in this process, so process.memoryUsage().rss is its memory).
// How fast /health answers under load is a figure for `npm run bench`, not
// an assertion here: these machines are shared, and a tight bound fails on a
// busy one while the runner is perfectly alive.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'
import { describe, expect, test } from 'vitest'
import type { RunnerClient } from '../../lib/client/client.ts'
import { parseServerMessage, type RunEvent } from '../../lib/protocol.ts'
import type { Runner } from '../../runner/start-runner.ts'
import { client, later, runner } from '../support/cleanups.ts'
import { DECK_ORIGIN } from '../support/connect.ts'
import { runContainers } from '../support/engine-state.ts'
import { startRunnerProcess } from '../support/runner-process.ts'
import { offered, rawRequest } from '../support/raw-http.ts'
import { ALIVE_MS } from '../support/alive.ts'

async function startRun(deck: RunnerClient, key: string, line: string): Promise<string> {
  const outcome = await deck.run(key, line)
  if ('refusal' in outcome) throw new Error(`${line} was refused: ${outcome.refusal.message}`)
  later(() => expect.poll(() => runContainers(outcome.runId), { timeout: 30_000 }).toEqual([]))
  return outcome.runId
}

const MiB = 1024 * 1024
const rss = () => process.memoryUsage().rss
/** What the helpers need of a runner, in this process or another. */
type Endpoint = Pick<Runner, 'url' | 'token' | 'port'>
/** Resident memory of another process, from /proc. */
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024
const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`
const ms = (value: number) => `${value.toFixed(1)} ms`

async function healthTime(target: Endpoint): Promise<number> {
  const before = performance.now()
  const answer = await rawRequest(target.port, { path: '/health' })
  expect(answer.status).toBe(200)
  return performance.now() - before
}

interface HealthSample {
  /** When the request was sent (performance.now()). */
  at: number
  ms: number
}

/** Asks GET /health over and over (20 ms apart) until `stop()`; resolves with every answer's time. */
function sampleHealth(target: Endpoint): { stop(): Promise<HealthSample[]> } {
  const samples: HealthSample[] = []
  let running = true
  const loop = (async () => {
    while (running) {
      const at = performance.now()
      samples.push({ at, ms: await healthTime(target) })
      // Pacing between samples, not a wait for something to happen.
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      return samples
    },
  }
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!

/** A window that keeps every run event it receives, exactly as it arrived. */
interface Window {
  /** Events per run id, in arrival order, duplicates included. */
  events: Map<string, RunEvent[]>
  ended(runId: string): boolean
}

async function window(target: Runner): Promise<Window> {
  const socket = new WebSocket(`ws://127.0.0.1:${target.port}/ws`, offered(target.token), { origin: DECK_ORIGIN })
  later(() => socket.terminate())
  const events = new Map<string, RunEvent[]>()
  socket.on('message', (data) => {
    const parsed = parseServerMessage(String(data))
    if (!parsed.ok || parsed.value.type !== 'run-event') return
    const { runId, event } = parsed.value
    events.set(runId, [...(events.get(runId) ?? []), event])
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  socket.send(JSON.stringify({ type: 'follow', keys: '*' }))
  return { events, ended: (runId) => events.get(runId)?.some((event) => event.kind === 'ended') ?? false }
}

describe('more runs than the cap', () => {
  // The runner runs as the lecturer starts it, in its own process, so /health
  // measures the runner and not these 20 clients sharing its event loop.
  // Every sample must answer 200; the bound only shows the runner is alive
  // (a stalled event loop would take seconds), the latencies are printed.
  test('20 clients at once: 8 runs finish with exit 0, exactly the 12 over the cap are told the runner is busy, /health keeps answering while they run', async () => {
    const line = "docker run --rm alpine sh -c 'echo hi; sleep 1'"
    const stateDir = mkdtempSync(path.join(tmpdir(), 'deck-load-'))
    later(() => rmSync(stateDir, { recursive: true, force: true }))
    const started_ = await startRunnerProcess({ stateDir })
    later(() => started_.stop())
    const target: Endpoint = { url: started_.url, token: started_.state.token, port: started_.state.port }
    const runnerRss = () => rssOf(started_.state.pid)
    const clients = await Promise.all(Array.from({ length: 20 }, () => client(target)))
    await healthTime(target)
    const before = runnerRss()
    const health = sampleHealth(target)

    const outcomes = await Promise.all(clients.map((deck, i) => deck.run(`load-${i}`, line)))
    const answeredAt = performance.now()
    const started = outcomes.flatMap((outcome, i) => ('runId' in outcome ? [{ deck: clients[i]!, runId: outcome.runId }] : []))
    const busy = outcomes.flatMap((outcome) => ('refusal' in outcome ? [outcome.refusal] : []))
    for (const { runId } of started) later(() => expect.poll(() => runContainers(runId), { timeout: 30_000 }).toEqual([]))
    expect(started).toHaveLength(8)
    expect(busy).toHaveLength(12)
    for (const refusal of busy) {
      expect(refusal).toMatchObject({ code: 'busy', message: expect.stringMatching(/^The runner is busy: 8 commands are running already\. Stop one .* and try again\.$/) })
    }
    const ended = await Promise.all(started.map(({ deck, runId }) => deck.ended(runId)))
    const samples = await health.stop()
    const after = runnerRss()

    for (const [i, { deck, runId }] of started.entries()) {
      expect(ended[i], runId).toMatchObject({ exitCode: 0, reason: 'exited' })
      expect(deck.output(runId)).toBe('hi\n')
    }
    const burst = samples.filter((sample) => sample.at < answeredAt).map((sample) => sample.ms)
    const running = samples.filter((sample) => sample.at >= answeredAt).map((sample) => sample.ms)
    const slowest = Math.max(...ended.map((event) => event.durationMs))
    console.info(`[load] 20 clients, cap 8: ${started.length} ran (slowest ${slowest} ms), ${busy.length} busy, all answered ${ms(answeredAt - samples[0]!.at)} after the first sample; /health during the start burst: ${burst.map(ms).join(', ')}; while the runs ran × ${running.length}: p50 ${ms(percentile(running, 50))}, p95 ${ms(percentile(running, 95))}, max ${ms(Math.max(...running))}; rss ${mib(before)} → ${mib(after)} (${after >= before ? '+' : ''}${mib(after - before)})`)
    expect(running.length).toBeGreaterThan(20)
    expect(Math.max(...burst, ...running)).toBeLessThan(ALIVE_MS)
    expect(after - before).toBeLessThan(100 * MiB)
  })
})

describe('a runaway output', () => {
  test('`docker run --rm alpine yes` is cut at the 1 MiB cap within 3 s of its start, and its container is gone', async () => {
    const target = await runner()
    const deck = await client(target)
    const before = rss()
    let noticeAt: number | undefined
    const off = deck.on((message) => {
      if (message.type === 'run-event' && message.event.kind === 'notice' && message.event.reason === 'output-cap') noticeAt ??= Date.now()
    })
    later(off)
    const runId = await startRun(deck, 'yes', 'docker run --rm alpine yes')
    const ended = await deck.ended(runId)
    const after = rss()
    const events = deck.runs.get(runId)!.events
    const started = events[0]!
    if (started.kind !== 'started') throw new Error(`The run's first event is ${started.kind}, not started.`)
    const notice = events.find((event) => event.kind === 'notice')

    expect(ended.reason).toBe('output-cap')
    expect(notice).toMatchObject({ reason: 'output-cap', text: expect.stringMatching(/cap of 1024 KiB.*stopped.*truncated/) })
    expect(noticeAt).toBeDefined()
    const delay = noticeAt! - started.startedAt
    const bytes = Buffer.byteLength(deck.output(runId))
    // The runner removes the run's container before it sends `ended`.
    const left = await runContainers(runId)
    console.info(`[load] yes: cap notice ${delay} ms after the start, ended after ${ended.durationMs} ms, ${bytes} bytes delivered, containers left: ${left.length}; rss ${mib(before)} → ${mib(after)} (${after >= before ? '+' : ''}${mib(after - before)})`)
    expect(delay).toBeLessThan(3_000)
    expect(bytes).toBe(MiB)
    expect(left).toEqual([])
    expect(after - before).toBeLessThan(100 * MiB)
  })
})

describe('many windows following one run', () => {
  test('50 windows following `seq 1 2000` each receive every chunk exactly once, in order', async () => {
    const target = await runner({ maxConnections: 60 })
    const windows = await Promise.all(Array.from({ length: 50 }, () => window(target)))
    const deck = await client(target)
    const before = rss()
    const runId = await startRun(deck, 'seq', "docker run --rm alpine sh -c 'seq 1 2000'")
    await expect.poll(() => windows.filter((w) => w.ended(runId)).length, { timeout: 60_000 }).toBe(50)
    await deck.ended(runId)
    const after = rss()

    const expected = Array.from({ length: 2000 }, (_, i) => `${i + 1}\n`).join('')
    const total = deck.runs.get(runId)!.events.length
    const chunks = deck.runs.get(runId)!.events.filter((event) => event.kind === 'output').length
    console.info(`[load] 50 windows × ${total} events (${chunks} output chunks, ${expected.length} bytes); rss ${mib(before)} → ${mib(after)} (${after >= before ? '+' : ''}${mib(after - before)})`)
    expect(deck.output(runId)).toBe(expected)
    for (const [i, { events }] of windows.entries()) {
      const received = events.get(runId)!
      expect(received.map((event) => event.seq), `window ${i}: seq numbers`).toEqual(Array.from({ length: total }, (_, seq) => seq))
      const text = received.map((event) => (event.kind === 'output' ? event.data : '')).join('')
      expect(text === expected, `window ${i} got the 2000 lines in order`).toBe(true)
      expect(received.at(-1), `window ${i}`).toMatchObject({ kind: 'ended', exitCode: 0, reason: 'exited' })
    }
    expect(after - before).toBeLessThan(100 * MiB)
  })
})
