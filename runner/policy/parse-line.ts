// Turns a command line as a student types it into argv words, without a
// shell. shell-quote does the quoting; this module refuses everything a shell
// would do on top (operators, globs, variables, expansions) except the
// chapter's one substitution, `docker rm $(docker ps -a -q)`, and the deck's
// placeholders such as `<id>` or `<id:redis>`.
import { parse, type ParseEntry } from 'shell-quote'
import { LIMITS } from '../../lib/protocol.ts'
import { Refused } from './refusal.ts'

/** `<id>`: the deck's latest container; `<id:redis>`: its latest from image redis. */
export interface Placeholder {
  kind: 'id' | 'image-id'
  image?: string
  text: string
}

export type Word = string | { placeholder: Placeholder } | { substitution: string[] }

const PLACEHOLDER = /<(id|image-id)(?::([a-z0-9][a-z0-9._/:-]*))?>/g
const SENTINEL = (n: number) => `\u0001${n}\u0001`
const SENTINEL_WORD = /^\u0001(\d+)\u0001$/

/** Parses a full line (`docker …`) into the words after `docker`. */
export function parseLine(line: string): Word[] {
  if (line.length > LIMITS.lineChars) throw new Refused('too-long', `The command is ${line.length} characters long; the runner accepts at most ${LIMITS.lineChars}.`)
  const control = /[\u0000-\u0008\u000a-\u001f\u007f]/.exec(line)
  if (control) throw new Refused('shell-syntax', 'The command holds a line break or control character; write one command on one line.', JSON.stringify(control[0]))
  if (line.trim() === '') throw new Refused('empty', 'The command is empty; type a docker command such as `docker ps`.')

  const pieces: Array<Placeholder | string[]> = []
  let text = line.replace(PLACEHOLDER, (match, kind: 'id' | 'image-id', image?: string) => {
    pieces.push({ kind, text: match, ...(image ? { image } : {}) })
    return SENTINEL(pieces.length - 1)
  })
  text = extractSubstitution(text, pieces)
  checkExpansions(text)

  const words = parseWords(text)
  if (words[0] !== 'docker') {
    throw new Refused('not-docker', `Only docker commands run here, and this line starts with ${JSON.stringify(words[0])}; start it with \`docker\`.`, String(words[0]))
  }
  return words.slice(1).map((word) => {
    const sentinel = SENTINEL_WORD.exec(word)
    if (!sentinel) {
      if (word.includes('\u0001')) throw new Refused('shell-syntax', 'A placeholder or `$(…)` must stand alone as a word, not inside another word or quotes.')
      return word
    }
    const piece = pieces[Number(sentinel[1])]!
    return Array.isArray(piece) ? { substitution: piece } : { placeholder: piece }
  })
}

function parseWords(text: string): string[] {
  const variables: string[] = []
  let entries: ParseEntry[]
  try {
    entries = parse(text, (name) => {
      variables.push(name)
      return ''
    })
  } catch (error) {
    throw new Refused('variable', `The line has a shell expansion the runner cannot read (${(error as Error).message}); there is no shell here, so write the value itself.`, '${')
  }
  if (variables.length > 0) {
    const name = variables[0] || '$'
    throw new Refused('variable', `Shell variables such as $${name} are not expanded here (there is no shell); write the value itself.`, `$${name}`)
  }
  return entries.map((entry) => {
    if (typeof entry === 'string') return entry
    if ('comment' in entry) throw new Refused('shell-syntax', 'Comments (#) are not supported; remove the part after #.', '#')
    if (entry.op === 'glob') throw new Refused('glob', `The pattern ${entry.pattern} would be expanded by a shell, and there is none here; quote it or name the files.`, entry.pattern)
    throw new Refused('shell-syntax', `The shell operator ${entry.op} is not supported: the runner runs exactly one docker command, without a shell.`, entry.op)
  })
}

/**
 * Finds the one allowed `$(…)` or backtick substitution, parses its inner
 * command, and leaves a sentinel word in its place.
 */
function extractSubstitution(text: string, pieces: Array<Placeholder | string[]>): string {
  const starts = unquotedPositions(text).filter((i) => text[i] === '`' || (text[i] === '$' && text[i + 1] === '('))
  if (starts.length === 0) return text
  const start = starts[0]!
  const backtick = text[start] === '`'
  const end = backtick ? text.indexOf('`', start + 1) : text.indexOf(')', start)
  const inner = text.slice(start + (backtick ? 1 : 2), end)
  if (end === -1) throw new Refused('substitution', 'The command substitution is not closed; write it as `$(docker ps -a -q)`.')
  if (/[`$()]/.test(inner) || starts.some((i) => i > start && i < end) || starts.some((i) => i > end)) {
    throw new Refused('substitution', 'Only one command substitution is supported, and it cannot be nested: `docker rm $(docker ps -a -q)`.')
  }
  const innerWords = parseWords(inner)
  if (innerWords[0] !== 'docker') {
    throw new Refused('substitution', `Inside $(…) only a docker listing runs, and this one starts with ${JSON.stringify(innerWords[0] ?? '')}.`, inner.trim())
  }
  pieces.push(innerWords.slice(1))
  return `${text.slice(0, start)}${SENTINEL(pieces.length - 1)}${text.slice(end + 1)}`
}

/** Refuses what a shell would expand that shell-quote passes through literally. */
function checkExpansions(text: string): void {
  for (const i of unquotedPositions(text)) {
    const atWordStart = i === 0 || /\s/.test(text[i - 1]!)
    if (text[i] === '~' && atWordStart) throw new Refused('expansion', 'A leading ~ would be expanded to a home directory by a shell; write the path itself.', '~')
    if (text[i] === '{' && /^\{[^{}\s]*(,|\.\.)[^{}\s]*\}/.test(text.slice(i))) {
      throw new Refused('expansion', 'Brace expansion ({a,b}) is a shell feature and is not supported here; write each word out.', '{')
    }
  }
}

/** Indexes of characters outside single and double quotes (escapes honoured). */
function unquotedPositions(text: string): number[] {
  const positions: number[] = []
  let quote: '"' | "'" | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quote === "'") {
      if (c === "'") quote = undefined
    } else if (c === '\\') {
      i++
    } else if (quote === '"') {
      if (c === '"') quote = undefined
      else if (c === '`' || (c === '$' && text[i + 1] === '(')) positions.push(i)
    } else if (c === '"' || c === "'") {
      quote = c
    } else {
      positions.push(i)
    }
  }
  return positions
}
