// The classroom's share server in a process of its own, for the fan-out
// bench: its memory is then its own, not the 200 simulated students'. Forked
// by classroom-fanout.ts with the runner's address and follow token; it
// reports where it listens, and answers "memory?" with its memory after a GC.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startShare } from '../../share/share-server.ts'

export interface ShareProcessReady {
  type: 'ready'
  url: string
  joinUrl: string
}
export interface ShareProcessMemory {
  type: 'memory'
  rss: number
  heapUsed: number
}

const [runnerUrl, followToken, maxFollowers] = process.argv.slice(2)
if (!runnerUrl || !followToken || !process.send) {
  console.error('Usage: forked with IPC by scripts/bench/classroom-fanout.ts: share-process.ts RUNNER_URL FOLLOW_TOKEN [MAX_FOLLOWERS]')
  process.exit(2)
}
// The deck's pages do not matter here, only the event stream: a one-file deck.
const deckDir = mkdtempSync(path.join(tmpdir(), 'bench-share-deck-'))
writeFileSync(path.join(deckDir, 'index.html'), '<!doctype html><html><head><title>bench</title></head><body></body></html>')
const server = await startShare({ address: '127.0.0.1', deckDir, runner: { url: runnerUrl, followToken }, maxFollowers: Number(maxFollowers ?? 200) })
const send = (message: ShareProcessReady | ShareProcessMemory) => process.send!(message)
process.on('message', (message) => {
  if (message === 'memory?') {
    globalThis.gc?.()
    const { rss, heapUsed } = process.memoryUsage()
    send({ type: 'memory', rss, heapUsed })
  } else if (message === 'close') {
    void server.close().then(() => {
      rmSync(deckDir, { recursive: true, force: true })
      process.exit(0)
    })
  }
})
send({ type: 'ready', url: server.url, joinUrl: server.joinUrl })
