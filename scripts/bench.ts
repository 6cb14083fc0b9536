// `npm run bench`: the runner against the raw docker CLI, side by side in one
// run on this machine, reported as ratios (runner ÷ raw). Also the delay
// between the runner reading a line and a client receiving it.
import os from 'node:os'
import { parseArgs } from 'node:util'
import { execa } from 'execa'
import WebSocket from 'ws'
import { RunnerClient, type SocketLike } from './runner/client.ts'
import { DockerCli } from './runner/docker-cli.ts'
import { startRunner } from './runner/start-runner.ts'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' } } })
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 5) {
  console.error(`--runs must be an integer of at least 5, received ${JSON.stringify(values.runs)}.`)
  process.exit(2)
}

const ORIGIN = 'http://localhost:3030'
const cli = new DockerCli()
const runner = await startRunner({ port: 0, origins: [ORIGIN], stateDir: false })
const client = new RunnerClient(runner.url, runner.token, (url, protocols) => new WebSocket(url, protocols, { origin: ORIGIN }) as unknown as SocketLike)
await client.connect()

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}
const median = (values: number[]) => percentile(values, 50)

async function timeRaw(argv: string[]): Promise<number> {
  const start = performance.now()
  const result = await execa(cli.path, argv, { env: cli.env, extendEnv: false, stdin: 'ignore', reject: false })
  if (result.exitCode !== 0) throw new Error(`docker ${argv.join(' ')} failed: ${result.stderr}`)
  return performance.now() - start
}

let counter = 0
async function timeRunner(line: string): Promise<number> {
  const start = performance.now()
  const outcome = await client.run(`bench-${counter++}`, line)
  if ('refusal' in outcome) throw new Error(`The runner refused ${line}: ${outcome.refusal.message}`)
  const ended = await client.ended(outcome.runId)
  if (ended.exitCode !== 0) throw new Error(`${line} through the runner exited ${ended.exitCode}: ${client.output(outcome.runId)}`)
  return performance.now() - start
}

/** Alternates raw and runner so drift on the machine hits both alike. */
async function compare(argv: string[]): Promise<{ raw: number; runner: number; ratio: number }> {
  const raw: number[] = []
  const viaRunner: number[] = []
  for (let i = 0; i < 3; i++) {
    await timeRaw(argv)
    await timeRunner(`docker ${argv.join(' ')}`)
  }
  for (let i = 0; i < runs; i++) {
    raw.push(await timeRaw(argv))
    viaRunner.push(await timeRunner(`docker ${argv.join(' ')}`))
  }
  return { raw: median(raw), runner: median(viaRunner), ratio: median(viaRunner) / median(raw) }
}

async function lineDelays(): Promise<number[]> {
  const delays: number[] = []
  const off = client.on((message) => {
    if (message.type === 'run-event' && message.event.kind === 'output') delays.push(performance.timeOrigin + performance.now() - message.event.at)
  })
  await timeRunner('docker run --rm alpine ping -c 20 localhost')
  off()
  return delays
}

const ms = (value: number) => `${value.toFixed(1)} ms`
console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, Docker ${client.engine?.version ?? '?'}; ${runs} runs each, medians.`)
for (const argv of [['ps', '-a'], ['run', '--rm', 'alpine', 'true']]) {
  const result = await compare(argv)
  console.log(`docker ${argv.join(' ').padEnd(24)} raw ${ms(result.raw).padStart(9)}  runner ${ms(result.runner).padStart(9)}  ratio ${result.ratio.toFixed(3)}`)
}
const delays = await lineDelays()
console.log(`line delay, runner read → client received (${delays.length} lines of ping -c 20): p50 ${ms(percentile(delays, 50))}, p95 ${ms(percentile(delays, 95))}`)

client.close()
await runner.close()
