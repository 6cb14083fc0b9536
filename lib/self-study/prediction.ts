// A ```predict fence: a question asked before a run block runs, answered by
// the block's real output (live) or its recording (static site, PDF).
//
//   ```predict {for=ping-for-kill}
//   section: lifecycle
//   question: docker kill 뒤 ping 컨테이너는 어떤 종료 코드로 끝날까?
//   choices: [0, 137, 143]
//   answer: 137
//   why: kill은 SIGKILL(9)을 바로 보내므로 128 + 9 = 137로 끝난다.
//   observe: exit-code
//   ```
//
// `choices` makes it multiple choice; without it the student types a short
// answer, compared normalised (answers.ts). `answer` may list several
// accepted spellings; the first is the one shown. `observe` says what of the
// real run to show beside the answer: its exit code, its output (default),
// or the first match of a regular expression in the output.
import { z } from 'zod'
import { normaliseAnswer } from './answers.ts'
import { readFenceBody, validate, type FormResult } from './fence-body.ts'
import { BlockKey, fenceAttributes, SectionId } from './names.ts'

const Text = (max: number) => z.string().trim().min(1).max(max)
/** YAML reads `137` as a number; an answer is text. */
const AnswerText = z.union([z.string(), z.number()], { error: 'expected text or a number' }).transform((value) => String(value).trim()).pipe(z.string().min(1).max(200))

const Pattern = z.string().min(1).max(200).refine((source) => {
  try {
    new RegExp(source)
    return true
  } catch {
    return false
  }
}, 'not a valid regular expression')

export const Observe = z.union([z.literal('exit-code'), z.literal('output'), z.object({ match: Pattern }).strict()])
export type Observe = z.infer<typeof Observe>

export const Prediction = z.object({
  /** Its name in the student's progress; the block key by default. */
  id: BlockKey.optional(),
  /** The run block it belongs to (from `{for=KEY}`). */
  for: BlockKey,
  section: SectionId,
  question: Text(500),
  choices: z.array(AnswerText).min(2).max(6).optional(),
  answer: z.preprocess((value) => (Array.isArray(value) ? value : [value]), z.array(AnswerText).min(1).max(6)),
  why: Text(400),
  observe: Observe.default('output'),
}).strict().superRefine((prediction, context) => {
  const { choices } = prediction
  if (!choices) return
  const normal = choices.map(normaliseAnswer)
  if (new Set(normal).size !== normal.length) context.addIssue({ code: 'custom', path: ['choices'], message: 'two choices say the same thing' })
  for (const [i, answer] of prediction.answer.entries()) {
    if (!normal.includes(normaliseAnswer(answer))) {
      context.addIssue({ code: 'custom', path: ['answer', i], message: `"${answer}" is not one of the choices (${choices.join(', ')})` })
    }
  }
}).transform((prediction) => ({ ...prediction, id: prediction.id ?? prediction.for }))
export type Prediction = z.output<typeof Prediction>

/** Reads a ```predict fence: `{for=KEY}` from its info string, the rest from its body. */
export function parsePredictFence(info: string, body: string): FormResult<Prediction> {
  const key = fenceAttributes(info).for
  if (key === undefined) return { ok: false, error: 'for: a ```predict fence names the run block it asks about: ```predict {for=BLOCK-KEY}' }
  const data = readFenceBody(body)
  if (!data.ok) return data
  if (data.value === null || typeof data.value !== 'object' || Array.isArray(data.value)) return { ok: false, error: '(the body): expected fields such as question:, answer:, why:' }
  if ('for' in data.value) return { ok: false, error: 'for: write the block key in the fence\'s info, ```predict {for=KEY}, not in its body' }
  return validate(Prediction, { ...data.value, for: key })
}
