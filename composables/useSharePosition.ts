// Tells the runner where the lecturer is (slide and click), so the classroom's
// followers can follow. Every live deck window sends it; Slidev keeps the
// presenter and audience windows on the same slide, so they agree. A printed
// deck and a page without a runner send nothing.
import { useNav } from '@slidev/client'
import { watch } from 'vue'
import { useRunner } from './useRunner'

/** The most clicks a position carries (the protocol's bound). */
const MAX_CLICK = 1_000

export function useSharePosition(): void {
  const { currentSlideNo, clicks, isPrintMode } = useNav()
  const { state, client } = useRunner()
  watch(() => [state.status, currentSlideNo.value, clicks.value, isPrintMode.value] as const, ([status, slide, click, print]) => {
    if (!client || status !== 'live' || state.readOnly || print || slide < 1) return
    try {
      client.sendPosition({ slide, click: Math.min(Math.max(0, click), MAX_CLICK) })
    } catch {
      // Reconnecting: the runner still holds the last position, and the next move sends the new one.
    }
  }, { immediate: true })
}
