// Gathers the facts an exercise's check is judged on: the deck containers
// that the exercise's own blocks made (found by the run label the runner
// stamps on every container, and the key of that run), inspected one by one,
// and, for redisKey expectations, the key read in their running redis
// servers; for an exit-code lab, the exercise's runs as the runner ran them;
// for a count of sessions, the exec sessions the engine reported; for an
// imageAbsent, whether the image is there. Every engine query is planned by
// the policy first (read-only-queries.ts).
import type { CliResult } from '../docker/docker-cli.ts'
import { RUN_LABEL } from '../../lib/labels.ts'
import type { Check } from '../../lib/self-study/check.ts'
import { redisTargets } from '../../lib/self-study/evaluate.ts'
import type { ContainerFact, ExecFact, Facts, ImageFact, RedisFact, RunFact } from '../../lib/self-study/facts.ts'
import { isExerciseKey } from '../../lib/self-study/names.ts'
import type { Plan } from '../policy/policy.ts'
import { assertReadOnly, queryLine, type Query } from './read-only-queries.ts'

/** What gathering needs from the runner; connection.ts passes the real ones, tests fakes. */
export interface FactSource {
  /** The policy's plan of `line` (planCommand against the deck's containers); throws Refused. */
  plan(line: string): Promise<Plan>
  /** Runs a planned argv with the docker CLI (no shell, no terminal). */
  run(argv: readonly string[]): Promise<CliResult>
  /** The block key of runner run `runId`, while the runner remembers the run. */
  keyOfRun(runId: string): string | undefined
  /** The finished runs of exercise `exerciseId`'s blocks the runner remembers, newest first. */
  runsOf(exerciseId: string): RunFact[]
  /** The exec sessions the engine started in container `containerId` (its exec_start events), as the runner heard them. */
  execSessions(containerId: string): ExecFact[]
}

/** The newest containers of an exercise that are inspected; older ones are left out. */
export const MAX_CONTAINERS = 20

