// Makes sure a Docker engine answers. Where we may (root on Debian/Ubuntu, no
// systemd needed) it installs Debian's engine and starts dockerd detached.
import { spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { dockerTry } from '../../runner/docker/docker-commands.ts'
import { findOnPath, pathWithSystemDirs } from '../../runner/docker/system-path.ts'
import { aptInstall, canProvision, isDebianHost, type Log } from './debian-host.ts'
import { platformAdvice, platformKind } from './platform-advice.ts'

/** Where a dockerd started by ensureEngine writes its log. */
export const DOCKERD_LOG = '/var/log/docker-live-deck-dockerd.log'
const ENGINE_PACKAGES = ['docker.io', 'iptables']

export interface EnsureEngineOptions {
  log?: Log
  /** How long to wait for a freshly started dockerd. @default 60_000 */
  readyTimeoutMs?: number
}

export interface EngineStatus {
  /** The engine's server version, e.g. "20.10.24+dfsg1". */
  version: string
  /** What ensureEngine had to do: nothing, start dockerd, or install and start it. */
  action: 'already-running' | 'started' | 'installed-and-started'
}

/** The engine's server version, or undefined when the client is missing or no engine answers. */
export async function engineVersion(timeoutMs = 10_000): Promise<string | undefined> {
  if (!findOnPath('docker')) return undefined
  const result = await dockerTry(['version', '--format', '{{.Server.Version}}'], { timeoutMs })
  const version = result.stdout.trim()
  return result.exitCode === 0 && version ? version : undefined
}

/** What to do on this computer: the advice for its platform (a Mac is not told to apt-get). */
export const hostAdvice = () => platformAdvice(platformKind(process.platform, isDebianHost()))

/** What a person should do to get an engine running on this kind of host. */
export function startEngineHint(): string {
  const advice = hostAdvice()
  const client = findOnPath('docker') ? '' : `Install Docker first (the docker client is not on PATH): ${advice.installDocker}. `
  return `${client}Start the Docker engine: ${advice.startEngine}. Then run \`npm run doctor\`.`
}

/** Returns the engine's version, installing and starting Debian's engine first when allowed and needed. */
export async function ensureEngine(options: EnsureEngineOptions = {}): Promise<EngineStatus> {
  const { log = () => {}, readyTimeoutMs = 60_000 } = options
  const running = await engineVersion()
  if (running) return { version: running, action: 'already-running' }
  const host = process.env.DOCKER_HOST
  if (host && host !== 'unix:///var/run/docker.sock' && host !== 'unix:///run/docker.sock') {
    throw new Error(`No Docker engine answers at DOCKER_HOST=${host}; a local dockerd would not help there. Start that engine, or unset DOCKER_HOST to use the local one. ${startEngineHint()}`)
  }
  if (!canProvision()) {
    throw new Error(`No Docker engine answers \`docker version\`, and this is not root on Debian/Ubuntu, so it is not started automatically. ${startEngineHint()}`)
  }
  const searchPath = pathWithSystemDirs()
  let installed = false
  if (!findOnPath('dockerd', searchPath)) {
    log(`dockerd is not installed; installing Debian's ${ENGINE_PACKAGES.join(' ')}`)
    await aptInstall(ENGINE_PACKAGES, { log })
    installed = true
  }
  const dockerd = findOnPath('dockerd', searchPath)
  if (!dockerd) throw new Error(`dockerd is still not on PATH (${searchPath}) after installing docker.io. Check \`dpkg -L docker.io\`.`)
  if (!findOnPath('docker')) throw new Error(`The docker client is not on PATH (${process.env.PATH ?? ''}) although dockerd is at ${dockerd}. Add /usr/bin to PATH.`)

  const existing = livePid()
  if (existing !== undefined) log(`dockerd is already running (pid ${existing}); waiting for it to answer`)
  const started = existing === undefined ? startDockerd(dockerd, searchPath, log) : undefined
  const version = await waitForEngine(readyTimeoutMs, started)
  return { version, action: installed ? 'installed-and-started' : existing !== undefined ? 'already-running' : 'started' }
}

/** PID of a running dockerd according to its pid file, if that process is alive. */
function livePid(): number | undefined {
  try {
    const pid = Number(readFileSync('/var/run/docker.pid', 'utf8').trim())
    if (!Number.isInteger(pid) || pid <= 0) return undefined
    process.kill(pid, 0)
    return pid
  } catch {
    return undefined
  }
}

/** Starts dockerd in its own process group, logging to DOCKERD_LOG, outliving this process. */
function startDockerd(dockerd: string, searchPath: string, log: Log): { code?: number | null; error?: Error } {
  log(`starting ${dockerd} (log: ${DOCKERD_LOG})`)
  const fd = openSync(DOCKERD_LOG, 'a')
  const state: { code?: number | null; error?: Error } = {}
  try {
    const child = spawn(dockerd, [], { detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, PATH: searchPath } })
    child.on('error', (error) => (state.error = error))
    child.on('exit', (code) => (state.code = code))
    child.unref()
  } finally {
    closeSync(fd)
  }
  return state
}

/** Polls `docker info` until the engine answers; throws with dockerd's last log lines if it does not. */
async function waitForEngine(timeoutMs: number, started?: { code?: number | null; error?: Error }): Promise<string> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const info = await dockerTry(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 5_000 })
    if (info.exitCode === 0 && info.stdout.trim()) return info.stdout.trim()
    if (started?.error || started?.code !== undefined) break
    await sleep(250)
  }
  const what = !started ? `the running dockerd (see /var/run/docker.pid) did not answer within ${timeoutMs / 1000} s`
    : started.error ? `dockerd could not be started (${started.error.message})`
    : started.code !== undefined ? `dockerd exited at once with code ${started.code}` : `dockerd was started but did not answer within ${timeoutMs / 1000} s`
  throw new Error(`No Docker engine: ${what}. Last lines of ${DOCKERD_LOG}:\n${logTail()}\nFix the cause shown there. ${startEngineHint()}`)
}

function logTail(): string {
  if (!existsSync(DOCKERD_LOG)) return '(no log)'
  return readFileSync(DOCKERD_LOG, 'utf8').trim().split('\n').slice(-8).join('\n')
}
