// The reference solutions of the deck's exercises as blocks the recorder can
// run after the deck's own, so the static site and the PDF can show each
// solution's real run (recordings/ex--<id>--solution-<n>.*). Each line is
// its own block, keyed as Exercise.vue keys it.
import type { Inventory } from '../../lib/self-study/inventory.ts'
import { solutionKey } from '../../lib/self-study/names.ts'
import type { DeckBlock } from './deck-blocks.ts'

/** One block per solution line, in exercise order, on the exercise's slide. */
export function exerciseSolutionBlocks(inventory: Pick<Inventory, 'exercises'>): DeckBlock[] {
  return inventory.exercises.flatMap((exercise) => exercise.solution.map((line, i) => ({
    info: 'sh', line, key: solutionKey(exercise.id, i + 1), record: {}, slide: exercise.slide,
  })))
}
