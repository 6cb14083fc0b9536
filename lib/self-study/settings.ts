// Whether the deck asks its prediction questions. The deck sets a default in
// its headmatter (`selfStudy: { questions: false }`); the presenter's toggle
// (kept in localStorage, so every window of the browser follows it) overrides
// that for a lecture; `?questions=off` or `=on` overrides both for one page.

export const QUESTIONS_KEY = 'docker-live-deck:questions'

export interface QuestionSources {
  /** The page's query string. */
  search: string
  /** The presenter's stored choice: 'on', 'off' or null. */
  stored: string | null
  /** The headmatter's `selfStudy` value, whatever it is. */
  deck: unknown
}

const onOff = (value: string | null | undefined) => (value === 'on' || value === 'true' ? true : value === 'off' || value === 'false' ? false : undefined)

/** True when prediction questions are shown. */
export function questionsShown({ search, stored, deck }: QuestionSources): boolean {
  const asked = onOff(new URLSearchParams(search).get('questions'))
  if (asked !== undefined) return asked
  const toggled = onOff(stored)
  if (toggled !== undefined) return toggled
  const setting = deck !== null && typeof deck === 'object' ? (deck as { questions?: unknown }).questions : undefined
  return setting !== false
}
