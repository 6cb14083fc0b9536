// `npm run export`: the deck as a PDF, one page per slide, with the system's
// Chromium (no browser download). Nothing runs: blocks show their recordings.
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { execa } from 'execa'
import { findOnPath } from '../docker/docker-commands.ts'

const { values } = parseArgs({ options: { output: { type: 'string', default: 'dist/docker-live-deck.pdf' } } })

/** The first Chromium or Chrome this machine has. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome']
  return candidates.find((candidate) => candidate && existsSync(candidate)) ?? ['chromium', 'chromium-browser', 'google-chrome'].map((name) => findOnPath(name)).find(Boolean)
}

const chromium = findChromium()
if (!chromium) {
  console.error('No Chromium found for the PDF export. Install it (Debian: `apt-get install chromium`) or set CHROMIUM_PATH to a Chrome/Chromium binary.')
  process.exit(1)
}
const started = Date.now()
const result = await execa('slidev', ['export', '--executable-path', chromium, '--output', values.output, '--timeout', '60000'], { preferLocal: true, stdio: 'inherit', reject: false })
if (result.exitCode !== 0) process.exit(result.exitCode ?? 1)
console.log(`PDF written to ${values.output} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
