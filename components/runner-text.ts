// The runner speaks English (lib/protocol.ts: Refusal, Notice, notice events).
// These pick the sentence a student reads first — Korean, chosen by the code
// or kind, with the subject filled in — and keep the runner's own words as
// the detail. In English the runner's words are the sentence.
import { language, t } from '../lib/i18n/index.ts'
import type { EndReason, Notice, Refusal } from '../lib/protocol.ts'

export interface RunnerText {
  /** What the student reads first, in the page's language. */
  text: string
  /** The runner's own English words, when they are not the text already. */
  detail: string | undefined
}

const REFUSAL_CODES = [
  'busy', 'denied-flag', 'empty', 'expansion', 'glob', 'global-option', 'invalid-value', 'limit', 'not-deck-object',
  'not-docker', 'placeholder', 'shell-syntax', 'subcommand', 'substitution', 'too-long', 'variable', 'unknown-option', 'missing-value',
  'image', 'config', 'too-many', 'reference', 'port',
] as const
type RefusalCode = (typeof REFUSAL_CODES)[number]
const knownCode = (code: string): RefusalCode | 'other' => REFUSAL_CODES.find((known) => known === code) ?? 'other'

/** A refusal as the block shows it: the sentence for its code, the runner's message as detail. */
export function refusalText(refusal: Pick<Refusal, 'code' | 'message' | 'subject'>): RunnerText {
  if (language() === 'en' && refusal.message) return { text: refusal.message, detail: undefined }
  return { text: t(`refusal.${knownCode(refusal.code)}`, { subject: refusal.subject ?? '' }), detail: refusal.message || undefined }
}

// Recordings keep only the refusal's message (lib/block-recording.ts `refused`);
// these openings of the runner's messages give back its code and subject.
const RECORDED_REFUSALS: Array<[RegExp, RefusalCode]> = [
  [/^Only docker commands run here, and this line starts with "([^"]*)"/, 'not-docker'],
  [/^The shell operator (\S+) is not supported/, 'shell-syntax'],
  [/^Shell variables such as (\S+) are not expanded/, 'variable'],
  [/^docker (.+?) is not one of the commands this deck runs/, 'subcommand'],
  [/^The command is empty/, 'empty'],
]

/** The refusal a recording saved as a message only. */
export function recordedRefusal(message: string): Refusal {
  for (const [pattern, code] of RECORDED_REFUSALS) {
    const match = pattern.exec(message)
    if (match) return { code, message, ...(match[1] ? { subject: match[1] } : {}) }
  }
  return { code: 'other', message }
}

export interface NoticeGroup {
  kind: Notice['kind']
  /** One sentence for the kind, in the page's language. */
  text: string
  /** The runner's notices of this kind, word for word (English), when they are not the text already. */
  details: string[]
}

/** The notices of a run, one group per kind, in the order the runner gave them. */
export function noticeGroups(notices: readonly Notice[]): NoticeGroup[] {
  const groups = new Map<Notice['kind'], string[]>()
  for (const notice of notices) groups.set(notice.kind, [...(groups.get(notice.kind) ?? []), notice.text])
  return [...groups].map(([kind, texts]) => (language() === 'en'
    ? { kind, text: texts.join(' '), details: [] }
    : { kind, text: t(`notice.${kind}`), details: texts }))
}

/** "러너가 추가한 것: 레이블, 자원 제한" for the notices folded away. */
export const routineSummary = (groups: readonly NoticeGroup[]) => t('run.routineNotices', { kinds: groups.map((group) => t(`noticeKind.${group.kind}`)).join(', ') })

/** A notice the runner put in the output (why it stopped the run), chosen by its reason. */
export function streamNoticeText(text: string, reason: EndReason | undefined): RunnerText {
  if (language() === 'en') return { text, detail: undefined }
  return { text: t(reason ? `streamNotice.${reason}` : 'streamNotice.other'), detail: text }
}
