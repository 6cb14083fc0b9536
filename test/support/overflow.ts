// What sticks out of a slide: every visible element whose box leaves the
// slide's 16:9 frame, unless an ancestor inside the slide clips it on purpose
// (an output box that scrolls down), and every output line cut at its box's
// right edge; and text drawn too small to read from the back of a room. Run
// in the page; the tests call them for every slide in live, recorded and
// print mode.
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
      // A 1-px box far off the slide is a screen reader's live region (xterm.js), placed there on purpose.
      if (box.width < 2 || box.height < 2 || clippedInside(element)) continue
      const out = box.left < frame.left - 1 || box.top < frame.top - 1 || box.right > frame.right + 1 || box.bottom > frame.bottom + 1
      if (!out) continue
      const name = `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''}`
      const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)
      problems.push(`${name} "${text}" at (${Math.round(box.left - frame.left)}, ${Math.round(box.top - frame.top)})–(${Math.round(box.right - frame.left)}, ${Math.round(box.bottom - frame.top)}) of a ${Math.round(frame.width)}×${Math.round(frame.height)} slide`)
    }
    // An output box may scroll down, never sideways: a line cut at its right edge is text nobody can read.
    for (const box of slide.querySelectorAll<HTMLElement>('pre.run-output')) {
      if (box.getBoundingClientRect().width > 0 && box.scrollWidth > box.clientWidth + 1) {
        problems.push(`pre.run-output "${(box.textContent ?? '').trim().slice(0, 40)}" is ${box.scrollWidth - box.clientWidth} px wider than its box: a line is cut off`)
      }
    }
    return problems.slice(0, 8)
  }, no)
}

/** Waits until slide `no` has drawn: its diagrams (rendered asynchronously into a shadow root) have a size, and two frames passed. */
export async function settled(page: Page, no: number): Promise<void> {
  await page.waitForFunction((slideNo) => [...document.querySelectorAll(`.slidev-page-${slideNo} .mermaid`)].every((host) => host.getBoundingClientRect().height > 20), no, { timeout: 20_000 })
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
}

/** The least a room can read at 1280×720: no text below Slidev's code size, prose not below 20 px. */
export const READABLE_PX = { any: 15, prose: 20 } as const

/**
 * Text on slide `no` that renders smaller than READABLE_PX: px as drawn on
 * the screen (the slide's scale, a diagram's viewBox and every transform
 * included). Prose is the slide's own words (paragraphs, lists, tables,
 * headings); code, output, terminals and the deck's controls are held to the
 * lower bound.
 */
export function smallTextOf(page: Page, no: number): Promise<string[]> {
  return page.evaluate(({ slideNo, least }) => {
    const slide = document.querySelector<HTMLElement>(`.slidev-page-${slideNo}`)
    if (!slide) return [`slide ${slideNo} is not on the page`]
    const problems = new Map<string, string>()
    const notProse = 'pre, code, kbd, button, select, input, label, .run-block, .predict-block, .exercise-block, .lifecycle, .container-table, .study-progress, .mermaid, svg, .slidev-code'
    // Each text node's rendered size: its font size times the scale its box is drawn at.
    const visit = (root: Node, inShadow: boolean) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim()
        const parent = node.parentElement
        if (!text || !parent) continue
        const style = getComputedStyle(parent)
        if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) continue
        const range = document.createRange()
        range.selectNodeContents(node)
        const rect = range.getBoundingClientRect()
        if (rect.width === 0 || rect.height === 0) continue
        // Hidden inside a closed <details> or a clipped box: not drawn, nothing to read.
        if (parent.closest('details:not([open]) > :not(summary)')) continue
        let scale: number
        if (parent instanceof SVGGraphicsElement && !(parent instanceof SVGForeignObjectElement)) {
          const box = parent.getBBox()
          scale = box.height > 0 ? parent.getBoundingClientRect().height / box.height : 1
        } else {
          // An inline box that wraps has a bounding box wider than its offsetWidth says; transforms never apply to inline boxes, so its block measures the scale.
          let sized: HTMLElement = parent
          while (getComputedStyle(sized).display === 'inline' && sized.parentElement) sized = sized.parentElement
          const box = sized.getBoundingClientRect()
          scale = sized.offsetWidth > 0 ? box.width / sized.offsetWidth : slide.getBoundingClientRect().width / slide.offsetWidth
        }
        const px = parseFloat(style.fontSize) * scale
        const prose = !inShadow && !parent.closest(notProse) && parent.closest('p, li, td, th, h1, h2, h3') !== null
        const least_ = prose ? least.prose : least.any
        if (px + 0.05 >= least_) continue
        const name = `${parent.tagName.toLowerCase()}${typeof parent.className === 'string' && parent.className ? `.${parent.className.trim().split(/\s+/).slice(0, 2).join('.')}` : ''}`
        const key = `${name}|${Math.round(px * 10)}`
        if (!problems.has(key)) problems.set(key, `${name} "${text.slice(0, 30)}" at ${px.toFixed(1)} px (${prose ? 'prose' : 'text'}, needs ${least_})`)
      }
      for (const host of (root instanceof Element || root instanceof DocumentFragment ? root.querySelectorAll('*') : [])) {
        if (host.shadowRoot) visit(host.shadowRoot, true)
      }
    }
    visit(slide, false)
    return [...problems.values()].slice(0, 12)
  }, { slideNo: no, least: READABLE_PX })
}
