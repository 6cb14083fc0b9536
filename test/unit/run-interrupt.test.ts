// Stop is Ctrl-C: `Run.interrupt` sends SIGINT to the CLI's process group
// and lets the command finish by itself, output and all; it removes nothing,
// except the process a `docker exec` started. A small shell script stands in
// for the docker CLI here (its plumbing only; test/engine/chapter.test.ts
// shows the real engine passing SIGINT on).
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RunEvent } from '../../lib/protocol.ts'
import type { DockerCli } from '../../runner/docker/docker-cli.ts'
import { Run, type Follower } from '../../runner/execution/run.ts'
import type { Plan } from '../../runner/policy/policy.ts'

const LIMITS = { timeoutMs: 60_000, outputCapBytes: 64 * 1024, ttyIdleMs: 60_000, congestionMs: 1_000 }
const folder = mkdtempSync(join(tmpdir(), 'run-interrupt-'))

/** A stand-in CLI: prints "ready", then waits; `onInt` is its SIGINT trap ('' ignores it). */
function fakeCli(onInt: string): DockerCli & { calls: string[][] } {
  const path = join(folder, `docker-${Math.random().toString(36).slice(2)}`)
  writeFileSync(path, `#!/bin/sh\ntrap '${onInt}' INT\necho ready\nwhile :; do sleep 0.05; done\n`)
  chmodSync(path, 0o755)
  const calls: string[][] = []
  return {
    path, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, calls,
    run: async (argv: string[]) => {
      calls.push(argv)
      return { exitCode: 0, stdout: '', stderr: '' }
    },
    text: async () => '',
  } as unknown as DockerCli & { calls: string[][] }
}

function recorder(): Follower & { events: RunEvent[] } {
  const events: RunEvent[] = []
  return { events, congested: false, drop: () => {}, deliver: (_runId, event) => void events.push(event) }
}

const plan = (subcommand: string, argv: string[]): Plan => ({ subcommand, argv, tty: false, stdin: false, notices: [], resolvedLine: `docker ${argv.join(' ')}`, attachesTo: [] })
const output = (events: RunEvent[]) => events.map((event) => (event.kind === 'output' ? event.data : '')).join('')

let running: Run | undefined
afterEach(() => running?.stop('cancelled', 'test over'))

async function started(cli: DockerCli, subcommand = 'logs', argv = ['logs', '-f', 'web']) {
  const run = new Run('run-1', 'block', `docker ${argv.join(' ')}`, plan(subcommand, argv), cli, LIMITS)
  running = run
  const follower = recorder()
  run.followers.add(follower)
  const done = run.execute()
  await expect.poll(() => output(follower.events)).toContain('ready')
  return { run, follower, done }
}

describe('Run.interrupt', () => {
  it('sends SIGINT, keeps what the command prints after it, ends as interrupted with its own code, and removes nothing', async () => {
    const cli = fakeCli('echo statistics; exit 0')
    const { run, follower, done } = await started(cli)
    run.interrupt()
    await done
    expect(output(follower.events)).toContain('statistics')
    expect(follower.events.filter((event) => event.kind === 'notice')).toEqual([expect.objectContaining({ reason: 'interrupted', text: expect.stringContaining('SIGINT') })])
    expect(follower.events.at(-1)).toMatchObject({ kind: 'ended', exitCode: 0, reason: 'interrupted' })
    expect(cli.calls).toEqual([])
  })

  it('sends Ctrl-C once: a second interrupt adds nothing', async () => {
    const { run, follower, done } = await started(fakeCli('echo caught; exit 0'))
    run.interrupt()
    run.interrupt()
    await done
    expect(follower.events.filter((event) => event.kind === 'notice')).toHaveLength(1)
    expect(output(follower.events).match(/caught/g)).toHaveLength(1)
  })

  it('leaves a command that ignores SIGINT running; cancel then ends it as cancelled', async () => {
    const { run, follower, done } = await started(fakeCli(''))
    run.interrupt()
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(run.ended).toBe(false)
    run.stop('cancelled', 'Ended at once.')
    await done
    expect(follower.events.at(-1)).toMatchObject({ kind: 'ended', reason: 'cancelled' })
  })

  it('after docker exec, ends the process it started in the container', async () => {
    const cli = fakeCli('exit 130')
    const { run, done } = await started(cli, 'exec', ['exec', 'web', 'sleep', '300'])
    run.interrupt()
    await done
    expect(cli.calls).toHaveLength(1)
    expect(cli.calls[0]!.slice(0, 4)).toEqual(['exec', 'web', 'sh', '-c'])
    expect(cli.calls[0]!.slice(-3)).toEqual(['sh', 'sleep', '300'])
  })
})
