// The deck's own figures for `npm run bench`, on a fresh `npm start` driven
// by Chromium: a click on Run until the first output byte is painted, set
// against the raw CLI's first byte for the same command; an arrow key until
// the next slide is painted, on each slide's first visit; then the PDF and
// the static site (./pdf-figures.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { chromium, type Browser, type Page } from 'playwright-core'
import { QUESTIONS_KEY } from '../../lib/self-study/settings.ts'
import { findChromium, NO_CHROMIUM_HINT } from '../browser/chromium.ts'
import type { DockerCli } from '../../runner/docker/docker-cli.ts'
import { startNpmStart, type NpmStart } from '../deck-server/npm-start-process.ts'
import { deckBlocks } from '../recording/deck-blocks.ts'
import { pdfFigures, type PdfFigures } from './pdf-figures.ts'
import { readDeck } from '../../setup/deck-source.ts'
import { deckUrlWithToken } from '../../runner/transport/open-page.ts'
import { readState } from '../../runner/transport/state-file.ts'

/** The block clicked: the chapter's `docker run alpine ls`. */
const CLICKED_LINE = 'docker run alpine ls'

export interface DeckFigures {
  /** Click on Run → first output painted, per run (ms). */
  clickToPaint: number[]
  /** The raw CLI's start → first stdout byte for the same command, alternated with the clicks (ms). */
  rawFirstByte: number[]
  /** Arrow key → next slide painted, first visit of each slide (ms). */
  slidePaint: number[]
  pdf: PdfFigures
}

/** Measures everything on a fresh npm start, `runs` clicks; the deck and Chromium are stopped afterwards. */
export async function deckFigures(cli: DockerCli, runs: number, log: (line: string) => void): Promise<DeckFigures> {
  const executablePath = findChromium()
  if (!executablePath) throw new Error(`The deck figures need Chromium: ${NO_CHROMIUM_HINT}.`)
  const deck = await startNpmStart()
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] })
  try {
    const slidePaint = await firstVisitPaints(browser, deck)
    log(`slide paint, first visits: ${slidePaint.length} slides`)
    const { clickToPaint, rawFirstByte } = await clicksAgainstRaw(browser, deck, cli, runs)
    log(`click → first byte painted: ${clickToPaint.length} runs`)
    await browser.close()
    await deck.stop()
    const pdf = await pdfFigures(executablePath)
    log(`export: ${(pdf.exportMs / 1000).toFixed(1)} s`)
    return { clickToPaint, rawFirstByte, slidePaint, pdf }
  } finally {
    await browser.close().catch(() => undefined)
    await deck.stop().catch(() => undefined)
    rmSync(deck.stateDir, { recursive: true, force: true })
  }
}

/** A page of the deck, live, questions off (a lecture), once it has settled. */
async function lecturePage(browser: Browser, deck: NpmStart, slide: number): Promise<Page> {
  const state = readState(deck.stateDir)!
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
  await context.addInitScript((key) => localStorage.setItem(key, 'off'), QUESTIONS_KEY)
  const page = await context.newPage()
  const url = new URL(deckUrlWithToken(`http://localhost:${deck.deckPort}`, state.port, state.token))
  url.pathname = `/${slide}`
  await page.goto(url.href)
  await page.waitForFunction(() => document.querySelector('.runner-badge')?.getAttribute('data-status') === 'live', undefined, { timeout: 150_000 })
  await page.waitForLoadState('networkidle')
  return page
}

