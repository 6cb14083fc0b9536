// The pure evaluator: a check judged against facts (the exercise's own
// containers and redis values), pass or the first failed expectation with a
// hint, in Korean, saying what was seen.
import { afterEach, describe, expect, it } from 'vitest'
import { setLanguage } from '../../lib/i18n/index.ts'
import { Check } from '../../lib/self-study/check.ts'
import { evaluateCheck, exerciseContainers, redisTargets } from '../../lib/self-study/evaluate.ts'
import { commandHas, sameImage, type ContainerFact, type Facts } from '../../lib/self-study/facts.ts'
import { attemptKey, solutionKey } from '../../lib/self-study/names.ts'

const ID = 'echo-hi'
let n = 0
const container = (fields: Partial<ContainerFact> = {}): ContainerFact => ({
  id: `${++n}`.padStart(64, '0'), name: `c${n}`, image: 'alpine', command: 'echo hi', state: 'exited', exitCode: 0, createdAt: 1000 + n, blockKey: attemptKey(ID, 1), ...fields,
})
const facts = (containers: ContainerFact[], redis: Facts['redis'] = []): Facts => ({ containers, redis })
const check = (raw: unknown): Check => Check.parse(Array.isArray(raw) ? raw : [raw])

const ECHO = check([{ container: { image: 'alpine', commandIncludes: 'echo hi', state: 'exited', exitCode: 0 } }])

afterEach(() => setLanguage('ko'))

