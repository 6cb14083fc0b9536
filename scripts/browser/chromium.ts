// The system's Chromium, which the PDF export, the doctor and the browser
// tests all drive (no browser download works offline). One search order for
// all three: CHROMIUM_PATH, Debian's /usr/bin/chromium, Chrome on macOS, then
// the usual names on PATH.
import { existsSync } from 'node:fs'
import { findOnPath } from '../../runner/docker/system-path.ts'

/** Debian's package path, where the test setup installs it. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium'

/** The first Chromium or Chrome this machine has, or undefined. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.CHROMIUM_PATH, DEBIAN_CHROMIUM, '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome']
  return candidates.find((candidate) => candidate && existsSync(candidate))
    ?? ['chromium', 'chromium-browser', 'google-chrome'].map((name) => findOnPath(name, env.PATH)).find(Boolean)
}

/** What to do when there is none. */
export const NO_CHROMIUM_HINT = 'install Chromium (Debian: `apt-get install chromium`) or set CHROMIUM_PATH to a Chrome/Chromium binary'
