// The exit-code lab, the escape room and 처음부터 다시: the new expectation
// kinds judged (exitCodes, imageAbsent, redisKey sessions, a container's
// name), the exercise form's `start` and `{ line, exitCode }` solution lines,
// resetExercise over a fake transport, and the runner's memories a check
// reads (DeckContainers' exec sessions, Runs' finished runs by prefix).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { setLanguage } from '../../lib/i18n/index.ts'
import type { ClientMessage, LifecycleEvent, Refusal, RunEvent, ServerMessage } from '../../lib/protocol.ts'
import { Check } from '../../lib/self-study/check.ts'
import { evaluateCheck, exitCodesMade, redisSessions } from '../../lib/self-study/evaluate.ts'
import { parseExerciseFence } from '../../lib/self-study/exercise.ts'
import { RESET_MARK, ResetFailed, resetExercise, resetKey, startKey, type ResetTransport } from '../../lib/self-study/exercise-reset.ts'
import type { ContainerFact, ExecFact, Facts, RunFact } from '../../lib/self-study/facts.ts'
import { attemptKey, solutionKey } from '../../lib/self-study/names.ts'
import type { DockerCli } from '../../runner/docker/docker-cli.ts'
import { DeckContainers } from '../../runner/engine/deck-containers.ts'
import type { Follower } from '../../runner/execution/run.ts'
import { Runs } from '../../runner/execution/runs.ts'
import { fakeEngine } from './fake-engine.ts'

const ID = 'exit-codes'
let n = 0
const container = (fields: Partial<ContainerFact> = {}): ContainerFact => ({
  id: `${++n}`.padStart(64, '0'), name: `c${n}`, image: 'alpine', command: 'false', state: 'exited', exitCode: 1, createdAt: 1000 + n, blockKey: attemptKey(ID, 1), ...fields,
})
const run = (line: string, exitCode: number | null, blockKey = attemptKey(ID, 1)): RunFact => ({ blockKey, line, exitCode })
const check = (raw: unknown): Check => Check.parse(Array.isArray(raw) ? raw : [raw])

afterEach(() => setLanguage('ko'))