const STATES = new Set<ContainerFact['state']>(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'])

interface Inspected {
  Id: string
  Name?: string
  Created?: string
  Path?: string
  Args?: string[]
  State?: { Status?: string; ExitCode?: number }
  Config?: { Image?: string; Labels?: Record<string, string> | null }
}

/** The facts for `check` of exercise `exerciseId`. */
export async function gatherFacts(exerciseId: string, check: Check, source: FactSource): Promise<Facts> {
  const listed = await ask(source, { kind: 'list' })
  if (listed.exitCode !== 0) throw new Error(`docker ps could not list the deck's containers: ${(listed.stderr || `exit code ${listed.exitCode}`).trim().slice(0, 300)}`)
  const mine = listed.stdout.split('\n').map((line) => line.trim().split(' ')).flatMap(([id, runId]) => {
    const blockKey = runId ? source.keyOfRun(runId) : undefined
    return id && isExerciseKey(exerciseId, blockKey) ? [{ id, blockKey: blockKey! }] : []
  }).slice(0, MAX_CONTAINERS)

  const containers: ContainerFact[] = []
  for (const { id, blockKey } of mine) {
    const fact = await inspectOne(source, id, blockKey)
    if (fact) containers.push(fact)
  }
  containers.sort((a, b) => b.createdAt - a.createdAt)

  const redis: RedisFact[] = []
  const execs: ExecFact[] = []
  const images: ImageFact[] = []
  for (const expectation of check) {
    if ('redisKey' in expectation) {
      // Sessions first: the check's own GET is an exec session too (evaluate.ts leaves it out).
      for (const target of redisTargets(expectation, containers)) {
        if (expectation.redisKey.sessions !== undefined) execs.push(...source.execSessions(target.id))
        redis.push(await readKey(source, target.id, expectation.redisKey.key))
      }
    } else if ('imageAbsent' in expectation) {
      images.push(await imagePresence(source, expectation.imageAbsent.image))
    }
  }
  const runs = check.some((expectation) => 'exitCodes' in expectation) ? source.runsOf(exerciseId).slice(0, MAX_RUNS) : undefined
  return {
    containers,
    redis,
    ...(runs ? { runs } : {}),
    ...(execs.length ? { execs: execs.slice(-MAX_EXECS) } : {}),
    ...(images.length ? { images } : {}),
  }
}

/** The newest runs and exec sessions a check is judged on. */
const MAX_RUNS = 100
const MAX_EXECS = 100

async function imagePresence(source: FactSource, image: string): Promise<ImageFact> {
  const result = await ask(source, { kind: 'image-ids', image })
  if (result.exitCode !== 0) throw new Error(`docker images could not say whether ${image} is there: ${(result.stderr || `exit code ${result.exitCode}`).trim().slice(0, 300)}`)
  return { image, present: result.stdout.trim() !== '' }
}

/** Plans `query`, makes sure the plan is exactly that query, and runs it. */
async function ask(source: FactSource, query: Query): Promise<{ exitCode: number | undefined; stdout: string; stderr: string }> {
  const plan = await source.plan(queryLine(query))
  assertReadOnly(query, plan)
  return source.run(plan.argv)
}

async function inspectOne(source: FactSource, id: string, blockKey: string): Promise<ContainerFact | undefined> {
  let result
  try {
    result = await ask(source, { kind: 'inspect', id })
  } catch (error) {
    // Removed between the listing and now: the policy no longer finds it among the deck's.
    if ((error as { code?: string }).code === 'not-deck-object') return undefined
    throw error
  }
  if (result.exitCode !== 0) return undefined
  const [info] = JSON.parse(result.stdout) as Inspected[]
  if (!info || info.Config?.Labels?.[RUN_LABEL] === undefined) return undefined
  const status = (info.State?.Status ?? 'dead') as ContainerFact['state']
  const state = STATES.has(status) ? status : 'dead'
  const ended = state === 'exited' || state === 'dead'
  // A start that failed (a command not found, 127) leaves the container created, with the code.
  const failedStart = state === 'created' && typeof info.State?.ExitCode === 'number' && info.State.ExitCode !== 0
  return {
    id: info.Id,
    name: (info.Name ?? '').replace(/^\//, '').slice(0, 256),
    image: (info.Config?.Image ?? '').slice(0, 256),
    command: [info.Path ?? '', ...(info.Args ?? [])].join(' ').trim().slice(0, 2000),
    state,
    ...((ended || failedStart) && typeof info.State?.ExitCode === 'number' ? { exitCode: info.State.ExitCode } : {}),
    createdAt: parseTime(info.Created),
    blockKey,
  }
}

/** `redis-cli --no-raw GET key` prints `"value"` or `(nil)`. */
async function readKey(source: FactSource, containerId: string, key: string): Promise<RedisFact> {
  const result = await ask(source, { kind: 'redis-get', id: containerId, key })
  const out = result.stdout.trim()
  if (result.exitCode !== 0 || /^(\(error\)|ERR|Could not connect)/.test(out)) {
    const why = (out || result.stderr.trim() || `exit code ${result.exitCode}`).split('\n')[0]!.slice(0, 300)
    return { containerId, key, value: null, error: why }
  }
  if (out === '(nil)') return { containerId, key, value: null }
  // Within the protocol's bound; a value that long is not the one a check expects anyway.
  return { containerId, key, value: unquote(out).slice(0, 10_000) }
}

/** redis-cli's quoted string: `"a \"b\" \\ \n"` → the text. */
export function unquote(text: string): string {
  if (!(text.length >= 2 && text.startsWith('"') && text.endsWith('"'))) return text
  return text.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, escaped: string) => {
    if (escaped.startsWith('x') && escaped.length === 3) return String.fromCharCode(parseInt(escaped.slice(1), 16))
    return ({ n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b' } as Record<string, string>)[escaped] ?? escaped
  })
}

/** docker's RFC 3339 time with nanoseconds → epoch ms. */
function parseTime(text: string | undefined): number {
  if (!text) return 0
  const ms = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'))
  return Number.isNaN(ms) ? 0 : ms
}
