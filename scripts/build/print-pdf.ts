// The PDF, rendered from the built static site: Chromium opens the site's
// print view straight from disk, so no dev server starts and nothing is
// fetched. One page per slide at the deck's canvas size; blocks show their
// recordings, as in the static site.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { SITE_ENTRY } from './static-site.ts'

/** The PDF's file name beside the built site (`npm run build`) and by default for `npm run export`. */
export const PDF_NAME = 'docker-live-deck.pdf'

/** Slidev's default canvas (the deck sets none): 980 px wide, 16:9, its height rounded up as Slidev's print view lays it out. */
const CANVAS = { width: 980, height: Math.ceil(980 / (16 / 9)) }

export interface PrintOptions {
  /** A folder `buildStaticSite` wrote. */
  siteDir: string
  output: string
  executablePath: string
  /** How many slides the deck has: the print view is ready when all are laid out. */
  slides: number
  timeoutMs?: number
}

/** Writes the PDF; throws when the print view does not lay out every slide in time. */
export async function printPdf({ siteDir, output, executablePath, slides, timeoutMs = 60_000 }: PrintOptions): Promise<void> {
  const browser = await chromium.launch({ executablePath })
  try {
    const page = await browser.newPage({ viewport: { width: CANVAS.width, height: CANVAS.height * slides } })
    const url = new URL(pathToFileURL(path.resolve(siteDir, SITE_ENTRY)))
    url.search = 'print=true'
    url.hash = '/print'
    await page.goto(url.href)
    await page.emulateMedia({ media: 'screen', colorScheme: 'light' })
    // Every slide in the print view, none still loading, each diagram drawn, the fonts in.
    await page.waitForFunction((count) => document.querySelectorAll('.print-slide-container').length === count
      && !document.querySelector('.slidev-slide-loading')
      && !document.querySelector('#mermaid-rendering-container > div')
      && [...document.querySelectorAll('.mermaid')].every((host) => host.getBoundingClientRect().height > 20), slides, { timeout: timeoutMs })
    await page.evaluate(async () => {
      await document.fonts.ready
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
    })
    // Each slide breaks the page after it, the last one too: the pages are the slides, no more.
    await page.pdf({ path: output, width: `${CANVAS.width}px`, height: `${CANVAS.height}px`, margin: { top: 0, right: 0, bottom: 0, left: 0 }, printBackground: true, preferCSSPageSize: true, pageRanges: `1-${slides}` })
  } finally {
    await browser.close()
  }
}