describe('evaluateCheck: exitCodes', () => {
  const LAB = check({ exitCodes: [1, 125, 127] })
  const lab = (containers: ContainerFact[], runs: RunFact[] = []): Facts => ({ containers, redis: [], runs })

  it('passes on codes from ended containers, a created one whose start failed, and docker run\'s own 125', () => {
    const facts = lab(
      [container({ command: 'false', exitCode: 1 }), container({ command: 'nosuch', state: 'created', exitCode: 127 })],
      [run('docker run --name taken alpine true', 125)],
    )
    expect(evaluateCheck(ID, LAB, facts)).toEqual({ pass: true, containers: [] })
    expect([...exitCodesMade(facts.containers, facts).made.keys()].sort((a, b) => a - b)).toEqual([1, 125, 127])
  })

  it('lists the missing codes as expected, and says which it saw made', () => {
    const verdict = evaluateCheck(ID, LAB, lab([container({ exitCode: 1 })]))
    expect(verdict).toMatchObject({ pass: false, expectation: 0, field: 'exitCodes', expected: '125, 127', saw: '1' })
    expect(!verdict.pass && verdict.hint).toBe('아직 만들지 못한 종료 코드: 125, 127. 만든 코드: 1')
  })

  it('takes 125 only from a docker run, create or start line, not from another command or a container that is not the exercise\'s', () => {
    const facts = lab([container({ exitCode: 1 }), container({ state: 'created', exitCode: 127, blockKey: 'docker-run-alpine-ls-1yg8lak' })], [
      run('docker exec ex-code redis-cli', 125), run('docker rm ex-code', 125), run('docker run alpine false', 1),
    ])
    expect(evaluateCheck(ID, LAB, facts)).toMatchObject({ field: 'exitCodes', expected: '125, 127' })
    expect(evaluateCheck(ID, LAB, lab([container({ exitCode: 1 }), container({ state: 'created', exitCode: 127 })], [run('docker container create --name x alpine', 125)])).pass).toBe(true)
  })

  it('ignores a running container and a docker run that was stopped (no exit code)', () => {
    const facts = lab([container({ state: 'running', exitCode: undefined })], [run('docker run alpine sleep 300', null)])
    expect(evaluateCheck(ID, check({ exitCodes: [0] }), facts)).toMatchObject({ field: 'exitCodes', expected: '0', saw: '(없음)' })
  })

  it('does not count a code the command names itself with exit, and the hint says so', () => {
    const facts = lab([container({ command: 'sh -c exit 127', state: 'exited', exitCode: 127 }), container({ exitCode: 1 })], [run('docker run alpine sh -c "exit 125"', 125)])
    const verdict = evaluateCheck(ID, LAB, facts)
    expect(verdict).toMatchObject({ field: 'exitCodes', expected: '125, 127' })
    expect(!verdict.pass && verdict.saw).toMatch(/^1 \(exit로 직접 낸 (125, 127|127, 125)은\(는\) 세지 않습니다\)$/)
    expect([...exitCodesMade(facts.containers, facts).byHand].sort()).toEqual([125, 127])
  })

  it('counts a code made by hand once it is also made honestly', () => {
    const facts = lab([container({ command: 'sh -c exit 1', exitCode: 1 }), container({ command: 'false', exitCode: 1 })])
    const { made, byHand } = exitCodesMade(facts.containers, facts)
    expect([made.has(1), byHand.size]).toEqual([true, 0])
  })

  it('counts only the runs after the exercise\'s last 처음부터 다시', () => {
    // Newest first: the 125 came before the reset, which removed its traces.
    const runs = [run('docker ps', 0), run(RESET_MARK, 0, resetKey(ID)), run('docker run --name x alpine true', 125)]
    expect(exitCodesMade([], lab([], runs)).made.has(125)).toBe(false)
    expect(exitCodesMade([], lab([], runs.slice(2))).made.has(125)).toBe(true)
  })
})

describe('evaluateCheck: imageAbsent', () => {
  const ESCAPE = 'escape-room'
  const GONE = check({ imageAbsent: { image: 'docker-live-deck/rmi-demo' } })
  const user = (fields: Partial<ContainerFact>) => container({ image: 'docker-live-deck/rmi-demo:latest', command: '/demo', exitCode: 0, blockKey: attemptKey(ESCAPE, 1), ...fields })

  it('passes when the engine no longer has the image', () => {
    expect(evaluateCheck(ESCAPE, GONE, { containers: [], redis: [], images: [{ image: 'docker-live-deck/rmi-demo', present: false }] })).toEqual({ pass: true, containers: [] })
  })

  it('fails while the image is there, naming the exercise\'s containers that use it', () => {
    const verdict = evaluateCheck(ESCAPE, GONE, {
      containers: [user({ name: 'ex-old' }), container({ name: 'other', blockKey: attemptKey(ESCAPE, 1) }), user({ name: 'lecture', blockKey: 'create-rmi-user' })],
      redis: [], images: [{ image: 'docker-live-deck/rmi-demo', present: true }],
    })
    expect(verdict).toMatchObject({ pass: false, field: 'imagePresent', expected: 'docker-live-deck/rmi-demo', saw: 'docker-live-deck/rmi-demo:latest 컨테이너 ex-old ("/demo", 종료됨 (0))' })
    expect(!verdict.pass && verdict.hint).toBe('이미지 docker-live-deck/rmi-demo가 아직 엔진에 있습니다. 그 이미지를 쓰는 컨테이너: docker-live-deck/rmi-demo:latest 컨테이너 ex-old ("/demo", 종료됨 (0))')
  })

  it('fails, seeing nothing, without facts about the image', () => {
    expect(evaluateCheck(ESCAPE, GONE, { containers: [], redis: [] })).toMatchObject({ field: 'imagePresent', saw: '(없음)' })
  })
})

