// `-i` without `-t`: the run's stdin is a pipe. A line sent as a terminal
// would (text, then Enter as \r) reaches the command as a line, is echoed
// into the output as typed input, and Ctrl-D ends the input. A small shell
// script stands in for the docker CLI (its plumbing only; the engine test
// talks to redis-cli this way).
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RunEvent } from '../../lib/protocol.ts'
import type { DockerCli } from '../../runner/docker/docker-cli.ts'
import { Run, type Follower } from '../../runner/execution/run.ts'
import type { Plan } from '../../runner/policy/policy.ts'

const LIMITS = { timeoutMs: 60_000, outputCapBytes: 64 * 1024, ttyIdleMs: 60_000, congestionMs: 1_000 }
const folder = mkdtempSync(join(tmpdir(), 'run-stdin-'))
// Answers each line it reads; says so when its input ends.
const script = join(folder, 'docker')
writeFileSync(script, '#!/bin/sh\nwhile IFS= read -r line || [ -n "$line" ]; do echo "got: $line"; done\necho "input ended"\n')
chmodSync(script, 0o755)
const cli = { path: script, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, run: async () => ({ exitCode: 0, stdout: '', stderr: '' }), text: async () => '' } as unknown as DockerCli

const plan = (stdin: boolean): Plan => ({ subcommand: 'exec', argv: ['exec', '-i', 'web', 'redis-cli'], tty: false, stdin, notices: [], resolvedLine: 'docker exec -i web redis-cli', attachesTo: [] })
const text = (events: RunEvent[], stream?: string) => events.map((event) => (event.kind === 'output' && (!stream || event.stream === stream) ? event.data : '')).join('')

let running: Run | undefined
afterEach(() => running?.stop('cancelled', 'test over'))

function start(stdin: boolean) {
  const run = new Run('run-1', 'block', 'docker exec -i web redis-cli', plan(stdin), cli, LIMITS)
  running = run
  const events: RunEvent[] = []
  const follower: Follower = { congested: false, drop: () => {}, deliver: (_runId, event) => void events.push(event) }
  run.followers.add(follower)
  return { run, events, done: run.execute() }
}

describe('a piped run with stdin', () => {
  it('says it takes input, passes each line on with Enter as a newline, echoes it as typed input, and Ctrl-D ends the input', async () => {
    const { run, events, done } = start(true)
    await expect.poll(() => events[0]).toMatchObject({ kind: 'started', stdin: true, tty: false })
    run.input('ping\r')
    await expect.poll(() => text(events, 'stdout')).toBe('got: ping\n')
    run.input('set course docker\r')
    await expect.poll(() => text(events, 'stdout')).toContain('got: set course docker\n')
    run.input('\u0004')
    await done
    expect(text(events)).toBe('ping\ngot: ping\nset course docker\ngot: set course docker\ninput ended\n')
    expect(text(events, 'stdin')).toBe('ping\nset course docker\n')
    expect(events.at(-1)).toMatchObject({ kind: 'ended', exitCode: 0, reason: 'exited' })
  })

  it('sends the text before a Ctrl-D, and ignores what comes after the input ended', async () => {
    const { run, events, done } = start(true)
    run.input('last\u0004')
    run.input('too late\r')
    await done
    expect(text(events, 'stdout')).toBe('got: last\ninput ended\n')
  })

  it('without -i the command reads nothing (its stdin is empty) and typing goes nowhere', async () => {
    const { run, events, done } = start(false)
    run.input('ping\r')
    await done
    expect(events[0]).toMatchObject({ stdin: false })
    expect(text(events)).toBe('input ended\n')
  })
})
