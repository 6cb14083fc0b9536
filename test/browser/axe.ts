// axe-core in the page: the serious and critical accessibility violations of
// one slide (and the runner badge above it), each named with its rule, its
// help text and the elements it found.
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SOURCE: string = (createRequire(import.meta.url)('axe-core') as { source: string }).source

/** "rule (impact): help — selector, selector" for each serious or critical violation on slide `no`. */
export async function axeViolations(page: Page, no: number): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async (slideNo) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe
    const result = await axe.run({ include: [[`.slidev-page-${slideNo}`], ['.runner-badge']] }, { resultTypes: ['violations'] })
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.slice(0, 3).map((node) => String(node.target[0])) }))
  }, no)
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.targets.join(', ')}`)
}
