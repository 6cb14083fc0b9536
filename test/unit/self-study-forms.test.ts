// The declarative forms of self-study: ```predict and ```exercise fences read
// from YAML or JSON, validated with zod, errors naming the field; and how a
// prediction's answer is scored.
import { describe, expect, it } from 'vitest'
import { isCorrect, normaliseAnswer } from '../../lib/self-study/answers.ts'
import { Check } from '../../lib/self-study/check.ts'
import { parseExerciseFence } from '../../lib/self-study/exercise.ts'
import { attemptKey, exerciseKeyPrefix, fenceAttributes, fenceLanguage, isExerciseKey, solutionKey } from '../../lib/self-study/names.ts'
import { parsePredictFence } from '../../lib/self-study/prediction.ts'

const PREDICT = `
section: lifecycle
question: "\`docker kill\` 뒤 ping의 종료 코드는?"
choices: [0, 137, 143]
answer: 137
why: kill은 SIGKILL(9)을 보낸다.
observe: exit-code
`

const EXERCISE = `
id: echo-hi
section: run
sectionTitle: 실행과 이미지
title: alpine에서 echo hi
task: "alpine에서 \`echo hi\`를 실행하라"
hintSteps: [docker run을 떠올려 보세요, docker run <이미지> <명령어>]
solution: docker run alpine echo hi
check:
  container: { image: alpine, commandIncludes: echo hi, state: exited, exitCode: 0 }
  hints:
    image: "alpine으로! 본 것: {saw}"
`

const errorOf = (result: { ok: boolean; error?: string }) => (result.ok ? undefined : result.error)

