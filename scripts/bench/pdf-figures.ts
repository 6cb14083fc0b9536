// The PDF and the static site, timed in one run on this machine: Slidev's own
// `slidev export` (a dev server and ~640 requests; what `npm run export` did
// before), `slidev build` of the static site alone, the PDF printed from that
// built site, and `npm run export` as it is now (build, then print). Plus the
// size of the site's one self-contained page.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { execa } from 'execa'
import { printPdf } from '../build/print-pdf.ts'
import { buildStaticSite, SITE_ENTRY } from '../build/static-site.ts'
import { readDeck, SLIDES_PATH } from '../../setup/deck-source.ts'

const PROJECT = path.dirname(SLIDES_PATH)

export interface PdfFigures {
  /** `slidev export` through Slidev's dev server (ms): the export before it printed from the build. */
  slidevExportMs: number
  /** Building the static site alone (ms). */
  buildMs: number
  /** Printing the PDF from the built site (ms). */
  printMs: number
  /** `npm run export`: build, then print (ms). */
  exportMs: number
  /** The site's index.html: bytes, and gzipped bytes. */
  site: { bytes: number; gzipped: number }
}

export async function pdfFigures(executablePath: string): Promise<PdfFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'deck-bench-pdf-'))
  try {
    const slidevExportMs = await timed(() => execa('slidev', ['export', '--executable-path', executablePath, '--output', path.join(dir, 'slidev.pdf'), '--timeout', '60000'], { cwd: PROJECT, preferLocal: true }))
    const site = path.join(dir, 'site')
    const buildMs = await timed(() => buildStaticSite(site, PROJECT))
    const printMs = await timed(() => printPdf({ siteDir: site, output: path.join(dir, 'printed.pdf'), executablePath, slides: readDeck().length }))
    const exportMs = await timed(() => execa('npx', ['tsx', 'scripts/bin/export.ts', '--output', path.join(dir, 'export.pdf')], { cwd: PROJECT }))
    const page = readFileSync(path.join(site, SITE_ENTRY))
    return { slidevExportMs, buildMs, printMs, exportMs, site: { bytes: page.length, gzipped: gzipSync(page).length } }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function timed(step: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await step()
  return performance.now() - started
}
