// A deck `npm start` brought up for the browser tests: the addresses a
// lecturer would use, and the checks that Ctrl-C stopped it cleanly. The
// browser setup starts the Korean edition for every test file; the English
// edition's lecture walk starts its own (`npm start -- --lang en`).
import { existsSync } from 'node:fs'
import path from 'node:path'
import { execa } from 'execa'
import { OWNED_FILTER } from '../../lib/labels.ts'
import { deckUrlWithToken } from '../../runner/transport/open-page.ts'
import { readState, stateFile } from '../../runner/transport/state-file.ts'
import { answers, type NpmStart } from '../../scripts/deck-server/npm-start-process.ts'

export interface DeckAddress {
  /** The deck's origin, e.g. `http://localhost:41234`. */
  origin: string
  /** `file://…/open.html`: the page `npm start` tells the lecturer to open. */
  openPage: string
  /** Where open.html forwards to: the deck with `#runner=PORT&token=HEX`. */
  urlWithToken: string
  runnerPort: number
  /** npm start's state folder: runner.json says which process the runner is. */
  stateDir: string
}

/** Where a lecturer reaches the deck `started` serves. */
export function deckAddressOf(started: NpmStart): DeckAddress {
  const state = readState(started.stateDir)
  if (!state) throw new Error(`npm start is up but ${stateFile(started.stateDir)} names no runner.`)
  const origin = `http://localhost:${started.deckPort}`
  return {
    origin,
    openPage: `file://${path.join(started.stateDir, 'open.html')}`,
    urlWithToken: deckUrlWithToken(origin, state.port, state.token),
    runnerPort: state.port,
    stateDir: started.stateDir,
  }
}

/**
 * Ctrl-C to `started`, as a lecturer stops it; throws when it does not exit,
 * leaves a process or a listening port behind, keeps its runner.json, or
 * leaves a deck-labelled container on the engine. Resolves with what it checked.
 */
export async function stopLeavingNothing(started: NpmStart): Promise<string[]> {
  const checked: string[] = []
  const stopping = Date.now()
  await started.stop()
  checked.push(`npm start exited ${Date.now() - stopping} ms after Ctrl-C, with every process it started`)
  const ports = [started.deckPort, started.runnerPort]
  const stillListening = (await Promise.all(ports.map(async (port) => ((await answers(port)) ? port : undefined)))).filter(Boolean)
  if (stillListening.length) throw new Error(`After npm start exited, something still listens on port(s) ${stillListening.join(', ')}.`)
  if (existsSync(stateFile(started.stateDir))) throw new Error(`npm start exited but left ${stateFile(started.stateDir)} behind; its Ctrl-C path should remove it.`)
  const { stdout } = await execa('docker', ['ps', '-a', '--filter', OWNED_FILTER, '--format', '{{.ID}} {{.Image}} {{.Status}} {{.Labels}}'])
  if (stdout.trim()) {
    throw new Error(`Deck-labelled containers remain after npm start's Ctrl-C, which should remove every one of them:\n${stdout}\n` +
      '(If other test runs share this engine, one of theirs may be running; rerun before concluding.)')
  }
  checked.push('no deck-labelled container is left on the engine')
  return checked
}
