// The deck's exercises and predictions as the tests read them: slides.md, plus
// exercises.md while its content waits to be moved into slides.md (an item in
// both counts once, as slides.md has it).
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Inventory } from '../../lib/self-study/inventory.ts'
import { deckSelfStudy } from '../../setup/self-study-inventory.ts'
import { SLIDES_FILE } from './deck-blocks.ts'

export const EXERCISES_FILE = path.join(path.dirname(SLIDES_FILE), 'exercises.md')

/** The self-study items of slides.md and exercises.md, each id once (slides.md first). */
export function deckSelfStudyItems(): Pick<Inventory, 'predictions' | 'exercises'> {
  const files = [SLIDES_FILE, EXERCISES_FILE].filter((file) => existsSync(file))
  const inventories = files.map((file) => deckSelfStudy(file))
  const once = <T extends { id: string }>(items: T[]) => items.filter((item, i) => items.findIndex((other) => other.id === item.id) === i)
  return {
    predictions: once(inventories.flatMap((inventory) => inventory.predictions)),
    exercises: once(inventories.flatMap((inventory) => inventory.exercises)),
  }
}
