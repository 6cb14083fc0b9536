// 처음부터 다시: removes what an exercise's own blocks made and sets up its
// known start again, with nothing but the runner's public requests: a check
// (to learn the exercise's containers from the engine), then command lines
// under the exercise's own block keys, planned by the runner's policy like
// any slide's. Other containers, the lecture's and the lecturer's, stay.
import type { ClientMessage, Refusal, RunEvent, ServerMessage } from '../protocol.ts'
import type { Check } from './check.ts'
import { requestCheck } from './check-request.ts'
import { exerciseContainers } from './evaluate.ts'
import { exerciseKeyPrefix } from './names.ts'

/** What a reset needs of the runner client (lib/client/client.ts RunnerClient has all of it). */
export interface ResetTransport {
  send(message: ClientMessage): void
  on(listener: (message: ServerMessage) => void): () => void
  run(key: string, line: string): Promise<{ runId: string } | { refusal: Refusal }>
  ended(runId: string): Promise<Extract<RunEvent, { kind: 'ended' }>>
}

/** The block that removes an exercise's containers. */
export const resetKey = (id: string) => `${exerciseKeyPrefix(id)}reset`
/** The start's line number `n` (from 1): its block, and its recording's name. */
export const startKey = (id: string, n: number) => `${exerciseKeyPrefix(id)}start-${n}`

/** What the reset block runs when there is nothing to remove: a listing, so the reset still leaves its mark among the exercise's runs. */
export const RESET_MARK = 'docker ps -a'

/** A server started by the start (redis) may take a moment to accept `docker exec`: such a line is tried again this long. */
export const EXEC_RETRY_MS = 10_000
/** Rounds of listing and removing: a check lists at most its newest containers. */
const ROUNDS = 4

/** Why a reset stopped: the line, and its exit code or the runner's refusal. */
export class ResetFailed extends Error {
  constructor(readonly line: string, readonly exitCode: number | null, readonly refusal?: Refusal) {
    super(refusal ? `${line}: ${refusal.message}` : `${line} ended with exit code ${exitCode ?? '—'}`)
  }
}

export interface ResetOutcome {
  /** The full IDs of the exercise's containers that were removed. */
  removed: string[]
}

/**
 * Removes exercise `id`'s containers (found by `check`'s facts, which list
 * them whatever the check asks), then runs `start` line by line; throws
 * ResetFailed at the first line that fails.
 */
export async function resetExercise(client: ResetTransport, exercise: { id: string; check: Check; start: readonly string[] }, options: { execRetryMs?: number } = {}): Promise<ResetOutcome> {
  const removed: string[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const { facts } = await requestCheck(client, exercise.id, exercise.check)
    const ids = exerciseContainers(exercise.id, facts).map((c) => c.id).filter((containerId) => !removed.includes(containerId))
    if (ids.length === 0) break
    await runToEnd(client, resetKey(exercise.id), `docker rm -f ${ids.join(' ')}`)
    removed.push(...ids)
  }
  // The reset block always runs once: a check counts the exercise's runs from its last run on (evaluate.ts).
  if (removed.length === 0) await runToEnd(client, resetKey(exercise.id), RESET_MARK)
  const retryMs = options.execRetryMs ?? EXEC_RETRY_MS
  for (const [i, line] of exercise.start.entries()) {
    const retries = /^docker\s+exec\s/.test(line)
    const deadline = Date.now() + retryMs
    for (;;) {
      try {
        await runToEnd(client, startKey(exercise.id, i + 1), line)
        break
      } catch (error) {
        if (!(error instanceof ResetFailed) || error.refusal || !retries || Date.now() >= deadline) throw error
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    }
  }
  return { removed }
}

async function runToEnd(client: ResetTransport, key: string, line: string): Promise<void> {
  const outcome = await client.run(key, line)
  if ('refusal' in outcome) throw new ResetFailed(line, null, outcome.refusal)
  const ended = await client.ended(outcome.runId)
  if (ended.exitCode !== 0) throw new ResetFailed(line, ended.exitCode)
}
