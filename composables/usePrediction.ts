// The prediction a run block asks before it shows its output: a ```predict
// {for=KEY} fence of slides.md, found in the deck's inventory by the block's
// key. While it is asked and not answered, the block holds its output and
// exit line back. Not asked in print, nor when the lecturer turned questions
// off. The component passes Slidev's print mode and headmatter in.
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import { useSelfStudy, type DeckSettings } from './useSelfStudy'
import { useSelfStudyInventory } from './useSelfStudyInventory'

export function usePrediction(blockKey: MaybeRefOrGetter<string>, printing: MaybeRefOrGetter<boolean>, deck: DeckSettings) {
  const inventory = useSelfStudyInventory()
  const study = useSelfStudy(deck)
  const prediction = computed(() => inventory.predictions.find((item) => item.for === toValue(blockKey)))
  const asked = computed(() => prediction.value !== undefined && study.questions.value && !toValue(printing))
  const answer = computed(() => (prediction.value ? study.progress.value.predictions[prediction.value.id] : undefined))
  /** The block's output waits for an answer. */
  const pending = computed(() => asked.value && answer.value === undefined)
  return { prediction, asked, answer, pending }
}
