// The reference solutions of the deck's exercises as blocks the recorder can
// run after the deck's own, so the static site and the PDF can show each
// solution's real run (recordings/ex--<id>--solution-<n>.*). Each line is
// its own block, keyed as Exercise.vue keys it; an exercise with a known
// start has its start lines first (ex--<id>--start-<n>), as 처음부터 다시
// runs them.
import type { Inventory } from '../../lib/self-study/inventory.ts'
import { startKey } from '../../lib/self-study/exercise-reset.ts'
import { solutionKey } from '../../lib/self-study/names.ts'
import type { DeckBlock } from './deck-blocks.ts'

/** Each exercise's start and solution lines as blocks, one list per exercise, in deck order. */
export function exerciseSolutionPasses(inventory: Pick<Inventory, 'exercises'>): DeckBlock[][] {
  return inventory.exercises.map((exercise) => [
    ...exercise.start.map((line, i) => ({ info: 'sh', line, key: startKey(exercise.id, i + 1), record: {}, slide: exercise.slide })),
    ...exercise.solution.map((line, i) => ({ info: 'sh', line, key: solutionKey(exercise.id, i + 1), record: {}, slide: exercise.slide })),
  ])
}

/** Every exercise's blocks, in deck order. */
export const exerciseSolutionBlocks = (inventory: Pick<Inventory, 'exercises'>): DeckBlock[] => exerciseSolutionPasses(inventory).flat()
