// Picks the UI language and formats messages. The student's choice wins
// (`?lang=en` once, kept in localStorage); then the edition of the slides
// (the English edition speaks English); then, for the Korean deck, the
// browser's preference; then Korean. Browser-safe; no Vue.
import { en } from './en.ts'
import { ko } from './ko.ts'
import type { MessageKey, MessageParams, Messages } from './messages.ts'

export type Language = 'ko' | 'en'
export const LANGUAGES: Record<Language, Messages> = { ko, en }
const STORAGE_KEY = 'docker-live-deck:lang'

/** The language for a page: an explicit `?lang=` or a stored choice wins, then the slides' edition, then the browser's preferences, then Korean. */
export function chooseLanguage(search: string, stored: string | null, preferred: readonly string[], edition?: Language): Language {
  const asked = new URLSearchParams(search).get('lang') ?? stored
  if (asked === 'ko' || asked === 'en') return asked
  if (edition) return edition
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0]
    if (base === 'ko' || base === 'en') return base
  }
  return 'ko'
}

let current: Language = 'ko'

/**
 * Sets the page's language from its address, storage and browser (call once, in the browser).
 * `ignoreBrowser`: the browser's preferences do not count (a printed document, whose
 * browser is the exporting machine's).
 */
export function initLanguage(options: { ignoreBrowser?: boolean; edition?: Language } = {}): Language {
  if (typeof window === 'undefined') return current
  const search = window.location.search
  const preferred = options.ignoreBrowser ? [] : window.navigator.languages ?? []
  const explicit = new URLSearchParams(search).get('lang')
  try {
    if (explicit === 'ko' || explicit === 'en') window.localStorage.setItem(STORAGE_KEY, explicit)
    current = chooseLanguage(search, window.localStorage.getItem(STORAGE_KEY), preferred, options.edition)
  } catch {
    current = chooseLanguage(search, null, preferred, options.edition)
  }
  return current
}

export const language = () => current
export const setLanguage = (next: Language) => void (current = next)

/** The message `key` in the page's language, with its parameters filled in. */
export function t<K extends MessageKey>(key: K, ...params: MessageParams<K> extends never ? [] : [MessageParams<K>]): string {
  const message = LANGUAGES[current][key] as string | ((p: unknown) => string)
  return typeof message === 'function' ? message(params[0]) : message
}
