// The runner's side of an exercise check: the only queries it may ask
// (planned by the real policy, compared word for word before they run), the
// fact gatherer over a fake docker, the `check` / `check-result` protocol
// messages, and the deck's request helper.
import { describe, expect, it, vi } from 'vitest'
import { OWNED_FILTER, RUN_LABEL } from '../../lib/labels.ts'
import { parseClientMessage, parseServerMessage, type ClientMessage, type ServerMessage } from '../../lib/protocol.ts'
import { requestCheck } from '../../lib/self-study/check-request.ts'
import { Check } from '../../lib/self-study/check.ts'
import type { ExecFact, RunFact } from '../../lib/self-study/facts.ts'
import { attemptKey, solutionKey } from '../../lib/self-study/names.ts'
import { checkExercise, MAX_CONCURRENT_CHECKS, runnerFactSource } from '../../runner/checks/check-exercise.ts'
import { gatherFacts, MAX_CONTAINERS, unquote, type FactSource } from '../../runner/checks/gather-facts.ts'
import { assertReadOnly, expectedArgv, LIST_FORMAT, queryLine, type Query } from '../../runner/checks/read-only-queries.ts'
import { planCommand, type Plan } from '../../runner/policy/policy.ts'
import { DECK, fakeEngine } from './fake-engine.ts'

const hex = (digit: string) => digit.repeat(64)
const check = (raw: unknown[]) => Check.parse(raw)

describe('the read-only queries', () => {
  const queries: Query[] = [
    { kind: 'list' },
    { kind: 'inspect', id: DECK.alpineExited.id },
    { kind: 'redis-get', id: DECK.redisRunning.id, key: 'course' },
    { kind: 'image-ids', image: 'docker-live-deck/rmi-demo' },
  ]

  it.each(queries)('%j is planned by the real policy to exactly the argv expected, with no terminal', async (query) => {
    const plan = await planCommand(queryLine(query), 'check', fakeEngine())
    expect(plan.argv).toEqual(expectedArgv(query))
    expect(() => assertReadOnly(query, plan)).not.toThrow()
  })

  it('lists the deck\'s containers only, with their run label', () => {
    expect(queryLine({ kind: 'list' })).toBe(`docker ps -a --no-trunc --filter ${OWNED_FILTER} --format '${LIST_FORMAT}'`)
    expect(LIST_FORMAT).toBe(`{{.ID}} {{.Label "${RUN_LABEL}"}}`)
  })

  it('is refused by the policy for a container the deck did not make', async () => {
    await expect(planCommand(queryLine({ kind: 'inspect', id: hex('f') }), 'check', fakeEngine())).rejects.toMatchObject({ code: 'not-deck-object' })
  })

  it('builds no line from an ID or key that is not one', () => {
    expect(() => queryLine({ kind: 'inspect', id: 'lecturer-db' })).toThrow(/not a full container ID/)
    expect(() => queryLine({ kind: 'redis-get', id: hex('b'), key: 'a; FLUSHALL' })).toThrow(/not a redis key/)
    expect(() => queryLine({ kind: 'image-ids', image: 'alpine; rm -rf /' })).toThrow(/not an image name/)
    expect(() => queryLine({ kind: 'image-ids', image: '--all' })).toThrow(/not an image name/)
  })

  it('asks whether an image is there with docker images --quiet and that image only', () => {
    expect(queryLine({ kind: 'image-ids', image: 'docker-live-deck/rmi-demo' })).toBe('docker images --quiet docker-live-deck/rmi-demo')
    expect(expectedArgv({ kind: 'image-ids', image: 'redis:7' })).toEqual(['images', '--quiet', 'redis:7'])
  })

  it('refuses an image-ids plan that lists more than the image', () => {
    const query: Query = { kind: 'image-ids', image: 'alpine' }
    const plan: Plan = { subcommand: 'images', argv: ['images', '--quiet'], tty: false, stdin: false, notices: [], resolvedLine: '', attachesTo: [] }
    expect(() => assertReadOnly(query, plan)).toThrow(/the check does not run it/)
  })

  it.each<[string, Partial<Plan>]>([
    ['another argv', { argv: ['exec', hex('b'), 'redis-cli', 'FLUSHALL'] }],
    ['a terminal', { tty: true }],
    ['an input', { stdin: true }],
    ['a substitution', { substitution: { argv: ['ps', '-q'], at: 1 } }],
    ['an attach', { attachesTo: [hex('b')] }],
  ])('refuses a plan with %s', (_, change) => {
    const query: Query = { kind: 'redis-get', id: hex('b'), key: 'course' }
    const plan: Plan = { subcommand: 'exec', argv: expectedArgv(query), tty: false, stdin: false, notices: [], resolvedLine: '', attachesTo: [], ...change }
    expect(() => assertReadOnly(query, plan)).toThrow(/the check does not run it/)
  })
})

