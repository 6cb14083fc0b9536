// The deck's runnable blocks in presentation order, as setup/deck-source.ts
// reads the slides (so numbers and keys match the transformer's).
import { readDeck, SLIDES_PATH } from '../../setup/deck-source.ts'
import { parseRunBlock, type RunBlock } from '../../setup/run-blocks.ts'

export { SLIDES_PATH }

export interface DeckBlock extends RunBlock {
  /** 1-based slide number, as in the deck's URL. */
  slide: number
}

/** Every {run} block of the deck; throws when two blocks would share a key (and so a recording). */
export function deckBlocks(slidesPath = SLIDES_PATH, markdown?: string): DeckBlock[] {
  const blocks = readDeck(slidesPath, markdown).flatMap((slide) => slide.fences.flatMap((fence) => {
    const block = parseRunBlock(fence.info, fence.content)
    return block ? [{ ...block, slide: slide.no }] : []
  }))
  for (const [i, block] of blocks.entries()) {
    const earlier = blocks.slice(0, i).find((other) => other.key === block.key)
    if (earlier) {
      throw new Error(`Slides ${earlier.slide} and ${block.slide} both have a {run} block keyed "${block.key}" (\`${block.line}\`): give the later one its own {run key=…}, so each keeps its own recording.`)
    }
  }
  return blocks
}
