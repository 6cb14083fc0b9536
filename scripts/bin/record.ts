// `npm run record`: runs every {run} block of the deck in order, then each
// exercise's reference solution, on a real engine and saves each block's
// output (asciicast v2) and lifecycle events under recordings/, for the
// static build and the PDF.
import { parseArgs } from 'node:util'
import WebSocket from 'ws'
import { recordAllPasses } from '../recording/recorded-blocks.ts'
import { ensureEngine } from '../engine-setup/ensure-engine.ts'
import { ensureChapterImages } from '../engine-setup/stand-in-images.ts'
import { RECORDINGS_DIR, saveRecordings } from '../recording/recording-files.ts'
import { RunnerClient } from '../../lib/client/client.ts'
import { webSocketFactory } from '../../lib/client/web-sockets.ts'
import { startRunner } from '../../runner/start-runner.ts'
import { deckOrigins } from '../../lib/ports.ts'

const { values } = parseArgs({ options: { out: { type: 'string', default: RECORDINGS_DIR } } })
const log = (line: string) => console.log(line)

await ensureEngine({ log })
const images = await ensureChapterImages({ log })
const standIns = images.filter((image) => image.kind === 'stand-in').map((image) => image.image)
const [origin] = deckOrigins() as [string]
const runner = await startRunner({ port: 0, origins: [origin], stateDir: false })
const client = new RunnerClient(runner.url, runner.token, webSocketFactory(WebSocket, { origin }))
try {
  await client.connect()
  const started = Date.now()
  const recorded = await recordAllPasses(client, { log, standIns })
  saveRecordings(recorded, values.out)
  console.log(`Recorded ${recorded.length} blocks in ${((Date.now() - started) / 1000).toFixed(1)} s into ${values.out}`)
} finally {
  client.close()
  await runner.close()
}
