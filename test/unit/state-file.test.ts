// The runner's state folder and the page that hands the deck its token: mode
// 0600 every time they are written, never inside the project folder the dev
// server serves, and a kept token only for a runner restarted within its own
// `npm start` session.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startRunner } from '../../runner/start-runner.ts'
import { openPageFile, removeOpenPage, writeOpenPage } from '../../runner/transport/open-page.ts'
import {
  assertOutsideProject, clearSessionState, PROJECT_DIR, readState, sessionToken, stateFile, writeState, type RunnerState,
} from '../../runner/transport/state-file.ts'

const TOKEN = 'ab'.repeat(32)
const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'deck-state-test-'))
  dirs.push(dir)
  return dir
}

const mode = (file: string) => statSync(file).mode & 0o777
const state = (extra: Partial<RunnerState> = {}): RunnerState => ({ port: 4123, token: TOKEN, pid: 999_999_999, origins: ['http://localhost:3030'], startedAt: '2025-01-01T00:00:00.000Z', ...extra })

describe('writeOpenPage', () => {
  it('writes a 0600 page that forwards to the deck with the port and token in the fragment', () => {
    const dir = tempDir()
    expect(writeOpenPage(dir, 'http://localhost:3030', 4123, TOKEN)).toBe(`file://${openPageFile(dir)}`)
    expect(mode(openPageFile(dir))).toBe(0o600)
    expect(readFileSync(openPageFile(dir), 'utf8')).toContain(`url=http://localhost:3030/#runner=4123&token=${TOKEN}`)
  })

  it('makes an existing, looser open.html 0600 again when it rewrites it', () => {
    const dir = tempDir()
    writeFileSync(openPageFile(dir), 'old', { mode: 0o644 })
    chmodSync(openPageFile(dir), 0o644)
    writeOpenPage(dir, 'http://localhost:3030', 4123, TOKEN)
    expect(mode(openPageFile(dir))).toBe(0o600)
    expect(readFileSync(openPageFile(dir), 'utf8')).toContain(TOKEN)
  })

  it('leaves no temporary file behind', () => {
    const dir = tempDir()
    writeOpenPage(dir, 'http://localhost:3030', 4123, TOKEN)
    writeOpenPage(dir, 'http://localhost:3030', 4123, TOKEN)
    expect(readdirSync(dir)).toEqual(['open.html'])
    expect(statSync(dir).mode & 0o777).toBe(0o700)
  })

  it('is removed when the session ends', () => {
    const dir = tempDir()
    writeOpenPage(dir, 'http://localhost:3030', 4123, TOKEN)
    removeOpenPage(dir)
    expect(() => statSync(openPageFile(dir))).toThrow()
  })
})

describe('writeState', () => {
  it('rewrites runner.json 0600 even over a looser file', () => {
    const dir = tempDir()
    writeFileSync(stateFile(dir), '{}', { mode: 0o644 })
    writeState(state(), dir)
    expect(mode(stateFile(dir))).toBe(0o600)
    expect(readState(dir)).toEqual(state())
  })
})

describe('a state folder inside the project', () => {
  const inside = path.join(PROJECT_DIR, 'test-artifacts', 'state-inside-project')

  it('is refused with an error naming the folder and the project', () => {
    expect(() => assertOutsideProject(inside)).toThrow(`The runner's state folder ${inside} is inside the deck's project folder ${path.resolve(PROJECT_DIR)}`)
    expect(() => assertOutsideProject(PROJECT_DIR)).toThrow(/is inside the deck's project folder/)
    expect(() => assertOutsideProject(path.join(PROJECT_DIR, 'a', '..', 'b'))).toThrow(/DOCKER_DECK_STATE_DIR/)
  })

  it('is refused through a symbolic link too', async () => {
    const { symlinkSync } = await import('node:fs')
    const link = path.join(tempDir(), 'link-to-project')
    symlinkSync(PROJECT_DIR, link)
    expect(() => assertOutsideProject(path.join(link, 'state'))).toThrow(/is inside the deck's project folder/)
  })

  it('is not written to by writeState or writeOpenPage', () => {
    expect(() => writeState(state(), inside)).toThrow(/inside the deck's project folder/)
    expect(() => writeOpenPage(inside, 'http://localhost:3030', 4123, TOKEN)).toThrow(/inside the deck's project folder/)
    expect(() => statSync(inside)).toThrow()
  })

  it('stops startRunner before it starts anything', async () => {
    await expect(startRunner({ origins: ['http://localhost:3030'], stateDir: inside, port: 0 })).rejects.toThrow(/inside the deck's project folder/)
  })

  it('accepts a folder next to the project whose name starts the same', () => {
    expect(() => assertOutsideProject(`${PROJECT_DIR.replace(/\/$/, '')}-state`)).not.toThrow()
    expect(() => assertOutsideProject(tempDir())).not.toThrow()
  })
})

describe('sessionToken', () => {
  const gone = () => false
  const running = () => true

  it('gives a runner restarted within its npm start session the token its predecessor left', () => {
    const dir = tempDir()
    writeState(state({ session: 'session-a' }), dir)
    expect(sessionToken('session-a', dir, gone)).toBe(TOKEN)
  })

  it('gives a new session (a new npm start) nothing, so it makes a new token', () => {
    const dir = tempDir()
    writeState(state({ session: 'session-a' }), dir)
    expect(sessionToken('session-b', dir, gone)).toBeUndefined()
  })

  it('gives nothing when the state was written by `npm run runner` (no session)', () => {
    const dir = tempDir()
    writeState(state(), dir)
    expect(sessionToken('session-a', dir, gone)).toBeUndefined()
    expect(sessionToken('', dir, gone)).toBeUndefined()
  })

  it('gives nothing while the runner that wrote it still runs', () => {
    const dir = tempDir()
    writeState(state({ session: 'session-a' }), dir)
    expect(sessionToken('session-a', dir, running)).toBeUndefined()
  })

  it('gives nothing when there is no state file, or its token is malformed', () => {
    const dir = tempDir()
    expect(sessionToken('session-a', dir, gone)).toBeUndefined()
    writeState(state({ session: 'session-a', token: 'short' }), dir)
    expect(sessionToken('session-a', dir, gone)).toBeUndefined()
  })

  it('tells a live pid from a dead one by default', () => {
    const dir = tempDir()
    writeState(state({ session: 'session-a', pid: process.pid }), dir)
    expect(sessionToken('session-a', dir)).toBeUndefined()
  })
})

describe('clearSessionState', () => {
  it('removes the state of its own session only', () => {
    const dir = tempDir()
    writeState(state({ session: 'session-a' }), dir)
    clearSessionState('session-b', dir)
    expect(readState(dir)).toBeDefined()
    clearSessionState('session-a', dir)
    expect(readState(dir)).toBeUndefined()
  })
})
