// A run whose step throws inside the runner (the listing of `$(…)` cannot be
// asked, learning its containers fails) still ends, as a spawn error with a
// notice, so no window and no stopAll waits for it; the error reaches the
// runner's fault report. Only /bin/true is spawned.
import { describe, expect, it, vi } from 'vitest'
import type { RunEvent } from '../../lib/protocol.ts'
import type { DockerCli } from '../../runner/docker/docker-cli.ts'
import type { DeckContainers } from '../../runner/engine/deck-containers.ts'
import { Run, type Follower } from '../../runner/execution/run.ts'
import { Runs } from '../../runner/execution/runs.ts'
import type { Plan } from '../../runner/policy/policy.ts'
import { fakeEngine } from './fake-engine.ts'

const LIMITS = { timeoutMs: 60_000, outputCapBytes: 1024, ttyIdleMs: 60_000, congestionMs: 1_000 }

function recorder(): Follower & { events: RunEvent[] } {
  const events: RunEvent[] = []
  return { events, congested: false, drop: () => {}, deliver: (_runId, event) => void events.push(event) }
}

const failingCli = {
  path: '/bin/true',
  env: {},
  run: async () => {
    throw new Error('docker could not be started')
  },
  text: async () => undefined,
} as unknown as DockerCli

describe('Run.execute when a step throws', () => {
  it('ends the run after its process exited as a spawn error, and rethrows', async () => {
    const plan: Plan = { subcommand: 'ps', argv: ['ps'], tty: false, stdin: false, notices: [], resolvedLine: 'docker ps', attachesTo: [] }
    const run = new Run('run-1', 'block', 'docker ps', plan, failingCli, LIMITS)
    run.beforeEnd = async () => {
      throw new Error('docker ps --filter failed')
    }
    const follower = recorder()
    run.followers.add(follower)
    await expect(run.execute()).rejects.toThrow('docker ps --filter failed')
    expect(follower.events.map((event) => event.kind)).toEqual(['started', 'notice', 'ended'])
    expect(follower.events[1]).toMatchObject({ kind: 'notice', reason: 'spawn-error', text: expect.stringContaining('docker ps --filter failed') })
    expect(follower.events[2]).toMatchObject({ kind: 'ended', reason: 'spawn-error', exitCode: null })
    expect(run.ended).toBe(true)
    expect(run.endedAt).toBeTypeOf('number')
  })
})

describe('Runs.start when the run fails inside the runner', () => {
  it('reports the fault, ends the run, and lets stopAll return', async () => {
    const onFault = vi.fn()
    const runs = new Runs(failingCli, fakeEngine() as unknown as DeckContainers, { ...LIMITS, maxConcurrentRuns: 2, reattachMs: 1_000, keepFinished: 10, onFault, reservedPorts: [] })
    const follower = recorder()
    const line = 'docker rm $(docker ps -a -q)'
    const run = await runs.start('block', line, follower)
    await vi.waitFor(() => expect(onFault).toHaveBeenCalledWith(expect.objectContaining({ message: 'docker could not be started' }), `running ${JSON.stringify(line)}`))
    expect(run.ended).toBe(true)
    expect(follower.events.map((event) => event.kind)).toEqual(['started', 'notice', 'ended'])
    expect(runs.active).toEqual([])
    await expect(runs.stopAll('Stopped.')).resolves.toEqual([])
  })
})

