// Writes `ko: <hash>` into one slide's frontmatter in a slides file, as text:
// the rest of the file stays byte for byte as it was. A slide without
// frontmatter gets one (`---` / `ko: …` / `---` in place of its separator).
import { parseSync } from '@slidev/parser'
import { SOURCE_KEY } from '../../setup/deck-editions.ts'

/** `markdown` with slide `no` (1-based) recording `hash` as the Korean slide it was written from. */
export function withSourceHash(markdown: string, filepath: string, no: number, hash: string): string {
  const slide = parseSync(markdown, filepath).slides[no - 1]
  if (!slide) throw new Error(`${filepath} has no slide ${no}.`)
  const lines = markdown.split('\n')
  // Quoted: a hash such as 21e0464874 would read as a number.
  const entry = `${SOURCE_KEY}: "${hash}"`
  if (slide.frontmatterRaw !== undefined) {
    // The block runs from its opening `---` (line `start`) to its closing one (line `contentStart - 1`).
    const at = lines.slice(slide.start + 1, slide.contentStart - 1).findIndex((line) => line.startsWith(`${SOURCE_KEY}:`))
    if (at === -1) lines.splice(slide.start + 1, 0, entry)
    else lines[slide.start + 1 + at] = entry
  } else {
    if (lines[slide.start - 1] !== '---') throw new Error(`${filepath}: slide ${no} does not follow a --- line; give it frontmatter by hand.`)
    lines.splice(slide.start, 0, entry, '---')
  }
  return lines.join('\n')
}
