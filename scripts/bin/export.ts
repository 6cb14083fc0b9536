// `npm run export`: the deck as a PDF, one page per slide, with the system's
// Chromium (no browser download). Nothing runs: blocks show their recordings.
import { parseArgs } from 'node:util'
import { execa } from 'execa'
import { findChromium, NO_CHROMIUM_HINT } from '../browser/chromium.ts'

const { values } = parseArgs({ options: { output: { type: 'string', default: 'dist/docker-live-deck.pdf' } } })

const chromium = findChromium()
if (!chromium) {
  console.error(`No Chromium found for the PDF export: ${NO_CHROMIUM_HINT}.`)
  process.exit(1)
}
const started = Date.now()
const result = await execa('slidev', ['export', '--executable-path', chromium, '--output', values.output, '--timeout', '60000'], { preferLocal: true, stdio: 'inherit', reject: false })
if (result.exitCode !== 0) process.exit(result.exitCode ?? 1)
console.log(`PDF written to ${values.output} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
