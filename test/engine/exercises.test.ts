// Every exercise of the deck, checked on the real engine through a real
// runner (its WebSocket, its policy, the docker CLI). Each test starts from a
// dirty engine (the exercise's own solution run before, names taken, and a
// lecture container beside it) put back by 처음부터 다시: the reset must leave
// exactly the exercise's known start and the lecture's container. Then the
// reference solution must pass its check, and each wrong attempt
// (test/support/exercise-attempts.ts) must fail on the expected field with a
// hint naming what the runner saw. Every code of the exit-code lab is made on
// its own, and a near miss must make a neighbouring code instead. While the
// runner checks, the engine sees no container change at all: the check's
// queries are read-only.
//
// The engine may be shared. Each exercise's containers carry the run label of
// this file's runs, and cleanup removes exactly those.
import { execa } from 'execa'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { RunnerClient } from '../../lib/client/client.ts'
import { OWNED_FILTER, RUN_LABEL } from '../../lib/labels.ts'
import type { LifecycleEvent } from '../../lib/protocol.ts'
import { requestCheck, type CheckResult } from '../../lib/self-study/check-request.ts'
import { exerciseContainers, exitCodesMade } from '../../lib/self-study/evaluate.ts'
import type { Exercise } from '../../lib/self-study/exercise.ts'
import { resetExercise } from '../../lib/self-study/exercise-reset.ts'
import { attemptKey, solutionKey } from '../../lib/self-study/names.ts'
import type { Runner } from '../../runner/start-runner.ts'
import { connectClient, testRunner } from '../support/connect.ts'
import { deckSelfStudyItems } from '../support/deck-exercises.ts'
import { exitOf, LAB_CODES, lineOf, WRONG_ATTEMPTS, type AttemptLine } from '../support/exercise-attempts.ts'

const { exercises } = deckSelfStudyItems()
/** A server may take a moment to accept connections after `docker run -d`: an exec line is tried again for this long. */
const EXEC_RETRY_MS = 15_000

let runner: Runner
let client: RunnerClient
const lifecycle: LifecycleEvent[] = []
/** A container of the lecture's, outside every exercise: no reset may touch it. */
let bystander: string

beforeAll(async () => {
  runner = await testRunner()
  client = await connectClient(runner)
  client.on((message) => {
    if (message.type === 'lifecycle') lifecycle.push(message.event)
  })
  await runLines('lecture-bystander', ['docker run -d --name ex-bystander alpine sleep 300'])
  bystander = (await execa('docker', ['inspect', '--format', '{{.Id}}', 'ex-bystander'])).stdout.trim()
})

afterAll(async () => {
  await removeOurContainers()
})

afterAll(async () => {
  client?.close()
  await runner?.close()
})

// ── helpers ──────────────────────────────────────────────────────────────────

/** Runs `line` under block `key` to its end; returns its exit code and output. */
async function runOnce(key: string, line: string): Promise<{ exitCode: number | null; output: string }> {
  const outcome = await client.run(key, line)
  if ('refusal' in outcome) throw new Error(`The runner refused ${line}: ${outcome.refusal.code}: ${outcome.refusal.message}`)
  const ended = await client.ended(outcome.runId)
  return { exitCode: ended.exitCode, output: client.output(outcome.runId) }
}

