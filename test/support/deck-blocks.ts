// The deck's runnable blocks as the browser tests name them: the command
// line, and the fence's key where the deck repeats the line; the slide
// number (as in the deck's URL) is looked up in slides.md, so slides can be
// added or split without renumbering a test. setup/deck-source.ts reads the
// slides the way Slidev does (its parser, its markdown engine, snippet
// imports expanded).
import { deckBlocks, SLIDES_PATH } from '../../scripts/recording/deck-blocks.ts'
import { readDeck } from '../../setup/deck-source.ts'
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
export function blockName(block: DeckBlock | BlockRef | BlockName): string {
  const key = 'keyGiven' in block ? (block.keyGiven ? block.key : undefined) : block.key
  return `${'slide' in block ? `slide ${block.slide}: ` : ''}${block.line}${key ? ` [key=${key}]` : ''}`
}

/** A block as a test names it: its line, and its fence's key when the fence names one. */
export interface BlockName {
  line: string
  key?: string
}

/** A named block with the slide it is on now. */
export interface BlockRef extends BlockName {
  slide: number
}

/** True when `name` names `block`: same line, and the key the fence names (or none, when the fence names none). */
export const refersTo = (name: BlockName, block: DeckBlock) =>
  name.line === block.line && (name.key === undefined ? !block.keyGiven : name.key === block.key)

/** The one deck block `name` names, with its slide; throws when slides.md has none or several. */
export function locateBlock(name: BlockName, blocks: readonly DeckBlock[] = deckRunBlocks()): BlockRef {
  const found = blocks.filter((block) => refersTo(name, block))
  if (found.length !== 1) throw new Error(`\`${name.line}\`${name.key ? ` [key=${name.key}]` : ''} names ${found.length} blocks of slides.md, not one.`)
  return { slide: found[0]!.slide, line: name.line, ...(name.key ? { key: name.key } : {}) }
}

/** How many slides the deck has, title to summary, as Slidev counts them. */
export function deckSlideCount(markdown?: string): number {
  return readDeck(SLIDES_PATH, markdown).length
}

/** The number of the one slide whose markdown contains `text` (an exercise's `id: …`, a heading); throws unless exactly one does. */
export function slideContaining(text: string, markdown?: string): number {
  const slides = readDeck(SLIDES_PATH, markdown).filter((slide) => slide.content.includes(text))
  if (slides.length !== 1) throw new Error(`${slides.length} slides of slides.md contain "${text}", not one.`)
  return slides[0]!.index + 1
}

/** Compares the deck's blocks with a list of names for them. */
export function coverage(blocks: readonly DeckBlock[], refs: readonly BlockName[]) {
  return {
    /** Deck blocks no reference names. */
    uncovered: blocks.filter((block) => !refs.some((ref) => refersTo(ref, block))),
    /** References that name no deck block. */
    unknown: refs.filter((ref) => !blocks.some((block) => refersTo(ref, block))),
    /** References that name more than one block (the deck repeats the line: add its key). */
    ambiguous: refs.filter((ref) => blocks.filter((block) => refersTo(ref, block)).length > 1),
  }
}
