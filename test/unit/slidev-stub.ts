// Stands in for '@slidev/client' in component tests (the real one needs a
// running deck): useNav's print mode and the slide context, both settable.
//   vi.mock('@slidev/client', async () => (await import('./slidev-stub.ts')).slidevClient)
import { ref } from 'vue'

/** Slidev's `useNav().isPrintMode`: true while the deck prints or exports. */
export const printMode = ref(false)
/** `useSlideContext().$page`: the slide a component is on. */
export const page = ref(10)

export const slidevClient = {
  useNav: () => ({ isPrintMode: printMode }),
  useSlideContext: () => ({ $page: page, $renderContext: ref('slide') }),
}
