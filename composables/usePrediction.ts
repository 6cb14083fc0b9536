// The prediction a run block asks before it shows its output: a ```predict
// {for=KEY} fence of slides.md, found in the deck's inventory by the block's
// key. While it is asked and not answered, the block holds its output and
// exit line back. Not asked in print, nor when the lecturer turned questions
// off. On a student's laptop in the classroom the output waits for the
// lecturer instead, until the lecturer reveals the answer (a run of the
// block, which would show it, waits too). The component passes Slidev's
// print mode and headmatter in.
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import { useRunner } from './useRunner'
import { useSelfStudy, type DeckSettings } from './useSelfStudy'
import { useSelfStudyInventory } from './useSelfStudyInventory'

export function usePrediction(blockKey: MaybeRefOrGetter<string>, printing: MaybeRefOrGetter<boolean>, deck: DeckSettings) {
  const inventory = useSelfStudyInventory()
  const study = useSelfStudy(deck)
  const { state } = useRunner()
  const prediction = computed(() => inventory.predictions.find((item) => item.for === toValue(blockKey)))
  const asked = computed(() => prediction.value !== undefined && study.questions.value && !toValue(printing))
  const answer = computed(() => (prediction.value ? study.progress.value.predictions[prediction.value.id] : undefined))
  /** The lecturer revealed the answer to the classroom. */
  const revealedToRoom = computed(() => state.revealed?.has(toValue(blockKey)) ?? false)
  /** The block's output waits: for an answer, or in the classroom for the lecturer. */
  const pending = computed(() => asked.value && (state.readOnly ? !revealedToRoom.value : answer.value === undefined))
  return { prediction, asked, answer, pending, revealedToRoom }
}
