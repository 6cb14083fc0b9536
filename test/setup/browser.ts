// Before the browser tests: Chromium, a reachable engine with the chapter's
// images, and `npm start` (runner + Slidev dev server) on free ports with its
// own state folder. The tests get the address a lecturer would open.
// After them: Ctrl-C to `npm start`, as a lecturer would stop it; the run
// fails if it does not exit, leaves a process behind, or leaves a
// deck-labelled container on the engine.
import { execa, type ResultPromise } from 'execa'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { DEBIAN_CHROMIUM, findChromium } from '../../scripts/browser/chromium.ts'
import { aptInstall, canProvision, missingPackages } from '../../scripts/engine-setup/debian-host.ts'
import { OWNED_FILTER } from '../../lib/labels.ts'
import { deckUrlWithToken } from '../../scripts/runner/transport/open-page.ts'
import { readState, stateFile } from '../../scripts/runner/transport/state-file.ts'
import { alive } from '../support/engine-state.ts'
import { setup as ensureEngineAndImages } from './engine.ts'

/** The Chromium the tests drive (playwright-core; no browser download works offline): the one the export and the doctor find. */
export const CHROMIUM = findChromium() ?? DEBIAN_CHROMIUM
// poppler-utils: pdftotext and pdfinfo read the exported PDF back.
const BROWSER_PACKAGES = ['chromium', 'fonts-noto-cjk', 'poppler-utils']
const PROJECT = fileURLToPath(new URL('../..', import.meta.url))
const START_LOG = path.join(PROJECT, 'test-artifacts', 'npm-start.log')
const EXIT_TIMEOUT_MS = 15_000

export interface DeckAddress {
  /** The deck's origin, e.g. `http://localhost:41234`. */
  origin: string
  /** `file://…/open.html`: the page `npm start` tells the lecturer to open. */
  openPage: string
  /** Where open.html forwards to: the deck with `#runner=PORT&token=HEX`. */
  urlWithToken: string
  runnerPort: number
}

declare module 'vitest' {
  export interface ProvidedContext {
    deck: DeckAddress
  }
}

const log = (line: string) => console.log(`[browser setup] ${line}`)

let started: { child: ResultPromise; stateDir: string; deckPort: number; runnerPort: number; output: () => string } | undefined

export async function setup(project: TestProject): Promise<void> {
  await ensureChromium()
  await ensureEngineAndImages()
  started = await startDeck()
  const state = readState(started.stateDir)!
  const origin = `http://localhost:${started.deckPort}`
  project.provide('deck', {
    origin,
    openPage: `file://${path.join(started.stateDir, 'open.html')}`,
    urlWithToken: deckUrlWithToken(origin, state.port, state.token),
    runnerPort: state.port,
  })
}

