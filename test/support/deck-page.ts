// The deck in Chromium, as the browser tests drive it: go to a slide, find a
// block by its slide and command line, press Run or Stop, read what it shows.
// Waits are Playwright's auto-waiting locators and vitest's expect.poll.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { OWNED_FILTER, RUN_LABEL } from '../../lib/labels.ts'
import { CHROMIUM } from '../setup/browser.ts'
import { blockName, deckRunBlocks, refersTo, type BlockRef, type DeckBlock } from './deck-blocks.ts'
import { COVERED_BLOCKS } from './blocks.ts'
import { overflowOf, smallTextOf } from './overflow.ts'

export const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url))

/** Waits until the deck in `page` is live (its runner connected; after a restart, the badge says so). */
export async function waitLive(page: Page, timeout = 150_000): Promise<void> {
  await page.waitForFunction(() => ['live', 'restarted'].includes(document.querySelector('.runner-badge')?.getAttribute('data-status') ?? ''), undefined, { timeout, polling: 100 })
}

/** A new tab of `context` on the live deck (where npm start's open.html forwards), once its runner is connected. */
export async function openLiveDeck(context: BrowserContext, deck: { origin: string; urlWithToken: string }): Promise<DeckPage> {
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  // Listening from the first request: the page's errors and foreign requests count from the start.
  const tab = new DeckPage(page, deck.origin)
  await page.goto(deck.urlWithToken)
  await waitLive(page)
  return tab
}

/** Removes what `runIds` made on the engine (a student's attempts, a `docker run hello-world`), found by the run label. */
export async function removeContainersOfRuns(runIds: Iterable<string>): Promise<void> {
  const made = (await Promise.all([...runIds].map(async (runId) => (await execa('docker', ['ps', '-a', '-q', '--filter', `label=${RUN_LABEL}=${runId}`])).stdout.split('\n').filter(Boolean)))).flat()
  if (made.length) await execa('docker', ['rm', '-f', ...made])
}

/** Removes the deck's containers an exercise's start or reset made (their names begin with ex-): a test that pressed 처음부터 다시 leaves none. */
export async function removeExerciseContainers(): Promise<void> {
  const { stdout } = await execa('docker', ['ps', '-a', '--format', '{{.ID}} {{.Names}}', '--filter', OWNED_FILTER])
  const made = stdout.split('\n').map((line) => line.split(' ')).filter(([, name]) => name?.startsWith('ex-')).map(([id]) => id!)
  if (made.length) await execa('docker', ['rm', '-f', ...made])
}

/** Chromium flags that work on these machines (see machine-facts.md). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

const DECK_BLOCKS = deckRunBlocks()

/** The deck block `ref` names; throws unless test/support/blocks.ts lists it and slides.md has it once, on `ref.slide`. */
export function deckBlock(ref: BlockRef): DeckBlock {
  if (!COVERED_BLOCKS.some((listed) => listed.line === ref.line && listed.key === ref.key)) {
    throw new Error(`${blockName(ref)} is not in test/support/blocks.ts; list every block a browser test clicks there.`)
  }
  const found = DECK_BLOCKS.filter((block) => refersTo(ref, block) && block.slide === ref.slide)
  if (found.length !== 1) throw new Error(`${blockName(ref)} names ${found.length} blocks of slides.md, not one.`)
  return found[0]!
}

/** textContent of everything `locator` matches, now (no waiting), with xterm's no-break spaces made plain. */
export async function textOf(locator: Locator): Promise<string> {
  const texts = await locator.evaluateAll((elements) => elements.map((element) => element.textContent ?? ''))
  return texts.map((text) => text.trim()).join('\n').replaceAll('\u00a0', ' ')
}

export class DeckPage {
  /** Every run this page started, for the final check that none left a container. */
  readonly startedRuns = new Set<string>()

  /** The page's console errors and uncaught exceptions, for failure messages. */
  readonly problems: string[] = []

  /** Requests the page made to any host but this machine (the deck promises to work offline). */
  readonly foreignRequests: string[] = []

