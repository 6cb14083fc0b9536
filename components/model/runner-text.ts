// The runner speaks English (lib/protocol.ts: Refusal, Notice, notice events).
// These pick the sentence a student reads first — Korean, chosen by the code
// or kind, with the subject filled in — and keep the runner's own words as
// the detail. In English the runner's words are the sentence.
import { language, t } from '../../lib/i18n/index.ts'
import { RefusalCode, type EndReason, type Notice } from '../../lib/protocol.ts'

export interface RunnerText {
  /** What the student reads first, in the page's language. */
  text: string
  /** The runner's own English words, when they are not the text already. */
  detail: string | undefined
}

/** A code this deck knows (the closed set in lib/protocol.ts), or 'other' for one a newer runner sent. */
const knownCode = (code: string): RefusalCode | 'other' => (RefusalCode.safeParse(code).success ? code as RefusalCode : 'other')

/** A refusal as the block shows it: the sentence for its code, the runner's message as detail. */
export function refusalText(refusal: { code: string; message: string; subject?: string }): RunnerText {
  if (language() === 'en' && refusal.message) return { text: refusal.message, detail: undefined }
  return { text: t(`refusal.${knownCode(refusal.code)}`, { subject: refusal.subject ?? '' }), detail: refusal.message || undefined }
}

export interface NoticeGroup {
  kind: Notice['kind']
  /** One sentence for the kind, in the page's language. */
  text: string
  /** The runner's notices of this kind, word for word (English), when they are not the text already. */
  details: string[]
  /** What of them the slide shows beside the sentence: only where the runner put a full ID for a word the student typed (`my-ping → 3ecfaa58783d`); the rest stays in the tooltip. */
  shownDetails: string[]
}

/** The part of a `resolved` notice a student needs: which word became which ID (the runner's English sentence after it is in the tooltip). */
const mappingOf = (detail: string) => detail.split(': ')[0]!

/** The notices of a run, one group per kind, in the order the runner gave them. */
export function noticeGroups(notices: readonly Notice[]): NoticeGroup[] {
  const groups = new Map<Notice['kind'], string[]>()
  for (const notice of notices) groups.set(notice.kind, [...(groups.get(notice.kind) ?? []), notice.text])
  return [...groups].map(([kind, texts]) => {
    // A full ID sent for a typed word changes what docker echoes: in both languages the sentence says so, beside which word became which ID.
    if (kind === 'resolved') return { kind, text: t('notice.resolved'), details: language() === 'en' ? [] : texts, shownDetails: texts.map(mappingOf) }
    return language() === 'en' ? { kind, text: texts.join(' '), details: [], shownDetails: [] } : { kind, text: t(`notice.${kind}`), details: texts, shownDetails: [] }
  })
}

/** "러너가 추가한 것: 레이블, 자원 제한" for the notices folded away. */
export const routineSummary = (groups: readonly NoticeGroup[]) => t('run.routineNotices', { kinds: groups.map((group) => t(`noticeKind.${group.kind}`)).join(', ') })

/** A notice the runner put in the output (why it stopped the run), chosen by its reason. */
export function streamNoticeText(text: string, reason: EndReason | undefined): RunnerText {
  if (language() === 'en') return { text, detail: undefined }
  return { text: t(reason ? `streamNotice.${reason}` : 'streamNotice.other'), detail: text }
}
