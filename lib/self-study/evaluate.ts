// Judges a check against facts, purely: pass, or the first expectation that
// failed, which field of it, and a hint in the page's language saying what
// was seen. The runner judges with it (its `check-result`), the deck again
// (so the hint is in the student's language), the tests directly.
import { t } from '../i18n/index.ts'
import type { AbsentExpectation, Check, ContainerExpectation, Expectation, FailedField, RedisKeyExpectation } from './check.ts'
import { commandHas, sameImage, type ContainerFact, type Facts } from './facts.ts'
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
  const failed = (want.image !== undefined ? narrow('image', want.image, (c) => sameImage(c.image, want.image!)) : undefined)
    ?? (want.commandIncludes !== undefined ? narrow('command', want.commandIncludes, (c) => commandHas(c.command, want.commandIncludes!)) : undefined)
    ?? (want.state !== undefined ? narrow('state', stateWord(want.state), (c) => c.state === want.state) : undefined)
    ?? (want.exitCode !== undefined ? narrow('exitCode', String(want.exitCode), (c) => c.state === 'exited' && c.exitCode === want.exitCode) : undefined)
  return failed ?? { ok: true, containers: pool.slice(0, 1) }
}

function judgeAbsent({ absent }: AbsentExpectation, mine: ContainerFact[]): Outcome {
  const left = mine.filter((c) => (absent.image === undefined || sameImage(c.image, absent.image))
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
  if (holder) return { ok: true, containers: targets.filter((c) => c.id === holder.containerId) }
  const saw = read.length === 0
    ? t('study.redisMissing', { key })
    : read.map((fact) => (fact.error ? t('study.redisError', { error: fact.error }) : fact.value === null ? t('study.redisMissing', { key }) : t('study.redisValue', { value: clip(fact.value, 100) }))).join(', ')
  return { ok: false, field: 'value', expected: `${key} = ${value ?? t('study.anyValue')}`, saw }
}

/** The author's hint for the field, or the default one, with {saw} and {expected} filled in. */
function hintFor(expectation: Expectation, failure: Failure): string {
  const own = expectation.hints?.[failure.field]
  if (own) return own.replaceAll('{saw}', failure.saw).replaceAll('{expected}', failure.expected)
  return t(`study.hint.${failure.field}`, { expected: failure.expected, saw: failure.saw })
}

/** A container as a hint names it: image, command and state. */
export function describeContainer(c: ContainerFact): string {
  return t('study.container', { image: clip(c.image, 60), command: clip(c.command, 80), state: stateWord(c.state, c.exitCode) })
}

/** Long commands and values are cut, so a hint stays a sentence (and within the protocol's bounds). */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

function describeAll(containers: readonly ContainerFact[]): string {
  const named = containers.slice(0, NAMED).map(describeContainer).join(', ')
  return containers.length > NAMED ? `${named} ${t('study.more', { count: containers.length - NAMED })}` : named
}

function describeMatch(match: { image?: string; commandIncludes?: string; state?: string }): string {
  return [match.image, match.commandIncludes && `"${match.commandIncludes}"`, match.state && stateWord(match.state)].filter(Boolean).join(' · ')
}

/** `running` → 실행 중; `exited` with code 0 → 종료됨 (0). */
export function stateWord(state: string, exitCode?: number): string {
  if (state === 'exited') return exitCode === undefined ? t('study.state.ended') : t('study.state.exited', { code: String(exitCode) })
  if (state === 'created' || state === 'running' || state === 'paused') return t(`study.state.${state}`)
  return state
}
