// The deck's predictions and exercises, read from slides.md by
// ./deck-source.ts (the slides as Slidev numbers them, snippets expanded),
// and served to the components as the virtual module
// `virtual:deck-self-study`: the progress bar counts them and the printed
// deck lists each section's answers. Node only (build and dev server).
import type { Plugin } from 'vite'
import { inventoryOf, type Inventory } from '../lib/self-study/inventory.ts'
import { readDeck, SLIDES_PATH } from './deck-source.ts'
import { parseSelfStudyBlock, slideName } from './self-study-blocks.ts'

export const INVENTORY_MODULE = 'virtual:deck-self-study'
const RESOLVED = `\0${INVENTORY_MODULE}`

/** Every ```predict and ```exercise fence of a deck file, validated, with its 1-based slide number. */
export function deckSelfStudy(slidesPath = SLIDES_PATH, markdown?: string): Inventory {
  const predictions: Inventory['predictions'] = []
  const exercises: Inventory['exercises'] = []
  for (const slide of readDeck(slidesPath, markdown)) {
    for (const fence of slide.fences) {
      const block = parseSelfStudyBlock(fence.info, fence.content, slideName(slide))
      if (block?.kind === 'predict') predictions.push({ ...block.prediction, slide: slide.no })
      if (block?.kind === 'exercise') exercises.push({ ...block.exercise, slide: slide.no })
    }
  }
  return inventoryOf(predictions, exercises)
}

/** Serves `virtual:deck-self-study` (the inventory of `slidesPath`), rebuilt when the file changes. */
export function selfStudyInventory(slidesPath = SLIDES_PATH): Plugin {
  return {
    name: 'docker-live-deck:self-study-inventory',
    resolveId: (source) => (source === INVENTORY_MODULE ? RESOLVED : undefined),
    load(id) {
      if (id !== RESOLVED) return undefined
      this.addWatchFile(slidesPath)
      return `export default ${JSON.stringify(deckSelfStudy(slidesPath))}\n`
    },
  }
}
