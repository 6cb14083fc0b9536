// The deck's runnable blocks in presentation order, found the way Slidev
// finds them: its parser splits the slides (so numbers and keys match the
// transformer's) and its markdown engine finds the fences (so indented,
// `~~~` and commented-out fences count exactly as on the page).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseSync } from '@slidev/parser'
import { createMarkdownExit } from 'markdown-exit'
import { parseRunBlock, type RunBlock } from '../setup/run-blocks.ts'

export interface DeckBlock extends RunBlock {
  /** 1-based slide number, as in the deck's URL. */
  slide: number
}

export const SLIDES_PATH = path.resolve(import.meta.dirname, '..', 'slides.md')

/** Every {run} block of the deck. */
export function deckBlocks(slidesPath = SLIDES_PATH, markdown = readFileSync(slidesPath, 'utf8')): DeckBlock[] {
  const md = createMarkdownExit({ html: true })
  return parseSync(markdown, slidesPath).slides.flatMap((slide) => md.parse(slide.content, {})
    .filter((token) => token.type === 'fence')
    .flatMap((token) => {
      const block = parseRunBlock(token.info, token.content, slide.index)
      return block ? [{ ...block, slide: slide.index + 1 }] : []
    }))
}
