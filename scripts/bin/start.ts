// `npm start`: the runner (a child process it watches and restarts) and the
// Slidev dev server together. Prints the one address to open (a local page
// that hands the deck its token), opens it where there is a display, and on
// Ctrl-C stops both and removes the deck's containers. `-- --lang en` presents
// the English edition (slides.en.md; `npm run start:en`). A runner that ends
// unexpectedly is started again with this session's token, so open decks
// reconnect by themselves. Without an engine, the deck still starts, showing
// recordings.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { execa, type ResultPromise } from 'execa'
import { DECK_PORT, RUNNER_PORT, SHARE_PORT } from '../../lib/ports.ts'
import { shareAddress, shareText, startClassroomShare } from '../deck-server/classroom-share.ts'
import { DockerCli } from '../../runner/docker/docker-cli.ts'
import { engineVersion, startEngineHint } from '../engine-setup/ensure-engine.ts'
import { ensureChapterImages } from '../engine-setup/stand-in-images.ts'
import { removeDeckContainers } from '../../runner/execution/cleanup.ts'
import { describeError, keepServingOnFaults } from '../../runner/transport/fault-log.ts'
import { removeOpenPage, writeOpenPage } from '../../runner/transport/open-page.ts'
import { RunnerWatch } from '../../runner/transport/runner-watch.ts'
import { answers } from '../deck-server/npm-start-process.ts'
import { openAddressText, terminalLanguage } from '../deck-server/open-address-text.ts'
import { withoutBanner } from '../deck-server/slidev-banner.ts'
import { assertOutsideProject, clearSessionState, readState, stateDir } from '../../runner/transport/state-file.ts'
import { editionsAsked } from '../build/editions.ts'
import { EDITION_PATHS } from '../../setup/deck-editions.ts'

keepServingOnFaults((line) => console.error(line))

// `npm start -- --share ADDRESS`: students follow on that one address (scripts/deck-server/classroom-share.ts).
let flags: { share?: string; lang?: string } = {}
let entry: string
try {
  flags = parseArgs({ options: { share: { type: 'string' }, lang: { type: 'string', default: 'ko' } } }).values
  if (flags.share !== undefined) shareAddress(flags.share)
  const [edition, ...more] = editionsAsked(flags.lang)
  if (!edition || more.length) throw new Error(`--lang ${flags.lang}: say ko or en (one edition is presented at a time).`)
  entry = path.basename(EDITION_PATHS[edition])
} catch (error) {
  console.error(`${(error as Error).message}\nUsage: npm start [-- --lang ko|en] [--share ADDRESS]   (ADDRESS: one of this machine's IP addresses or interfaces; 127.0.0.1 to try it alone)`)
  process.exit(2)
}
let sharing: Awaited<ReturnType<typeof startClassroomShare>> | undefined

const deckPort = Number(process.env.DOCKER_DECK_PORT ?? DECK_PORT)
let runnerPort = Number(process.env.DOCKER_DECK_RUNNER_PORT ?? RUNNER_PORT)
const deckUrl = `http://localhost:${deckPort}`
const dir = stateDir()
const session = randomUUID()
const RUNNER_SCRIPT = fileURLToPath(new URL('./runner.ts', import.meta.url))
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
/** How long Slidev gets to exit after SIGTERM before its whole group is killed. */
const DECK_GRACE_MS = 5_000

try {
  assertOutsideProject(dir)
} catch (error) {
  console.error((error as Error).message)
  process.exit(2)
}

let token: string | undefined
let openAddress = deckUrl
const watch = new RunnerWatch({
  // The runner joins this process group, so nothing outlives a Ctrl-C; its token stays off every command line.
  spawn: () => spawn(process.execPath, ['--import', TSX_LOADER, RUNNER_SCRIPT, '--port', String(runnerPort), '--deck-port', String(deckPort), '--session', session], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  }),
  log: (line) => console.log(`\n${line}`),
  onReady: ({ port, restarted }) => {
    runnerPort = port
    const found = readState(dir)
    const state = found?.session === session ? found : undefined
    const changed = state?.token !== token
    token = state?.token
    if (token && changed) openAddress = writeOpenPage(dir, deckUrl, port, token)
    if (!restarted) return
    console.log(changed
      ? `\nThe runner is back on http://127.0.0.1:${port}, with a NEW key: open decks cannot reconnect. Open this address again:\n\n    ${openAddress}\n`
      : `\nThe runner is back on http://127.0.0.1:${port} with this session's key; open decks reconnect by themselves.`)
  },
})
let firstPort: number | undefined
let deck: ResultPromise | undefined
let stopping = false
/** Stops the deck server and the runner, removes what the session leaves, and exits: 0, or 1 after logging a step that failed. */
function stop(reason: string): void {
  if (stopping) return
  stopping = true
  console.log(`\n${reason}: stopping…`)
  stopAll().then(() => process.exit(0), (error: unknown) => {
    // The fault log would keep npm start alive half-stopped; exit, and the 'exit' handler still kills the deck server.
    console.error(`npm start could not stop cleanly: ${describeError(error)}`)
    process.exit(1)
  })
}

