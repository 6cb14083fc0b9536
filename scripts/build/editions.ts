// Where each edition of the deck goes in a build: the Korean at the top of
// the folder, the English in en/ beneath it (dist/index.html, dist/en/index.html).
import path from 'node:path'
import type { Edition } from '../../setup/deck-editions.ts'

/** Built in this order: the Korean build empties the folder the English one then goes into. */
export const EDITIONS: readonly Edition[] = ['ko', 'en']

/** The folder edition `edition` of a build into `out` goes into. */
export const editionDir = (out: string, edition: Edition) => (edition === 'ko' ? out : path.join(out, edition))

/** `--lang` as a command line gives it: one edition, or both. */
export function editionsAsked(lang: string | undefined): readonly Edition[] {
  if (lang === undefined || lang === 'all') return EDITIONS
  if (lang === 'ko' || lang === 'en') return [lang]
  throw new Error(`--lang ${lang}: say ko, en or all.`)
}
