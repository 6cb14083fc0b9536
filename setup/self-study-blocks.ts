// The self-study fences and what they become. A ```predict {for=KEY} fence
// is data: the run block KEY asks it (Run.vue finds it in the deck's
// inventory), so the fence itself renders nothing. ```exercise becomes
// <Exercise :exercise="…"/> with its validated data as a prop. A malformed
// fence fails the build, naming the slide and the field. Pure, so it is
// unit-tested without Slidev.
import { parseExerciseFence, type Exercise } from '../lib/self-study/exercise.ts'
import { fenceLanguage } from '../lib/self-study/names.ts'
import { parsePredictFence, type Prediction } from '../lib/self-study/prediction.ts'

export type SelfStudyBlock = { kind: 'predict'; prediction: Prediction } | { kind: 'exercise'; exercise: Exercise }

/** The slide a fence is on, as an error names it: `slide 9 ("도커 컨테이너의 생명 주기")`. */
export function slideName(slide: { index: number; title?: string | undefined; content?: string } | null | undefined): string {
  if (!slide) return 'a slide'
  const title = slide.title ?? slide.content?.split('\n').map((line) => line.replace(/^#+\s*/, '').trim()).find(Boolean)
  return `slide ${slide.index + 1}${title ? ` ("${title}")` : ''}`
}

/** The fence as a self-study block; undefined for any other fence. Throws, naming `where` and the field, when it is malformed. */
export function parseSelfStudyBlock(info: string, code: string, where = 'a slide'): SelfStudyBlock | undefined {
  const language = fenceLanguage(info)
  if (language !== 'predict' && language !== 'exercise') return undefined
  const parsed = language === 'predict' ? parsePredictFence(info, code) : parseExerciseFence(code)
  if (!parsed.ok) {
    const opening = code.trim().split('\n')[0]?.slice(0, 60) ?? ''
    throw new Error(`The \`\`\`${info.trim()} fence on ${where} is not valid: ${parsed.error}. (The fence begins: "${opening}".) See lib/self-study/${language === 'predict' ? 'prediction' : 'exercise'}.ts for the form.`)
  }
  return language === 'predict' ? { kind: 'predict', prediction: parsed.value as Prediction } : { kind: 'exercise', exercise: parsed.value as Exercise }
}

/** The markup in the fence's place: none for a prediction (its run block asks it); for an exercise, the component with its data as a JavaScript object literal in a bound attribute (JSON, HTML-escaped). */
export function selfStudyBlockHtml(block: SelfStudyBlock): string {
  return block.kind === 'predict' ? '' : `<Exercise :exercise="${boundJson(block.exercise)}" />`
}

/** JSON is a JavaScript expression; the template compiler decodes the entities before it reads it. */
function boundJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}
