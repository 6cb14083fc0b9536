// Running one line through a connected deck client the way the engine tests
// need it: a line that must be refused, or one that must run to its end
// (its containers checked gone after the test).
import { expect } from 'vitest'
import type { RunnerClient } from '../../lib/client/client.ts'
import type { Refusal } from '../../lib/protocol.ts'
import { later } from './cleanups.ts'
import { runContainers } from './engine-state.ts'

let keys = 0
const nextKey = () => `line-${++keys}`

/** The refusal of `line`; fails the test (after the run ends) when it ran. */
export async function refusedLine(deck: RunnerClient, line: string): Promise<Refusal> {
  const outcome = await deck.run(nextKey(), line)
  if (!('refusal' in outcome)) {
    await deck.ended(outcome.runId)
    throw new Error(`${line} ran (run ${outcome.runId}) but must be refused`)
  }
  return outcome.refusal
}

/** Runs `line` to its end; after the test, the containers it made must be gone. */
export async function ranLine(deck: RunnerClient, line: string): Promise<{ runId: string; exitCode: number | null; output: string }> {
  const outcome = await deck.run(nextKey(), line)
  if ('refusal' in outcome) throw new Error(`${line} was refused: ${outcome.refusal.message}`)
  const ended = await deck.ended(outcome.runId)
  later(() => expect.poll(() => runContainers(outcome.runId), { timeout: 30_000 }).toEqual([]))
  return { runId: outcome.runId, exitCode: ended.exitCode, output: deck.output(outcome.runId) }
}
