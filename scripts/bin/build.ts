// `npm run build`: the static site for self-study (dist/index.html, one
// self-contained page that any static file server serves and that opens from
// a folder on disk), and the PDF beside it (dist/docker-live-deck.pdf),
// rendered from that site with the system's Chromium; then the same of the
// English edition in dist/en/.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { findChromium, NO_CHROMIUM_HINT } from '../browser/chromium.ts'
import { PDF_NAME, printPdf } from '../build/print-pdf.ts'
import { buildStaticSite } from '../build/static-site.ts'
import { editionDir, EDITIONS } from '../build/editions.ts'
import { readDeck, SLIDES_PATH } from '../../setup/deck-source.ts'
import { EDITION_PATHS } from '../../setup/deck-editions.ts'

const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' }, pdf: { type: 'boolean', default: true } }, allowNegative: true })
const project = path.dirname(SLIDES_PATH)
const out = path.resolve(values.out)
const chromium = values.pdf ? findChromium() : undefined
if (values.pdf && !chromium) console.log(`No PDF: no Chromium found (${NO_CHROMIUM_HINT}). The sites are complete without it.`)

// Korean first: its build empties the folder the English one then goes into.
for (const edition of EDITIONS) {
  const site = editionDir(out, edition)
  let started = Date.now()
  await buildStaticSite(site, project, path.basename(EDITION_PATHS[edition]))
  console.log(`Static site (${edition}) written to ${path.join(site, 'index.html')} in ${seconds(started)} (open it from disk, or serve the folder with any static file server).`)
  if (chromium) {
    started = Date.now()
    const output = path.join(site, PDF_NAME)
    await printPdf({ siteDir: site, output, executablePath: chromium, slides: readDeck(EDITION_PATHS[edition]).length })
    console.log(`PDF (${edition}) written to ${output} in ${seconds(started)}`)
  }
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`
}
