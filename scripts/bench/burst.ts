// A 1,000-line burst (`seq 1 1000`): the time from the run's start to the
// last line received, and the lines lost, for the raw CLI, one client, and
// 50 windows following the run.
import { execa } from 'execa'
import type { RunnerClient } from '../../lib/client/client.ts'
import { nextKey, type Bench } from './timing.ts'

export const BURST_LINES = 1000
export const BURST_ARGV = ['run', '--rm', 'alpine', 'seq', '1', String(BURST_LINES)]
const LAST_LINE = `\n${BURST_LINES}\n`

export interface Burst {
  /** From the start to the last line received (by the slowest receiver). */
  ms: number
  /** Expected lines missing, summed over receivers. */
  lost: number
}

/** How many of the lines `1 … n` are missing from `text`. */
export function linesLost(text: string): number {
  const seen = new Set(text.split('\n'))
  let lost = 0
  for (let i = 1; i <= BURST_LINES; i++) if (!seen.has(String(i))) lost++
  return lost
}

/** The raw CLI: from spawning it to reading the last line on its stdout. */
export async function rawBurst({ cli }: Bench): Promise<Burst> {
  const start = performance.now()
  const child = execa(cli.path, BURST_ARGV, { env: cli.env, extendEnv: false, stdin: 'ignore', buffer: false, reject: false })
  let text = ''
  let lastAt: number | undefined
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    text += chunk
    if (lastAt === undefined && `\n${text}`.endsWith(LAST_LINE)) lastAt = performance.now()
  })
  const result = await child
  if (result.exitCode !== 0) throw new Error(`docker ${BURST_ARGV.join(' ')} failed with exit code ${result.exitCode}.`)
  return { ms: (lastAt ?? performance.now()) - start, lost: linesLost(text) }
}

/**
 * The runner: `starter` sends the run, every receiver (the starter itself, or
 * followers) keeps the output; from sending the request to the last line
 * reaching the slowest receiver.
 */
export async function runnerBurst(starter: RunnerClient, receivers: readonly RunnerClient[]): Promise<Burst> {
  const key = nextKey('burst')
  const line = `docker ${BURST_ARGV.join(' ')}`
  const lastAt: Array<number | undefined> = receivers.map(() => undefined)
  const texts = receivers.map(() => '')
  const endedAll = Promise.all(receivers.map((receiver, i) => new Promise<void>((resolve) => {
    let runId: string | undefined
    const off = receiver.on((message) => {
      if (message.type !== 'run-event') return
      const { event } = message
      if (event.kind === 'started' && event.key === key) runId = message.runId
      if (message.runId !== runId) return
      if (event.kind === 'output') {
        texts[i] += event.data
        if (lastAt[i] === undefined && `\n${texts[i]}`.endsWith(LAST_LINE)) lastAt[i] = performance.now()
      }
      if (event.kind === 'ended') {
        off()
        resolve()
      }
    })
  })))
  const start = performance.now()
  const outcome = await starter.run(key, line)
  if ('refusal' in outcome) throw new Error(`The runner refused ${line}: ${outcome.refusal.message}`)
  await endedAll
  const slowest = Math.max(...lastAt.map((at) => at ?? performance.now()))
  return { ms: slowest - start, lost: texts.reduce((sum, text) => sum + linesLost(text), 0) }
}
