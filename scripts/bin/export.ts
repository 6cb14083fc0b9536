// `npm run export`: the deck as a PDF, one page per slide, rendered from the
// static site with the system's Chromium (no browser download, no dev
// server). Nothing runs: blocks show their recordings. With --site it prints
// a site `npm run build` already wrote; otherwise it builds one first.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { findChromium, NO_CHROMIUM_HINT } from '../browser/chromium.ts'
import { PDF_NAME, printPdf } from '../build/print-pdf.ts'
import { buildStaticSite } from '../build/static-site.ts'
import { readDeck, SLIDES_PATH } from '../../setup/deck-source.ts'

const { values } = parseArgs({ options: { output: { type: 'string', default: path.join('dist', PDF_NAME) }, site: { type: 'string' } } })

const chromium = findChromium()
if (!chromium) {
  console.error(`No Chromium found for the PDF export: ${NO_CHROMIUM_HINT}.`)
  process.exit(1)
}
const started = Date.now()
const siteDir = values.site ? path.resolve(values.site) : mkdtempSync(path.join(tmpdir(), 'deck-export-site-'))
try {
  if (!values.site) await buildStaticSite(siteDir, path.dirname(SLIDES_PATH))
  await printPdf({ siteDir, output: path.resolve(values.output), executablePath: chromium, slides: readDeck().length })
} finally {
  if (!values.site) rmSync(siteDir, { recursive: true, force: true })
}
console.log(`PDF written to ${values.output} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
