// What `npm run record` records, and what the recordings are checked
// against: the deck's {run} blocks in order, as the lecture runs them; then
// each exercise's known start and reference solution, each from a clean
// engine, as a student runs it after 처음부터 다시, so the static site and the
// PDF can show its real run.
import type { RunnerClient } from '../../lib/client/client.ts'
import { deckSelfStudy } from '../../setup/self-study-inventory.ts'
import { deckBlocks, SLIDES_PATH, type DeckBlock } from './deck-blocks.ts'
import { exerciseSolutionPasses } from './exercise-blocks.ts'
import { recordDeck, type RecordedBlock, type RecordOptions } from './record-deck.ts'

/** The passes, each recorded from a reset engine: the lecture, then each exercise's start and solution. */
export function recordingPasses(slidesPath = SLIDES_PATH): DeckBlock[][] {
  return [deckBlocks(slidesPath), ...exerciseSolutionPasses(deckSelfStudy(slidesPath))]
}

/** Every block that has a recording. */
export const recordedBlocks = (slidesPath = SLIDES_PATH): DeckBlock[] => recordingPasses(slidesPath).flat()

/** Records every pass in order (recordDeck resets the engine's deck containers first). */
export async function recordAllPasses(client: RunnerClient, options: RecordOptions = {}, slidesPath = SLIDES_PATH): Promise<RecordedBlock[]> {
  const recorded: RecordedBlock[] = []
  for (const pass of recordingPasses(slidesPath)) recorded.push(...await recordDeck(client, pass, options))
  return recorded
}
