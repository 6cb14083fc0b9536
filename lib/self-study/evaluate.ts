// Judges a check against facts, purely: pass, or the first expectation that
// failed, which field of it, and a hint in the page's language saying what
// was seen. The runner judges with it (its `check-result`), the deck again
// (so the hint is in the student's language), the tests directly.
import { t } from '../i18n/index.ts'
import type {
  AbsentExpectation, Check, ContainerExpectation, ExitCodesExpectation, Expectation, FailedField, ImageAbsentExpectation, RedisKeyExpectation,
} from './check.ts'
import { commandHas, sameImage, type ContainerFact, type Facts, type RunFact } from './facts.ts'
import { isExerciseKey } from './names.ts'
import type { Verdict } from './verdict.ts'

export type { Verdict } from './verdict.ts'

type Failure = { field: FailedField; expected: string; saw: string }
type Outcome = { ok: true; containers: ContainerFact[] } | ({ ok: false } & Failure)

/** How many containers a hint names before "and N more". */
const NAMED = 3
/** How many running servers a redisKey expectation asks (newest first). */
export const REDIS_TARGETS = 3

/** The exercise's own containers among `facts`, newest first. */
export function exerciseContainers(exerciseId: string, facts: Facts): ContainerFact[] {
  return facts.containers.filter((c) => isExerciseKey(exerciseId, c.blockKey)).sort((a, b) => b.createdAt - a.createdAt)
}

/** The running containers a redisKey expectation reads the key from: the runner asks these, the evaluator judges them. */
export function redisTargets(expectation: RedisKeyExpectation, containers: readonly ContainerFact[]): ContainerFact[] {
  return containers.filter((c) => sameImage(c.image, expectation.redisKey.container.image) && c.state === 'running').slice(0, REDIS_TARGETS)
}

/** Pass, or the first failed expectation with its hint. */
export function evaluateCheck(exerciseId: string, check: Check, facts: Facts): Verdict {
  const mine = exerciseContainers(exerciseId, facts)
  const met = new Set<string>()
  for (const [index, expectation] of check.entries()) {
    const outcome = judge(expectation, mine, facts)
    if (!outcome.ok) {
      const { field, expected, saw } = outcome
      return { pass: false, expectation: index, field, expected, saw, hint: hintFor(expectation, outcome) }
    }
    for (const c of outcome.containers) met.add(c.id)
  }
  return { pass: true, containers: [...met] }
}

function judge(expectation: Expectation, mine: ContainerFact[], facts: Facts): Outcome {
  if ('container' in expectation) return judgeContainer(expectation, mine)
  if ('absent' in expectation) return judgeAbsent(expectation, mine)
  if ('exitCodes' in expectation) return judgeExitCodes(expectation, exitCodesMade(mine, facts))
  if ('imageAbsent' in expectation) return judgeImageAbsent(expectation, mine, facts)
  return judgeRedis(expectation, mine, facts)
}

function judgeContainer({ container: want }: ContainerExpectation, mine: ContainerFact[]): Outcome {
  let pool = mine
  if (pool.length === 0) return { ok: false, field: 'exists', expected: describeMatch(want), saw: t('study.nothing') }
  const narrow = (field: FailedField, expected: string, keep: (c: ContainerFact) => boolean): Outcome | undefined => {
    const kept = pool.filter(keep)
    if (kept.length === 0) return { ok: false, field, expected, saw: describeAll(pool) }
    pool = kept
    return undefined
  }
  const failed = (want.name !== undefined ? narrow('name', want.name, (c) => c.name === want.name) : undefined)
    ?? (want.image !== undefined ? narrow('image', want.image, (c) => sameImage(c.image, want.image!)) : undefined)
    ?? (want.commandIncludes !== undefined ? narrow('command', want.commandIncludes, (c) => commandHas(c.command, want.commandIncludes!)) : undefined)
    ?? (want.state !== undefined ? narrow('state', stateWord(want.state), (c) => c.state === want.state) : undefined)
    ?? (want.exitCode !== undefined ? narrow('exitCode', String(want.exitCode), (c) => c.state === 'exited' && c.exitCode === want.exitCode) : undefined)
  return failed ?? { ok: true, containers: pool.slice(0, 1) }
}

