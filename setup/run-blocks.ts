// Which fenced code blocks run, and what they become: ```sh {run} (or
// {run tty}) turns into a <Run> component wrapping the Shiki-highlighted code.
// Pure functions, so the transformer is unit-tested without Slidev.

export interface RunBlock {
  /** The info string without the `{run …}` part, for highlighting. */
  info: string
  line: string
  key: string
}

const RUN_META = /\s*\{run(?:\s+([^}]*))?\}/

/** Parses a fence's info and code; undefined for blocks that do not run. */
export function parseRunBlock(info: string, code: string, slideIndex: number): RunBlock | undefined {
  const meta = RUN_META.exec(info)
  if (!meta) return undefined
  const line = code.trim()
  if (line.includes('\n')) throw new Error(`A {run} block holds one command on one line; this one has ${line.split('\n').length} lines: ${line.slice(0, 80)}`)
  const explicitKey = /key=([\w-]+)/.exec(meta[1] ?? '')?.[1]
  return { info: info.replace(RUN_META, ''), line, key: explicitKey ?? `s${slideIndex + 1}-${hash(line)}` }
}

/** The component markup around the highlighted HTML. */
export function runBlockHtml(block: RunBlock, highlighted: string): string {
  // v-pre: the code may hold `{{ }}` (docker --format templates), which Vue must not read.
  return `<Run line="${escapeAttribute(block.line)}" block-key="${escapeAttribute(block.key)}">\n<div v-pre>${highlighted}</div>\n</Run>`
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
