// Splits a docker subcommand's arguments the way the CLI (spf13/pflag) does:
// `--name value`, `--name=value`, `-x value`, `-xvalue`, `-x=value`, bundled
// short flags (`-itv /:/h`), `--` ending options. Each option is reported under
// its long name, so a rule written once catches every spelling.
import { shortName, type OptionTable } from './docker-options.ts'
import { Refused } from './refusal.ts'
import { isBooleanWord } from './value-grammars.ts'

export interface ParsedOption {
  /** Long name, without dashes. */
  name: string
  /** The value for options that take one; for booleans the `=value` if given. */
  value?: string
}

/** One or two argv words that together set one or more options. */
export interface OptionUnit {
  tokens: string[]
  options: ParsedOption[]
}

export interface SplitArgs {
  units: OptionUnit[]
  /** Positionals in order; for non-interspersed tables, everything from the first one on. */
  positionals: string[]
  /** For each positional, its index in the words that were split (so a caller can tell which word became which). */
  positionalAt: number[]
  /** Whether `--` ended the options; it must stay in the argv so docker reads the rest as positionals too. */
  endOfOptions: boolean
}

export class OptionError extends Error {
  constructor(message: string, readonly subject: string, readonly code: 'unknown-option' | 'missing-value' | 'invalid-value') {
    super(message)
  }
}

/** Parses `args` (the words after the subcommand) against `table`. */
export function splitOptions(args: readonly string[], table: OptionTable, command: string): SplitArgs {
  const units: OptionUnit[] = []
  const positionals: string[] = []
  const positionalAt: number[] = []
  const rest = (from: number) => {
    for (let j = from; j < args.length; j++) positionalAt.push(j)
    positionals.push(...args.slice(from))
  }
  let endOfOptions = false
  const valued = new Set(table.valued)
  const flags = new Set(table.flags)
  let i = 0
  while (i < args.length) {
    const word = args[i]!
    if (word === '--') {
      endOfOptions = true
      rest(i + 1)
      break
    }
    if (!word.startsWith('-') || word === '-') {
      if (!table.interspersed) {
        rest(i)
        break
      }
      positionals.push(word)
      positionalAt.push(i)
      i++
      continue
    }
    const next = args[i + 1]
    const unit = word.startsWith('--')
      ? longOption(word, next, table, valued, flags, command)
      : shortBundle(word, next, table, valued, command)
    units.push(unit)
    i += unit.tokens.length
  }
  return { units, positionals, positionalAt, endOfOptions }
}

function longOption(word: string, next: string | undefined, table: OptionTable, valued: Set<string>, flags: Set<string>, command: string): OptionUnit {
  const eq = word.indexOf('=')
  const name = word.slice(2, eq === -1 ? undefined : eq)
  const inline = eq === -1 ? undefined : word.slice(eq + 1)
  if (valued.has(name)) {
    if (inline !== undefined) return { tokens: [word], options: [{ name, value: inline }] }
    if (next === undefined) throw missing(`--${name}`, command)
    return { tokens: [word, next], options: [{ name, value: next }] }
  }
  if (flags.has(name)) return { tokens: [word], options: [{ name, ...(inline === undefined ? {} : { value: boolean(`--${name}`, inline) }) }] }
  throw unknown(`--${name}`, table, command)
}

function shortBundle(word: string, next: string | undefined, table: OptionTable, valued: Set<string>, command: string): OptionUnit {
  const options: ParsedOption[] = []
  for (let j = 1; j < word.length; j++) {
    const letter = word[j]!
    const name = shortName(table, letter)
    if (name === undefined) throw unknown(`-${letter}`, table, command)
    const tail = word.slice(j + 1)
    if (valued.has(name)) {
      if (tail !== '') return { tokens: [word], options: [...options, { name, value: tail.startsWith('=') ? tail.slice(1) : tail }] }
      if (next === undefined) throw missing(`-${letter}`, command)
      return { tokens: [word, next], options: [...options, { name, value: next }] }
    }
    if (tail.startsWith('=')) return { tokens: [word], options: [...options, { name, value: boolean(`-${letter}`, tail.slice(1)) }] }
    options.push({ name })
  }
  return { tokens: [word], options }
}

/** A boolean's `=value` as docker reads it; any other value docker rejects with a usage error, so it is refused before it is planned. */
function boolean(flag: string, value: string): string {
  if (!isBooleanWord(value)) throw new OptionError(`${flag}=${value} is refused: ${flag} takes no value, or true or false.`, flag, 'invalid-value')
  return value
}

function unknown(flag: string, table: OptionTable, command: string): OptionError {
  const lacking = table.lacks?.get(flag)
  const message = lacking === undefined
    ? `\`docker ${command}\` has no option ${flag} that the runner knows; check the spelling or run it in your own terminal.`
    : `\`docker ${command}\` has no option ${flag}: ${lacking}.`
  return new OptionError(message, flag, 'unknown-option')
}

const missing = (flag: string, command: string) =>
  new OptionError(`${flag} needs a value in \`docker ${command}\`; add it after the flag.`, flag, 'missing-value')

/** Writes options back as argv words: `-x value` for letters, `--name value` otherwise. */
export function optionWords(options: readonly ParsedOption[], table: OptionTable): string[] {
  const letterOf = new Map(Object.entries(table.short).map(([letter, name]) => [name, letter]))
  return options.flatMap(({ name, value }) => {
    const letter = letterOf.get(name)
    const flag = letter ? `-${letter}` : `--${name}`
    if (value === undefined) return [flag]
    return table.valued.includes(name) ? [flag, value] : [`--${name}=${value}`]
  })
}

/** splitOptions, with its errors as the refusals the deck shows. */
export function splitOrRefuse(args: readonly string[], table: OptionTable, command: string): SplitArgs {
  try {
    return splitOptions(args, table, command)
  } catch (error) {
    if (error instanceof OptionError) throw new Refused(error.code, error.message, error.subject)
    throw error
  }
}