function judgeAbsent({ absent }: AbsentExpectation, mine: ContainerFact[]): Outcome {
  const left = mine.filter((c) => (absent.name === undefined || c.name === absent.name)
    && (absent.image === undefined || sameImage(c.image, absent.image))
    && (absent.commandIncludes === undefined || commandHas(c.command, absent.commandIncludes))
    && (absent.state === undefined || c.state === absent.state))
  return left.length === 0 ? { ok: true, containers: [] } : { ok: false, field: 'absent', expected: describeMatch(absent), saw: describeAll(left) }
}

function judgeRedis(expectation: RedisKeyExpectation, mine: ContainerFact[], facts: Facts): Outcome {
  const { container, key, value } = expectation.redisKey
  const servers = mine.filter((c) => sameImage(c.image, container.image))
  if (servers.length === 0) return { ok: false, field: 'exists', expected: container.image, saw: mine.length ? describeAll(mine) : t('study.nothing') }
  const targets = redisTargets(expectation, mine)
  if (targets.length === 0) return { ok: false, field: 'running', expected: container.image, saw: describeAll(servers) }
  const read = facts.redis.filter((fact) => fact.key === key && targets.some((c) => c.id === fact.containerId))
  const holder = read.find((fact) => fact.value !== null && (value === undefined || fact.value === value))
  if (holder) {
    const sessions = expectation.redisKey.sessions
    const seen = sessions === undefined ? 0 : redisSessions(holder.containerId, key, facts).length
    if (sessions !== undefined && seen < sessions) return { ok: false, field: 'sessions', expected: String(sessions), saw: t('study.sessions', { count: seen }) }
    return { ok: true, containers: targets.filter((c) => c.id === holder.containerId) }
  }
  const saw = read.length === 0
    ? t('study.redisMissing', { key })
    : read.map((fact) => (fact.error ? t('study.redisError', { error: fact.error }) : fact.value === null ? t('study.redisMissing', { key }) : t('study.redisValue', { value: clip(fact.value, 100) }))).join(', ')
  return { ok: false, field: 'value', expected: `${key} = ${value ?? t('study.anyValue')}`, saw }
}

/**
 * The `docker exec … redis-cli` sessions the engine started in container
 * `containerId`, oldest first; the check's own read of `key` is not one.
 */
export function redisSessions(containerId: string, key: string, facts: Facts): string[] {
  const checksOwn = `redis-cli --no-raw GET ${key}`
  return (facts.execs ?? []).filter((exec) => exec.containerId === containerId && /^redis-cli(\s|$)/.test(exec.command) && exec.command !== checksOwn)
    .sort((a, b) => (BigInt(a.timeNano) < BigInt(b.timeNano) ? -1 : 1)).map((exec) => exec.command)
}

/** Docker's own errors end `docker run`, `create` and `start` with these, before (or instead of) the container's command. */
const DOCKER_OWN_CODES = new Set([125, 126, 127])
/** A command that names its own exit code (`sh -c "exit 125"`) proves nothing about what docker does. */
const namesItsCode = (text: string) => /\bexit\b/.test(text)

export interface ExitCodesMade {
  /** Each code made, with what made it (a container, or a docker command's own end). */
  made: Map<number, string>
  /** Codes that only came from a command naming its own exit code. */
  byHand: Set<number>
}

/**
 * The exit codes the exercise's own work has made: a container that ended
 * (or failed to start) with the code, or `docker run`/`create`/`start`
 * ending with one of docker's own codes (125 never leaves a container that
 * says so). A code made with `exit N` is set apart, not counted.
 */
