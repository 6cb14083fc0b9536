// The deck's exercises and predictions as the tests read them: from slides.md,
// the way the deck's build reads them.
import type { Inventory } from '../../lib/self-study/inventory.ts'
import { deckSelfStudy } from '../../setup/self-study-inventory.ts'
import { SLIDES_FILE } from './deck-blocks.ts'

/** The self-study items of slides.md, in slide order. */
export function deckSelfStudyItems(): Pick<Inventory, 'predictions' | 'exercises'> {
  const { predictions, exercises } = deckSelfStudy(SLIDES_FILE)
  return { predictions, exercises }
}
