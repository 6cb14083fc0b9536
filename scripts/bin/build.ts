// `npm run build`: the static site for self-study (dist/index.html, one
// self-contained page that any static file server serves and that opens from
// a folder on disk), and the PDF beside it (dist/docker-live-deck.pdf),
// rendered from that site with the system's Chromium.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { findChromium, NO_CHROMIUM_HINT } from '../browser/chromium.ts'
import { PDF_NAME, printPdf } from '../build/print-pdf.ts'
import { buildStaticSite } from '../build/static-site.ts'
import { readDeck, SLIDES_PATH } from '../../setup/deck-source.ts'

const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' }, pdf: { type: 'boolean', default: true } }, allowNegative: true })
const project = path.dirname(SLIDES_PATH)
const out = path.resolve(values.out)

let started = Date.now()
await buildStaticSite(out, project)
console.log(`Static site written to ${path.join(out, 'index.html')} in ${seconds(started)} (open it from disk, or serve the folder with any static file server).`)

if (values.pdf) {
  const chromium = findChromium()
  if (!chromium) {
    console.log(`No PDF: no Chromium found (${NO_CHROMIUM_HINT}). The site is complete without it.`)
  } else {
    started = Date.now()
    const output = path.join(out, PDF_NAME)
    await printPdf({ siteDir: out, output, executablePath: chromium, slides: readDeck().length })
    console.log(`PDF written to ${output} in ${seconds(started)}`)
  }
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`
}