describe('evaluateCheck: container', () => {
  it('passes when one of the exercise\'s containers meets every field, naming it', () => {
    const good = container()
    expect(evaluateCheck(ID, ECHO, facts([container({ command: 'echo bye' }), good]))).toEqual({ pass: true, containers: [good.id] })
  })

  it('counts the reference solution\'s blocks as the exercise\'s own', () => {
    expect(evaluateCheck(ID, ECHO, facts([container({ blockKey: solutionKey(ID, 1) })])).pass).toBe(true)
  })

  it('ignores containers other blocks made (the slides\', another exercise\'s, unknown runs)', () => {
    const others = [container({ blockKey: 'docker-run-alpine-ls-1yg8lak' }), container({ blockKey: attemptKey('echo-hi-2', 1) }), container({ blockKey: undefined })]
    expect(evaluateCheck(ID, ECHO, facts(others))).toEqual({
      pass: false, expectation: 0, field: 'exists', expected: 'alpine · "echo hi" · 종료됨', saw: '(없음)',
      hint: '이 연습의 블록에서 만든 컨테이너가 아직 없습니다 (찾는 것: alpine · "echo hi" · 종료됨). 위 블록에서 명령어를 실행해 보세요.',
    })
  })

  it('fails on the image, saying which images it saw', () => {
    const verdict = evaluateCheck(ID, ECHO, facts([container({ name: 'hi-1', image: 'hello-world', command: '/hello' })]))
    expect(verdict).toMatchObject({ pass: false, field: 'image', expected: 'alpine' })
    expect(!verdict.pass && verdict.hint).toBe('alpine 이미지로 만든 컨테이너가 없습니다. 본 것: hello-world 컨테이너 hi-1 ("/hello", 종료됨 (0))')
  })

  it('matches images as docker names them: alpine:latest, library/alpine, docker.io/library/alpine', () => {
    for (const image of ['alpine:latest', 'library/alpine', 'docker.io/library/alpine']) expect(evaluateCheck(ID, ECHO, facts([container({ image })])).pass).toBe(true)
    expect(evaluateCheck(ID, ECHO, facts([container({ image: 'alpine:3.19' })])).pass).toBe(false)
  })

  it('fails on the command among the right image\'s containers only', () => {
    const verdict = evaluateCheck(ID, ECHO, facts([container({ name: 'bye', command: 'echo bye' }), container({ image: 'redis', command: 'echo hi' })]))
    expect(verdict).toMatchObject({ field: 'command', expected: 'echo hi', saw: 'alpine 컨테이너 bye ("echo bye", 종료됨 (0))' })
  })

  it('fails on the state: created, running', () => {
    expect(evaluateCheck(ID, ECHO, facts([container({ name: 'new', state: 'created', exitCode: undefined })]))).toMatchObject({ field: 'state', expected: '종료됨', saw: 'alpine 컨테이너 new ("echo hi", 생성됨)' })
    expect(evaluateCheck(ID, ECHO, facts([container({ name: 'up', state: 'running', exitCode: undefined })]))).toMatchObject({ field: 'state', saw: 'alpine 컨테이너 up ("echo hi", 실행 중)' })
  })

  it('fails on the exit code, saying which it saw', () => {
    const stop = check({ container: { image: 'alpine', state: 'exited', exitCode: 143 } })
    const verdict = evaluateCheck(ID, stop, facts([container({ name: 'sleeper', command: 'sleep 300', exitCode: 137 })]))
    expect(verdict).toMatchObject({ field: 'exitCode', expected: '143', saw: 'alpine 컨테이너 sleeper ("sleep 300", 종료됨 (137))' })
    expect(!verdict.pass && verdict.hint).toBe('종료 코드가 143인 컨테이너가 없습니다. 본 것: alpine 컨테이너 sleeper ("sleep 300", 종료됨 (137))')
  })

  it('an exit code alone needs an ended container', () => {
    const code0 = check({ container: { exitCode: 0 } })
    expect(evaluateCheck(ID, code0, facts([container({ state: 'running', exitCode: undefined })]))).toMatchObject({ field: 'exitCode' })
  })

  it('names at most three containers, newest first, and counts the rest', () => {
    const many = [1, 2, 3, 4, 5].map((i) => container({ name: `r${i}`, image: 'redis', command: `c${i}`, createdAt: i }))
    const verdict = evaluateCheck(ID, ECHO, facts(many))
    expect(!verdict.pass && verdict.saw).toBe('redis 컨테이너 r5 ("c5", 종료됨 (0)), redis 컨테이너 r4 ("c4", 종료됨 (0)), redis 컨테이너 r3 ("c3", 종료됨 (0)) 외 2개')
  })

  it('cuts a long command and a long name short in the hint', () => {
    const verdict = evaluateCheck(ID, ECHO, facts([container({ name: 'n'.repeat(64), command: `echo ${'x'.repeat(300)}` })]))
    expect(!verdict.pass && verdict.saw).toBe(`alpine 컨테이너 ${'n'.repeat(39)}… ("echo ${'x'.repeat(74)}…", 종료됨 (0))`)
  })

  it('uses the author\'s hint for the failed field, filling in {saw} and {expected}', () => {
    const own = check({ container: { image: 'alpine' }, hints: { image: '{expected} 이미지로! 본 것: {saw}' } })
    const verdict = evaluateCheck(ID, own, facts([container({ name: 'cache', image: 'redis', command: 'redis-server' })]))
    expect(!verdict.pass && verdict.hint).toBe('alpine 이미지로! 본 것: redis 컨테이너 cache ("redis-server", 종료됨 (0))')
  })

  it('words default hints in English when the page is in English', () => {
    setLanguage('en')
    const verdict = evaluateCheck(ID, ECHO, facts([container({ name: 'hi-1', image: 'hello-world', command: '/hello' })]))
    expect(!verdict.pass && verdict.hint).toBe('No container was made from the alpine image. Seen: a hello-world container hi-1 ("/hello", ended (0))')
  })
})

describe('evaluateCheck: several expectations, absent', () => {
  const KEEP = check([
    { container: { image: 'alpine', commandIncludes: 'sleep 300', state: 'running' } },
    { absent: { commandIncludes: 'echo' }, hints: { absent: '남은 것: {saw}' } },
  ])

  it('passes when the running one stays and the ended ones are gone', () => {
    const sleeper = container({ command: 'sleep 300', state: 'running', exitCode: undefined })
    expect(evaluateCheck(ID, KEEP, facts([sleeper]))).toEqual({ pass: true, containers: [sleeper.id] })
  })

  it('fails on the first expectation that fails, by its index', () => {
    const sleeper = container({ command: 'sleep 300', state: 'running', exitCode: undefined })
    const verdict = evaluateCheck(ID, KEEP, facts([sleeper, container({ name: 'one', command: 'echo one' })]))
    expect(verdict).toMatchObject({ pass: false, expectation: 1, field: 'absent', hint: '남은 것: alpine 컨테이너 one ("echo one", 종료됨 (0))' })
    expect(evaluateCheck(ID, KEEP, facts([container({ command: 'echo one' })]))).toMatchObject({ expectation: 0, field: 'command' })
  })
})