describe('evaluateCheck: redisKey sessions', () => {
  const REDIS_ID = 'redis-key'
  const TWO = check({ redisKey: { key: 'course', value: 'docker', sessions: 2 } })
  const server = container({ image: 'redis', command: 'docker-entrypoint.sh redis-server', state: 'running', exitCode: undefined, blockKey: attemptKey(REDIS_ID, 1) })
  const exec = (command: string, timeNano: string, containerId = server.id): ExecFact => ({ containerId, command, timeNano })
  const withSessions = (execs: ExecFact[]): Facts => ({ containers: [server], redis: [{ containerId: server.id, key: 'course', value: 'docker' }], execs })
  const own = exec('redis-cli --no-raw GET course', '50')

  it('passes with two redis-cli sessions in the server', () => {
    expect(evaluateCheck(REDIS_ID, TWO, withSessions([exec('redis-cli', '10'), exec('redis-cli get course', '20'), own]))).toEqual({ pass: true, containers: [server.id] })
  })

  it('fails on one session, not counting the check\'s own GET, another command or another container', () => {
    const verdict = evaluateCheck(REDIS_ID, TWO, withSessions([exec('redis-cli', '10'), own, exec('sh', '20'), exec('redis-cli', '30', 'f'.repeat(64))]))
    expect(verdict).toMatchObject({ pass: false, field: 'sessions', expected: '2', saw: 'redis-cli exec 세션 1개' })
    expect(!verdict.pass && verdict.hint).toMatch(/^값은 맞지만, 레디스 서버에 붙은 exec 세션이 2개가 되지 않습니다/)
  })

  it('lists the sessions oldest first, by their engine time', () => {
    expect(redisSessions(server.id, 'course', withSessions([exec('redis-cli b', '100000000000000000002'), exec('redis-cli a', '99999999999999999999'), own]))).toEqual(['redis-cli a', 'redis-cli b'])
  })

  it('judges the value before the sessions', () => {
    expect(evaluateCheck(REDIS_ID, TWO, { ...withSessions([]), redis: [{ containerId: server.id, key: 'course', value: null }] })).toMatchObject({ field: 'value' })
  })
})

describe('evaluateCheck: a container\'s name', () => {
  const ESCAPE = 'escape-room'
  const mine = (fields: Partial<ContainerFact>) => container({ blockKey: attemptKey(ESCAPE, 1), ...fields })

  it('matches the container by its name first', () => {
    const named = check({ container: { name: 'ex-name', state: 'exited' } })
    const good = mine({ name: 'ex-name' })
    expect(evaluateCheck(ESCAPE, named, { containers: [mine({ name: 'other' }), good], redis: [] })).toEqual({ pass: true, containers: [good.id] })
    expect(evaluateCheck(ESCAPE, named, { containers: [mine({ name: 'other', command: 'true', exitCode: 0 })], redis: [] }))
      .toMatchObject({ field: 'name', expected: 'ex-name', saw: 'alpine 컨테이너 other ("true", 종료됨 (0))' })
  })

  it('wants a container of that name gone, and names it in the hint', () => {
    const gone = check({ absent: { name: 'ex-old' } })
    expect(evaluateCheck(ESCAPE, gone, { containers: [mine({ name: 'ex-new' })], redis: [] }).pass).toBe(true)
    const verdict = evaluateCheck(ESCAPE, gone, { containers: [mine({ name: 'ex-old', command: 'true', exitCode: 0 })], redis: [] })
    expect(verdict).toMatchObject({ field: 'absent', saw: 'alpine 컨테이너 ex-old ("true", 종료됨 (0))' })
    expect(!verdict.pass && verdict.expected).toContain('ex-old')
  })
})