/** A fake docker behind the real policy: `docker ps`, `inspect` and `exec … GET` answered from a table. */
function fakeDocker(options: {
  rows: Array<{ id: string; run: string }>
  inspected: Record<string, object>
  redis?: Record<string, { exitCode: number; stdout: string; stderr?: string }>
  runs: Record<string, string>
  listFails?: boolean
  /** `docker images --quiet IMAGE`'s answer by image (none there otherwise). */
  images?: Record<string, { exitCode: number; stdout: string; stderr?: string }>
  exerciseRuns?: RunFact[]
  execs?: ExecFact[]
}) {
  const ran: string[][] = []
  const planned: string[] = []
  const engine = fakeEngine(Object.keys(options.inspected).map((id, i) => ({ id, name: `c${i}`, image: 'alpine', state: 'running' as const, createdAt: i })))
  const source: FactSource = {
    plan: (line) => {
      planned.push(line)
      return planCommand(line, 'check', engine)
    },
    async run(argv) {
      ran.push([...argv])
      if (argv[0] === 'ps') {
        return options.listFails ? { exitCode: 1, stdout: '', stderr: 'Cannot connect to the Docker daemon' } : { exitCode: 0, stdout: options.rows.map((r) => `${r.id} ${r.run}`).join('\n'), stderr: '' }
      }
      if (argv[0] === 'inspect') return { exitCode: 0, stdout: JSON.stringify([options.inspected[argv.at(-1)!]]), stderr: '' }
      if (argv[0] === 'images') return { stderr: '', ...(options.images?.[argv.at(-1)!] ?? { exitCode: 0, stdout: '' }) }
      const answer = options.redis?.[argv[1]!] ?? { exitCode: 0, stdout: '(nil)' }
      return { stderr: '', ...answer }
    },
    keyOfRun: (runId) => options.runs[runId],
    runsOf: vi.fn(() => options.exerciseRuns ?? []),
    execSessions: (containerId) => (options.execs ?? []).filter((exec) => exec.containerId === containerId),
  }
  return { source, ran, planned }
}

const inspected = (id: string, fields: { image?: string; path?: string; args?: string[]; status?: string; exitCode?: number; created?: string; run?: string }) => ({
  Id: id,
  Name: `/name-${id.slice(0, 4)}`,
  Created: fields.created ?? '2025-01-01T00:00:00.123456789Z',
  Path: fields.path ?? 'echo',
  Args: fields.args ?? ['hi'],
  State: { Status: fields.status ?? 'exited', ExitCode: fields.exitCode ?? 0 },
  Config: { Image: fields.image ?? 'alpine', Labels: { 'docker-live-deck.owned': 'true', [RUN_LABEL]: fields.run ?? 'r1' } },
})

