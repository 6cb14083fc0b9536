// The names self-study items go by: sections, exercise ids, the block keys of
// an exercise's command blocks, and the `{for=KEY}` attribute of a fence.
// One place, so the deck, the runner and the tests cannot disagree.
import { z } from 'zod'

/** Lower-case words joined by single dashes: `lifecycle`, `stop-143`. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/

export const SectionId = z.string().max(30).regex(SLUG, 'use lower-case letters and digits joined by single dashes, e.g. lifecycle')
export const ExerciseId = z.string().max(30).regex(SLUG, 'use lower-case letters and digits joined by single dashes, e.g. stop-143')
/** A run block's key, as setup/run-blocks.ts gives it (it names the recording file). */
export const BlockKey = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a block key is lower-case letters, digits and dashes (see the recordings/ file names)')

/**
 * Every block of exercise `id` has a key starting with this. `--` cannot
 * occur inside an id, so `ex--redis--` is never a prefix of another
 * exercise's keys.
 */
export const exerciseKeyPrefix = (id: string) => `ex--${id}--`

/** The student's command block number `n` (from 1) of exercise `id`. */
export const attemptKey = (id: string, n: number) => `${exerciseKeyPrefix(id)}${n}`

/** The reference solution's line number `n` (from 1): its recording's name. */
export const solutionKey = (id: string, n: number) => `${exerciseKeyPrefix(id)}solution-${n}`

/** True when block `key` belongs to exercise `id`. */
export const isExerciseKey = (id: string, key: string | undefined) => key !== undefined && key.startsWith(exerciseKeyPrefix(id))

const ATTRIBUTE = /(\w+)=(?:"([^"]*)"|(\S+?))(?=[\s}]|$)/g

/** `{for=ping-for-kill}` → `{ for: 'ping-for-kill' }`; the word before the braces is the fence's language. */
export function fenceAttributes(info: string): Record<string, string> {
  const braces = /\{([^}]*)\}/.exec(info)
  return Object.fromEntries([...(braces?.[1] ?? '').matchAll(ATTRIBUTE)].map((match) => [match[1]!, match[2] ?? match[3] ?? '']))
}

/** The fence's language word: `predict` for "predict {for=x}". */
export const fenceLanguage = (info: string) => info.trim().split(/[\s{]/, 1)[0] ?? ''
