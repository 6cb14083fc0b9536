// One test per command of chapter 2, each through a real runner (its real
// WebSocket) and the real docker CLI against the real engine. Waits are
// events and expect.poll; the only measured times are stop's grace period
// and kill's lack of one, which is what the chapter teaches.
//
// The engine may be shared (another runner, another test run). So a test
// finds its containers by the run label the runner stamps on them, and
// cleans up only the containers its own runs made: `client.reset()` would
// also remove every other runner's containers.
import { randomUUID } from 'node:crypto'
import { execa } from 'execa'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { RunnerClient } from '../../lib/client/client.ts'
import type { ContainerInfo, LifecycleEvent, Notice, RunEvent } from '../../lib/protocol.ts'
import { OWNED_FILTER, RUN_LABEL } from '../../lib/labels.ts'
import type { Runner } from '../../runner/start-runner.ts'
import { connectClient, testRunner } from '../support/connect.ts'
import { SOONER_THAN_GRACE_MS } from '../support/alive.ts'

const TERMINAL = { cols: 100, rows: 30 }
const RMI_DEMO = 'docker-live-deck/rmi-demo:test'

let runner: Runner
let client: RunnerClient
/** Lifecycle events seen since the current test began. */
const lifecycle: LifecycleEvent[] = []
/** Runs the current test started; afterEach waits for each to end. */
const started: string[] = []
/** Every run this file started, so cleanup can find their containers by label. */
const ours = new Set<string>()
/** Containers the current test made outside the deck, with execa. */
const outsiders: string[] = []

beforeAll(async () => {
  runner = await testRunner()
  client = await connectClient(runner)
  client.on((message) => {
    if (message.type === 'lifecycle') lifecycle.push(message.event)
  })
})

beforeEach(() => {
  lifecycle.length = 0
})

afterEach(async () => {
  for (const runId of started) if (!hasEnded(runId)) client.cancel(runId)
  await Promise.all(started.map((runId) => client.ended(runId)))
  started.length = 0
  await removeOurContainers()
  if (outsiders.length > 0) await execa('docker', ['rm', '-f', ...outsiders.splice(0)], { reject: false })
  await execa('docker', ['rmi', '-f', RMI_DEMO], { reject: false })
})

afterAll(async () => {
  client?.close()
  await runner?.close()
})

// ── helpers ──────────────────────────────────────────────────────────────────

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\r/g
const plain = (text: string) => text.replace(ANSI, '')
const lines = (text: string) => plain(text).split('\n').map((line) => line.trim()).filter(Boolean)
const short = (id: string) => id.slice(0, 12)

function hasEnded(runId: string): boolean {
  return client.runs.get(runId)?.events.at(-1)?.kind === 'ended'
}

/** Starts `line` for block `key`; fails the test if the runner refuses it. */
async function start(key: string, line: string, options: { size?: typeof TERMINAL } = {}): Promise<string> {
  const outcome = await client.run(key, line, options)
  if ('refusal' in outcome) throw new Error(`The runner refused ${line}: ${outcome.refusal.code}: ${outcome.refusal.message}`)
  started.push(outcome.runId)
  ours.add(outcome.runId)
  return outcome.runId
}

/** Force-removes the deck containers this file's runs made, and waits until the runner has seen them go. */
async function removeOurContainers(): Promise<void> {
  const { stdout } = await execa('docker', ['ps', '-a', '--no-trunc', '--filter', OWNED_FILTER, '--format', `{{.ID}} {{.Label "${RUN_LABEL}"}}`])
  const ids = lines(stdout).map((line) => line.split(' ')).filter(([, run]) => ours.has(run ?? '')).map(([id]) => id!)
  if (ids.length === 0) return
  await execa('docker', ['rm', '-f', ...ids], { reject: false })
  await expect.poll(() => ids.filter((id) => client.containers.some((c) => c.id === id && c.state !== 'removed')), { timeout: 10_000 }).toEqual([])
}

/** Runs `line` to its end; returns the ended event, the output and the started event. */
async function runToEnd(key: string, line: string) {
  const runId = await start(key, line)
  const ended = await client.ended(runId)
  return { runId, ended, output: client.output(runId), started: startedEvent(runId), stdout: streamText(runId, 'stdout'), stderr: streamText(runId, 'stderr') }
}