  /** `screenshotPrefix` goes before every screenshot's name (`en-` for the English edition's). */
  constructor(readonly page: Page, readonly origin: string, readonly screenshotPrefix = '') {
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (/^(https?|wss?):$/.test(url.protocol) && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) this.foreignRequests.push(request.url())
    })
    page.on('console', (message) => message.type() === 'error' && this.problems.push(`console: ${message.text()}`))
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`))
  }

  /** The runner badge's status and explanation, and the page's recent errors: what a failure message needs. */
  async diagnosis(): Promise<string> {
    const badge = await this.page.locator('.runner-badge').evaluateAll((els) => els.map((el) => `${el.getAttribute('data-status')}: ${el.textContent} (${el.getAttribute('title')})`))
    return `badge ${badge.join(' ') || '(none)'}; url ${this.page.url()}; recent page errors:\n${this.problems.slice(-5).join('\n') || '(none)'}`
  }

  /** The slide number in the address bar. */
  slideNo(): number {
    return Number(new URL(this.page.url()).pathname.slice(1))
  }

  slide(no: number): Locator {
    return this.page.locator(`.slidev-page-${no}`)
  }

  /** Goes to slide `no` inside the running deck (no reload: the runner connection stays). */
  async go(no: number): Promise<void> {
    if (this.slideNo() !== no) {
      await this.page.evaluate((target) => (window as unknown as { __slidev__: { nav: { go(no: number): Promise<void> } } }).__slidev__.nav.go(target), no)
    }
    await this.page.waitForURL((url) => url.pathname === `/${no}`)
    await this.slide(no).locator('.slidev-layout').first().waitFor({ state: 'visible' })
  }

  block(ref: BlockRef): Locator {
    return this.slide(ref.slide).locator(`.run-block[data-key="${deckBlock(ref).key}"]`)
  }

  /** An exercise's own command block: Edit, type `line`, Done, Run; resolves with its run id (kept in startedRuns) once it has ended. */
  async runEdited(block: Locator, line: string): Promise<string> {
    await block.locator('.edit-button').click()
    await block.locator('.run-edit').fill(line)
    await block.locator('.edit-button').click()
    const before = await block.getAttribute('data-run-id')
    await block.locator('.run-button').click()
    await expect.poll(() => block.getAttribute('data-run-id'), { timeout: 15_000 }).not.toBe(before)
    const runId = (await block.getAttribute('data-run-id'))!
    this.startedRuns.add(runId)
    await expect.poll(() => block.getAttribute('data-phase'), { timeout: 30_000 }).toBe('exited')
    return runId
  }

  output(ref: BlockRef): Promise<string> {
    return textOf(this.block(ref).locator('.run-output'))
  }

  exit(ref: BlockRef): Locator {
    return this.block(ref).locator('.run-exit')
  }

  /** Text of the block's notices of `kind` (label, scoped, limits, resolved, confirm …). */
  notices(ref: BlockRef, kind: string): Promise<string> {
    return textOf(this.block(ref).locator(`.run-notices li[data-kind="${kind}"]`))
  }

  /** What the block's xterm.js terminal shows, row after row. */
  terminal(ref: BlockRef): Promise<string> {
    return textOf(this.block(ref).locator('.run-terminal .xterm-rows > div'))
  }

  /** The ID (12 hex digits) a `resolved` notice gave `placeholder`, e.g. `<id:alpine>`. */
  async resolvedId(ref: BlockRef, placeholder: string): Promise<string> {
    const escaped = placeholder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const pattern = new RegExp(`${escaped} → ([0-9a-f]{12})`)
    await expect.poll(() => this.notices(ref, 'resolved'), { timeout: 10_000 }).toMatch(pattern)
    return pattern.exec(await this.notices(ref, 'resolved'))![1]!
  }

  /**
   * What a lecturer could not see or click although the page has it: Run
   * buttons, exit lines, lifecycle states clipped by the slide's edge (or the
   * window's), and Run buttons under Slidev's controls. The chapter goes on (a
   * covered Run button is pressed with Enter on its block); one test fails on this list.
   */
  readonly offScreen: string[] = []

  /**
   * Records `what` in offScreen unless its first line of text lies inside
   * every clipping box around it and the window (and, with `click`, a click
   * there would reach it). Returns whether it passed.
   */
  async checkOnScreen(locator: Locator, what: string, options: { click?: boolean } = {}): Promise<boolean> {
    const problem = await locator.first().evaluate((element, click) => {
      const range = document.createRange()
      range.selectNodeContents(element)
      const text = [...range.getClientRects()].find((rect) => rect.width > 0 && rect.height > 0) ?? element.getBoundingClientRect()
      const x = Math.round(text.left + text.width / 2)
      const y = Math.round(text.top + text.height / 2)
      let clip = { left: 0, top: 0, right: innerWidth, bottom: innerHeight }
      for (let node = element.parentElement; node; node = node.parentElement) {
        const style = getComputedStyle(node)
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue
        const box = node.getBoundingClientRect()
        clip = { left: Math.max(clip.left, box.left), top: Math.max(clip.top, box.top), right: Math.min(clip.right, box.right), bottom: Math.min(clip.bottom, box.bottom) }
      }
      if (text.top < clip.top - 1 || text.bottom > clip.bottom + 1 || text.left < clip.left - 1 || text.left >= clip.right) {
        return `its text at (${x}, ${y}) lies outside the visible area (${Math.round(clip.left)}, ${Math.round(clip.top)})–(${Math.round(clip.right)}, ${Math.round(clip.bottom)}) of the ${innerWidth}×${innerHeight} window`
      }
      if (!click) return undefined
      const top = document.elementFromPoint(x, y)
      if (top && (top === element || element.contains(top))) return undefined
      const name = top && typeof top.className === 'string' && top.className ? ` class="${top.className.slice(0, 60)}"` : ''
      const title = top?.getAttribute('title') ? ` title="${top.getAttribute('title')}"` : ''
      return `a click at (${x}, ${y}) lands on ${top ? `<${top.tagName.toLowerCase()}${name}${title}>` : 'nothing'} instead`
    }, options.click ?? false)
    if (problem) this.offScreen.push(`${what}: ${problem}`)
    return !problem
  }

  /**
   * What stuck out of the slide, or was drawn too small to read, right after
   * a block ended or was stopped: the slide as the lecture had left it then,
   * with every container made so far. One test fails on this list.
   */
  readonly layoutProblems = new Set<string>()

  /** Measures slide `no` now, as the lecture left it after `what`. */
  async checkLayout(no: number, what: string): Promise<void> {
    for (const problem of [...await overflowOf(this.page, no), ...await smallTextOf(this.page, no)]) this.layoutProblems.add(`slide ${no}, after ${what}: ${problem}`)
  }

  /** Presses the block's Run button (Enter on the block if the button cannot be clicked where it is drawn). */
  async pressRun(ref: BlockRef): Promise<void> {
    const block = this.block(ref)
    const button = block.locator('.run-button')
    await button.waitFor({ state: 'visible' })
    if (await this.checkOnScreen(button, `${blockName(ref)}: Run button`, { click: true })) return button.click()
    // Focus without scrolling: a slide never scrolls for the lecturer either.
    await block.evaluate((element: HTMLElement) => element.focus({ preventScroll: true }))
    await this.page.keyboard.press('Enter')
  }

  /** Presses Run; resolves with the new run's ID once the runner has started it. */
  async run(ref: BlockRef): Promise<string> {
    await this.go(ref.slide)
    const block = this.block(ref)
    const before = await block.getAttribute('data-run-id')
    await this.pressRun(ref)
    await expect.poll(async () => {
      const refusal = await textOf(block.locator('.run-refused'))
      if (refusal) throw new Error(`${blockName(ref)} was refused: ${refusal}`)
      return block.getAttribute('data-run-id')
    }, { timeout: 15_000 }).not.toBe(before).catch(async (error: Error) => {
      throw new Error(`${blockName(ref)} did not start: ${error.message}; ${await this.diagnosis()}`, { cause: error })
    })
    const runId = (await block.getAttribute('data-run-id'))!
    this.startedRuns.add(runId)
    return runId
  }

  /** Clicks Run on a block the runner must refuse; resolves with the refusal shown. */
  async runRefused(ref: BlockRef): Promise<string> {
    await this.go(ref.slide)
    const block = this.block(ref)
    await this.pressRun(ref)
    await block.locator('.run-refused').waitFor({ state: 'visible' })
    return textOf(block.locator('.run-refused'))
  }

  /** Waits for the block's exit line; resolves with its text (`exit 0 · success · 1.2 s`). */
  async exitLine(ref: BlockRef, options: { timeout?: number } = {}): Promise<string> {
    await this.exit(ref).waitFor({ state: 'visible', timeout: options.timeout ?? 20_000 })
    await this.checkOnScreen(this.exit(ref), `${blockName(ref)}: exit line`)
    await this.checkLayout(ref.slide, blockName(ref))
    return textOf(this.exit(ref))
  }

  /** Waits for the block's exit line; resolves with the exit code it shows (`data-exit`: a number, or `none`). */
  async exitCode(ref: BlockRef, options: { timeout?: number } = {}): Promise<string> {
    await this.exitLine(ref, options)
    return (await this.exit(ref).getAttribute('data-exit')) ?? ''
  }

  /** Waits until the block's output contains `text` (or matches it). */
  async waitForOutput(ref: BlockRef, text: string | RegExp, timeout = 15_000): Promise<string> {
    const check = typeof text === 'string' ? expect.poll(() => this.output(ref), { timeout }).toContain(text) : expect.poll(() => this.output(ref), { timeout }).toMatch(text)
    await check
    return this.output(ref)
  }

  /** Presses the block's Stop button and waits until the run has ended. */
  async stop(ref: BlockRef): Promise<void> {
    await this.go(ref.slide)
    const block = this.block(ref)
    await block.locator('.stop-button').click()
    await expect.poll(() => block.getAttribute('data-phase'), { timeout: 20_000 }).not.toBe('running')
    await this.checkLayout(ref.slide, `stopping ${blockName(ref)}`)
  }

  /** Stops the block if it still runs (cleanup after a failed test); true if it did. */
  async stopIfRunning(ref: BlockRef): Promise<boolean> {
    await this.go(ref.slide)
    if ((await this.block(ref).getAttribute('data-phase')) !== 'running') return false
    await this.stop(ref)
    return true
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true })
    await this.page.screenshot({ path: `${SCREENSHOTS}${this.screenshotPrefix}${name}.png` })
  }
}