describe('gatherFacts', () => {
  const ECHO = check([{ container: { image: 'alpine', commandIncludes: 'echo hi', state: 'exited', exitCode: 0 } }])

  it('inspects only the containers the exercise\'s own blocks made, and reads nothing else', async () => {
    const docker = fakeDocker({
      rows: [{ id: hex('1'), run: 'r1' }, { id: hex('2'), run: 'r2' }, { id: hex('3'), run: 'r3' }, { id: hex('4'), run: '' }],
      inspected: { [hex('1')]: inspected(hex('1'), { run: 'r1' }), [hex('2')]: inspected(hex('2'), { run: 'r2' }), [hex('3')]: inspected(hex('3'), { run: 'r3' }) },
      runs: { r1: attemptKey('echo-hi', 1), r2: 'docker-run-alpine-ls-1yg8lak', r3: solutionKey('echo-hi', 1) },
    })
    const facts = await gatherFacts('echo-hi', ECHO, docker.source)
    expect(docker.ran).toEqual([expectedArgv({ kind: 'list' }), expectedArgv({ kind: 'inspect', id: hex('1') }), expectedArgv({ kind: 'inspect', id: hex('3') })])
    expect(facts).toEqual({
      containers: [
        { id: hex('1'), name: 'name-1111', image: 'alpine', command: 'echo hi', state: 'exited', exitCode: 0, createdAt: Date.parse('2025-01-01T00:00:00.123Z'), blockKey: attemptKey('echo-hi', 1) },
        { id: hex('3'), name: 'name-3333', image: 'alpine', command: 'echo hi', state: 'exited', exitCode: 0, createdAt: Date.parse('2025-01-01T00:00:00.123Z'), blockKey: solutionKey('echo-hi', 1) },
      ],
      redis: [],
    })
  })

  it('keeps no exit code for a container that has not ended, and lists the newest first', async () => {
    const docker = fakeDocker({
      rows: [{ id: hex('1'), run: 'r1' }, { id: hex('2'), run: 'r1' }],
      inspected: {
        [hex('1')]: inspected(hex('1'), { status: 'running', created: '2025-01-01T00:00:01Z', path: 'sleep', args: ['300'] }),
        [hex('2')]: inspected(hex('2'), { status: 'created', created: '2025-01-01T00:00:02Z' }),
      },
      runs: { r1: attemptKey('x', 1) },
    })
    const facts = await gatherFacts('x', ECHO, docker.source)
    expect(facts.containers.map((c) => [c.id.slice(0, 1), c.state, c.exitCode, c.command])).toEqual([['2', 'created', undefined, 'echo hi'], ['1', 'running', undefined, 'sleep 300']])
  })

  it(`inspects at most ${MAX_CONTAINERS} containers`, async () => {
    const ids = Array.from({ length: 25 }, (_, i) => i.toString(16).padStart(64, 'a'))
    const docker = fakeDocker({ rows: ids.map((id) => ({ id, run: 'r1' })), inspected: Object.fromEntries(ids.map((id) => [id, inspected(id, {})])), runs: { r1: attemptKey('x', 1) } })
    expect((await gatherFacts('x', ECHO, docker.source)).containers).toHaveLength(MAX_CONTAINERS)
  })

  it('skips a container removed between the listing and the inspect (the policy no longer knows it)', async () => {
    const docker = fakeDocker({ rows: [{ id: hex('9'), run: 'r1' }], inspected: {}, runs: { r1: attemptKey('x', 1) } })
    expect(await gatherFacts('x', ECHO, docker.source)).toEqual({ containers: [], redis: [] })
    expect(docker.ran).toEqual([expectedArgv({ kind: 'list' })])
  })

  it('fails when the deck\'s containers cannot be listed, rather than report none', async () => {
    const docker = fakeDocker({ rows: [], inspected: {}, runs: {}, listFails: true })
    await expect(gatherFacts('x', ECHO, docker.source)).rejects.toThrow(/could not list the deck's containers: Cannot connect/)
  })

  describe('redisKey', () => {
    const REDIS = check([{ redisKey: { key: 'course', value: 'docker' } }])
    const servers = {
      [hex('b')]: inspected(hex('b'), { image: 'redis', status: 'running', path: 'docker-entrypoint.sh', args: ['redis-server'], created: '2025-01-01T00:00:03Z' }),
      [hex('c')]: inspected(hex('c'), { image: 'redis', status: 'exited', path: 'docker-entrypoint.sh', args: ['redis-server'], created: '2025-01-01T00:00:02Z' }),
      [hex('d')]: inspected(hex('d'), { image: 'redis:latest', status: 'running', path: 'docker-entrypoint.sh', args: ['redis-server'], created: '2025-01-01T00:00:01Z' }),
    }
    const rows = Object.keys(servers).map((id) => ({ id, run: 'r1' }))

    it('reads the key with redis-cli GET in each running server of the exercise, and nowhere else', async () => {
      const docker = fakeDocker({ rows, inspected: servers, runs: { r1: attemptKey('redis-key', 1) }, redis: { [hex('b')]: { exitCode: 0, stdout: '"docker"\n' }, [hex('d')]: { exitCode: 0, stdout: '(nil)\n' } } })
      const facts = await gatherFacts('redis-key', REDIS, docker.source)
      expect(docker.ran.filter((argv) => argv[0] === 'exec')).toEqual([
        ['exec', hex('b'), 'redis-cli', '--no-raw', 'GET', 'course'],
        ['exec', hex('d'), 'redis-cli', '--no-raw', 'GET', 'course'],
      ])
      expect(docker.planned.filter((line) => line.includes(' exec '))).toEqual([
        `docker exec ${hex('b')} redis-cli --no-raw GET course`,
        `docker exec ${hex('d')} redis-cli --no-raw GET course`,
      ])
      expect(facts.redis).toEqual([{ containerId: hex('b'), key: 'course', value: 'docker' }, { containerId: hex('d'), key: 'course', value: null }])
    })

    it('says why a value could not be read', async () => {
      const docker = fakeDocker({
        rows: rows.slice(0, 1), inspected: servers, runs: { r1: attemptKey('redis-key', 1) },
        redis: { [hex('b')]: { exitCode: 1, stdout: 'Could not connect to Redis at 127.0.0.1:6379: Connection refused\n' } },
      })
      expect((await gatherFacts('redis-key', REDIS, docker.source)).redis).toEqual([{ containerId: hex('b'), key: 'course', value: null, error: 'Could not connect to Redis at 127.0.0.1:6379: Connection refused' }])
    })

    it('collects the exec sessions of the servers it reads only when the expectation counts sessions', async () => {
      const execs = [{ containerId: hex('b'), command: 'redis-cli', timeNano: '1' }, { containerId: hex('c'), command: 'redis-cli', timeNano: '2' }, { containerId: hex('d'), command: 'redis-cli get course', timeNano: '3' }]
      const docker = fakeDocker({ rows, inspected: servers, runs: { r1: attemptKey('redis-key', 1) }, execs })
      const counted = await gatherFacts('redis-key', check([{ redisKey: { key: 'course', sessions: 2 } }]), docker.source)
      // The stopped server (c) is not read, so its sessions are not asked for.
      expect(counted.execs).toEqual([execs[0], execs[2]])
      expect(await gatherFacts('redis-key', REDIS, docker.source)).not.toHaveProperty('execs')
    })
  })

  describe('an exit-code lab, an image removed', () => {
    const LAB = check([{ exitCodes: [0, 125] }])
    const labRuns = [{ blockKey: attemptKey('lab', 2), line: 'docker run --name x alpine true', exitCode: 125 }, { blockKey: attemptKey('lab', 1), line: 'docker run alpine true', exitCode: 0 }]

    it('gathers the exercise\'s runs only when an exitCodes expectation asks', async () => {
      const docker = fakeDocker({ rows: [], inspected: {}, runs: {}, exerciseRuns: labRuns })
      expect(await gatherFacts('lab', LAB, docker.source)).toEqual({ containers: [], redis: [], runs: labRuns })
      expect(docker.source.runsOf).toHaveBeenCalledWith('lab')
      const plain = fakeDocker({ rows: [], inspected: {}, runs: {}, exerciseRuns: labRuns })
      expect(await gatherFacts('lab', ECHO, plain.source)).toEqual({ containers: [], redis: [] })
      expect(plain.source.runsOf).not.toHaveBeenCalled()
    })

    it('keeps a failed start\'s exit code on a created container', async () => {
      const docker = fakeDocker({ rows: [{ id: hex('1'), run: 'r1' }], inspected: { [hex('1')]: inspected(hex('1'), { status: 'created', path: 'nosuch', args: [], exitCode: 127 }) }, runs: { r1: attemptKey('lab', 1) } })
      expect((await gatherFacts('lab', LAB, docker.source)).containers).toMatchObject([{ state: 'created', exitCode: 127, command: 'nosuch' }])
    })

    it('asks docker images --quiet whether the image is there, planned by the policy', async () => {
      const GONE = check([{ imageAbsent: { image: 'docker-live-deck/rmi-demo' } }])
      const there = fakeDocker({ rows: [], inspected: {}, runs: {}, images: { 'docker-live-deck/rmi-demo': { exitCode: 0, stdout: 'sha256:1234\n' } } })
      expect(await gatherFacts('escape-room', GONE, there.source)).toEqual({ containers: [], redis: [], images: [{ image: 'docker-live-deck/rmi-demo', present: true }] })
      expect(there.planned.at(-1)).toBe('docker images --quiet docker-live-deck/rmi-demo')
      expect(there.ran.at(-1)).toEqual(['images', '--quiet', 'docker-live-deck/rmi-demo'])
      const gone = fakeDocker({ rows: [], inspected: {}, runs: {} })
      expect((await gatherFacts('escape-room', GONE, gone.source)).images).toEqual([{ image: 'docker-live-deck/rmi-demo', present: false }])
      const broken = fakeDocker({ rows: [], inspected: {}, runs: {}, images: { 'docker-live-deck/rmi-demo': { exitCode: 1, stdout: '', stderr: 'daemon gone' } } })
      await expect(gatherFacts('escape-room', GONE, broken.source)).rejects.toThrow(/could not say whether docker-live-deck\/rmi-demo is there: daemon gone/)
    })
  })

  it('runs nothing when the policy plans a query differently', async () => {
    const run = vi.fn()
    const source: FactSource = {
      plan: async () => ({ subcommand: 'ps', argv: ['ps', '-a'], tty: false, stdin: false, notices: [], resolvedLine: 'docker ps -a', attachesTo: [] }),
      run,
      keyOfRun: () => undefined,
      runsOf: () => [],
      execSessions: () => [],
    }
    await expect(gatherFacts('x', ECHO, source)).rejects.toThrow(/the check does not run it/)
    expect(run).not.toHaveBeenCalled()
  })
})

describe('unquote', () => {
  it.each([['"docker"', 'docker'], ['"a \\"b\\" \\\\ c"', 'a "b" \\ c'], ['"\\xea\\xb0"', '\xea\xb0'], ['"line\\nnext"', 'line\nnext'], ['plain', 'plain']])('%s → %j', (quoted, text) => {
    expect(unquote(quoted)).toBe(text)
  })
})

describe('checkExercise', () => {
  it('answers with the facts and the verdict, under the request id', async () => {
    const id = hex('1')
    const docker = fakeDocker({ rows: [{ id, run: 'r1' }], inspected: { [id]: inspected(id, { image: 'hello-world', path: '/hello', args: [] }) }, runs: { r1: attemptKey('echo-hi', 1) } })
    const reply = await checkExercise({ type: 'check', requestId: 'c1', exerciseId: 'echo-hi', check: check([{ container: { image: 'alpine' } }]) }, docker.source)
    expect(reply).toMatchObject({ type: 'check-result', requestId: 'c1', exerciseId: 'echo-hi', verdict: { pass: false, field: 'image', hint: 'alpine 이미지로 만든 컨테이너가 없습니다. 본 것: hello-world 컨테이너 name-1111 ("/hello", 종료됨 (0))' } })
    expect(parseServerMessage(JSON.stringify(reply)).ok).toBe(true)
  })

  it(`answers busy beyond ${MAX_CONCURRENT_CHECKS} checks under way, and takes checks again once they end`, async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const slow: FactSource = { plan: (line) => planCommand(line, 'check', fakeEngine()), run: async () => (await held, { exitCode: 0, stdout: '', stderr: '' }), keyOfRun: () => undefined, runsOf: () => [], execSessions: () => [] }
    const message = { type: 'check' as const, requestId: 'c', exerciseId: 'x', check: check([{ container: { image: 'alpine' } }]) }
    const first = Array.from({ length: MAX_CONCURRENT_CHECKS }, () => checkExercise(message, slow))
    await expect(checkExercise(message, slow)).rejects.toThrow(/^busy: /)
    release()
    await Promise.all(first)
    await expect(checkExercise(message, slow)).resolves.toMatchObject({ type: 'check-result' })
  })

  it('uses the runner\'s policy, its docker CLI and its memory of runs', async () => {
    const cli = { run: vi.fn(async () => ({ exitCode: 0, stdout: '', stderr: '' })) }
    const sessions = [{ containerId: 'c1', command: 'redis-cli', timeNano: '1' }]
    const runs = {
      get: (runId: string) => (runId === 'r1' ? { key: 'k' } : undefined),
      finishedWithPrefix: (prefix: string) => (prefix === 'ex--lab--' ? [{ key: 'ex--lab--1', line: 'docker run alpine false', exitCode: 1 }] : []),
    }
    const source = runnerFactSource({ runs, containers: Object.assign(fakeEngine(), { execSessions: (id: string) => sessions.filter((s) => s.containerId === id) }), cli })
    expect(source.keyOfRun('r1')).toBe('k')
    expect(source.keyOfRun('r2')).toBeUndefined()
    expect(source.runsOf('lab')).toEqual([{ blockKey: 'ex--lab--1', line: 'docker run alpine false', exitCode: 1 }])
    expect(source.execSessions('c1')).toEqual(sessions)
    await source.run(['ps'])
    expect(cli.run).toHaveBeenCalledWith(['ps'], 10_000)
    expect((await source.plan(`docker inspect --type container ${DECK.alpineExited.id}`)).argv).toEqual(['inspect', '--type', 'container', DECK.alpineExited.id])
  })
})

