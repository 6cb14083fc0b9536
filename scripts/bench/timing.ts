// Timing one command through the runner and with the raw docker CLI, side by
// side, and the delay between the runner reading a line and a client getting it.
import { execa } from 'execa'
import type { RunnerClient } from '../../lib/client/client.ts'
import type { DockerCli } from '../../runner/docker/docker-cli.ts'
import { median } from './stats.ts'

export interface Bench {
  cli: DockerCli
  client: RunnerClient
  /** Measured repetitions per figure. */
  runs: number
}

let counter = 0
/** A block key no earlier bench run used. */
export const nextKey = (prefix: string) => `${prefix}-${counter++}`

/** Runs `docker argv` with the runner's own CLI and environment; resolves with its wall time. */
export async function timeRaw({ cli }: Bench, argv: readonly string[]): Promise<number> {
  const start = performance.now()
  const result = await execa(cli.path, argv, { env: cli.env, extendEnv: false, stdin: 'ignore', reject: false })
  if (result.exitCode !== 0) throw new Error(`docker ${argv.join(' ')} failed: ${result.stderr}`)
  return performance.now() - start
}

/** Runs `line` through the runner; resolves with the time from the request to the `ended` event. */
export async function timeRunner({ client }: Bench, line: string): Promise<number> {
  const start = performance.now()
  const outcome = await client.run(nextKey('bench'), line)
  if ('refusal' in outcome) throw new Error(`The runner refused ${line}: ${outcome.refusal.message}`)
  const ended = await client.ended(outcome.runId)
  if (ended.exitCode !== 0) throw new Error(`${line} through the runner exited ${ended.exitCode}: ${client.output(outcome.runId)}`)
  return performance.now() - start
}

/** Medians of `docker argv` raw and through the runner, alternated so drift on the machine hits both alike. */
export async function compare(bench: Bench, argv: readonly string[]): Promise<{ raw: number; runner: number }> {
  const raw: number[] = []
  const viaRunner: number[] = []
  const line = `docker ${argv.join(' ')}`
  for (let i = 0; i < 3; i++) {
    await timeRaw(bench, argv)
    await timeRunner(bench, line)
  }
  for (let i = 0; i < bench.runs; i++) {
    raw.push(await timeRaw(bench, argv))
    viaRunner.push(await timeRunner(bench, line))
  }
  return { raw: median(raw), runner: median(viaRunner) }
}

/** For each output event of `ping -c 20`: the time from the runner reading it to the client receiving it. */
export async function lineDelays(bench: Bench): Promise<number[]> {
  const delays: number[] = []
  const off = bench.client.on((message) => {
    if (message.type === 'run-event' && message.event.kind === 'output') delays.push(performance.timeOrigin + performance.now() - message.event.at)
  })
  await timeRunner(bench, 'docker run --rm alpine ping -c 20 localhost')
  off()
  return delays
}
