// Pure helpers behind Predict.vue, Exercise.vue and ProgressBar.vue, reachable
// from unit tests: inline `code` in task and question text, holding back a run
// block's output until a prediction is in, and what an observation says.
import { t } from '../lib/i18n/index.ts'
import type { Observation } from '../lib/self-study/observe.ts'

/** Text split at backticks: `docker ps -a`의 STATUS → code and plain parts, rendered without v-html. */
export function inlineParts(text: string): Array<{ code: boolean; text: string }> {
  return text.split(/(`[^`\n]+`)/).filter(Boolean).map((part) => (/^`[^`]+`$/.test(part) ? { code: true, text: part.slice(1, -1) } : { code: false, text: part }))
}

/** Marks the run block a prediction is about while its answer is not in: the block's output, exit line and terminal stay hidden (style.css in Predict.vue). */
export const HOLD_ATTRIBUTE = 'data-prediction-pending'

/**
 * Holds (or releases) the output of the run block keyed `key` on the same
 * slide as `from` (Slidev renders a slide more than once: presenter, overview).
 */
export function holdRunOutput(from: Element, key: string, held: boolean): void {
  const scope: ParentNode = from.closest('[data-slidev-no], .slidev-page') ?? from.ownerDocument
  for (const block of scope.querySelectorAll(`.run-block[data-key="${key.replace(/["\\]/g, '')}"]`)) {
    if (held) block.setAttribute(HOLD_ATTRIBUTE, '')
    else block.removeAttribute(HOLD_ATTRIBUTE)
  }
}

/** The observation as the prediction shows it beside the answer. */
export function observationText(observation: Observation, recorded: boolean): string {
  switch (observation.kind) {
    case 'not-run':
      return recorded ? t('study.predict.noRecording') : t('study.predict.runIt')
    case 'running':
      return t('study.predict.running')
    case 'no-match':
      return t('study.predict.noMatch')
    case 'exit-code':
      return t('study.observe.exitCode', { code: observation.code })
    case 'seen':
      return observation.text
  }
}

/** A bar's filled share, 0–100. */
export const percent = (done: number, total: number) => (total === 0 ? 0 : Math.round((done / total) * 100))
