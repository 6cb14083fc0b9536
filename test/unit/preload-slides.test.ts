// Every slide is loaded ahead of the lecturer, the ones after the current
// slide first, one at a time, and a slide that fails does not stop the rest.
import { describe, expect, it } from 'vitest'
import { preloadSlides } from '../../setup/preload-slides.ts'

const now = () => Promise.resolve()

function deck(count: number, failing: number[] = []) {
  const order: number[] = []
  let inFlight = 0
  let most = 0
  const slides = Array.from({ length: count }, (_, i) => ({
    load: async () => {
      inFlight++
      most = Math.max(most, inFlight)
      await new Promise((resolve) => setTimeout(resolve, 1))
      inFlight--
      order.push(i + 1)
      if (failing.includes(i + 1)) throw new Error(`slide ${i + 1} does not compile`)
    },
  }))
  return { slides, order, most: () => most }
}

describe('preloadSlides', () => {
  it('loads the slides after the current one first, then the ones before it', async () => {
    const { slides, order } = deck(6)
    expect(await preloadSlides(slides, 3, now)).toBe(6)
    expect(order).toEqual([4, 5, 6, 1, 2, 3])
  })

  it('loads one slide at a time, so the slide on screen keeps the connection', async () => {
    const { slides, most } = deck(5)
    await preloadSlides(slides, 1, now)
    expect(most()).toBe(1)
  })

  it('goes on past a slide that fails to load, and counts only the loaded ones', async () => {
    const { slides, order } = deck(4, [2])
    expect(await preloadSlides(slides, 1, now)).toBe(3)
    expect(order).toEqual([2, 3, 4, 1])
  })

  it('waits for the browser to be idle before each slide', async () => {
    const { slides } = deck(3)
    let idles = 0
    await preloadSlides(slides, 1, async () => void idles++)
    expect(idles).toBe(3)
  })
})
