// The deck's runnable blocks as the browser tests name them: slide number
// (as in the deck's URL) and command line, plus the key the <Run> component
// gets. scripts/recording/deck-blocks.ts finds them the way Slidev does (its parser,
// its markdown engine, snippet imports expanded).
import { deckBlocks, SLIDES_PATH } from '../../scripts/recording/deck-blocks.ts'
import { parseRunBlock } from '../../setup/run-blocks.ts'

export const SLIDES_FILE = SLIDES_PATH

export interface DeckBlock {
  /** The slide's number in the deck's URL (the title slide is 1). */
  slide: number
  line: string
  /** The block's `data-key` on the page. */
  key: string
  /** True when the fence names its key (`{run key=…}`) instead of taking the default. */
  keyGiven: boolean
}

/** Every runnable block of the deck (slides.md, or `markdown` read as if it were slides.md), in slide order. */
export function deckRunBlocks(markdown?: string): DeckBlock[] {
  const blocks = markdown === undefined ? deckBlocks() : deckBlocks(SLIDES_PATH, markdown)
  return blocks.map((block) => {
    const defaultKey = parseRunBlock('sh {run}', block.line)!.key
    return { slide: block.slide, line: block.line, key: block.key, keyGiven: block.key !== defaultKey }
  })
}

/** How a block is named in messages: `slide 7: docker ps -a`, plus `[key=…]` when the fence names one. */
export function blockName(block: DeckBlock | BlockRef): string {
  const key = 'keyGiven' in block ? (block.keyGiven ? block.key : undefined) : block.key
  return `slide ${block.slide}: ${block.line}${key ? ` [key=${key}]` : ''}`
}

export interface BlockRef {
  slide: number
  line: string
  key?: string
}

/** True when `ref` names `block` (by slide and line, and by key when it gives one). */
export const refersTo = (ref: BlockRef, block: DeckBlock) =>
  ref.slide === block.slide && ref.line === block.line && (ref.key === undefined || ref.key === block.key)

/** Compares the deck's blocks with a list of references to them. */
export function coverage(blocks: readonly DeckBlock[], refs: readonly BlockRef[]) {
  return {
    /** Deck blocks no reference names. */
    uncovered: blocks.filter((block) => !refs.some((ref) => refersTo(ref, block))),
    /** References that name no deck block. */
    unknown: refs.filter((ref) => !blocks.some((block) => refersTo(ref, block))),
    /** References that name more than one block (the slide repeats the line: add its key). */
    ambiguous: refs.filter((ref) => blocks.filter((block) => refersTo(ref, block)).length > 1),
  }
}
