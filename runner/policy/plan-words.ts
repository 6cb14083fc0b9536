// The words of a plan as the policy builds them: each argv word beside the
// way the resolved line shows it (a short ID for a full one), and the place
// where `$(…)`'s IDs go kept as a position, never as a marker word in argv.
import type { OptionTable } from './docker-options.ts'
import { optionWords, type OptionUnit, type ParsedOption } from './split-options.ts'

/** One argv word and how the resolved line shows it. */
export interface Piece {
  word: string
  shown: string
}

/** A positional: a word, or the slot where the IDs `$(…)` lists are inserted. */
export type Arg = Piece | { listing: string[] }

/** An option after the policy's checks: the value that runs and the value shown. */
export interface CheckedOption extends ParsedOption {
  shown?: string
}

/** A word shown as it runs. */
export const piece = (word: string, shown = word): Piece => ({ word, shown })

/** Whether `arg` is the `$(…)` slot. */
export const isListing = (arg: Arg): arg is { listing: string[] } => 'listing' in arg

/**
 * The pieces of one option unit: as typed when the policy changed nothing in
 * it, otherwise rewritten from its options (`-dp 80:80` → `-d -p …`).
 */
export function unitPieces(unit: OptionUnit, checked: readonly CheckedOption[], table: OptionTable): Piece[] {
  const changed = checked.some((option, i) => option.value !== unit.options[i]?.value || option.shown !== undefined)
  if (!changed) return unit.tokens.map((token) => piece(token))
  const words = optionWords(checked, table)
  const shown = optionWords(checked.map((option) => ({ ...option, value: option.shown ?? option.value })), table)
  return words.map((word, i) => piece(word, shown[i]))
}

/** The argv, its shown words, and the index where `$(…)`'s IDs go (if any). */
export interface Assembled {
  argv: string[]
  shown: string[]
  substitution?: { argv: string[]; at: number }
}

/** Joins pieces and positionals; a `$(…)` slot becomes a position, not a word. */
export function assemble(head: readonly Piece[], positionals: readonly Arg[]): Assembled {
  const argv = head.map((p) => p.word)
  const shown = head.map((p) => p.shown)
  let substitution: Assembled['substitution']
  for (const arg of positionals) {
    if (isListing(arg)) {
      substitution = { argv: arg.listing, at: argv.length }
      continue
    }
    argv.push(arg.word)
    shown.push(arg.shown)
  }
  return substitution ? { argv, shown, substitution } : { argv, shown }
}

/** The line a student reads: `docker …` with `$(docker …)` back in its place. */
export function displayLine({ shown, substitution }: Assembled): string {
  const words = shown.map(shellWord)
  if (substitution) words.splice(substitution.at, 0, `$(docker ${substitution.argv.map(shellWord).join(' ')})`)
  return `docker ${words.join(' ')}`
}

/** A word as a student would type it: bare when safe, single-quoted otherwise. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
}
