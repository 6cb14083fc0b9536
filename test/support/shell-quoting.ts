// Words as a student could type them into a command line: bare, '…', "…",
// half bare and half quoted (`--cap'-add'`), or with backslash escapes. The
// generated-line tests spell each word of a line in one of these ways.
import fc from 'fast-check'

export type QuoteStyle = 'bare' | 'single' | 'double' | 'half' | 'backslash'

const SAFE = /^[\w@%+=:,./-]+$/

/** `word` in `style`, falling back to single quotes where the style would change the word. */
export function quoteWord(word: string, style: QuoteStyle): string {
  if (style === 'bare' && SAFE.test(word)) return word
  if (style === 'double' && !/["\\$`!]/.test(word)) return `"${word}"`
  if (style === 'half' && word.length > 1 && SAFE.test(word)) return `${word.slice(0, Math.ceil(word.length / 2))}'${word.slice(Math.ceil(word.length / 2))}'`
  if (style === 'backslash' && word !== '') return [...word].map((c) => (/[\w@%+=:,./-]/.test(c) ? c : `\\${c}`)).join('')
  return `'${word.replaceAll("'", `'\\''`)}'`
}

/**
 * A line of `words` (the first one bare), each in a drawn style, joined by
 * one or two spaces. `styles` limits the styles drawn (create-envelope's
 * lines use the first four).
 */
export function quotedLine(words: readonly string[], styles: readonly QuoteStyle[] = ['bare', 'bare', 'single', 'double', 'half']): fc.Arbitrary<string> {
  return fc.tuple(...words.map(() => fc.constantFrom(...styles)), fc.constantFrom(' ', ' ', ' ', '  '))
    .map((drawn) => words.map((word, i) => (i === 0 ? word : quoteWord(word, drawn[i] as QuoteStyle))).join(drawn.at(-1) as string))
}