/** Arrow key → the next slide drawn, for every slide of a deck the browser has not shown before. */
async function firstVisitPaints(browser: Browser, deck: NpmStart): Promise<number[]> {
  const page = await lecturePage(browser, deck, 1)
  const slides = deckSlideCount()
  const paints: number[] = []
  for (let no = 2; no <= slides; no++) {
    await page.evaluate(() => {
      const marks = window as unknown as { keyAt?: number }
      marks.keyAt = undefined
      window.addEventListener('keydown', () => (marks.keyAt = performance.now()), { capture: true, once: true })
    })
    await page.keyboard.press('ArrowRight')
    const painted = await page.waitForFunction((target) => {
      const marks = window as unknown as { keyAt?: number; paintedAt?: number }
      const slide = document.querySelector<HTMLElement>(`.slidev-page-${target}`)
      const drawn = location.pathname === `/${target}` && slide?.checkVisibility() && slide.querySelector('.slidev-layout') && !slide.querySelector('.slidev-slide-loading')
      if (!drawn || marks.keyAt === undefined) return undefined
      // The next frame after it is in the DOM: what the projector shows.
      if (marks.paintedAt === undefined) requestAnimationFrame(() => (marks.paintedAt = performance.now()))
      const paintedAt = marks.paintedAt
      if (paintedAt === undefined) return undefined
      marks.paintedAt = undefined
      return paintedAt - marks.keyAt
    }, no, { polling: 'raf', timeout: 30_000 })
    paints.push(Number(await painted.jsonValue()))
  }
  await page.context().close()
  return paints
}

/** The number of slides, as Slidev's parser counts them. */
const deckSlideCount = () => readDeck().length

/** Clicks on Run for `docker run alpine ls`, each alternated with the raw CLI running the same command. */
async function clicksAgainstRaw(browser: Browser, deck: NpmStart, cli: DockerCli, runs: number): Promise<{ clickToPaint: number[]; rawFirstByte: number[] }> {
  const block = deckBlocks().find((candidate) => candidate.line === CLICKED_LINE)
  if (!block) throw new Error(`slides.md has no {run} block \`${CLICKED_LINE}\` to click.`)
  const page = await lecturePage(browser, deck, block.slide)
  const clickToPaint: number[] = []
  const rawFirstByte: number[] = []
  for (let i = -2; i < runs; i++) {
    const click = await clickToFirstPaint(page, block.slide, block.key)
    const raw = await rawToFirstByte(cli, CLICKED_LINE.split(' ').slice(2))
    // Two of each first: the first runs pay for cold caches on both sides.
    if (i >= 0) {
      clickToPaint.push(click)
      rawFirstByte.push(raw)
    }
  }
  await page.context().close()
  return { clickToPaint, rawFirstByte }
}

/** In the page: click Run, resolve with the time until the new run's first output is in the DOM and the next frame is drawn; then wait for the run to end. */
async function clickToFirstPaint(page: Page, slide: number, key: string): Promise<number> {
  const elapsed = await page.evaluate(({ slide, key }) => new Promise<number>((resolve, reject) => {
    const block = document.querySelector<HTMLElement>(`.slidev-page-${slide} .run-block[data-key="${key}"]`)
    const button = block?.querySelector<HTMLButtonElement>('.run-button')
    if (!block || !button) return reject(new Error(`no Run button on block ${key}`))
    const before = block.dataset.runId
    const started = performance.now()
    const observer = new MutationObserver(() => {
      if (block.dataset.runId === before || !block.querySelector('.run-output')?.textContent) return
      observer.disconnect()
      requestAnimationFrame(() => resolve(performance.now() - started))
    })
    observer.observe(block, { subtree: true, childList: true, characterData: true, attributes: true })
    button.click()
  }), { slide, key })
  await page.waitForFunction(({ slide, key }) => document.querySelector(`.slidev-page-${slide} .run-block[data-key="${key}"]`)?.getAttribute('data-phase') === 'exited', { slide, key }, { timeout: 30_000 })
  return elapsed
}

/** The raw CLI: start → first stdout byte; the container is removed afterwards, outside the measurement. */
async function rawToFirstByte(cli: DockerCli, runArgs: string[]): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'deck-bench-raw-'))
  const cidFile = path.join(dir, 'cid')
  try {
    const started = performance.now()
    const child = execa(cli.path, ['run', '--cidfile', cidFile, ...runArgs], { env: cli.env, extendEnv: false, stdin: 'ignore', buffer: false, reject: false })
    const first = new Promise<number>((resolve) => child.stdout!.once('data', () => resolve(performance.now() - started)))
    const [elapsed] = await Promise.all([first, child])
    await execa(cli.path, ['rm', '-f', readFileSync(cidFile, 'utf8').trim()], { env: cli.env, extendEnv: false, reject: false })
    return elapsed
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
