// Stands in for '@slidev/client' in component tests (the real one needs a
// running deck): useNav's print mode, the slide context and the headmatter, all settable.
//   vi.mock('@slidev/client', async () => (await import('./slidev-stub.ts')).slidevClient)
import { ref } from 'vue'

/** Slidev's `useNav().isPrintMode`: true while the deck prints or exports. */
export const printMode = ref(false)
/** `useSlideContext().$page`: the slide a component is on. */
export const page = ref(10)
/** `useNav().currentSlideNo`: the slide on screen. */
export const currentSlide = ref(10)

/** The deck's headmatter, as Slidev's `configs`. */
export const configs: Record<string, unknown> = { title: 'test deck' }

export const slidevClient = {
  configs,
  useNav: () => ({ isPrintMode: printMode, currentSlideNo: currentSlide }),
  useSlideContext: () => ({ $page: page, $renderContext: ref('slide') }),
}
