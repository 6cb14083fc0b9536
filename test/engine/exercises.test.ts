// Every exercise of the deck, checked on the real engine through a real
// runner (its WebSocket, its policy, the docker CLI): the reference solution
// must pass its check, and each wrong attempt (test/support/exercise-attempts.ts)
// must fail on the expected field with a hint naming what the runner saw.
// While the runner checks, the engine sees no container change at all:
// the check's queries are read-only.
//
// The engine may be shared. Each exercise's containers carry the run label of
// this file's runs, and cleanup removes exactly those.
import { execa } from 'execa'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { RunnerClient } from '../../lib/client/client.ts'
import { OWNED_FILTER, RUN_LABEL } from '../../lib/labels.ts'
import type { LifecycleEvent } from '../../lib/protocol.ts'
import { requestCheck, type CheckResult } from '../../lib/self-study/check-request.ts'
import type { Exercise } from '../../lib/self-study/exercise.ts'
import { attemptKey, solutionKey } from '../../lib/self-study/names.ts'
import type { Runner } from '../../runner/start-runner.ts'
import { connectClient, testRunner } from '../support/connect.ts'
import { deckSelfStudyItems } from '../support/deck-exercises.ts'
import { WRONG_ATTEMPTS } from '../support/exercise-attempts.ts'

const { exercises } = deckSelfStudyItems()
/** A server may take a moment to accept connections after `docker run -d`: an exec line is tried again for this long. */
const EXEC_RETRY_MS = 15_000

let runner: Runner
let client: RunnerClient
/** Every run this file started, so cleanup finds their containers by label. */
const ours = new Set<string>()
const lifecycle: LifecycleEvent[] = []

beforeAll(async () => {
  runner = await testRunner()
  client = await connectClient(runner)
  client.on((message) => {
    if (message.type === 'lifecycle') lifecycle.push(message.event)
  })
})

afterEach(async () => {
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
  ours.add(outcome.runId)
  const ended = await client.ended(outcome.runId)
  return { exitCode: ended.exitCode, output: client.output(outcome.runId) }
}

/** Runs each line in order as a student would, in the exercise's block `key`; every line must succeed (exec lines get a retry window). */
async function runLines(key: string, lines: readonly string[]): Promise<void> {
  for (const line of lines) {
    const deadline = Date.now() + (/^docker exec /.test(line) ? EXEC_RETRY_MS : 0)
    for (;;) {
      const { exitCode, output } = await runOnce(key, line)
      if (exitCode === 0) break
      if (Date.now() > deadline) throw new Error(`${line} ended with exit code ${exitCode}:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}

/** Checks `exercise`, and requires that the engine saw no container change while it did. */
async function check(exercise: Exercise): Promise<CheckResult> {
  const startedNs = BigInt(Date.now()) * 1_000_000n
  const result = await requestCheck(client, exercise.id, exercise.check)
  // Events arrive a moment after the engine acts: give any stray one time to show.
  await new Promise((resolve) => setTimeout(resolve, 300))
  // Only this file's containers, and only what happened once the check began (a stop's late `die` is not the check's).
  const changes = lifecycle.filter((event) => ours.has(event.runId ?? '') && BigInt(event.timeNano) >= startedNs && !event.action.startsWith('exec_'))
  expect(changes.map((event) => `${event.action} ${event.containerId.slice(0, 12)}`), 'the check changed a container').toEqual([])
  return result
}

/** Force-removes the deck containers this file's runs made. */
async function removeOurContainers(): Promise<void> {
  const { stdout } = await execa('docker', ['ps', '-a', '--no-trunc', '--filter', OWNED_FILTER, '--format', `{{.ID}} {{.Label "${RUN_LABEL}"}}`])
  const ids = stdout.split('\n').map((line) => line.trim().split(' ')).filter(([, run]) => ours.has(run ?? '')).map(([id]) => id!)
  if (ids.length === 0) return
  await execa('docker', ['rm', '-f', ...ids], { reject: false })
  await expect.poll(() => ids.filter((id) => client.containers.some((c) => c.id === id && c.state !== 'removed')), { timeout: 10_000 }).toEqual([])
}

// ── the exercises ────────────────────────────────────────────────────────────

test('the deck has exercises, each with at least two wrong attempts to check against', () => {
  expect(exercises.length).toBeGreaterThanOrEqual(5)
  for (const exercise of exercises) expect(WRONG_ATTEMPTS[exercise.id]?.length ?? 0, `wrong attempts for ${exercise.id}`).toBeGreaterThanOrEqual(2)
})

describe.each(exercises.map((exercise) => ({ id: exercise.id, exercise })))('exercise $id', ({ exercise }) => {
  test('fails before anything was done, saying nothing was made yet', async () => {
    const { verdict } = await check(exercise)
    expect(verdict).toMatchObject({ pass: false, expectation: 0, field: 'exists' })
  })

  test('its reference solution passes, run line by line as the recordings run it', async () => {
    for (const [i, line] of exercise.solution.entries()) await runLines(solutionKey(exercise.id, i + 1), [line])
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
