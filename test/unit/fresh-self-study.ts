// Each test's own self-study state: every component a test mounts gets the
// same one (Vue's provide), made on first use from the settings and the
// storage as the test left them; `forget()` starts the next test afresh.
import { config } from '@vue/test-utils'
import { createSelfStudy, SELF_STUDY, type DeckSettings, type SelfStudy } from '../../composables/useSelfStudy.ts'

/** Provides a self-study state, made from `settings()` when a component first asks, to every mount. */
export function provideFreshSelfStudy(settings: () => DeckSettings): { forget(): void } {
  let current: SelfStudy | undefined
  // A getter: test-utils reads the provides at each mount, after the test has set storage and settings.
  config.global.provide = {
    ...config.global.provide,
    get [SELF_STUDY]() {
      return (current ??= createSelfStudy(settings()))
    },
  }
  return { forget: () => (current = undefined) }
}
