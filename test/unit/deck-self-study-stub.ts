// Stands in for the virtual module 'virtual:deck-self-study' in unit tests
// (setup/self-study-inventory.ts serves the real one to the deck): a deck
// with no predictions or exercises. Tests that need some mock
// composables/useSelfStudyInventory. vitest.config.ts points the alias here.
import { inventoryOf } from '../../lib/self-study/inventory.ts'

export default inventoryOf([], [])
