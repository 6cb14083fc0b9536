// Before the browser tests: Chromium, a reachable engine with the chapter's
// images, and `npm start` (runner + Slidev dev server) on free ports with its
// own state folder. The tests get the address a lecturer would open.
// After them: Ctrl-C to `npm start`, as a lecturer would stop it; the run
// fails if it does not exit, leaves a process behind, or leaves a
// deck-labelled container on the engine.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { DEBIAN_CHROMIUM, findChromium } from '../../scripts/browser/chromium.ts'
import { aptInstall, canProvision, missingPackages } from '../../scripts/engine-setup/debian-host.ts'
import { startNpmStart, type NpmStart } from '../../scripts/deck-server/npm-start-process.ts'
import { deckAddressOf, stopLeavingNothing, type DeckAddress } from '../support/started-deck.ts'
import { createEditorStandIn, type EditorStandIn } from '../support/editor-stand-in.ts'
import { setup as ensureEngineAndImages } from './engine.ts'

/** The Chromium the tests drive (playwright-core; no browser download works offline): the one the export and the doctor find. */
export const CHROMIUM = findChromium() ?? DEBIAN_CHROMIUM
// poppler-utils: pdftotext and pdfinfo read the exported PDF back.
const BROWSER_PACKAGES = ['chromium', 'fonts-noto-cjk', 'poppler-utils']
const PROJECT = fileURLToPath(new URL('../..', import.meta.url))
const START_LOG = path.join(PROJECT, 'test-artifacts', 'npm-start.log')

declare module 'vitest' {
  export interface ProvidedContext {
    deck: DeckAddress
    /** Where the dev server's editor (a stand-in) logs each start: no test may make one start. */
    editorLog: string
    /** What npm start printed up to the address to open. */
    startOutput: string
  }
}

const log = (line: string) => console.log(`[browser setup] ${line}`)

let started: NpmStart | undefined
let editor: EditorStandIn | undefined

export async function setup(project: TestProject): Promise<void> {
  await ensureChromium()
  await ensureEngineAndImages()
  // Whatever reaches /__open-in-editor starts this stand-in, never the lecturer's editor.
  editor = createEditorStandIn()
  started = await startNpmStart({ env: editor.env }).catch((error: Error) => {
    writeLog(error.message)
    throw error
  })
  log(`npm start: deck on port ${started.deckPort}, runner on ${started.runnerPort}, state in ${started.stateDir}`)
  project.provide('deck', deckAddressOf(started))
  project.provide('editorLog', editor.log)
  project.provide('startOutput', started.output())
}

export async function teardown(): Promise<void> {
  const standIn = editor
  editor = undefined
  if (!started) return standIn?.remove()
  const { stateDir, output } = started
  const stopped = started
  started = undefined
  try {
    for (const line of await stopLeavingNothing(stopped)) log(line)
  } finally {
    writeLog(output())
    rmSync(stateDir, { recursive: true, force: true })
    standIn?.remove()
  }
}

/** Makes sure /usr/bin/chromium (and a CJK font for the Korean slides) is installed. */
async function ensureChromium(): Promise<void> {
  const provisionable = canProvision()
  const missing = provisionable ? await missingPackages(BROWSER_PACKAGES) : []
  if (existsSync(CHROMIUM) && missing.length === 0) return
  if (!provisionable) {
    if (existsSync(CHROMIUM)) return
    throw new Error(`The browser tests drive Chromium at ${CHROMIUM}, and it is not installed. Install Debian's chromium ` +
      `(\`sudo apt-get install -y --no-install-recommends ${BROWSER_PACKAGES.join(' ')}\`) or your distribution's chromium package at that path, then run again.`)
  }
  log(`installing ${missing.join(', ')}`)
  await aptInstall(missing, { log })
  if (!existsSync(CHROMIUM)) throw new Error(`Debian's chromium package is installed but ${CHROMIUM} is missing; check \`dpkg -L chromium\`.`)
}

function writeLog(text: string): void {
  mkdirSync(path.dirname(START_LOG), { recursive: true })
  writeFileSync(START_LOG, text)
}
