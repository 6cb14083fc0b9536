// `npm start`: the runner and the Slidev dev server together. Prints the one
// address to open (a local page that hands the deck its token), opens it
// where there is a display, and on Ctrl-C stops both and removes the deck's
// containers. Without an engine, the deck still starts, showing recordings.
import { execa } from 'execa'
import { engineVersion, startEngineHint } from '../engine-setup/ensure-engine.ts'
import { ensureChapterImages } from '../engine-setup/stand-in-images.ts'
import { writeOpenPage } from '../runner/transport/open-page.ts'
import { keepServingOnFaults } from '../runner/transport/fault-log.ts'
import { startRunner } from '../runner/start-runner.ts'
import { stateDir } from '../runner/transport/state-file.ts'

keepServingOnFaults((line) => console.error(line))

const deckPort = Number(process.env.DOCKER_DECK_PORT ?? 3030)
const runnerPort = Number(process.env.DOCKER_DECK_RUNNER_PORT ?? 4123)
const deckUrl = `http://localhost:${deckPort}`

const version = await engineVersion()
if (version) {
  console.log(`Docker engine ${version} reachable: the deck runs commands live.`)
  const images = await ensureChapterImages({ log: (line) => console.log(`  images: ${line}`) })
  console.log(`  images: ${images.map((image) => `${image.image} (${image.kind})`).join(', ')}`)
} else {
  console.log(`No Docker engine reachable: the deck shows RECORDED output (a banner says so on every slide).\n  ${startEngineHint()}`)
}

// Without a docker client there is nothing to run: the deck still starts, with its recordings.
const runner = await startRunner({ port: runnerPort, origins: [deckUrl, `http://127.0.0.1:${deckPort}`] }).catch((error: Error) => {
  console.log(`The runner did not start (${error.message.split('\n')[0]}): the deck shows RECORDED output.`)
  return undefined
})
const deck = execa('slidev', ['--port', String(deckPort), '--bind', '127.0.0.1', '--log', 'warn'], {
  preferLocal: true, stdio: 'inherit', reject: false, detached: true,
})
const openAddress = runner ? writeOpenPage(stateDir(), deckUrl, runner.port, runner.token) : deckUrl

if (runner) {
  console.log(`\nRunner on ${runner.url}; deck on ${deckUrl}.`)
  console.log(`Open the live deck here (this page hands it the runner's key):\n\n    ${openAddress}\n`)
} else {
  console.log(`\nOpen the deck (recorded output):\n\n    ${openAddress}\n`)
}
console.log('Press Ctrl-C to stop the deck and the runner; the deck\'s containers are removed.')
if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.platform === 'darwin') {
  const opener = process.platform === 'darwin' ? 'open' : 'xdg-open'
  void execa(opener, [openAddress], { reject: false, stdio: 'ignore', detached: true })
}

let stopping = false
async function stop(reason: string): Promise<void> {
  if (stopping) return
  stopping = true
  console.log(`\n${reason}: stopping…`)
  try {
    if (deck.pid) process.kill(-deck.pid, 'SIGTERM')
  } catch {
    // already gone
  }
  await runner?.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop('Ctrl-C'))
process.on('SIGTERM', () => void stop('SIGTERM'))
void deck.then((result) => stop(`The deck server ended (exit code ${result.exitCode ?? result.signal})`))