describe('parseExerciseFence: start and solution exit codes', () => {
  const BASE = 'id: lab\nsection: lifecycle\nsectionTitle: 생명 주기\ntitle: t\ntask: t\nhintSteps: [h1, h2]\ncheck:\n  exitCodes: [0, 1]\n'
  const parsed = (more: string) => parseExerciseFence(`${BASE}${more}`)

  it('reads start as one line or a list, and none by default', () => {
    expect(parsed('solution: docker ps')).toMatchObject({ ok: true, value: { start: [] } })
    expect(parsed('solution: docker ps\nstart: docker run -d --name ex-redis redis')).toMatchObject({ ok: true, value: { start: ['docker run -d --name ex-redis redis'] } })
    expect(parsed('solution: docker ps\nstart:\n  - docker run -d --name ex-a alpine sleep 300\n  - docker exec ex-a true')).toMatchObject({
      ok: true, value: { start: ['docker run -d --name ex-a alpine sleep 300', 'docker exec ex-a true'] },
    })
  })

  it('reads { line, exitCode } solution lines beside plain ones: the lines, and the code each ends with', () => {
    const result = parsed('solution:\n  - { line: docker run alpine false, exitCode: 1 }\n  - docker ps -a')
    expect(result).toMatchObject({ ok: true, value: { solution: ['docker run alpine false', 'docker ps -a'], solutionExits: [1, 0] } })
  })

  it.each([
    ['solution: docker ps\nstart: redis-server', /^start\[0\]: a docker command/],
    ['solution: docker ps\nstart: [docker ps, "docker ps\\ndocker ps"]', /^start\[1\]: one command per line/],
    ['solution: docker ps\nstart: [docker ps, docker ps, docker ps, docker ps, docker ps, docker ps, docker ps]', /^start: /],
    ['solution:\n  - { line: docker run alpine false, exitCode: 300 }', /^solution\[0\]/],
    ['solution:\n  - { line: docker run alpine false, exitCode: 1, why: x }', /^solution\[0\]/],
    ['solution:\n  - { line: false, exitCode: 1 }', /^solution\[0\]/],
  ])('refuses %j', (more, error) => {
    const result = parsed(more)
    expect(result.ok ? undefined : result.error).toMatch(error)
  })
})