export function exitCodesMade(mine: readonly ContainerFact[], facts: Facts): ExitCodesMade {
  const made = new Map<number, string>()
  const byHand = new Set<number>()
  const add = (code: number, text: string, what: string) => {
    if (namesItsCode(text)) byHand.add(code)
    else if (!made.has(code)) made.set(code, what)
  }
  for (const c of mine) if (c.exitCode !== undefined && (c.state === 'exited' || c.state === 'created')) add(c.exitCode, c.command, describeContainer(c))
  for (const run of runsSinceReset(facts.runs ?? [])) {
    if (run.exitCode !== null && DOCKER_OWN_CODES.has(run.exitCode) && /^docker\s+(container\s+)?(run|create|start)\s/.test(run.line)) add(run.exitCode, run.line, run.line)
  }
  for (const code of made.keys()) byHand.delete(code)
  return { made, byHand }
}

/** The runs (newest first) after the exercise's last 처음부터 다시 (its reset or start blocks), which wiped what came before. */
function runsSinceReset(runs: readonly RunFact[]): RunFact[] {
  const mark = runs.findIndex((run) => /--(reset|start-\d+)$/.test(run.blockKey))
  return mark === -1 ? [...runs] : runs.slice(0, mark)
}

function judgeExitCodes({ exitCodes }: ExitCodesExpectation, { made, byHand }: ExitCodesMade): Outcome {
  const missing = exitCodes.filter((code) => !made.has(code))
  if (missing.length === 0) return { ok: true, containers: [] }
  const got = exitCodes.filter((code) => made.has(code))
  const handMade = [...byHand].filter((code) => exitCodes.includes(code))
  const saw = [got.length ? got.join(', ') : t('study.nothing'), handMade.length ? t('study.exitByHand', { codes: handMade.join(', ') }) : ''].filter(Boolean).join(' ')
  return { ok: false, field: 'exitCodes', expected: missing.join(', '), saw }
}

function judgeImageAbsent({ imageAbsent }: ImageAbsentExpectation, mine: ContainerFact[], facts: Facts): Outcome {
  const fact = (facts.images ?? []).find((image) => image.image === imageAbsent.image)
  if (fact && !fact.present) return { ok: true, containers: [] }
  const users = mine.filter((c) => sameImage(c.image, imageAbsent.image))
  return { ok: false, field: 'imagePresent', expected: imageAbsent.image, saw: users.length ? describeAll(users) : t('study.nothing') }
}

/** The author's hint for the field, or the default one, with {saw} and {expected} filled in. */
function hintFor(expectation: Expectation, failure: Failure): string {
  const own = expectation.hints?.[failure.field]
  if (own) return own.replaceAll('{saw}', failure.saw).replaceAll('{expected}', failure.expected)
  return t(`study.hint.${failure.field}`, { expected: failure.expected, saw: failure.saw })
}

/** A container as a hint names it: image, command and state. */
export function describeContainer(c: ContainerFact): string {
  return t('study.container', { name: clip(c.name, 40), image: clip(c.image, 60), command: clip(c.command, 80), state: stateWord(c.state, c.exitCode) })
}

/** Long commands and values are cut, so a hint stays a sentence (and within the protocol's bounds). */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

function describeAll(containers: readonly ContainerFact[]): string {
  const named = containers.slice(0, NAMED).map(describeContainer).join(', ')
  return containers.length > NAMED ? `${named} ${t('study.more', { count: containers.length - NAMED })}` : named
}

function describeMatch(match: { name?: string; image?: string; commandIncludes?: string; state?: string }): string {
  return [match.name, match.image, match.commandIncludes && `"${match.commandIncludes}"`, match.state && stateWord(match.state)].filter(Boolean).join(' · ')
}

/** `running` → 실행 중; `exited` with code 0 → 종료됨 (0). */
export function stateWord(state: string, exitCode?: number): string {
  if (state === 'exited') return exitCode === undefined ? t('study.state.ended') : t('study.state.exited', { code: String(exitCode) })
  if (state === 'created' || state === 'running' || state === 'paused') return t(`study.state.${state}`)
  return state
}
