// `npm start` as a child process, the way the browser tests and the benchmark
// use it: on free ports, with its own state folder, in its own process group
// (as a terminal runs it); ready once the deck answers and runner.json names
// a live runner; stopped with Ctrl-C (SIGINT to the group), as a lecturer
// stops it, and checked to leave no process behind.
import { execa, type ResultPromise } from 'execa'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { readState } from '../../runner/transport/state-file.ts'
import { ADDRESS_RULE } from './open-address-text.ts'

const PROJECT = fileURLToPath(new URL('../..', import.meta.url))
const READY_TIMEOUT_MS = 150_000
const EXIT_TIMEOUT_MS = 15_000

export interface NpmStart {
  child: ResultPromise
  stateDir: string
  deckPort: number
  runnerPort: number
  /** Everything it printed so far. */
  output(): string
  /** Ctrl-C; rejects, naming what was left, when a process it started outlives it by 15 s (those are then killed). */
  stop(): Promise<void>
}

/** Starts `npm start` (scripts/bin/start.ts) with `args` (`--lang en`); resolves once the deck answers and its runner is up. */
export async function startNpmStart(options: { env?: Record<string, string>; args?: readonly string[] } = {}): Promise<NpmStart> {
  const [deckPort, runnerPort] = (await freePorts(2)) as [number, number]
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'docker-live-deck-start-'))
  const child = execa('npx', ['tsx', 'scripts/bin/start.ts', ...(options.args ?? [])], {
    cwd: PROJECT,
    env: { DOCKER_DECK_PORT: String(deckPort), DOCKER_DECK_RUNNER_PORT: String(runnerPort), DOCKER_DECK_STATE_DIR: stateDir, DISPLAY: '', WAYLAND_DISPLAY: '', ...options.env },
    detached: true,
    stdin: 'ignore',
    buffer: false,
    reject: false,
  })
  let text = ''
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()))
  const output = () => text
  let exited: { exitCode?: number; signal?: string } | undefined
  child.then((result) => (exited = { exitCode: result.exitCode, signal: result.signal }), () => (exited = {}))
  // If this process ends first, still stop the deck (best effort).
  const interrupt = () => signalGroup(child.pid!, 'SIGINT')
  process.once('exit', interrupt)
  child.finally(() => process.off('exit', interrupt)).catch(() => undefined)
  const stop = () => stopWithCtrlC(child, output)

  const deadline = Date.now() + READY_TIMEOUT_MS
  try {
    for (;;) {
      if (exited) throw new Error(`npm start exited (code ${exited.exitCode ?? exited.signal}) before the deck answered:\n${output()}`)
      const state = readState(stateDir)
      // Ready once the address to open is printed (after the deck answers), framed by ADDRESS_RULE.
      const printed = output().split(ADDRESS_RULE).length > 2
      if (state?.port === runnerPort && processAlive(state.pid) && printed && (await answers(deckPort, '/'))) break
      if (Date.now() > deadline) throw new Error(`npm start did not bring up the deck (port ${deckPort}) and runner.json within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`)
      await sleep(250)
    }
  } catch (error) {
    await stop().catch(() => undefined)
    rmSync(stateDir, { recursive: true, force: true })
    throw error
  }
  return { child, stateDir, deckPort, runnerPort, output, stop }
}

/** True while `pid` names a process that has not been reaped (zombies count as gone). */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

/** True when an HTTP server answers on 127.0.0.1:`port` (with 2xx for `pathname`, if given). */
export async function answers(port: number, pathname?: string): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${pathname ?? '/'}`, { signal: AbortSignal.timeout(5_000) })
    await response.body?.cancel()
    return pathname === undefined || response.ok
  } catch {
    return false
  }
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal)
  } catch {
    // the group is already gone
  }
}

/**
 * Ctrl-C as a terminal sends it: SIGINT to npm start's whole process group.
 * Every process it had started (Slidev runs in a group of its own) must be
 * gone within 15 s; otherwise they are killed and this throws.
 */
async function stopWithCtrlC(child: ResultPromise, output: () => string): Promise<void> {
  const group = child.pid!
  const tree = [group, ...descendants(group)]
  signalGroup(group, 'SIGINT')
  const deadline = Date.now() + EXIT_TIMEOUT_MS
  while (Date.now() < deadline && tree.some(processAlive)) await sleep(100)
  const left = tree.filter(processAlive)
  if (left.length === 0) return
  const described = left.map((pid) => `${pid} ${commandLine(pid)}`).join('\n')
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // gone meanwhile
    }
  }
  signalGroup(group, 'SIGKILL')
  throw new Error(`npm start did not exit within ${EXIT_TIMEOUT_MS / 1000} s of Ctrl-C (SIGINT to its process group); killed what was left:\n${described}\n--- its output ---\n${output()}`)
}

/** Every live process below `root`, found through /proc's parent links. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {
      // gone while we looked
    }
  }
  const found: number[] = []
  const queue = [root]
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child)
      queue.push(child)
    }
  }
  return found
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()
  } catch {
    return '(gone)'
  }
}

/** Ports the kernel just handed out, so npm start can take them. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server))
  })))
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port)
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  return ports
}
