// Where local tools find a running runner: port and token in a file only the
// lecturer's user can read (mode 0600, in a 0700 folder outside the deck's
// project, so the dev server cannot serve it). A runner that `npm start`
// restarts takes its session's token from here, and from nowhere else.
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export interface RunnerState {
  port: number
  token: string
  /** The read-only follow token: the classroom's share server reads it here. */
  followToken?: string
  pid: number
  origins: string[]
  startedAt: string
  /** The `npm start` session that started this runner, if one did. */
  session?: string
}

/** The deck's project folder, which its dev server serves from. */
export const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url))

/** The runner's folder: $DOCKER_DECK_STATE_DIR, or ~/.docker-live-deck. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_DECK_STATE_DIR || path.join(homedir(), '.docker-live-deck')
}

export const stateFile = (dir = stateDir()) => path.join(dir, 'runner.json')

/** A fresh 256-bit token, made at every start. */
export const newToken = () => randomBytes(32).toString('hex')

const TOKEN = /^[0-9a-f]{64}$/

/** Refuses a state folder inside the deck's project, where the dev server could serve the token. */
export function assertOutsideProject(dir: string, project = PROJECT_DIR): void {
  const real = (target: string) => {
    // The folder may not exist yet: resolve its nearest existing parent.
    let existing = path.resolve(target)
    const rest: string[] = []
    for (;;) {
      try {
        return path.join(realpathSync(existing), ...rest)
      } catch {
        const parent = path.dirname(existing)
        if (parent === existing) return path.resolve(target)
        rest.unshift(path.basename(existing))
        existing = parent
      }
    }
  }
  const inside = path.relative(real(project), real(dir))
  if (!inside.startsWith('..') && !path.isAbsolute(inside)) {
    throw new Error(`The runner's state folder ${path.resolve(dir)} is inside the deck's project folder ${path.resolve(project)}, ` +
      'where the deck\'s dev server could serve the token. Set DOCKER_DECK_STATE_DIR to a folder outside the project, or unset it to use ~/.docker-live-deck.')
  }
}

/** Makes the 0700 folder (outside the project) and returns it. */
export function ensureStateDir(dir = stateDir()): string {
  assertOutsideProject(dir)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
  return dir
}

/** Writes `contents` to `file` with mode 0600 whether or not the file existed (a fresh file, renamed over the old one). */
export function writePrivateFile(file: string, contents: string): void {
  const temporary = `${file}.${process.pid}.tmp`
  rmSync(temporary, { force: true })
  writeFileSync(temporary, contents, { mode: 0o600, flag: 'wx' })
  chmodSync(temporary, 0o600)
  renameSync(temporary, file)
}

/** Writes the state atomically with mode 0600. */
export function writeState(state: RunnerState, dir = stateDir()): string {
  ensureStateDir(dir)
  const file = stateFile(dir)
  writePrivateFile(file, `${JSON.stringify(state, null, 2)}\n`)
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

/** Removes the state file if it belongs to `npm start` session `session`. */
export function clearSessionState(session: string, dir = stateDir()): void {
  if (readState(dir)?.session === session) rmSync(stateFile(dir), { force: true })
}

/**
 * The token a runner of `session` left behind, when that runner is no longer
 * running: what a runner restarted by the same `npm start` keeps. Any other
 * start (a new session, `npm run runner`) gets undefined and makes a new token.
 */
export function sessionToken(session: string, dir = stateDir(), running: (pid: number) => boolean = isRunning): string | undefined {
  const state = readState(dir)
  if (!session || state?.session !== session || typeof state.token !== 'string' || !TOKEN.test(state.token)) return undefined
  return running(state.pid) ? undefined : state.token
}

/** The follow token a runner of `session` left behind, kept by a runner npm start restarts, so the share server follows on. */
export function sessionFollowToken(session: string, dir = stateDir(), running: (pid: number) => boolean = isRunning): string | undefined {
  const state = readState(dir)
  if (!session || state?.session !== session || typeof state.followToken !== 'string' || !TOKEN.test(state.followToken)) return undefined
  return running(state.pid) ? undefined : state.followToken
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
