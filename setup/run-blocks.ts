// Which fenced code blocks run, and what they become: ```sh {run} turns into
// a <Run> component wrapping the Shiki-highlighted code. The `{run …}` meta
// may also tell the recorder how a presenter would drive the block:
//   until="Ready to accept"   leave it running once this text appears
//   prompt="6379>"            wait for this before each keystroke step
//   keys="set a 1⏎|get a⏎|quit⏎"   steps, `|`-separated; ⏎ is Enter, ^D is Ctrl-D
// and how the slide shows its output:
//   show=end                  a finished output opens at its last lines (a server's shutdown log), printed too
// Pure functions, so the transformer is unit-tested without Slidev.
import { findPlaceholders } from '../lib/placeholders.ts'

export interface RecordDirectives {
  until?: string
  prompt?: string
  keys?: string[]
}

export interface RunBlock {
  /** The info string without the `{run …}` part, for highlighting. */
  info: string
  line: string
  key: string
  record: RecordDirectives
  /** The output box opens at its end once the run is over. */
  showEnd?: boolean
}

const RUN_META = /\s*\{run(?:\s+([^}]*))?\}/
const ATTRIBUTE = /(\w+)=(?:"([^"]*)"|(\S+))/g

/**
 * Parses a fence's info and code; undefined for blocks that do not run. The
 * block's key (its recording's file name, what windows follow) comes from its
 * command line, so inserting or moving a slide renames nothing; a slide that
 * repeats a line gives the repeat an explicit `{run key=…}`.
 */
export function parseRunBlock(info: string, code: string): RunBlock | undefined {
  const meta = RUN_META.exec(info)
  if (!meta) return undefined
  const line = code.trim()
  if (line.includes('\n')) throw new Error(`A {run} block holds one command on one line; this one has ${line.split('\n').length} lines: ${line.slice(0, 80)}`)
  const attributes = Object.fromEntries([...(meta[1] ?? '').matchAll(ATTRIBUTE)].map((match) => [match[1]!, match[2] ?? match[3] ?? '']))
  const record: RecordDirectives = {
    ...(attributes.until ? { until: attributes.until } : {}),
    ...(attributes.prompt ? { prompt: attributes.prompt } : {}),
    ...(attributes.keys ? { keys: attributes.keys.split('|').map(keystrokes) } : {}),
  }
  if (attributes.key !== undefined && !BLOCK_KEY.test(attributes.key)) {
    throw new Error(`{run key="${attributes.key}"} is not a block key: use lower-case letters, digits and dashes (it names the block's recording file).`)
  }
  if (attributes.show !== undefined && attributes.show !== 'end') {
    throw new Error(`{run show="${attributes.show}"} is not a way to show output: the one choice is show=end (the output opens at its last lines).`)
  }
  return { info: info.replace(RUN_META, ''), line, key: attributes.key ?? lineKey(line), record, ...(attributes.show ? { showEnd: true } : {}) }
}

const BLOCK_KEY = /^[a-z0-9][a-z0-9-]{0,63}$/

/** The key a block gets from its command line: a readable slug and a hash of the whole line. */
export function lineKey(line: string): string {
  const slug = line.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '')
  return `${slug || 'block'}-${hash(line)}`
}

/** `⏎` → carriage return (what Enter sends to a terminal), `^D` → Ctrl-D. */
export function keystrokes(step: string): string {
  return step.replaceAll('⏎', '\r').replaceAll('^D', '\u0004').replaceAll('^C', '\u0003')
}

/** The component markup around the highlighted HTML. */
export function runBlockHtml(block: RunBlock, highlighted: string): string {
  // v-pre: the code may hold `{{ }}` (docker --format templates), which Vue must not read.
  const showEnd = block.showEnd ? ' show-end' : ''
  return `<Run line="${escapeAttribute(block.line)}" block-key="${escapeAttribute(block.key)}"${showEnd}>\n<div v-pre>${highlighted}</div>\n</Run>`
}

function escapeAttribute(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('{', '&#123;').replaceAll('}', '&#125;')
}

/** Short stable hash (FNV-1a) so a block keeps its key across reloads. */
function hash(text: string): string {
  let value = 0x811c9dc5
  for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 0x01000193)
  return (value >>> 0).toString(36)
}

/** A word Shiki highlights as a plain argument, standing in for the placeholder at `index` while the line is highlighted. */
const standIn = (index: number) => `DECKPLACEHOLDER${index}X`

/**
 * The line with each placeholder swapped for a plain word, so the highlighter
 * does not read `<id:alpine>` as a redirection; `restore` puts them back into
 * the highlighted HTML as one token each.
 */
export function maskPlaceholders(line: string): { masked: string; restore(html: string): string } {
  const found = findPlaceholders(line)
  let masked = line
  for (const [i, placeholder] of [...found.entries()].reverse()) {
    masked = masked.slice(0, placeholder.index) + standIn(i) + masked.slice(placeholder.index + placeholder.text.length)
  }
  return {
    masked,
    restore: (html) => found.reduce((text, placeholder, i) => text.replace(standIn(i), `<span class="run-placeholder">${escapeHtml(placeholder.text)}</span>`), html),
  }
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}
