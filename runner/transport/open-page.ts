// How the token reaches the deck without a served module, a command line or a
// log: a local HTML file (mode 0600, like Jupyter's) that forwards the browser
// to the deck with the runner's port and token in the URL fragment. The
// fragment never goes over HTTP; the deck stores it and strips it at once.
import { rmSync } from 'node:fs'
import path from 'node:path'
import { ensureStateDir, writePrivateFile } from './state-file.ts'

/** The deck URL carrying the runner's address and token in its fragment. */
export function deckUrlWithToken(deckUrl: string, runnerPort: number, token: string): string {
  return `${deckUrl.replace(/\/$/, '')}/#runner=${runnerPort}&token=${token}`
}

export const openPageFile = (dir: string) => path.join(dir, 'open.html')

/** Writes `open.html` (mode 0600, every time) into the runner's 0700 folder; returns its file:// address. */
export function writeOpenPage(dir: string, deckUrl: string, runnerPort: number, token: string): string {
  const target = deckUrlWithToken(deckUrl, runnerPort, token)
  const file = openPageFile(dir)
  const html = `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<title>Docker live deck</title>
<meta http-equiv="refresh" content="0;url=${target}">
<p>Opening the live deck… <a href="${target}">continue</a></p>
`
  ensureStateDir(dir)
  writePrivateFile(file, html)
  return `file://${file}`
}

/** Removes `open.html`: its token is dead once its runner session has ended. */
export function removeOpenPage(dir: string): void {
  rmSync(openPageFile(dir), { force: true })
}
