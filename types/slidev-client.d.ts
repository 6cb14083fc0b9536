// The part of @slidev/client the deck's components use, with its types.
// Slidev ships its client as TypeScript sources written for its own build
// (globals such as __DEV__ and __SLIDEV_HAS_SERVER__, looser compiler
// settings), which a strict check of this project cannot compile; tsconfig's
// `paths` points the type-checker here, while Vite loads the real package.
import type { SlidevConfig, RenderContext } from '@slidev/types'
import type { ComputedRef, Ref } from 'vue'

/** The deck's headmatter settings (the deck reads its own `selfStudy` from them). */
export declare const configs: SlidevConfig & Record<string, unknown>

/** The navigation state of the window. */
export declare function useNav(): {
  isPrintMode: ComputedRef<boolean>
  isPresenter: ComputedRef<boolean>
  currentSlideNo: ComputedRef<number>
  /** The clicks taken on the current slide. */
  clicks: ComputedRef<number>
  /** Shows slide `no` at `clicks`. */
  go(no: number, clicks?: number): Promise<void>
}

/** The slide a component is rendered on, and where (the slide itself, the overview, the presenter's preview). */
export declare function useSlideContext(): {
  $page: Ref<number>
  $renderContext: Ref<RenderContext>
}