/** A fake runner client: checks answered from `listings` (one per check, the last repeated), runs ended with `exits` by line. */
function fakeTransport(listings: ContainerFact[][], exits: (line: string, attempt: number) => number | Refusal = () => 0) {
  const listeners = new Set<(message: ServerMessage) => void>()
  const runs: Array<[string, string]> = []
  const ended = new Map<string, number>()
  let checks = 0
  const client: ResetTransport = {
    send(message: ClientMessage) {
      if (message.type !== 'check') return
      const containers = listings[Math.min(checks++, listings.length - 1)]!
      queueMicrotask(() => listeners.forEach((listener) => listener({ type: 'check-result', requestId: message.requestId, exerciseId: message.exerciseId, facts: { containers, redis: [] }, verdict: { pass: true, containers: [] } })))
    },
    on(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async run(key, line) {
      runs.push([key, line])
      const outcome = exits(line, runs.filter(([, l]) => l === line).length)
      if (typeof outcome === 'object') return { refusal: outcome }
      ended.set(`run-${runs.length}`, outcome)
      return { runId: `run-${runs.length}` }
    },
    ended: async (runId) => ({ kind: 'ended', seq: 1, exitCode: ended.get(runId) ?? null, signal: null, durationMs: 1 }) as Extract<RunEvent, { kind: 'ended' }>,
  }
  return { client, runs, checks: () => checks }
}

describe('resetExercise', () => {
  const EX = 'keep-running'
  const exercise = (start: string[] = []) => ({ id: EX, check: check({ container: { state: 'running' } }), start })
  /** Container `i` of the exercise; a lower `i` is newer. */
  const mine = (i: number, blockKey = attemptKey(EX, 1)) => container({ id: String(i).repeat(64), blockKey, createdAt: -i })

  it('removes the exercise\'s containers with one docker rm -f under its reset key, and no one else\'s', async () => {
    const a = mine(1)
    const b = mine(2, solutionKey(EX, 1))
    const theirs = mine(3, 'docker-run-redis-13dbmij')
    const transport = fakeTransport([[a, b, theirs], [a, b, theirs]])
    await expect(resetExercise(transport.client, exercise())).resolves.toEqual({ removed: [a.id, b.id] })
    expect(transport.runs).toEqual([[resetKey(EX), `docker rm -f ${a.id} ${b.id}`]])
    expect(transport.checks()).toBe(2)
  })

  it('lists again after removing, for what the first listing left out', async () => {
    const transport = fakeTransport([[mine(1)], [mine(2)], []])
    await expect(resetExercise(transport.client, exercise())).resolves.toEqual({ removed: [mine(1).id, mine(2).id] })
    expect(transport.runs.map(([, line]) => line)).toEqual([`docker rm -f ${'1'.repeat(64)}`, `docker rm -f ${'2'.repeat(64)}`])
  })

  it('runs the start\'s lines in order, each under its own start key (the reset block leaving its mark when nothing was removed)', async () => {
    const start = ['docker run -d --name ex-keep alpine sleep 300', 'docker run alpine echo one']
    const transport = fakeTransport([[]])
    await expect(resetExercise(transport.client, exercise(start))).resolves.toEqual({ removed: [] })
    expect(transport.runs).toEqual([[resetKey(EX), RESET_MARK], [startKey(EX, 1), start[0]], [startKey(EX, 2), start[1]]])
  })

  it('tries a docker exec start line again until the server takes it', async () => {
    const start = ['docker run -d --name ex-redis redis', 'docker exec ex-redis redis-cli set course docker']
    const transport = fakeTransport([[]], (line, attempt) => (line.startsWith('docker exec') && attempt < 3 ? 1 : 0))
    await resetExercise(transport.client, exercise(start), { execRetryMs: 5_000 })
    expect(transport.runs.filter(([key]) => key === startKey(EX, 2))).toHaveLength(3)
  })

  it('gives up on a docker exec line after execRetryMs', async () => {
    const transport = fakeTransport([[]], (line) => (line.startsWith('docker exec') ? 1 : 0))
    await expect(resetExercise(transport.client, exercise(['docker exec ex-redis redis-cli ping']), { execRetryMs: 300 })).rejects.toBeInstanceOf(ResetFailed)
    expect(transport.runs.length).toBeGreaterThan(2)
  })

  it('stops at a failing line that is not an exec, naming it and its exit code, without trying it again or going on', async () => {
    const start = ['docker run -d --name ex-keep alpine sleep 300', 'docker run alpine echo one']
    const transport = fakeTransport([[]], (line) => (line === start[0] ? 125 : 0))
    const failure = await resetExercise(transport.client, exercise(start), { execRetryMs: 5_000 }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ResetFailed)
    expect(failure).toMatchObject({ line: start[0], exitCode: 125, refusal: undefined, message: `${start[0]} ended with exit code 125` })
    expect(transport.runs.map(([key]) => key)).toEqual([resetKey(EX), startKey(EX, 1)])
  })

  it('stops at a refused line, even an exec, with the runner\'s refusal', async () => {
    const refusal: Refusal = { code: 'not-deck-object', message: 'ex-web is not the deck\'s container.' }
    const transport = fakeTransport([[]], (line) => (line.startsWith('docker exec') ? refusal : 0))
    const failure = await resetExercise(transport.client, exercise(['docker exec ex-web true']), { execRetryMs: 5_000 }).catch((error: unknown) => error)
    expect(failure).toMatchObject({ line: 'docker exec ex-web true', exitCode: null, refusal, message: `docker exec ex-web true: ${refusal.message}` })
    expect(transport.runs).toHaveLength(2)
  })

  it('stops when removing fails', async () => {
    const transport = fakeTransport([[mine(1)]], (line) => (line.startsWith('docker rm') ? 1 : 0))
    await expect(resetExercise(transport.client, exercise(['docker ps']))).rejects.toMatchObject({ line: `docker rm -f ${'1'.repeat(64)}`, exitCode: 1 })
    expect(transport.runs).toHaveLength(1)
  })
})

describe('DeckContainers.execSessions', () => {
  const noCli = {} as DockerCli
  const C = 'c'.repeat(64)
  const event = (action: LifecycleEvent['action'], fields: Partial<LifecycleEvent> = {}): LifecycleEvent => ({ action, containerId: C, name: 'ex-redis', image: 'redis', timeNano: '1000', ...fields })

  it('remembers the exec sessions started in a container, oldest first, leaving out those that failed', () => {
    const table = new DeckContainers(noCli)
    table.apply(event('create'))
    table.apply(event('start'))
    table.apply(event('exec_create', { execId: 'e0', execCommand: 'redis-cli', timeNano: '1500' }))
    table.apply(event('exec_start', { execId: 'e1', execCommand: 'redis-cli', timeNano: '2000' }))
    table.apply(event('exec_start', { execId: 'e2', execCommand: 'redis-cli -h nowhere', timeNano: '3000' }))
    table.apply(event('exec_die', { execId: 'e2', exitCode: 1, timeNano: '3100' }))
    table.apply(event('exec_start', { execId: 'e3', execCommand: 'redis-cli get course', timeNano: '4000' }))
    table.apply(event('exec_die', { execId: 'e3', exitCode: 0, timeNano: '4100' }))
    expect(table.execSessions(C)).toEqual([{ containerId: C, command: 'redis-cli', timeNano: '2000' }, { containerId: C, command: 'redis-cli get course', timeNano: '4000' }])
    expect(table.execSessions('d'.repeat(64))).toEqual([])
  })

  it('forgets a container\'s sessions once it is removed', () => {
    const table = new DeckContainers(noCli)
    table.apply(event('create'))
    table.apply(event('exec_start', { execId: 'e1', execCommand: 'redis-cli' }))
    table.apply(event('destroy'))
    expect(table.execSessions(C)).toEqual([])
  })
})

describe('Runs.finishedWithPrefix', () => {
  const LIMITS = { timeoutMs: 60_000, outputCapBytes: 1024, ttyIdleMs: 60_000, congestionMs: 1_000 }
  const follower: Follower = { congested: false, drop: () => {}, deliver: () => {} }

  it('lists the finished runs under a key prefix, newest first, with how the CLI ended', async () => {
    // /bin/true and /bin/false stand in for the docker CLI: the runs end 0 and 1.
    const cli = { path: '/bin/true', env: {}, run: async () => ({ exitCode: 0, stdout: '', stderr: '' }), text: async () => undefined }
    const runs = new Runs(cli as unknown as DockerCli, fakeEngine() as unknown as DeckContainers, { ...LIMITS, maxConcurrentRuns: 4, reattachMs: 1_000, keepFinished: 10, onFault: vi.fn(), reservedPorts: [] })
    const first = await runs.start(attemptKey('lab', 1), 'docker ps', follower)
    expect(runs.finishedWithPrefix('ex--lab--')).toEqual([])
    await vi.waitFor(() => expect(first.ended).toBe(true))
    cli.path = '/bin/false'
    const second = await runs.start(attemptKey('lab', 2), 'docker ps -a', follower)
    const other = await runs.start(attemptKey('lab-2', 1), 'docker ps', follower)
    await vi.waitFor(() => expect(second.ended && other.ended).toBe(true))
    expect(runs.finishedWithPrefix('ex--lab--')).toEqual([
      { key: attemptKey('lab', 2), line: 'docker ps -a', exitCode: 1 },
      { key: attemptKey('lab', 1), line: 'docker ps', exitCode: 0 },
    ])
  })
})