function startedEvent(runId: string): Extract<RunEvent, { kind: 'started' }> {
  const first = client.runs.get(runId)?.events[0]
  if (first?.kind !== 'started') throw new Error(`Run ${runId} has no started event`)
  return first
}

function streamText(runId: string, stream: 'stdout' | 'stderr'): string {
  return (client.runs.get(runId)?.events ?? []).map((event) => (event.kind === 'output' && event.stream === stream ? event.data : '')).join('')
}

/** The full ID of the container run `runId` made, found by the run label the runner added. */
async function containerOf(runId: string): Promise<string> {
  const query = async () => (await execa('docker', ['ps', '-a', '-q', '--no-trunc', '--filter', `label=${RUN_LABEL}=${runId}`])).stdout.trim()
  await expect.poll(query, { timeout: 10_000 }).toMatch(/^[0-9a-f]{64}$/)
  return query()
}

/** Waits until the runner's container list (what placeholders read) shows `id` in `state`. */
async function containerState(id: string, state: ContainerInfo['state']): Promise<void> {
  await expect.poll(() => client.containers.find((container) => container.id === id)?.state, { timeout: 15_000 }).toBe(state)
}

/** Waits for a lifecycle event of container `id`; returns it. */
async function lifecycleOf(id: string, action: string): Promise<LifecycleEvent> {
  const find = () => lifecycle.find((event) => event.containerId === id && event.action === action)
  await expect.poll(find, { timeout: 15_000 }).toBeDefined()
  return find()!
}

const kinds = (notices: Notice[], kind: Notice['kind']) => notices.filter((notice) => notice.kind === kind)

async function exists(kind: 'container' | 'image', ref: string): Promise<boolean> {
  return (await execa('docker', [kind, 'inspect', '--format', '{{.Id}}', ref], { reject: false })).exitCode === 0
}

async function containerId(ref: string): Promise<string> {
  return (await execa('docker', ['container', 'inspect', '--format', '{{.Id}}', ref])).stdout.trim()
}

async function outsider(): Promise<string> {
  const name = `outsider-${randomUUID().slice(0, 8)}`
  await execa('docker', ['create', '--name', name, 'alpine', 'true'])
  outsiders.push(name)
  return name
}

/** Starts `docker run alpine ping localhost` and waits for its first reply. */
async function startPing(key: string): Promise<{ runId: string; id: string }> {
  const runId = await start(key, 'docker run alpine ping localhost')
  await expect.poll(() => client.output(runId), { timeout: 10_000 }).toMatch(/bytes from/)
  const id = await containerOf(runId)
  await containerState(id, 'running')
  return { runId, id }
}

const replies = (runId: string) => (client.output(runId).match(/bytes from/g) ?? []).length

/**
 * Answers a run's cursor-position queries (CSI 6n) the way xterm.js does in
 * the deck. Against an engine older than API 1.42, `docker exec -it` sets the
 * terminal size only after the process has started, so redis-cli may see 0
 * columns, fall back to asking the terminal, and wait for the answer.
 */