describe('evaluateCheck: redisKey', () => {
  const ID_R = 'redis-key'
  const REDIS = check({ redisKey: { key: 'course', value: 'docker' } })
  const server = (fields: Partial<ContainerFact> = {}) => container({ image: 'redis', command: 'docker-entrypoint.sh redis-server', state: 'running', exitCode: undefined, blockKey: attemptKey(ID_R, 1), ...fields })

  it('passes when a running server of the exercise holds the value', () => {
    const s = server()
    expect(evaluateCheck(ID_R, REDIS, facts([s], [{ containerId: s.id, key: 'course', value: 'docker' }]))).toEqual({ pass: true, containers: [s.id] })
  })

  it('any value passes when the expectation names none', () => {
    const s = server()
    expect(evaluateCheck(ID_R, check({ redisKey: { key: 'course' } }), facts([s], [{ containerId: s.id, key: 'course', value: '' }])).pass).toBe(true)
  })

  it('fails on a missing key, another value, or an unreadable server, saying what it read', () => {
    const s = server()
    expect(evaluateCheck(ID_R, REDIS, facts([s], [{ containerId: s.id, key: 'course', value: null }]))).toMatchObject({ field: 'value', expected: 'course = docker', saw: '키 course 없음' })
    expect(evaluateCheck(ID_R, REDIS, facts([s], [{ containerId: s.id, key: 'course', value: 'podman' }]))).toMatchObject({ field: 'value', saw: '"podman"' })
    expect(evaluateCheck(ID_R, REDIS, facts([s], [{ containerId: s.id, key: 'course', value: null, error: 'LOADING' }]))).toMatchObject({ field: 'value', saw: '읽지 못함 (LOADING)' })
    expect(evaluateCheck(ID_R, REDIS, facts([s]))).toMatchObject({ field: 'value', saw: '키 course 없음' })
  })

  it('fails when the exercise\'s server is not running, or there is none', () => {
    const stopped = server({ name: 'ex-redis', state: 'exited', exitCode: 0 })
    expect(evaluateCheck(ID_R, REDIS, facts([stopped]))).toMatchObject({ field: 'running', expected: 'redis', saw: 'redis 컨테이너 ex-redis ("docker-entrypoint.sh redis-server", 종료됨 (0))' })
    expect(evaluateCheck(ID_R, REDIS, facts([container({ name: 'echo-1', blockKey: attemptKey(ID_R, 1) })]))).toMatchObject({ field: 'exists', saw: 'alpine 컨테이너 echo-1 ("echo hi", 종료됨 (0))' })
    expect(evaluateCheck(ID_R, REDIS, facts([server({ blockKey: 'docker-run-redis-13dbmij' })]))).toMatchObject({ field: 'exists', saw: '(없음)' })
  })

  it('reads the key in at most three running servers, newest first', () => {
    const servers = [1, 2, 3, 4].map((i) => server({ createdAt: i }))
    const targets = redisTargets(REDIS[0] as Extract<Check[number], { redisKey: unknown }>, exerciseContainers(ID_R, facts(servers)))
    expect(targets.map((c) => c.createdAt)).toEqual([4, 3, 2])
  })
})

describe('facts helpers', () => {
  it('compares images and commands as docker shows them', () => {
    expect(sameImage('redis:latest', 'redis')).toBe(true)
    expect(sameImage('redis:7', 'redis')).toBe(false)
    expect(commandHas('sh -c echo  hi', 'echo hi')).toBe(true)
    expect(commandHas('echo bye', 'echo hi')).toBe(false)
  })
})