describe('the protocol messages', () => {
  const message = { type: 'check', requestId: 'c1', exerciseId: 'echo-hi', check: [{ container: { image: 'alpine', state: 'exited' } }] }

  it('carries a check to the runner, validated', () => {
    expect(parseClientMessage(JSON.stringify(message))).toEqual({ ok: true, value: message })
  })

  it.each([
    [{ ...message, check: [{ container: { image: 'alpine', state: 'stopped' } }] }, /at check\.0\.container\.state/],
    [{ ...message, check: [{ shell: 'rm -rf /' }] }, /at check\.0: say exactly one of container:, absent:, redisKey:/],
    [{ ...message, check: [{ redisKey: { key: 'a b' } }] }, /at check\.0\.redisKey\.key/],
    [{ ...message, exerciseId: '../x' }, /at exerciseId/],
    [{ ...message, check: [] }, /at check/],
    [{ ...message, extra: 1 }, /rejected/],
  ])('refuses a malformed check, naming the field (%#)', (bad, error) => {
    const parsed = parseClientMessage(JSON.stringify(bad))
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.error).toMatch(error)
  })

  it('carries the result back', () => {
    const result: ServerMessage = { type: 'check-result', requestId: 'c1', exerciseId: 'echo-hi', facts: { containers: [], redis: [] }, verdict: { pass: true, containers: [] } }
    expect(parseServerMessage(JSON.stringify(result))).toEqual({ ok: true, value: result })
    expect(parseServerMessage(JSON.stringify({ ...result, verdict: { pass: 'yes' } })).ok).toBe(false)
  })
})