function answerCursorQueries(runId: string, cols: number): () => void {
  let col = 1
  const answer = (data: string) => {
    for (const [sequence] of data.matchAll(/\x1b\[(?:999C|6n)|\r/g)) {
      if (sequence === '\r') col = 1
      else if (sequence === '\x1b[999C') col = cols
      else client.input(runId, `\x1b[1;${col}R`)
    }
  }
  answer(client.output(runId))
  return client.on((message) => {
    if (message.type === 'run-event' && message.runId === runId && message.event.kind === 'output') answer(message.event.data)
  })
}

/** Why a stopped container may be gone: only something outside this test removes it. */
const REMOVED_FROM_OUTSIDE = 'the stopped container should still exist (stop and kill do not remove it); it is gone, so another process (another runner or test run on this engine) force-removed it mid-test'

// ── the chapter ──────────────────────────────────────────────────────────────

describe('docker run', () => {
  test('docker run hello-world prints the greeting and exits with code 0', async () => {
    const { ended, stdout } = await runToEnd('hello', 'docker run hello-world')
    expect(stdout).toContain('Hello from Docker!')
    expect(ended).toMatchObject({ exitCode: 0, signal: null, reason: 'exited' })
  })

  test('docker run alpine ls lists the image\'s file snapshot, one name per line', async () => {
    const { ended, stdout } = await runToEnd('alpine-ls', 'docker run alpine ls')
    expect(ended).toMatchObject({ exitCode: 0, reason: 'exited' })
    expect(lines(stdout)).toEqual(expect.arrayContaining(['bin', 'dev', 'etc', 'proc', 'sys']))
  })

  test('docker run hello-world ls fails: the image has no ls executable', async () => {
    const { ended, stderr } = await runToEnd('hello-ls', 'docker run hello-world ls')
    expect(stderr).toContain('executable file not found')
    expect(ended.reason).toBe('exited')
    expect(ended.exitCode).not.toBe(0)
    expect(ended.exitCode).toBe(127)
  })
})

describe('docker ps', () => {
  test('docker ps -a lists an exited container and docker ps lists only running ones', async () => {
    const ping = await startPing('ps-ping')
    const { runId } = await runToEnd('ps-hello', 'docker run hello-world')
    const hello = await containerOf(runId)
    await containerState(hello, 'exited')

    const all = await runToEnd('ps-a', 'docker ps -a')
    expect(all.ended).toMatchObject({ exitCode: 0, reason: 'exited' })
    expect(all.stdout).toContain(short(hello))
    expect(all.stdout).toContain(short(ping.id))
    expect(all.stdout).toMatch(/CONTAINER ID\s+IMAGE/)

    const running = await runToEnd('ps', 'docker ps')
    expect(running.ended).toMatchObject({ exitCode: 0, reason: 'exited' })
    expect(running.stdout).toContain(short(ping.id))
    expect(running.stdout).not.toContain(short(hello))
  })
})

describe('docker create and docker start', () => {
  test('docker create prints an id, start -a <id> prints the greeting, start <id> prints only the id', async () => {
    const create = await runToEnd('create', 'docker create hello-world')
    expect(create.ended).toMatchObject({ exitCode: 0, reason: 'exited' })
    const id = create.stdout.trim()
    expect(id).toMatch(/^[0-9a-f]{64}$/)
    await containerState(id, 'created')

    const attached = await runToEnd('start-a', 'docker start -a <id>')
    expect(attached.started.resolvedLine).toBe(`docker start -a ${short(id)}`)
    expect(attached.stdout).toContain('Hello from Docker!')
    expect(attached.ended).toMatchObject({ exitCode: 0, reason: 'exited' })
    await containerState(id, 'exited')

    const detached = await runToEnd('start', 'docker start <id>')
    expect(detached.ended).toMatchObject({ exitCode: 0, reason: 'exited' })
    expect(detached.output.trim()).toBe(id)
    expect(detached.output).not.toContain('Hello from Docker!')
  })

  // A slide's next command may follow at once. `<id>` is resolved from the
  // runner's container list, which learns of a new container from engine
  // events; it must not name an older container because the event is late.
  test('<id> right after docker create ends names the container just created', async () => {
    const mismatches: string[] = []
    for (let i = 0; i < 8; i++) {
      const create = await runToEnd(`create-race-${i}`, 'docker create hello-world')
      const id = create.stdout.trim()
      const plan = await client.resolve('docker start -a <id>')
      const resolved = 'refusal' in plan ? `refused (${plan.refusal.code})` : plan.resolvedLine
      if (resolved !== `docker start -a ${short(id)}`) mismatches.push(`created ${short(id)}, but <id> resolved to: ${resolved}`)
    }
    expect(mismatches).toEqual([])
  })
})

describe('docker stop and docker kill', () => {
  test('docker stop sends SIGTERM, waits the grace period, then SIGKILL', async () => {
    const ping = await startPing('stop-ping')
    const t0 = performance.now()
    const stop = await runToEnd('stop', 'docker stop <id:alpine>')
    const stopMs = performance.now() - t0
    console.log(`[chapter] docker stop took ${Math.round(stopMs)} ms (run durationMs ${stop.ended.durationMs})`)

    expect(stop.started.resolvedLine).toBe(`docker stop ${short(ping.id)}`)
    expect(stop.ended).toMatchObject({ exitCode: 0, reason: 'exited' })
    expect(stop.output.trim()).toBe(ping.id)
    expect(await exists('container', ping.id), REMOVED_FROM_OUTSIDE).toBe(true)
    expect(stopMs).toBeGreaterThanOrEqual(9_000)

    const die = await lifecycleOf(ping.id, 'die')
    expect(die.exitCode).toBe(137)
    const kills = lifecycle.filter((event) => event.containerId === ping.id && event.action === 'kill')
    expect(kills.map((event) => event.signal)).toEqual([15, 9])
    const graceMs = Number(BigInt(kills[1]!.timeNano) - BigInt(kills[0]!.timeNano)) / 1e6
    console.log(`[chapter] engine events: SIGTERM → SIGKILL after ${Math.round(graceMs)} ms, die exitCode ${die.exitCode}`)
    expect(graceMs).toBeGreaterThanOrEqual(9_000)

    // The ping's own stream ends once its container has stopped.
    const pingEnded = await client.ended(ping.runId)
    console.log(`[chapter] the stopped ping run ended: exitCode ${pingEnded.exitCode}, reason ${pingEnded.reason}`)
    expect(pingEnded).toMatchObject({ exitCode: 137, reason: 'exited' })
  })

  test('docker kill sends SIGKILL at once', async () => {
    const ping = await startPing('kill-ping')
    const t0 = performance.now()
    const kill = await runToEnd('kill', 'docker kill <id:alpine>')
    const die = await lifecycleOf(ping.id, 'die')
    const killMs = performance.now() - t0
    console.log(`[chapter] docker kill took ${Math.round(killMs)} ms to the die event (run durationMs ${kill.ended.durationMs}), die exitCode ${die.exitCode}`)

    expect(kill.started.resolvedLine).toBe(`docker kill ${short(ping.id)}`)
    expect(kill.ended).toMatchObject({ exitCode: 0, reason: 'exited' })
    expect(kill.output.trim()).toBe(ping.id)
    expect(killMs).toBeLessThan(SOONER_THAN_GRACE_MS)
    expect(die.exitCode).toBe(137)
    const kills = lifecycle.filter((event) => event.containerId === ping.id && event.action === 'kill')
    expect(kills.map((event) => event.signal)).toEqual([9])
    expect(await exists('container', ping.id), REMOVED_FROM_OUTSIDE).toBe(true)

    const pingEnded = await client.ended(ping.runId)
    expect(pingEnded).toMatchObject({ exitCode: 137, reason: 'exited' })
  })
})

describe('Stop is Ctrl-C (interrupt)', () => {
  test('docker run alpine ping: docker passes SIGINT to ping, which prints its statistics and exits 0; the container stays', async () => {
    const ping = await startPing('ctrl-c-ping')
    client.interrupt(ping.runId)
    const ended = await client.ended(ping.runId)
    console.log(`[chapter] Ctrl-C on the ping run: exitCode ${ended.exitCode}, reason ${ended.reason}, ${ended.durationMs} ms`)
    expect(ended).toMatchObject({ exitCode: 0, signal: null, reason: 'interrupted' })
    expect(client.output(ping.runId)).toContain('--- localhost ping statistics ---')
    const events = client.runs.get(ping.runId)!.events
    expect(events.find((event) => event.kind === 'notice')).toMatchObject({ reason: 'interrupted', text: expect.stringContaining('SIGINT') })
    const kills = lifecycle.filter((event) => event.containerId === ping.id && event.action === 'kill')
    expect(kills.map((event) => event.signal), 'the engine saw SIGINT (2), passed on by the CLI').toEqual([2])
    expect((await lifecycleOf(ping.id, 'die')).exitCode).toBe(0)
    expect(await exists('container', ping.id), REMOVED_FROM_OUTSIDE).toBe(true)
    await containerState(ping.id, 'exited')
  })

  test('a PID 1 without a SIGINT handler (sleep) ignores Ctrl-C and runs on; cancel then ends it and removes the container', async () => {
    const runId = await start('ctrl-c-sleep', 'docker run alpine sleep 300')
    const id = await containerOf(runId)
    await containerState(id, 'running')
    client.interrupt(runId)
    await lifecycleOf(id, 'kill')
    // Long enough for a PID 1 that honoured SIGINT to have exited; the container must still run.
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(hasEnded(runId)).toBe(false)
    expect((await execa('docker', ['inspect', '--format', '{{.State.Status}}', id])).stdout.trim()).toBe('running')
    client.cancel(runId)
    const ended = await client.ended(runId)
    expect(ended.reason).toBe('cancelled')
    await expect.poll(() => exists('container', id), { timeout: 15_000 }).toBe(false)
  })

  test('docker exec without -it: Ctrl-C ends the CLI, and the process it started in the container does not run on', async () => {
    const ping = await startPing('ctrl-c-exec-ping')
    const runId = await start('ctrl-c-exec', 'docker exec <id:alpine> sleep 300')
    const processes = async () => (await execa('docker', ['exec', ping.id, 'ps', '-o', 'args'])).stdout
    await expect.poll(processes, { timeout: 10_000 }).toContain('sleep 300')
    client.interrupt(runId)
    const ended = await client.ended(runId)
    expect(ended.reason).toBe('interrupted')
    expect(await processes()).not.toContain('sleep 300')
    expect(hasEnded(ping.runId)).toBe(false)
  })
})

describe('removing containers and images', () => {
  test('docker rm <id> removes an exited deck container', async () => {
    const { runId } = await runToEnd('rm-hello', 'docker run hello-world')
    const id = await containerOf(runId)
    await containerState(id, 'exited')

    const rm = await runToEnd('rm', 'docker rm <id>')
    expect(rm.started.resolvedLine).toBe(`docker rm ${short(id)}`)
    expect(rm.ended).toMatchObject({ exitCode: 0, reason: 'exited' })
    expect(rm.output.trim()).toBe(id)
    await lifecycleOf(id, 'destroy')
    await containerState(id, 'removed')

    const ps = await runToEnd('rm-ps', 'docker ps -a')
    expect(ps.stdout).not.toContain(short(id))
  })

  test('docker rm $(docker ps -a -q) removes the deck\'s containers and leaves an outside one alone', async () => {
    const mine = await outsider()
    const created = await runToEnd('rm-all-1', 'docker create hello-world')
    const ran = await runToEnd('rm-all-2', 'docker run hello-world')
    const first = await containerOf(created.runId)
    const second = await containerOf(ran.runId)
    await containerState(second, 'exited')

    const rm = await runToEnd('rm-all', 'docker rm $(docker ps -a -q)')
    expect(rm.started.resolvedLine).toBe(`docker rm $(docker ps -a -q --filter ${OWNED_FILTER} --no-trunc)`)
    const scoped = kinds(rm.started.notices, 'scoped')
    expect(scoped).toHaveLength(2)
    expect(scoped[0]!.text).toContain(`--filter ${OWNED_FILTER}`)
    expect(scoped[1]!.text).toMatch(/^\$\(…\) listed \d+ of the deck's IDs: /)
    expect(scoped[1]!.text).toContain(short(first))
    expect(scoped[1]!.text).toContain(short(second))
    expect(scoped[1]!.text).not.toContain(short(await containerId(mine)))

    // Exit 0 unless some other runner's deck container was running (docker rm
    // refuses a running container); ours were stopped and must be gone.
    // docker echoes what it was given: the full IDs the runner filled in.
    expect(lines(rm.stdout)).toEqual(expect.arrayContaining([first, second]))
    const errors = lines(rm.stderr)
    expect(errors.filter((line) => line.includes(short(first)) || line.includes(short(second)))).toEqual([])
    expect(rm.ended).toMatchObject({ exitCode: errors.length === 0 ? 0 : 1, reason: 'exited' })

    await lifecycleOf(first, 'destroy')
    await lifecycleOf(second, 'destroy')
    expect(await exists('container', first)).toBe(false)
    expect(await exists('container', second)).toBe(false)
    expect(await exists('container', mine)).toBe(true)
  })

  test('docker system prune removes stopped deck containers and leaves a stopped outside one alone', async () => {
    const mine = await outsider()
    const { runId } = await runToEnd('prune-hello', 'docker run hello-world')
    const id = await containerOf(runId)
    await containerState(id, 'exited')

    const prune = await runToEnd('prune', 'docker system prune')
    const scope = '--force --filter label=docker-live-deck.owned=true'
    expect(prune.started.resolvedLine).toBe(`docker container prune ${scope}; docker image prune ${scope}; docker network prune ${scope}`)
    expect(kinds(prune.started.notices, 'scoped')).toHaveLength(1)
    expect(kinds(prune.started.notices, 'confirm')).toHaveLength(1)
    expect(prune.ended).toMatchObject({ exitCode: 0, reason: 'exited' })
    expect(prune.stdout).toContain('Deleted Containers:')
    expect(prune.stdout).toContain(id)

    await lifecycleOf(id, 'destroy')
    expect(await exists('container', id)).toBe(false)
    expect(await exists('container', mine)).toBe(true)
  })

  test('docker rmi removes an image the deck made and refuses one it did not', async () => {
    const source = await outsider()
    await execa('docker', ['commit', '--change', 'LABEL docker-live-deck.owned=true', source, RMI_DEMO])
    expect(await exists('image', RMI_DEMO)).toBe(true)

    const rmi = await runToEnd('rmi', `docker rmi ${RMI_DEMO}`)
    expect(rmi.ended).toMatchObject({ exitCode: 0, reason: 'exited' })
    expect(rmi.stdout).toContain(`Untagged: ${RMI_DEMO}`)
    expect(await exists('image', RMI_DEMO)).toBe(false)

    const refused = await client.run('rmi-alpine', 'docker rmi alpine')
    expect(refused).toMatchObject({ refusal: { code: 'not-deck-object', subject: 'alpine' } })
    expect(await exists('image', 'alpine')).toBe(true)
  })
})

describe('docker exec', () => {
  test('docker exec <id> ls lists the files of a running container while its ping keeps going', async () => {
    const ping = await startPing('exec-ping')
    const exec = await runToEnd('exec-ls', 'docker exec <id> ls')
    expect(exec.started.resolvedLine).toBe(`docker exec ${short(ping.id)} ls`)
    expect(exec.ended).toMatchObject({ exitCode: 0, reason: 'exited' })
    expect(lines(exec.stdout)).toEqual(expect.arrayContaining(['bin', 'dev', 'etc']))

    const after = replies(ping.runId)
    await expect.poll(() => replies(ping.runId), { timeout: 5_000 }).toBeGreaterThan(after)
    expect(hasEnded(ping.runId)).toBe(false)
  })

  test('docker exec -it <id:redis> redis-cli talks to the server inside the container', async () => {
    const server = await start('redis', 'docker run redis')
    await expect.poll(() => client.output(server), { timeout: 15_000 }).toMatch(/Ready to accept connections/)
    const id = await containerOf(server)
    await containerState(id, 'running')

    const cli = await start('redis-cli', 'docker exec -it <id:redis> redis-cli', { size: TERMINAL })
    const stopAnswering = answerCursorQueries(cli, TERMINAL.cols)
    expect(startedEvent(cli)).toMatchObject({ tty: true, resolvedLine: `docker exec -it ${short(id)} redis-cli` })
    const screen = () => plain(client.output(cli))
    await expect.poll(screen, { timeout: 10_000 }).toContain('127.0.0.1:6379>')
    client.input(cli, 'set greeting hello\r')
    await expect.poll(screen, { timeout: 5_000 }).toContain('OK')
    client.input(cli, 'get greeting\r')
    await expect.poll(screen, { timeout: 5_000 }).toContain('"hello"')
    client.input(cli, 'quit\r')
    expect(await client.ended(cli)).toMatchObject({ exitCode: 0, reason: 'exited' })
    stopAnswering()
    expect(hasEnded(server)).toBe(false)
  })

  test('docker exec -it <id:alpine> sh opens a shell that Ctrl-D closes', async () => {
    const ping = await startPing('sh-ping')
    const sh = await start('sh', 'docker exec -it <id:alpine> sh', { size: TERMINAL })
    const stopAnswering = answerCursorQueries(sh, TERMINAL.cols)
    expect(startedEvent(sh)).toMatchObject({ tty: true, resolvedLine: `docker exec -it ${short(ping.id)} sh` })
    const screen = () => plain(client.output(sh))
    await expect.poll(screen, { timeout: 10_000 }).toMatch(/# $/)
    client.input(sh, 'ls\r')
    await expect.poll(screen, { timeout: 5_000 }).toMatch(/\bbin\b[\s\S]*\betc\b/)
    await expect.poll(screen, { timeout: 5_000 }).toMatch(/# $/)
    client.input(sh, '\u0004')
    expect(await client.ended(sh)).toMatchObject({ exitCode: 0, reason: 'exited' })
    stopAnswering()
    expect(hasEnded(ping.runId)).toBe(false)
  })

  test('docker exec -i <id:redis> redis-cli (-i alone): each line typed gets its answer with no prompt, and Ctrl-D ends it with 0', async () => {
    const server = await start('redis-i', 'docker run redis')
    await expect.poll(() => client.output(server), { timeout: 15_000 }).toMatch(/Ready to accept connections/)
    const id = await containerOf(server)
    await containerState(id, 'running')

    const cli = await start('redis-cli-i', 'docker exec -i <id:redis> redis-cli')
    expect(startedEvent(cli)).toMatchObject({ tty: false, stdin: true, resolvedLine: `docker exec -i ${short(id)} redis-cli` })
    client.input(cli, 'ping\r')
    await expect.poll(() => streamText(cli, 'stdout'), { timeout: 10_000 }).toBe('PONG\n')
    client.input(cli, 'set course docker\r')
    await expect.poll(() => streamText(cli, 'stdout'), { timeout: 5_000 }).toBe('PONG\nOK\n')
    client.input(cli, 'get course\r')
    await expect.poll(() => streamText(cli, 'stdout'), { timeout: 5_000 }).toBe('PONG\nOK\ndocker\n')
    client.input(cli, '\u0004')
    expect(await client.ended(cli)).toMatchObject({ exitCode: 0, reason: 'exited' })
    expect(client.output(cli), 'the typed lines show between the answers, as a terminal echoes them').toBe('ping\nPONG\nset course docker\nOK\nget course\ndocker\n')
    expect(client.output(cli)).not.toContain('6379>')
  })

  test('docker exec -t <id:redis> sh (-t alone): the prompt shows, typed keys never reach the shell, and Stop ends the shell in the container', async () => {
    const server = await start('redis-t', 'docker run redis')
    await expect.poll(() => client.output(server), { timeout: 15_000 }).toMatch(/Ready to accept connections/)
    const id = await containerOf(server)
    const sh = await start('sh-t', 'docker exec -t <id:redis> sh', { size: TERMINAL })
    expect(startedEvent(sh)).toMatchObject({ tty: true, resolvedLine: `docker exec -t ${short(id)} sh` })
    const screen = () => plain(client.output(sh))
    await expect.poll(screen, { timeout: 10_000 }).toMatch(/# $/)
    client.input(sh, 'echo reached-$((6*7))\r')
    // The terminal echoes what was typed; a shell that got it would print reached-42.
    await expect.poll(screen, { timeout: 5_000 }).toContain('echo reached-$((6*7))')
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(screen()).not.toContain('reached-42')
    expect(hasEnded(sh)).toBe(false)
    const shells = async () => (await execa('docker', ['exec', id, 'ps', '-eo', 'args'])).stdout.split('\n').filter((line) => line.trim() === 'sh').length
    expect(await shells()).toBe(1)
    client.cancel(sh)
    expect(await client.ended(sh)).toMatchObject({ reason: 'cancelled' })
    await expect.poll(shells, { timeout: 10_000 }).toBe(0)
  })

  test('redis-cli outside the container is not a docker command and is refused', async () => {
    const server = await start('redis-outside', 'docker run redis')
    await expect.poll(() => client.output(server), { timeout: 15_000 }).toMatch(/Ready to accept connections/)

    const outcome = await client.run('redis-cli-outside', 'redis-cli')
    expect(outcome).toMatchObject({ refusal: { code: 'not-docker', subject: 'redis-cli' } })
    expect([...client.runs.values()].some((run) => run.key === 'redis-cli-outside')).toBe(false)
  })
})
