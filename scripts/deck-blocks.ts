// The deck's runnable blocks in presentation order, read with Slidev's own
// parser so slide numbers and keys match what the transformer produces.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseSync } from '@slidev/parser'
import { parseRunBlock, type RunBlock } from '../setup/run-blocks.ts'

export interface DeckBlock extends RunBlock {
  /** 1-based slide number, as in the deck's URL. */
  slide: number
}

export const SLIDES_PATH = path.resolve(import.meta.dirname, '..', 'slides.md')
const FENCE = /^(`{3,})([^\n`]*)\n([\s\S]*?)\n\1[ \t]*$/gm

/** Every {run} block of the deck. */
export function deckBlocks(slidesPath = SLIDES_PATH): DeckBlock[] {
  const deck = parseSync(readFileSync(slidesPath, 'utf8'), slidesPath)
  return deck.slides.flatMap((slide) => [...slide.content.matchAll(FENCE)].flatMap((fence) => {
    const block = parseRunBlock(fence[2]!.trim(), fence[3]!, slide.index)
    return block ? [{ ...block, slide: slide.index + 1 }] : []
  }))
}
