// axe-core in the page: the serious and critical accessibility violations of
// the whole page as it shows slide `no` (the slide, the runner badge, and
// Slidev's nav bar, shown as a pointer near the bottom shows it), each named
// with its rule, its help text and the elements it found. The other slides
// Slidev keeps mounted are left out: they are checked on their own turn.
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SOURCE: string = (createRequire(import.meta.url)('axe-core') as { source: string }).source

/** "rule (impact): help — selector, selector" for each serious or critical violation on the page at slide `no`. */
export async function axeViolations(page: Page, no: number): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  const viewport = page.viewportSize()
  // The nav bar fades in under the pointer; checked faded out, its contrast would not count.
  if (viewport) await page.mouse.move(30, viewport.height - 15)
  // Fully faded in (it fades over 300 ms): half-way, every colour would read as too faint.
  await page.waitForFunction(() => {
    const nav = document.querySelector('nav')
    if (!nav) return true
    let opacity = 1
    for (let element: Element | null = nav; element; element = element.parentElement) opacity *= Number(getComputedStyle(element).opacity)
    return opacity === 1
  }, undefined, { timeout: 5_000 }).catch(() => undefined)
  const violations = await page.evaluate(async (slideNo) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe
    const result = await axe.run({ exclude: [[`.slidev-page:not(.slidev-page-${slideNo})`]] }, { resultTypes: ['violations'] })
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.slice(0, 3).map((node) => String(node.target[0])) }))
  }, no)
  if (viewport) await page.mouse.move(viewport.width / 2, viewport.height / 2)
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.targets.join(', ')}`)
}
