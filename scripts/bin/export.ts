// `npm run export`: the deck as a PDF, one page per slide, rendered from the
// static site with the system's Chromium (no browser download, no dev
// server), for each edition: dist/docker-live-deck.pdf (Korean) and
// dist/en/docker-live-deck.pdf (English). Nothing runs: blocks show their
// recordings. `--lang ko|en` prints one edition (`--output FILE` then names
// the file); with --site it prints a site `npm run build` already wrote
// (one edition's folder); otherwise it builds one first.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { findChromium, NO_CHROMIUM_HINT } from '../browser/chromium.ts'
import { PDF_NAME, printPdf } from '../build/print-pdf.ts'
import { buildStaticSite } from '../build/static-site.ts'
import { editionDir, editionsAsked } from '../build/editions.ts'
import { readDeck, SLIDES_PATH } from '../../setup/deck-source.ts'
import { EDITION_PATHS } from '../../setup/deck-editions.ts'

const { values } = parseArgs({ options: { output: { type: 'string' }, site: { type: 'string' }, lang: { type: 'string' } } })
let editions
try {
  // One file or one site is one edition: Korean unless --lang says.
  editions = editionsAsked(values.lang ?? (values.output || values.site ? 'ko' : undefined))
  if (editions.length > 1 && (values.output || values.site)) throw new Error('--output and --site name one edition\'s PDF or site: add --lang ko or --lang en.')
} catch (error) {
  console.error(`${(error as Error).message}\nUsage: npm run export [-- --lang ko|en|all] [--output FILE] [--site DIR]`)
  process.exit(2)
}

const chromium = findChromium()
if (!chromium) {
  console.error(`No Chromium found for the PDF export: ${NO_CHROMIUM_HINT}.`)
  process.exit(1)
}
for (const edition of editions) {
  const started = Date.now()
  const output = path.resolve(values.output ?? path.join(editionDir('dist', edition), PDF_NAME))
  const siteDir = values.site ? path.resolve(values.site) : mkdtempSync(path.join(tmpdir(), 'deck-export-site-'))
  try {
    if (!values.site) await buildStaticSite(siteDir, path.dirname(SLIDES_PATH), path.basename(EDITION_PATHS[edition]))
    mkdirSync(path.dirname(output), { recursive: true })
    await printPdf({ siteDir, output, executablePath: chromium, slides: readDeck(EDITION_PATHS[edition]).length })
  } finally {
    if (!values.site) rmSync(siteDir, { recursive: true, force: true })
  }
  console.log(`PDF (${edition}) written to ${path.relative(process.cwd(), output) || output} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
