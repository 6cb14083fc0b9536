// Everything a test starts is undone after it, newest first: runners,
// clients, processes, folders. The first error is rethrown after all ran.
import { afterEach } from 'vitest'
import type { RunnerClient } from '../../lib/client/client.ts'
import type { Runner, RunnerOptions } from '../../runner/start-runner.ts'
import { connectClient, testRunner } from './connect.ts'

const cleanups: Array<() => unknown> = []

/** Registers `cleanup` to run after the current test. */
export const later = (cleanup: () => unknown) => void cleanups.push(cleanup)

afterEach(async () => {
  const errors: unknown[] = []
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup()
    } catch (error) {
      errors.push(error)
    }
  }
  if (errors.length) throw errors[0]
})

/** A test runner closed after the test. */
export async function runner(options: Partial<RunnerOptions> = {}): Promise<Runner> {
  const started = await testRunner(options)
  later(() => started.close())
  return started
}

/** A connected client closed after the test. */
export async function client(target: Pick<Runner, 'url' | 'token'>): Promise<RunnerClient> {
  const connected = await connectClient(target)
  later(() => connected.close())
  return connected
}