/** Runs each line in order as a student would, in the exercise's block `key`; each must end with its code (exec lines get a retry window). */
async function runLines(key: string, lines: readonly AttemptLine[]): Promise<void> {
  for (const step of lines) {
    const line = lineOf(step)
    const deadline = Date.now() + (/^docker exec /.test(line) ? EXEC_RETRY_MS : 0)
    for (;;) {
      const { exitCode, output } = await runOnce(key, line)
      if (exitCode === exitOf(step)) break
      if (Date.now() > deadline) throw new Error(`${line} ended with exit code ${exitCode}, not ${exitOf(step)}:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}

/** Dirties the engine with the exercise's own solution (names taken, containers left), then 처음부터 다시. */
async function dirtyThenReset(exercise: Exercise): Promise<void> {
  // As a student might have left it: the start made by hand and the solution run, or half run (a line may fail or be refused).
  for (const line of [...exercise.start, ...exercise.solution]) await runOnce(attemptKey(exercise.id, 2), line).catch(() => undefined)
  await resetExercise(client, exercise)
}

/** How many containers an exercise's start makes. */
const containersOfStart = (exercise: Exercise) => exercise.start.filter((line) => /^docker (run|create)\s/.test(line)).length

/** Checks `exercise`, and requires that the engine saw no container change while it did. */
async function check(exercise: Exercise): Promise<CheckResult> {
  const startedNs = BigInt(Date.now()) * 1_000_000n
  const result = await requestCheck(client, exercise.id, exercise.check)
  // Events arrive a moment after the engine acts: give any stray one time to show.
  await new Promise((resolve) => setTimeout(resolve, 300))
  // Only this file's containers, and only what happened once the check began (a stop's late `die` is not the check's).
  const changes = lifecycle.filter((event) => client.runs.has(event.runId ?? '') && BigInt(event.timeNano) >= startedNs && !event.action.startsWith('exec_'))
  expect(changes.map((event) => `${event.action} ${event.containerId.slice(0, 12)}`), 'the check changed a container').toEqual([])
  return result
}

/** Force-removes the deck containers this file's runs made. */
async function removeOurContainers(): Promise<void> {
  const { stdout } = await execa('docker', ['ps', '-a', '--no-trunc', '--filter', OWNED_FILTER, '--format', `{{.ID}} {{.Label "${RUN_LABEL}"}}`])
  const ids = stdout.split('\n').map((line) => line.trim().split(' ')).filter(([, run]) => client.runs.has(run ?? '')).map(([id]) => id!)
  if (ids.length === 0) return
  await execa('docker', ['rm', '-f', ...ids], { reject: false })
  await expect.poll(() => ids.filter((id) => client.containers.some((c) => c.id === id && c.state !== 'removed')), { timeout: 10_000 }).toEqual([])
}

// ── the exercises ────────────────────────────────────────────────────────────

test('the deck has exercises, each with at least two wrong attempts to check against', () => {
  expect(exercises.length).toBeGreaterThanOrEqual(7)
  for (const exercise of exercises) expect(WRONG_ATTEMPTS[exercise.id]?.length ?? 0, `wrong attempts for ${exercise.id}`).toBeGreaterThanOrEqual(2)
})

describe.each(exercises.map((exercise) => ({ id: exercise.id, exercise })))('exercise $id', ({ exercise }) => {
  beforeEach(async () => {
    await dirtyThenReset(exercise)
  })

  test('처음부터 다시 leaves exactly its known start, and the lecture\'s container', async () => {
    const { facts } = await check(exercise)
    const mine = exerciseContainers(exercise.id, facts)
    expect(mine.map((c) => c.name).sort(), JSON.stringify(facts, null, 2)).toHaveLength(containersOfStart(exercise))
    for (const c of mine) expect(c.blockKey).toMatch(/--start-\d+$/)
    expect((await execa('docker', ['inspect', '--format', '{{.State.Status}}', bystander])).stdout.trim()).toBe('running')
  })

  test('its reference solution passes, run line by line as the recordings run it', async () => {
    await runLines(solutionKey(exercise.id, 1), exercise.solution.map((line, i) => ({ line, exitCode: exercise.solutionExits[i]! })))
    const { verdict, facts } = await check(exercise)
    expect(verdict, JSON.stringify(facts, null, 2)).toMatchObject({ pass: true })
  })

  test.each(WRONG_ATTEMPTS[exercise.id] ?? [])('fails on $field with the right hint after $what', async (attempt) => {
    await runLines(attemptKey(exercise.id, 1), attempt.lines)
    const { verdict, facts } = await check(exercise)
    expect(verdict, JSON.stringify(facts, null, 2)).toMatchObject({ pass: false, field: attempt.field })
    if (!verdict.pass) expect(verdict.hint).toMatch(attempt.hint)
  })
})

describe('the exit-code lab, one code at a time', () => {
  const lab = exercises.find((exercise) => exercise.check.some((expectation) => 'exitCodes' in expectation))!
  const codesOf = async () => {
    const { facts } = await check(lab)
    return [...exitCodesMade(exerciseContainers(lab.id, facts), facts).made.keys()].sort((a, b) => a - b)
  }

  test('the deck has the lab, asking for every code LAB_CODES proves', () => {
    expect(lab.check.flatMap((expectation) => ('exitCodes' in expectation ? expectation.exitCodes : []))).toEqual(LAB_CODES.map((entry) => entry.code))
  })

  test.each(LAB_CODES)('$code is made by its reference, and a near miss makes a neighbouring code instead', async ({ code, makes, nearMiss }) => {
    await resetExercise(client, lab)
    await runLines(attemptKey(lab.id, 1), makes)
    expect(await codesOf()).toContain(code)

    await resetExercise(client, lab)
    await runLines(attemptKey(lab.id, 1), nearMiss.lines)
    const made = await codesOf()
    expect(made).toContain(nearMiss.neighbour)
    expect(made).not.toContain(code)
  })
})