describe('requestCheck', () => {
  function transport() {
    const listeners = new Set<(message: ServerMessage) => void>()
    const sent: ClientMessage[] = []
    return {
      sent,
      listeners,
      send: vi.fn((message: ClientMessage) => void sent.push(message)),
      on(listener: (message: ServerMessage) => void) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
      emit: (message: ServerMessage) => [...listeners].forEach((listener) => listener(message)),
    }
  }
  const CHECK = check([{ container: { image: 'alpine' } }])

  it('sends the check and resolves with the result that carries its request id', async () => {
    const link = transport()
    const pending = requestCheck(link, 'echo-hi', CHECK)
    const sent = link.sent[0] as Extract<ClientMessage, { type: 'check' }>
    expect(sent).toMatchObject({ type: 'check', exerciseId: 'echo-hi', check: CHECK })
    link.emit({ type: 'check-result', requestId: 'someone-else', exerciseId: 'echo-hi', facts: { containers: [], redis: [] }, verdict: { pass: true, containers: ['x'] } })
    link.emit({ type: 'check-result', requestId: sent.requestId, exerciseId: 'echo-hi', facts: { containers: [], redis: [] }, verdict: { pass: true, containers: [] } })
    await expect(pending).resolves.toEqual({ facts: { containers: [], redis: [] }, verdict: { pass: true, containers: [] } })
    expect(link.listeners.size).toBe(0)
  })

  it('rejects with the runner\'s error for its request', async () => {
    const link = transport()
    const pending = requestCheck(link, 'echo-hi', CHECK)
    link.emit({ type: 'error', requestId: (link.sent[0] as { requestId: string }).requestId, code: 'internal', message: 'The runner failed to handle "check"' })
    await expect(pending).rejects.toThrow('The runner failed to handle "check" (internal)')
  })

  it('rejects when the runner does not answer in time, or the send fails', async () => {
    vi.useFakeTimers()
    try {
      const link = transport()
      const pending = requestCheck(link, 'echo-hi', CHECK, { timeoutMs: 2000 })
      vi.advanceTimersByTime(2000)
      await expect(pending).rejects.toThrow('did not answer the check of echo-hi within 2 s')
      expect(link.listeners.size).toBe(0)
    } finally {
      vi.useRealTimers()
    }
    const broken = { ...transport(), send: () => { throw new Error('socket closed') } }
    await expect(requestCheck(broken, 'echo-hi', CHECK)).rejects.toThrow('socket closed')
  })
})
