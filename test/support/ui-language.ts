// Words of the other language on a slide: English UI words in the Korean
// edition's own words (buttons, exit lines, notices, the badge), Korean
// anywhere in the English edition. What docker printed and what is typed keep
// their own words and are not read.
import type { Page } from 'playwright-core'

/** English UI words in slide `no`'s buttons, exit lines, notices and in the badge, without the runner's English originals kept as details. */
export async function englishUiWordsOn(page: Page, no: number): Promise<string[]> {
  const ui = await page.evaluate((slideNo) => [...document.querySelectorAll(`.slidev-page-${slideNo} :is(.run-bar, .run-notices li, .run-refused-text, .run-routine summary, .lifecycle-row li, .run-terminal-hint), .runner-badge`)]
    .map((element) => {
      const copy = element.cloneNode(true) as HTMLElement
      copy.querySelectorAll('[lang="en"], code, option').forEach((node) => node.remove())
      return copy.textContent ?? ''
    }), no)
  // `exit` alone is the shell command a student types; the English exit line reads `exit 0 · success`.
  const found = ui.map((text) => [/\b(Run|Stop|Edit|Done|Replay|Skip|recorded|live|exit \d+|success|running|stopped|created|exited|removed|grace)\b/.exec(text)?.[0], text] as const)
  return found.filter(([word]) => word).map(([word, text]) => `"${word}" in "${text.trim().slice(0, 80)}"`)
}

/** Korean letters on slide `no` and in the badge, outside what docker printed and what is typed. */
export async function koreanOn(page: Page, no: number): Promise<string[]> {
  const texts = await page.evaluate((slideNo) => [...document.querySelectorAll(`.slidev-page-${slideNo}, .runner-badge`)].map((element) => {
    const copy = element.cloneNode(true) as HTMLElement
    copy.querySelectorAll('pre, code, .run-output, .xterm, .terminal-screen').forEach((node) => node.remove())
    return copy.textContent ?? ''
  }), no)
  return texts.flatMap((text) => text.match(/[^\n]{0,30}[\uAC00-\uD7AF][^\n]{0,30}/g) ?? []).map((found) => `Korean in "${found.trim()}"`)
}
