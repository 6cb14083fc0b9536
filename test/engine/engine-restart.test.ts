// The Docker engine stopped in the middle of a run and started again: the
// deck is told, the run ends with a clear notice, no docker process or
// container of that run is left, and the same runner serves again once the
// engine is back, without a restart.
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import { ensureEngine, engineVersion } from '../../scripts/engine-setup/ensure-engine.ts'
import type { RunnerClient } from '../../lib/client/client.ts'
import type { Runner } from '../../runner/start-runner.ts'
import { connectClient, testRunner } from '../support/connect.ts'
import { allCommandLines, runContainers } from '../support/engine-state.ts'

const TICKER = `docker run alpine sh -c "trap 'exit 0' TERM; while :; do echo tick; sleep 1; done"`
/** ping as PID 1 ignores SIGTERM: the stopping engine has to kill it. */
const PING = 'docker run alpine ping localhost'

describe('an engine that stops mid-run and comes back', () => {
  let runner: Runner | undefined
  let client: RunnerClient | undefined

  afterAll(async () => {
    // Whatever happened, leave an engine running for the rest of the suite.
    await ensureEngine()
    client?.close()
    await runner?.close()
  }, 120_000)

  it.each([
    ['a container that exits on SIGTERM', TICKER, 'tick'],
    ['a container that ignores SIGTERM', PING, 'seq=0'],
  ])('ends the run of %s, tells the deck, cleans up, and serves again', async (_, line, first) => {
    client?.close()
    await runner?.close()
    runner = await testRunner()
    client = await connectClient(runner)
    const outcome = await client.run('long', line)
    if ('refusal' in outcome) throw new Error(outcome.refusal.message)
    const { runId } = outcome
    await expect.poll(() => client!.output(runId), { timeout: 20_000 }).toContain(first)
    expect(await runContainers(runId)).toHaveLength(1)

    const { stdout: pids } = await execa('pidof', ['dockerd'])
    await execa('kill', ['-TERM', ...pids.trim().split(/\s+/)])
    await expect.poll(() => engineVersion(3_000), { timeout: 60_000, interval: 500 }).toBeUndefined()

    await expect.poll(() => client!.engine?.reachable, { timeout: 20_000 }).toBe(false)
    expect(client.engine?.message).toContain('engine went away')
    // A stopping engine stops its containers first (SIGTERM, then SIGKILL after the grace), so the
    // run may end on its own before the runner sees the engine go; otherwise the runner ends it.
    const ended = await client.ended(runId)
    expect(['engine-lost', 'exited']).toContain(ended.reason)
    if (ended.reason === 'engine-lost') {
      const notice = client.runs.get(runId)!.events.find((event) => event.kind === 'notice')
      expect(notice).toMatchObject({ text: expect.stringContaining('engine went away') })
    }
    expect(allCommandLines().filter(({ cmdline }) => cmdline.includes(`docker-live-deck.run=${runId}`))).toEqual([])

    await ensureEngine()
    await expect.poll(() => client!.engine?.reachable, { timeout: 30_000 }).toBe(true)
    await expect.poll(() => runContainers(runId), { timeout: 30_000 }).toEqual([])

    const again = await client.run('hello', 'docker run --rm hello-world')
    if ('refusal' in again) throw new Error(again.refusal.message)
    expect((await client.ended(again.runId)).exitCode).toBe(0)
    expect(client.output(again.runId)).toContain('Hello from Docker!')
  }, 150_000)
})