export async function teardown(): Promise<void> {
  if (!started) return
  const { child, stateDir, deckPort, runnerPort, output } = started
  started = undefined
  try {
    const stopping = Date.now()
    await stopWithCtrlC(child, output)
    log(`npm start exited ${Date.now() - stopping} ms after Ctrl-C, with every process it started`)
    const stillListening = (await Promise.all([deckPort, runnerPort].map(async (port) => ((await answers(port)) ? port : undefined)))).filter(Boolean)
    if (stillListening.length) throw new Error(`After npm start exited, something still listens on port(s) ${stillListening.join(', ')}.`)
    if (existsSync(stateFile(stateDir))) throw new Error(`npm start exited but left ${stateFile(stateDir)} behind; its Ctrl-C path should remove it.`)
    const { stdout } = await execa('docker', ['ps', '-a', '--filter', OWNED_FILTER, '--format', '{{.ID}} {{.Image}} {{.Status}} {{.Labels}}'])
    if (stdout.trim()) {
      throw new Error(`Deck-labelled containers remain after npm start's Ctrl-C, which should remove every one of them:\n${stdout}\n` +
        '(If other test runs share this engine, one of theirs may be running; rerun before concluding.)')
    }
    log('no deck-labelled container is left on the engine')
  } finally {
    writeLog(output())
    rmSync(stateDir, { recursive: true, force: true })
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

/** Starts `npx tsx scripts/bin/start.ts` in its own process group; resolves once the deck answers and runner.json is written. */
async function startDeck(): Promise<NonNullable<typeof started>> {
  const [deckPort, runnerPort] = (await freePorts(2)) as [number, number]
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'docker-live-deck-browser-'))
  const child = execa('npx', ['tsx', 'scripts/bin/start.ts'], {
    cwd: PROJECT,
    env: { DOCKER_DECK_PORT: String(deckPort), DOCKER_DECK_RUNNER_PORT: String(runnerPort), DOCKER_DECK_STATE_DIR: stateDir, DISPLAY: '', WAYLAND_DISPLAY: '' },
    detached: true,
    stdin: 'ignore',
    buffer: false,
    reject: false,
  })
  let text = ''
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()))
  const output = () => text
  let exited: { exitCode?: number; signal?: string } | undefined
  void child.then((result) => (exited = { exitCode: result.exitCode, signal: result.signal }))
  log(`npm start: deck on port ${deckPort}, runner on ${runnerPort}, state in ${stateDir}`)
  // If vitest itself is interrupted before teardown, still stop the deck (best effort).
  const interrupt = () => {
    try {
      process.kill(-child.pid!, 'SIGINT')
    } catch {
      // already gone
    }
  }
  process.once('exit', interrupt)
  void child.finally(() => process.off('exit', interrupt))

  const deadline = Date.now() + 150_000
  try {
    for (;;) {
      if (exited) throw new Error(`npm start exited (code ${exited.exitCode ?? exited.signal}) before the deck answered:\n${output()}`)
      const state = readState(stateDir)
      if (state?.port === runnerPort && alive(state.pid) && (await answers(deckPort, '/'))) break
      if (Date.now() > deadline) throw new Error(`npm start did not bring up the deck (port ${deckPort}) and runner.json within 150 s:\n${output()}`)
      await sleep(250)
    }
  } catch (error) {
    await stopWithCtrlC(child, output).catch(() => undefined)
    writeLog(output())
    rmSync(stateDir, { recursive: true, force: true })
    throw error
  }
  return { child, stateDir, deckPort, runnerPort, output }
}

/**
 * Ctrl-C as a terminal sends it: SIGINT to npm start's whole process group.
 * Every process it had started (Slidev runs in a group of its own) must be
 * gone within 15 s; otherwise they are killed and this throws.
 */
async function stopWithCtrlC(child: ResultPromise, output: () => string): Promise<void> {
  const group = child.pid!
  const tree = [group, ...descendants(group)]
  try {
    process.kill(-group, 'SIGINT')
  } catch {
    // the group is already gone
  }
  const deadline = Date.now() + EXIT_TIMEOUT_MS
  while (Date.now() < deadline && tree.some(alive)) await sleep(100)
  const left = tree.filter(alive)
  if (left.length === 0) return
  const described = left.map((pid) => `${pid} ${commandLine(pid)}`).join('\n')
  for (const pid of [...left, -group]) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`npm start did not exit within ${EXIT_TIMEOUT_MS / 1000} s of Ctrl-C (SIGINT to its process group); killed what was left:\n${described}\n--- its output ---\n${output()}`)
}

/** Every live process below `root`, found through /proc's parent links. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {
      // gone while we looked
    }
  }
  const found: number[] = []
  const queue = [root]
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child)
      queue.push(child)
    }
  }
  return found
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()
  } catch {
    return '(gone)'
  }
}

/** Ports the kernel just handed out, so npm start can take them. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server))
  })))
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port)
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  return ports
}

/** True when an HTTP server answers on 127.0.0.1:`port` (with 2xx for `pathname`, if given). */
async function answers(port: number, pathname?: string): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${pathname ?? '/'}`, { signal: AbortSignal.timeout(5_000) })
    await response.body?.cancel()
    return pathname === undefined || response.ok
  } catch {
    return false
  }
}

function writeLog(text: string): void {
  mkdirSync(path.dirname(START_LOG), { recursive: true })
  writeFileSync(START_LOG, text)
}