describe('parsePredictFence', () => {
  it('reads a multiple-choice prediction, its block key from the info, numbers as text', () => {
    const result = parsePredictFence('predict {for=ping-for-kill}', PREDICT)
    expect(result).toEqual({
      ok: true,
      value: {
        id: 'ping-for-kill', for: 'ping-for-kill', section: 'lifecycle', question: '`docker kill` 뒤 ping의 종료 코드는?',
        choices: ['0', '137', '143'], answer: ['137'], why: 'kill은 SIGKILL(9)을 보낸다.', observe: 'exit-code',
      },
    })
  })

  it('reads JSON as well as YAML, and a quoted key', () => {
    const json = JSON.stringify({ section: 'list', question: 'STATUS?', answer: ['Exited', 'Exited (0)'], why: '멈췄다.', observe: { match: 'Exited \\(\\d+\\)' } })
    const result = parsePredictFence('predict {for="docker-ps-a-og4p8w"}', json)
    expect(result.ok && result.value).toMatchObject({ for: 'docker-ps-a-og4p8w', answer: ['Exited', 'Exited (0)'], observe: { match: 'Exited \\(\\d+\\)' } })
  })

  it('shows the output by default and takes an explicit id', () => {
    const result = parsePredictFence('predict {for=docker-ps-mh002q}', 'id: ps-hello\nsection: list\nquestion: q\nanswer: 아니오\nwhy: w')
    expect(result.ok && result.value).toMatchObject({ id: 'ps-hello', observe: 'output' })
  })

  it.each([
    ['predict', PREDICT, /^for: .*```predict \{for=BLOCK-KEY\}/],
    ['predict {for=../x}', PREDICT, /^for: a block key is lower-case/],
    ['predict {for=k}', PREDICT.replace('answer: 137', 'answer: 138'), /^answer\[0\]: "138" is not one of the choices \(0, 137, 143\)/],
    ['predict {for=k}', PREDICT.replace('why: kill은 SIGKILL(9)을 보낸다.', ''), /^why: /],
    ['predict {for=k}', PREDICT.replace('section: lifecycle', 'section: Life Cycle'), /^section: use lower-case letters/],
    ['predict {for=k}', PREDICT.replace('choices: [0, 137, 143]', 'choices: [137, " 137 "]'), /^choices: two choices say the same thing/],
    ['predict {for=k}', PREDICT.replace('observe: exit-code', "observe: { match: '(' }"), /^observe/],
    ['predict {for=k}', `${PREDICT}extra: 1\n`, /extra/],
    ['predict {for=k}', `for: k\n${PREDICT}`, /^for: write the block key in the fence's info/],
    ['predict {for=k}', 'question: [unclosed', /^the body is neither YAML nor JSON/],
    ['predict {for=k}', '', /^the fence is empty/],
    ['predict {for=k}', '- a\n- b', /^\(the body\): expected fields/],
  ])('refuses ```%s with an error naming the field (%#)', (info, body, error) => {
    expect(errorOf(parsePredictFence(info, body))).toMatch(error)
  })
})

describe('parseExerciseFence', () => {
  it('reads an exercise: one solution line and one expectation become lists, defaults filled in', () => {
    const result = parseExerciseFence(EXERCISE)
    expect(result).toEqual({
      ok: true,
      value: {
        id: 'echo-hi', section: 'run', sectionTitle: '실행과 이미지', title: 'alpine에서 echo hi', task: 'alpine에서 `echo hi`를 실행하라',
        hintSteps: ['docker run을 떠올려 보세요', 'docker run <이미지> <명령어>'],
        solution: ['docker run alpine echo hi'], solutionExits: [0], start: [],
        check: [{ container: { image: 'alpine', commandIncludes: 'echo hi', state: 'exited', exitCode: 0 }, hints: { image: 'alpine으로! 본 것: {saw}' } }],
        terminals: 1, starter: 'docker ps -a',
      },
    })
  })

  it('reads a redis expectation with its default server image, and lists of lines and expectations', () => {
    const body = 'id: redis-key\nsection: exec\nsectionTitle: exec\ntitle: t\ntask: t\nterminals: 2\nhintSteps: [h1, h2]\nsolution:\n  - docker run -d redis\n  - docker exec <id:redis> redis-cli set course docker\ncheck:\n  - redisKey: { key: course, value: docker }\n  - absent: { image: alpine }'
    const result = parseExerciseFence(body)
    expect(result.ok && result.value).toMatchObject({
      terminals: 2,
      solution: ['docker run -d redis', 'docker exec <id:redis> redis-cli set course docker'],
      check: [{ redisKey: { container: { image: 'redis' }, key: 'course', value: 'docker' } }, { absent: { image: 'alpine' } }],
    })
  })

  it.each([
    [EXERCISE.replace('state: exited', 'state: stopped'), /^check\[0\]\.container\.state: /],
    [EXERCISE.replace('exitCode: 0', 'exitCode: 300'), /^check\[0\]\.container\.exitCode: /],
    [EXERCISE.replace('container: { image: alpine, commandIncludes: echo hi, state: exited, exitCode: 0 }', 'container: {}'), /^check\[0\]\.container: say at least one/],
    [EXERCISE.replace('solution: docker run alpine echo hi', 'solution: echo hi'), /^solution\[0\]\.line: a docker command/],
    [EXERCISE.replace('solution: docker run alpine echo hi', 'solution: [docker run alpine echo hi, "docker ps\\ndocker ps"]'), /^solution\[1\]\.line: one command per line/],
    [EXERCISE.replace('id: echo-hi', 'id: echo--hi'), /^id: use lower-case letters/],
    [EXERCISE.replace('    image: "alpine으로! 본 것: {saw}"', '    colour: red'), /^check\[0\]\.hints/],
    [EXERCISE.replace('check:\n  container', 'check:\n  redisKey: { key: "a b" }\n  container'), /^check/],
    [EXERCISE.replace('title: alpine에서 echo hi\n', ''), /^title: /],
    [EXERCISE.replace('hintSteps: [docker run을 떠올려 보세요, docker run <이미지> <명령어>]\n', ''), /^hintSteps: /],
    [EXERCISE.replace('hintSteps: [docker run을 떠올려 보세요, docker run <이미지> <명령어>]', 'hintSteps: [하나뿐]'), /^hintSteps: /],
  ])('refuses a malformed exercise with an error naming the field (%#)', (body, error) => {
    expect(errorOf(parseExerciseFence(body))).toMatch(error)
  })

  it('refuses a redis key the runner could not pass as one plain word', () => {
    expect(Check.safeParse([{ redisKey: { key: 'a;rm -rf /' } }]).success).toBe(false)
    expect(Check.safeParse([{ redisKey: { key: 'course:2024' } }]).success).toBe(true)
  })
})

describe('names', () => {
  it('keys an exercise\'s blocks under a prefix no other exercise can share', () => {
    expect(attemptKey('redis', 1)).toBe('ex--redis--1')
    expect(solutionKey('redis', 2)).toBe('ex--redis--solution-2')
    expect(isExerciseKey('redis', attemptKey('redis-key', 1))).toBe(false)
    expect(isExerciseKey('redis-key', attemptKey('redis-key', 1))).toBe(true)
    expect(isExerciseKey('redis', undefined)).toBe(false)
    expect(exerciseKeyPrefix('a')).toBe('ex--a--')
  })

  it('reads the fence language and its attributes', () => {
    expect(fenceLanguage('predict {for=a-b}')).toBe('predict')
    expect(fenceLanguage('exercise')).toBe('exercise')
    expect(fenceAttributes('predict {for=a-b}')).toEqual({ for: 'a-b' })
    expect(fenceAttributes('predict {for="a-b" id=x}')).toEqual({ for: 'a-b', id: 'x' })
    expect(fenceAttributes('predict')).toEqual({})
  })
})

describe('scoring a prediction', () => {
  it.each([
    [' 137 ', '137'], ['１３７', '137'], ['Exited  (0)', 'exited (0)'], ['`137`', '137'], ['"아니오"', '아니오'], ['137.', '137'],
  ])('normalises %j to %j', (given, normal) => {
    expect(normaliseAnswer(given)).toBe(normal)
  })

  it('accepts any listed answer, and nothing empty', () => {
    expect(isCorrect(' 137 ', ['137'])).toBe(true)
    expect(isCorrect('exited', ['Exited', 'Exited (0)'])).toBe(true)
    expect(isCorrect('Exited (0)', ['Exited', 'Exited (0)'])).toBe(true)
    expect(isCorrect('143', ['137'])).toBe(false)
    expect(isCorrect('   ', [''])).toBe(false)
  })
})
