// The runner as the lecturer starts it: `npx tsx scripts/bin/runner.ts` in a child
// process, found through the state file it writes in a temporary folder.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import { readState, type RunnerState } from '../../runner/transport/state-file.ts'
import { alive, groupMembers } from './engine-state.ts'

const PROJECT = fileURLToPath(new URL('../..', import.meta.url))

export interface RunnerProcess {
  child: ChildProcess
  /** The state file of this process (its pid is the runner's own node process). */
  state: RunnerState
  url: string
  /** stdout and stderr so far. */
  output(): string
  /** SIGTERM to the runner (a clean shutdown), then SIGKILL to whatever of its process group is left. */
  stop(): Promise<void>
}

/** Starts `npx tsx scripts/bin/runner.ts --port <port>` writing its state to `stateDir`; resolves once it is listening. */
export async function startRunnerProcess(options: { stateDir: string; port?: number; env?: NodeJS.ProcessEnv }): Promise<RunnerProcess> {
  const previous = readState(options.stateDir)
  const child = spawn('npx', ['tsx', 'scripts/bin/runner.ts', '--port', String(options.port ?? 0)], {
    cwd: PROJECT,
    env: { ...process.env, ...options.env, DOCKER_DECK_STATE_DIR: options.stateDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so cleanup reaches npx, tsx and the runner.
    detached: true,
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const group = child.pid!
  const stop = async () => {
    const state = readState(options.stateDir)
    if (state && alive(state.pid) && groupMembers(group).includes(state.pid)) process.kill(state.pid, 'SIGTERM')
    await expect.poll(() => alive(child.pid!), { timeout: 20_000 }).toBe(false).catch(() => undefined)
    for (const pid of groupMembers(group)) process.kill(pid, 'SIGKILL')
  }
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`The runner exited with code ${code} before listening:\n${output}`))))
  exited.catch(() => undefined)
  try {
    await Promise.race([exited, expect.poll(() => {
      const state = readState(options.stateDir)
      return Boolean(state && state.pid !== previous?.pid && alive(state.pid))
    }, { timeout: 60_000, interval: 100 }).toBe(true)])
  } catch (error) {
    await stop()
    throw error
  }
  const state = readState(options.stateDir)!
  return { child, state, url: `http://127.0.0.1:${state.port}`, output: () => output, stop }
}
