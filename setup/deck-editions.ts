// The deck's two editions: slides.md (Korean, the one the course is written
// in) and slides.en.md (English, written from it). They must not drift: the
// same slides in the same order, the same runnable blocks (so one recording
// serves both), the same predictions with the same answers, the same
// exercises and checks, the same sections. Each English slide records, in
// its frontmatter (`ko: <hash>`), the hash of the Korean slide it was written
// from; when the Korean slide changes, parityProblems names the English
// slide to bring up to date, and `npm run edition:sync -- <slide>` records
// the new hash once it is done. Node only.
import { createHash } from 'node:crypto'
import path from 'node:path'
import { parse } from 'yaml'
import { readDeck, SLIDES_PATH, type DeckFence, type DeckSlide } from './deck-source.ts'

export type Edition = 'ko' | 'en'

/** Each edition's slides file. */
export const EDITION_PATHS: Record<Edition, string> = {
  ko: SLIDES_PATH,
  en: path.join(path.dirname(SLIDES_PATH), 'slides.en.md'),
}

/** The frontmatter key an English slide records its Korean slide's hash under. */
export const SOURCE_KEY = 'ko'

/** Frontmatter that is the edition's own words, not the deck's shape. */
const EDITION_OWN = new Set(['title', 'info', 'edition', SOURCE_KEY])

/** The hash of a Korean slide as written: its frontmatter, its markdown and its notes. */
export function slideHash(slide: DeckSlide): string {
  const frontmatter = Object.fromEntries(Object.entries(slide.frontmatter).filter(([key]) => key !== SOURCE_KEY))
  return createHash('sha256').update(JSON.stringify([frontmatter, slide.content, slide.note ?? ''])).digest('hex').slice(0, 10)
}

const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF]/
const languageOf = (fence: DeckFence) => fence.info.trim().split(/[\s{]/, 1)[0] ?? ''
/** Fences whose text is what is typed or what docker printed: the same in both editions. */
const VERBATIM = new Set(['sh', 'bash', 'text', 'console'])

/** What is wrong between the Korean slides `ko` and the English slides `en`; empty when they agree. */
export function parityProblems(ko: DeckSlide[], en: DeckSlide[]): string[] {
  const problems: string[] = []
  if (ko.length !== en.length) problems.push(`slides.en.md has ${en.length} slides and slides.md ${ko.length}: add or remove the same slides in both.`)
  for (const [i, koSlide] of ko.entries()) {
    const enSlide = en[i]
    if (!enSlide) break
    const where = `English slide ${enSlide.no} ("${enSlide.title ?? ''}")`
    const recorded = enSlide.frontmatter[SOURCE_KEY]
    const hash = slideHash(koSlide)
    if (recorded === undefined) problems.push(`${where} records no Korean slide (frontmatter ${SOURCE_KEY}: …): write it from Korean slide ${koSlide.no}, then run npm run edition:sync -- ${enSlide.no}.`)
    else if (String(recorded) !== hash) problems.push(`${where} was written from an older Korean slide ${koSlide.no} ("${koSlide.title ?? ''}"): bring it up to date, then run npm run edition:sync -- ${enSlide.no}.`)
    problems.push(...slideProblems(koSlide, enSlide, where))
  }
  return problems
}

function slideProblems(ko: DeckSlide, en: DeckSlide, where: string): string[] {
  const problems: string[] = []
  const shape = (slide: DeckSlide) => JSON.stringify(Object.fromEntries(Object.entries(slide.frontmatter).filter(([key]) => !EDITION_OWN.has(key))))
  if (shape(ko) !== shape(en)) problems.push(`${where}: its frontmatter ${shape(en)} is not the Korean slide's ${shape(ko)}.`)
  if (ko.fences.length !== en.fences.length) {
    problems.push(`${where}: ${en.fences.length} fenced blocks, the Korean slide ${ko.fences.length}.`)
    return problems
  }
  for (const [j, koFence] of ko.fences.entries()) {
    const enFence = en.fences[j]!
    const which = `${where}, block ${j + 1}`
    if (koFence.info !== enFence.info) problems.push(`${which}: "${enFence.info}" where the Korean has "${koFence.info}".`)
    const language = languageOf(koFence)
    if (VERBATIM.has(language) && koFence.content !== enFence.content) problems.push(`${which}: its commands or output differ from the Korean block's; they are what is typed and what docker printed.`)
    if (language === 'predict') problems.push(...predictionProblems(koFence, enFence, which))
    if (language === 'exercise') problems.push(...exerciseProblems(koFence, enFence, which))
  }
  const components = (slide: DeckSlide) => (slide.content.match(/<[A-Z][A-Za-z]+\b[^>]*>/g) ?? []).join(' ')
  if (components(ko) !== components(en)) problems.push(`${where}: its components ${components(en) || '(none)'} are not the Korean slide's ${components(ko) || '(none)'}.`)
  const prose = en.content.replace(/^(`{3,}|~{3,})(\w+)[^\n]*\n[\s\S]*?^\1/gm, (fence, _, language: string) => (VERBATIM.has(language) ? '' : fence))
  const korean = prose.split('\n').find((line) => HANGUL.test(line))
  if (korean) problems.push(`${where}: Korean words outside its command blocks: ${korean.trim().slice(0, 80)}`)
  return problems
}

interface PredictShape { section?: unknown; observe?: unknown; answer?: unknown; choices?: unknown[] }

function predictionProblems(ko: DeckFence, en: DeckFence, which: string): string[] {
  const a = parse(ko.content) as PredictShape
  const b = parse(en.content) as PredictShape
  const problems: string[] = []
  for (const key of ['section', 'observe'] as const) if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) problems.push(`${which}: the prediction's ${key} differs from the Korean.`)
  const answerAt = (p: PredictShape) => (Array.isArray(p.choices) ? [p.choices.length, p.choices.indexOf(p.answer)] : p.answer)
  if (JSON.stringify(answerAt(a)) !== JSON.stringify(answerAt(b))) problems.push(`${which}: the prediction's answer is not the Korean's (the same value, or the same choice of as many).`)
  return problems
}

/** An exercise's check with its hint texts left out (they are the edition's words). */
const checkShape = (check: unknown) => JSON.stringify(check, (key, value: unknown) => (key === 'hints' && value && typeof value === 'object' ? Object.keys(value).sort() : value))

function exerciseProblems(ko: DeckFence, en: DeckFence, which: string): string[] {
  const a = parse(ko.content) as Record<string, unknown>
  const b = parse(en.content) as Record<string, unknown>
  const problems: string[] = []
  for (const key of ['id', 'section', 'solution', 'start', 'terminals', 'starter']) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) problems.push(`${which}: the exercise's ${key} differs from the Korean.`)
  }
  if (checkShape(a.check) !== checkShape(b.check)) problems.push(`${which}: the exercise's check differs from the Korean (its hint texts aside).`)
  return problems
}

/** The parity problems of the deck's two files as they are. */
export const editionProblems = () => parityProblems(readDeck(EDITION_PATHS.ko), readDeck(EDITION_PATHS.en))
