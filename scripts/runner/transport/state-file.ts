// Where local tools find a running runner: port and token in a file only the
// lecturer's user can read (mode 0600, in a 0700 folder outside the deck's
// project, so the dev server cannot serve it).
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'

export interface RunnerState {
  port: number
  token: string
  pid: number
  origins: string[]
  startedAt: string
}

/** The runner's folder: $DOCKER_DECK_STATE_DIR, or ~/.docker-live-deck. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_DECK_STATE_DIR || path.join(homedir(), '.docker-live-deck')
}

export const stateFile = (dir = stateDir()) => path.join(dir, 'runner.json')

/** A fresh 256-bit token, made at every start. */
export const newToken = () => randomBytes(32).toString('hex')

/** Writes the state atomically with mode 0600. */
export function writeState(state: RunnerState, dir = stateDir()): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
  const file = stateFile(dir)
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 })
  renameSync(temporary, file)
  return file
}

/** Reads the state a runner left, or undefined when none is there. */
export function readState(dir = stateDir()): RunnerState | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(dir), 'utf8')) as RunnerState
  } catch {
    return undefined
  }
}

/** Removes the state file if it still belongs to `pid`. */
export function clearState(pid: number, dir = stateDir()): void {
  if (readState(dir)?.pid === pid) rmSync(stateFile(dir), { force: true })
}
