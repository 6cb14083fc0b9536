// A runner whose docker processes all go through a spawn spy (so a test can
// say "nothing was spawned" from the spy, not assume it), closed after the
// test. The spy is cleared once start-up is done.
import { expect } from 'vitest'
import { DockerCli } from '../../runner/docker/docker-cli.ts'
import type { Runner, RunnerOptions } from '../../runner/start-runner.ts'
import { later } from './cleanups.ts'
import { testRunner } from './connect.ts'
import { spawnSpy, type SpawnSpy } from './spawn-spy.ts'

export async function spiedRunner(options: Partial<RunnerOptions> = {}): Promise<{ spy: SpawnSpy; runner: Runner }> {
  const spy = spawnSpy()
  later(() => spy.remove())
  const runner = await testRunner({ cli: new DockerCli(spy.path), ...options })
  later(() => runner.close())
  // The events stream is spawned at start; wait for its line so clear() forgets it.
  await expect.poll(() => spy.calls().some((argv) => argv[0] === 'events')).toBe(true)
  spy.clear()
  return { spy, runner }
}
