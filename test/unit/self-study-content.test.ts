// The chapter's predictions and exercises in slides.md:
// every fence valid, one exercise per section at least, each prediction on a
// block slides.md has, the recorded runs agreeing with the answers, and
// every solution and wrong-attempt line one the policy plans. The engine
// test (test/engine/exercises.test.ts) runs them for real.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readCast } from '../../lib/asciicast.ts'
import type { BlockRecording } from '../../lib/block-recording.ts'
import type { ContainerInfo } from '../../lib/protocol.ts'
import { isCorrect } from '../../lib/self-study/answers.ts'
import { inventoryOf } from '../../lib/self-study/inventory.ts'
import { observeRun } from '../../lib/self-study/observe.ts'
import { recordedEvents } from '../../components/model/recorded-run.ts'
import { planCommand } from '../../runner/policy/policy.ts'
import { deckRunBlocks, SLIDES_FILE } from '../support/deck-blocks.ts'
import { deckSelfStudyItems } from '../support/deck-exercises.ts'
import { LAB_CODES, lineOf, WRONG_ATTEMPTS } from '../support/exercise-attempts.ts'
import { fakeEngine } from './fake-engine.ts'

const { predictions, exercises } = deckSelfStudyItems()
const runKeys = new Set(deckRunBlocks().map((block) => block.key))
const RECORDINGS = path.join(path.dirname(SLIDES_FILE), 'recordings')

describe('the chapter\'s self-study items', () => {
  it('group into the chapter\'s five sections, each with an exercise', () => {
    const inventory = inventoryOf(predictions.map((p) => ({ ...p })), exercises.map((e) => ({ ...e })))
    expect(inventory.sections.map((s) => s.id)).toEqual(['run', 'list', 'lifecycle', 'remove', 'exec'])
    for (const section of inventory.sections) expect(exercises.some((e) => e.section === section.id), `an exercise in ${section.id}`).toBe(true)
  })

  it('include the issue\'s three exercises: echo hi, a redis key, a stop ending in 143', () => {
    expect(exercises.map((e) => e.id)).toEqual(expect.arrayContaining(['echo-hi', 'redis-key', 'stop-143']))
    expect(exercises.find((e) => e.id === 'redis-key')?.terminals).toBe(2)
  })

  it('ask before the kill, stop (ping and redis), ps -a and hello-world ls blocks', () => {
    const asked = predictions.map((p) => p.for)
    for (const key of ['kill-demo', 'redis-for-stop', 'ping-for-kill', 'ping-for-stop', 'ping-with-init', 'docker-ps-a-og4p8w', 'docker-run-hello-world-ls-ixpuqu']) expect(asked).toContain(key)
  })

  it.each(predictions.map((p) => [p.id, p] as const))('prediction %s is about a run block slides.md has', (_, prediction) => {
    expect(runKeys.has(prediction.for), `no {run} block of slides.md has the key ${prediction.for}`).toBe(true)
  })

  it.each(predictions.map((p) => [p.id, p] as const))('prediction %s is on the slide of its run block, which asks it', (_, prediction) => {
    const block = deckRunBlocks().find((candidate) => candidate.key === prediction.for)
    expect(block?.slide, `the {run} block ${prediction.for} is on slide ${block?.slide}, its prediction on slide ${prediction.slide}`).toBe(prediction.slide)
  })

  it.each(predictions.filter((p) => p.observe === 'exit-code' && existsSync(path.join(RECORDINGS, `${p.for}.json`))).map((p) => [p.id, p] as const))(
    'the recording of %s agrees with its answer',
    (_, prediction) => {
      const meta = JSON.parse(readFileSync(path.join(RECORDINGS, `${prediction.for}.json`), 'utf8')) as BlockRecording
      const cast = readCast(readFileSync(path.join(RECORDINGS, `${prediction.for}.cast`), 'utf8'))
      const observed = observeRun('exit-code', recordedEvents(cast, meta).map((item) => item.event))
      expect(observed.kind).toBe('exit-code')
      expect(observed.kind === 'exit-code' && isCorrect(observed.code, prediction.answer), `recorded ${JSON.stringify(observed)}, answer ${prediction.answer[0]}`).toBe(true)
    },
  )
})

describe('every exercise line is one the runner\'s policy plans', () => {
  // The solutions name their containers; the fake engine knows those names as the deck's (ended, so they stay under the cap of live ones).
  const named: ContainerInfo[] = ['ex-stop', 'ex-keep', 'ex-one', 'ex-two', 'ex-redis', 'ex-sleep', 'ex-code-kill', 'ex-code-stop', 'ex-old', 'ex-busy', 'ex-name', 'ex-lab-kill', 'ex-lab-stop']
    .map((name, i) => ({ id: (i + 1).toString(16).repeat(64).slice(0, 64), name, image: name === 'ex-redis' ? 'redis' : 'alpine', state: 'exited', createdAt: i }))
  const engine = fakeEngine(named)
  const lines = exercises.flatMap((exercise) => [
    ...exercise.start.map((line) => [exercise.id, 'start', line] as const),
    ...exercise.solution.map((line) => [exercise.id, 'solution', line] as const),
    ...(WRONG_ATTEMPTS[exercise.id] ?? []).flatMap((attempt) => attempt.lines.map((line) => [exercise.id, attempt.what, lineOf(line)] as const)),
    ...LAB_CODES.flatMap((entry) => [...entry.makes, ...entry.nearMiss.lines].map((line) => ['exit-codes', `lab ${entry.code}`, lineOf(line)] as const)),
  ])

  it.each(lines)('%s (%s): %s', async (_, __, line) => {
    await expect(planCommand(line, 'run-1', engine).then(() => 'planned')).resolves.toBe('planned')
  })

  it.each(exercises.map((e) => [e.id] as const))('%s has at least two wrong attempts for the engine test', (id) => {
    expect(WRONG_ATTEMPTS[id]?.length ?? 0).toBeGreaterThanOrEqual(2)
  })

  it('has wrong attempts only for exercises the deck has', () => {
    expect(Object.keys(WRONG_ATTEMPTS).filter((id) => !exercises.some((e) => e.id === id))).toEqual([])
  })
})
