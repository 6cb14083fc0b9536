// Answers a `check` request: gathers the facts with read-only queries and
// judges the check against them. The reply carries both, so the deck can
// show what was seen and word the hint in the student's language.
import type { ClientMessage, ServerMessage } from '../../lib/protocol.ts'
import { evaluateCheck } from '../../lib/self-study/evaluate.ts'
import type { DockerCli } from '../docker/docker-cli.ts'
import type { ExecFact, RunFact } from '../../lib/self-study/facts.ts'
import { exerciseKeyPrefix } from '../../lib/self-study/names.ts'
import { planCommand, type EngineView } from '../policy/policy.ts'
import { gatherFacts, type FactSource } from './gather-facts.ts'

/** How long one read-only query may take. */
const QUERY_TIMEOUT_MS = 10_000

/** The parts of the runner a check uses (connection.ts's RunnerContext has them). */
export interface CheckContext {
  runs: { get(runId: string): { key: string } | undefined; finishedWithPrefix(prefix: string): Array<Omit<RunFact, 'blockKey'> & { key: string }> }
  containers: EngineView & { execSessions(containerId: string): ExecFact[] }
  cli: Pick<DockerCli, 'run'>
}

/** The real fact source: the runner's policy, its docker CLI, and its memory of runs. */
export function runnerFactSource(context: CheckContext): FactSource {
  return {
    plan: (line) => planCommand(line, 'check', context.containers),
    run: (argv) => context.cli.run(argv, QUERY_TIMEOUT_MS),
    keyOfRun: (runId) => context.runs.get(runId)?.key,
    runsOf: (exerciseId) => context.runs.finishedWithPrefix(exerciseKeyPrefix(exerciseId)).map(({ key, line, exitCode }) => ({ blockKey: key, line, exitCode })),
    execSessions: (containerId) => context.containers.execSessions(containerId),
  }
}

/** Checks gathering at once in this process; more are answered "busy" (each one runs up to two dozen docker queries). */
export const MAX_CONCURRENT_CHECKS = 2
let inFlight = 0

/** The `check-result` for a `check` message; throws (the connection answers `error`) when too many checks are under way. */
export async function checkExercise(message: Extract<ClientMessage, { type: 'check' }>, source: FactSource): Promise<Extract<ServerMessage, { type: 'check-result' }>> {
  if (inFlight >= MAX_CONCURRENT_CHECKS) throw new Error(`busy: ${MAX_CONCURRENT_CHECKS} checks are under way already; press Check again in a moment.`)
  inFlight++
  try {
    const facts = await gatherFacts(message.exerciseId, message.check, source)
    const verdict = evaluateCheck(message.exerciseId, message.check, facts)
    return { type: 'check-result', requestId: message.requestId, exerciseId: message.exerciseId, facts, verdict }
  } finally {
    inFlight--
  }
}
