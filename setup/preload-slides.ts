// Loads every slide's module ahead of time, in deck order, while the
// lecturer is still talking: advancing then shows the next slide at once,
// never Slidev's "Loading slide..." (on the dev server each slide is
// compiled on its first request; in the static build each is its own chunk).
// One slide at a time, so the slide on screen keeps the network and the CPU.

export interface LoadableSlide {
  load: () => Promise<unknown>
}

/** Resolves when the browser has a moment; setTimeout where requestIdleCallback is missing. */
export const whenIdle = (): Promise<void> => new Promise((resolve) => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 500 })
  else setTimeout(resolve, 0)
})

/** Loads the slides after `first` (1-based), then the ones before it; a slide that fails is left to Slidev's own error page. */
export async function preloadSlides(slides: readonly LoadableSlide[], first = 1, idle: () => Promise<void> = whenIdle): Promise<number> {
  const order = [...slides.slice(first), ...slides.slice(0, first)]
  let loaded = 0
  for (const slide of order) {
    await idle()
    try {
      await slide.load()
      loaded++
    } catch {
      // Slidev shows its error layout when the lecturer reaches that slide.
    }
  }
  return loaded
}
