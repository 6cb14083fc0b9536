// How the token reaches the deck without a served module, a command line or a
// log: a local HTML file (mode 0600, like Jupyter's) that forwards the browser
// to the deck with the runner's port and token in the URL fragment. The
// fragment never goes over HTTP; the deck stores it and strips it at once.
import { writeFileSync } from 'node:fs'
import path from 'node:path'

/** The deck URL carrying the runner's address and token in its fragment. */
export function deckUrlWithToken(deckUrl: string, runnerPort: number, token: string): string {
  return `${deckUrl.replace(/\/$/, '')}/#runner=${runnerPort}&token=${token}`
}

/** Writes `open.html` into the runner's 0700 folder; returns its file:// address. */
export function writeOpenPage(dir: string, deckUrl: string, runnerPort: number, token: string): string {
  const target = deckUrlWithToken(deckUrl, runnerPort, token)
  const file = path.join(dir, 'open.html')
  const html = `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<title>Docker live deck</title>
<meta http-equiv="refresh" content="0;url=${target}">
<p>Opening the live deck… <a href="${target}">continue</a></p>
`
  writeFileSync(file, html, { mode: 0o600 })
  return `file://${file}`
}
