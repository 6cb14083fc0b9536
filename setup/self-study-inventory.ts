// The deck's predictions and exercises, read from slides.md the way Slidev
// reads it (its parser numbers the slides, its markdown engine finds the
// fences), and served to the components as the virtual module
// `virtual:deck-self-study`: the progress bar counts them and the printed
// deck lists each section's answers. Node only (build and dev server).
import { readFileSync } from 'node:fs'
import { parseSync } from '@slidev/parser'
import { createMarkdownExit } from 'markdown-exit'
import type { Plugin } from 'vite'
import { inventoryOf, type Inventory } from '../lib/self-study/inventory.ts'
import { SLIDES_PATH } from '../scripts/recording/deck-blocks.ts'
import { parseSelfStudyBlock, slideName } from './self-study-blocks.ts'

export const INVENTORY_MODULE = 'virtual:deck-self-study'
const RESOLVED = `\0${INVENTORY_MODULE}`

/** Every ```predict and ```exercise fence of a deck file, validated, with its 1-based slide number. */
export function deckSelfStudy(slidesPath = SLIDES_PATH, markdown = readFileSync(slidesPath, 'utf8')): Inventory {
  const md = createMarkdownExit({ html: true })
  const predictions: Inventory['predictions'] = []
  const exercises: Inventory['exercises'] = []
  for (const slide of parseSync(markdown, slidesPath).slides) {
    for (const token of md.parse(slide.content, {})) {
      if (token.type !== 'fence') continue
      const block = parseSelfStudyBlock(token.info, token.content, slideName({ index: slide.index, title: slide.title, content: slide.content }))
      if (block?.kind === 'predict') predictions.push({ ...block.prediction, slide: slide.index + 1 })
      if (block?.kind === 'exercise') exercises.push({ ...block.exercise, slide: slide.index + 1 })
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