/** stop's steps: the deck server and the runner in parallel, then the session's files. */
async function stopAll(): Promise<void> {
  const deckGone = deck ? stopDeck(deck) : Promise.resolve()
  await sharing?.stop().catch((error: Error) => console.error(`Could not stop the classroom share: ${error.message}`))
  try {
    const runner = await watch.stop()
    if (firstPort !== undefined && !runner?.clean) {
      // The runner did not finish its own cleanup (or had crashed): remove the deck's containers here.
      await removeDeckContainers(new DockerCli()).catch((error: Error) => console.error(`Could not remove the deck's containers: ${error.message}`))
    }
  } finally {
    // The session's key and its open page go, whatever failed above.
    clearSessionState(session, dir)
    removeOpenPage(dir)
    await deckGone
  }
}
process.on('SIGINT', () => stop('Ctrl-C'))
process.on('SIGTERM', () => stop('SIGTERM'))
process.on('SIGHUP', () => stop('The terminal closed'))
// Whatever ends npm start, the deck server's group goes with it.
process.on('exit', () => deck && signalDeck(deck, 'SIGKILL'))

const version = await engineVersion()
if (version) {
  console.log(`Docker engine ${version} reachable: the deck runs commands live.`)
  const images = await ensureChapterImages({ log: (line) => console.log(`  images: ${line}`) })
  console.log(`  images: ${images.map((image) => `${image.image} (${image.kind})`).join(', ')}`)
} else {
  console.log(`No Docker engine reachable: the deck shows RECORDED output (a banner says so on every slide).\n  ${startEngineHint()}`)
}

firstPort = await watch.start()
// Ctrl-C came first: stop() ends the process.
if (stopping) await new Promise(() => {})

// No --bind: Slidev ignores it without --remote; setup/vite-plugins.ts keeps the server on 127.0.0.1.
deck = execa('slidev', [entry, '--port', String(deckPort), '--log', 'warn'], {
  // Not the terminal's stdin: Slidev would read it for its shortcuts and set it
  // raw from its own (background) process group, where the kernel may stop it
  // (SIGTTIN/SIGTTOU) with the deck's port held, and where Ctrl-C arrives as a
  // key press instead of a signal to npm start. Its stdout is piped: its banner
  // offers addresses without the runner's key, so only the rest is passed on.
  stdio: ['ignore', 'pipe', 'inherit'],
  // A tab opened without the key asks this runner port whether a runner is there (lib/client/keyless-runner.ts).
  env: { VITE_DOCKER_DECK_RUNNER_PORT: String(firstPort ?? runnerPort) },
  preferLocal: true, reject: false, detached: true,
})
if (deck.stdout) createInterface({ input: deck.stdout, crlfDelay: Infinity }).on('line', (line) => process.stdout.write(withoutBanner(`${line}\n`)))
// The address comes last, once the deck answers, so nothing Slidev prints at start scrolls it away.
while (!stopping && !(await answers(deckPort, '/'))) await sleep(200)
const live = firstPort !== undefined && token !== undefined
if (live) console.log(`\nRunner on http://127.0.0.1:${firstPort}; deck server on ${deckUrl}.`)
console.log(openAddressText({ address: openAddress, deckUrl, live }, terminalLanguage(process.env)))
if (flags.share !== undefined && !stopping) {
  try {
    sharing = await startClassroomShare({ address: flags.share, port: Number(process.env.DOCKER_DECK_SHARE_PORT ?? SHARE_PORT), stateDir: dir, entry, log: (line) => console.log(line) })
    console.log(shareText(sharing.server))
  } catch (error) {
    console.error(`The classroom share did not start: ${describeError(error)}. The deck runs on without it.`)
  }
}
if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.platform === 'darwin') {
  const opener = process.platform === 'darwin' ? 'open' : 'xdg-open'
  // Opening a browser is a convenience: the address is printed above either way.
  execa(opener, [openAddress], { reject: false, stdio: 'ignore', detached: true })
    .catch((error: unknown) => console.error(`Could not open a browser with ${opener}: ${describeError(error)}`))
}

deck.then(
  (result) => stop(`The deck server ended (exit code ${result.exitCode ?? result.signal})`),
  (error: unknown) => stop(`The deck server failed: ${describeError(error)}`),
)

/** Sends `signal` to the deck server's whole process group (Slidev and anything it started). */
function signalDeck(child: ResultPromise, signal: NodeJS.Signals): void {
  if (!child.pid) return
  for (const each of signal === 'SIGKILL' ? [signal] : [signal, 'SIGCONT' as const]) {
    try {
      process.kill(-child.pid, each)
    } catch {
      // the group is gone
    }
  }
}

/** SIGTERM to the deck server's group (SIGCONT too, in case the kernel stopped it), SIGKILL after a grace; resolves once it exited and its group is gone. */
async function stopDeck(child: ResultPromise): Promise<void> {
  signalDeck(child, 'SIGTERM')
  const escalate = setTimeout(() => signalDeck(child, 'SIGKILL'), DECK_GRACE_MS)
  await child
  clearTimeout(escalate)
  // Its children may outlive it; none of them keeps the deck's port.
  signalDeck(child, 'SIGKILL')
}
