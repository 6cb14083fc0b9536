// Pure helpers behind Predict.vue, Exercise.vue and ProgressBar.vue, reachable
// from unit tests: inline `code` in task and question text, and a bar's share.

/** Text split at backticks: `docker ps -a`의 STATUS → code and plain parts, rendered without v-html. */
export function inlineParts(text: string): Array<{ code: boolean; text: string }> {
  return text.split(/(`[^`\n]+`)/).filter(Boolean).map((part) => (/^`[^`]+`$/.test(part) ? { code: true, text: part.slice(1, -1) } : { code: false, text: part }))
}

/** A bar's filled share, 0–100. */
export const percent = (done: number, total: number) => (total === 0 ? 0 : Math.round((done / total) * 100))
