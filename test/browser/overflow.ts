// What sticks out of a slide: every visible element whose box leaves the
// slide's 16:9 frame, unless an ancestor inside the slide clips it on purpose
// (a scrolling output box). Run in the page; the tests call it for every
// slide in live, recorded and print mode.
import type { Page } from 'playwright-core'

/** Descriptions of the elements of slide `no` that lie outside its frame (empty when it fits). */
export function overflowOf(page: Page, no: number): Promise<string[]> {
  return page.evaluate((slideNo) => {
    const slide = document.querySelector<HTMLElement>(`.slidev-page-${slideNo}`)
    if (!slide) return [`slide ${slideNo} is not on the page`]
    const frame = slide.getBoundingClientRect()
    const problems: string[] = []
    const clippedInside = (element: Element): boolean => {
      for (let node = element.parentElement; node && node !== slide; node = node.parentElement) {
        const style = getComputedStyle(node)
        if (style.overflowX !== 'visible' || style.overflowY !== 'visible') return true
      }
      return false
    }
    for (const element of slide.querySelectorAll('*')) {
      const style = getComputedStyle(element)
      if (style.display === 'none' || style.visibility === 'hidden' || style.position === 'fixed') continue
      const box = element.getBoundingClientRect()
      if (box.width === 0 || box.height === 0 || clippedInside(element)) continue
      const out = box.left < frame.left - 1 || box.top < frame.top - 1 || box.right > frame.right + 1 || box.bottom > frame.bottom + 1
      if (!out) continue
      const name = `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''}`
      const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)
      problems.push(`${name} "${text}" at (${Math.round(box.left - frame.left)}, ${Math.round(box.top - frame.top)})–(${Math.round(box.right - frame.left)}, ${Math.round(box.bottom - frame.top)}) of a ${Math.round(frame.width)}×${Math.round(frame.height)} slide`)
    }
    return problems.slice(0, 8)
  }, no)
}

/** Waits until slide `no` has drawn: its diagrams (rendered asynchronously into a shadow root) have a size, and two frames passed. */
export async function settled(page: Page, no: number): Promise<void> {
  await page.waitForFunction((slideNo) => [...document.querySelectorAll(`.slidev-page-${slideNo} .mermaid`)].every((host) => host.getBoundingClientRect().height > 20), no, { timeout: 20_000 })
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
}
