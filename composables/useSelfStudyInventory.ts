// Every prediction and exercise of the deck, bundled at build time
// (virtual:deck-self-study, served by setup/self-study-inventory.ts).
import inventory from 'virtual:deck-self-study'
import type { Inventory } from '../lib/self-study/inventory.ts'

/** The deck's self-study inventory: sections, predictions, exercises. */
export function useSelfStudyInventory(): Inventory {
  return inventory
}
