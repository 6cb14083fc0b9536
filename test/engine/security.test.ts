// The runner's threat model (README, "What the runner promises"), row by row, against a
// real runner on a real engine. "Nothing spawned" is read from a spawn spy
// wrapped around the only docker client the runner uses: no docker process at
// all, apart from the runner's own read-only lookups (see isControlCall).
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os, { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import WebSocket from 'ws'
import { describe, expect, test } from 'vitest'
import { childEnv, ENGINE_ENV } from '../../runner/docker/child-env.ts'
import { DockerCli } from '../../runner/docker/docker-cli.ts'
import type { RunnerClient } from '../../lib/client/client.ts'
import { OWNED_FILTER } from '../../lib/labels.ts'
import { shellWord } from '../../runner/policy/policy.ts'
import { LIMITS, SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX, type Refusal, type RunEvent, type ServerMessage, type TerminalSize } from '../../lib/protocol.ts'
import type { Runner } from '../../runner/start-runner.ts'
import { stateDir as defaultStateDir, stateFile } from '../../runner/transport/state-file.ts'
import { connectClient, DECK_ORIGIN, testRunner } from '../support/connect.ts'
import { alive, allCommandLines, groupMembers, inspect, killIfAlive, runContainers } from '../support/engine-state.ts'
import { offered, rawRequest, rawUpgrade } from '../support/raw-http.ts'
import { connectRecording } from '../support/recording-client.ts'
import { startRunnerProcess } from '../support/runner-process.ts'
import { spawnSpy, type SpawnSpy } from '../support/spawn-spy.ts'
import { spiedRunner } from '../support/spied-runner.ts'
import { startTlsEngine } from '../support/tls-engine.ts'
import { later } from '../support/cleanups.ts'
import { ALIVE_MS } from '../support/alive.ts'

const PROJECT = fileURLToPath(new URL('../..', import.meta.url))

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  later(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

async function client(runner: { url: string; token: string }, origin = DECK_ORIGIN): Promise<RunnerClient> {
  const connected = await connectClient(runner, origin)
  later(() => connected.close())
  return connected
}

let keys = 0
const nextKey = () => `block-${++keys}`

/** Starts `line` and returns its run id; fails the test on a refusal. */
async function startRun(deck: RunnerClient, line: string, options: { size?: TerminalSize; timeoutMs?: number } = {}): Promise<string> {
  const outcome = await deck.run(nextKey(), line, options)
  if ('refusal' in outcome) throw new Error(`${line} was refused: ${outcome.refusal.code}: ${outcome.refusal.message}`)
  return outcome.runId
}

/** Sends `line` and returns the refusal; fails the test if it ran. */
async function refusalOf(deck: RunnerClient, line: string): Promise<Refusal> {
  const outcome = await deck.run(nextKey(), line)
  if (!('refusal' in outcome)) throw new Error(`${line} ran (run ${outcome.runId}) but should have been refused`)
  return outcome.refusal
}

/** The container ID a `docker run -d` / `docker create` run printed. */
function printedId(deck: RunnerClient, runId: string): string {
  const id = /^[0-9a-f]{64}$/m.exec(deck.output(runId))?.[0]
  if (!id) throw new Error(`run ${runId} printed no container ID: ${deck.output(runId)}`)
  return id
}

/** Waits until the run has printed a match for `pattern`. */
async function outputMatching(deck: RunnerClient, runId: string, pattern: RegExp): Promise<void> {
  await expect.poll(() => deck.output(runId), { timeout: 20_000 }).toMatch(pattern)
}

/** The pid of the first docker process the spy saw for `subcommand` … `word`. */
function spiedPid(spy: SpawnSpy, subcommand: string, word?: string): number {
  const call = spy.records().find((record) => record.argv[0] === subcommand && (word === undefined || record.argv.includes(word)))
  if (!call) throw new Error(`the spy saw no docker ${subcommand} ${word ?? ''}: ${JSON.stringify(spy.calls())}`)
  return call.pid
}

async function health(runner: Runner): Promise<{ ok: boolean; activeRuns: number; engine: { reachable: boolean } }> {
  const answer = await rawRequest(runner.port, { path: '/health', headers: { Origin: DECK_ORIGIN } })
  expect(answer.status).toBe(200)
  return JSON.parse(answer.body)
}

/** Addresses with a listening TCP socket on `port`, from the kernel's own tables. */
function listeningAddresses(port: number): string[] {
  const found: string[] = []
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/)
      if (!local || state !== '0A') continue
      const [hex, portHex] = local.split(':') as [string, string]
      if (parseInt(portHex, 16) !== port) continue
      found.push(hex.length === 8 ? hex.match(/../g)!.reverse().map((byte) => parseInt(byte, 16)).join('.') : `ipv6:${hex}`)
    }
  }
  return found
}

/** 'connected' or the error code of a TCP connection attempt. */
function tcpConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 })
    socket.once('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.once('timeout', () => {
      socket.destroy()
      resolve('timeout')
    })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? String(error)))
  })
}

/** A TCP port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

async function removeContainer(name: string): Promise<void> {
  await execa('docker', ['rm', '-f', name], { reject: false })
}

// ── 1 ────────────────────────────────────────────────────────────────────────

describe('1. another host on the network', () => {
  test('the only listening socket on the runner\'s port is bound to 127.0.0.1', async () => {
    const { runner } = await spiedRunner()
    expect(listeningAddresses(runner.port)).toEqual(['127.0.0.1'])
  })

  test('connections to the machine\'s other addresses are refused while loopback connects', async () => {
    const { runner } = await spiedRunner()
    const others = Object.values(os.networkInterfaces()).flat().filter((address) => address && !address.internal && address.family === 'IPv4')
    expect(others.length).toBeGreaterThan(0)
    for (const address of others) expect(await tcpConnect(address!.address, runner.port), address!.address).toBe('ECONNREFUSED')
    expect(await tcpConnect('127.0.0.1', runner.port)).toBe('connected')
  })

  test('a container cannot reach the runner through the bridge gateway', async () => {
    const { runner } = await spiedRunner()
    const deck = await client(runner)
    // A control listener on every interface shows the path from the container works.
    const control = http.createServer((_request, response) => response.end('control reachable\n'))
    await new Promise<void>((resolve) => control.listen(0, '0.0.0.0', resolve))
    later(() => new Promise((resolve) => control.close(resolve)))
    const controlPort = (control.address() as net.AddressInfo).port
    // The container's default gateway is the host on the bridge; also try the host's other addresses.
    const hosts = Object.values(os.networkInterfaces()).flat().filter((address) => address && !address.internal && address.family === 'IPv4').map((address) => address!.address)
    const get = (port: number | string) => `printf 'GET /health HTTP/1.0\\r\\n\\r\\n' | nc -w 3 $h ${port}`
    const script = [
      "h=$(ip route | awk '/^default/ {print $3}')",
      get(controlPort),
      `for h in $h ${hosts.join(' ')}; do echo "host $h"; ${get(runner.port)}; echo "exit $?"; done`,
    ].join('; ')
    const runId = await startRun(deck, `docker run --rm alpine sh -c ${shellWord(script)}`)
    expect((await deck.ended(runId)).exitCode).toBe(0)
    const output = deck.output(runId)
    expect(output).toContain('control reachable')
    expect(output).toMatch(/^host 172\./m)
    expect(output.match(/^host /gm)).toHaveLength(hosts.length + 1)
    expect(output).not.toMatch(/^exit 0$/m)
    expect(output).not.toContain('"ok":true')
  })
})

// ── 2 ────────────────────────────────────────────────────────────────────────

describe('2. DNS rebinding', () => {
  test('an HTTP request for Host evil.example:P gets 403 and spawns nothing', async () => {
    const { spy, runner } = await spiedRunner()
    for (const requestPath of ['/health', '/ws', '/health?line=docker%20run%20alpine']) {
      const answer = await rawRequest(runner.port, { path: requestPath, headers: { Host: `evil.example:${runner.port}`, Origin: DECK_ORIGIN } })
      expect(answer.status, requestPath).toBe(403)
      expect(answer.body).not.toContain(runner.token)
    }
    expect(spy.calls()).toEqual([])
  })

  test('an upgrade for Host evil.example:P gets 403 even with the deck\'s Origin and the right token', async () => {
    const { spy, runner } = await spiedRunner()
    const answer = await rawUpgrade(runner.port, { host: `evil.example:${runner.port}`, origin: DECK_ORIGIN, protocols: offered(runner.token) })
    expect(answer.status).toBe(403)
    expect(answer.body).toContain('evil.example')
    expect(spy.calls()).toEqual([])
  })

  test('loopback names on another port, other names for loopback, and a missing Host are refused', async () => {
    const { spy, runner } = await spiedRunner()
    const other = runner.port === 65535 ? 65534 : runner.port + 1
    for (const host of [`localhost:${other}`, `127.0.0.1:${other}`, 'localhost', `127.1:${runner.port}`, `localhost.:${runner.port}`, `evil.localhost:${runner.port}`, `0.0.0.0:${runner.port}`]) {
      expect((await rawUpgrade(runner.port, { host, origin: DECK_ORIGIN, protocols: offered(runner.token) })).status, host).toBe(403)
      expect((await rawRequest(runner.port, { path: '/health', headers: { Host: host } })).status, host).toBe(403)
    }
    const missing = await rawRequest(runner.port, { path: '/health', headers: { Host: undefined } })
    expect(missing.status === 400 || missing.status === 403, `status ${missing.status}`).toBe(true)
    expect(spy.calls()).toEqual([])
  })

  test('localhost:P, 127.0.0.1:P and [::1]:P are accepted (the checks are not simply closed)', async () => {
    const { runner } = await spiedRunner()
    for (const host of [`localhost:${runner.port}`, `127.0.0.1:${runner.port}`, `[::1]:${runner.port}`, `LOCALHOST:${runner.port}`]) {
      expect((await rawRequest(runner.port, { path: '/health', headers: { Host: host } })).status, host).toBe(200)
      expect((await rawUpgrade(runner.port, { host, origin: DECK_ORIGIN, protocols: offered(runner.token) })).status, host).toBe(101)
    }
  })
})

// ── 3 ────────────────────────────────────────────────────────────────────────

describe('3. a foreign web page', () => {
  test.each([
    ['a foreign origin', 'https://evil.example'],
    ['the "null" origin of sandboxed frames and files', 'null'],
    ['no Origin header', undefined],
    ['the deck\'s host on another port', 'http://localhost:3031'],
    ['the deck\'s origin over https', 'https://localhost:3030'],
    ['the deck\'s origin with a path', 'http://localhost:3030/'],
    ['a look-alike subdomain', 'http://localhost:3030.evil.example'],
  ])('an upgrade from %s is refused with 403 and spawns nothing', async (_what, origin) => {
    const { spy, runner } = await spiedRunner()
    const answer = await rawUpgrade(runner.port, { origin, protocols: offered(runner.token) })
    expect(answer.status).toBe(403)
    expect(answer.body).toMatch(/Origin/)
    expect(spy.calls()).toEqual([])
  })

  test.each([
    ['a text/plain POST to /ws', '/ws', 'text/plain', 'docker run --privileged alpine'],
    ['a text/plain POST to /health', '/health', 'text/plain', '{"type":"run","requestId":"1","key":"k","line":"docker ps"}'],
    ['a form POST to /ws', '/ws', 'application/x-www-form-urlencoded', 'line=docker+run+alpine'],
    ['a form POST to /', '/', 'application/x-www-form-urlencoded', 'line=docker+run+alpine'],
    ['a multipart POST to /run', '/run', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="line"\r\n\r\ndocker ps\r\n--x--\r\n'],
    ['a JSON POST to /ws', '/ws', 'application/json', '{"type":"run","requestId":"1","key":"k","line":"docker ps"}'],
  ])('%s without an Origin is answered 404/405 and spawns nothing', async (_what, requestPath, type, body) => {
    const { spy, runner } = await spiedRunner()
    const answer = await rawRequest(runner.port, { method: 'POST', path: requestPath, headers: { 'Content-Type': type }, body })
    expect([404, 405]).toContain(answer.status)
    expect(spy.calls()).toEqual([])
    expect((await health(runner)).activeRuns).toBe(0)
  })

  test('the same POSTs from a foreign page get 403 and no CORS permission', async () => {
    const { spy, runner } = await spiedRunner()
    for (const requestPath of ['/ws', '/health', '/']) {
      const answer = await rawRequest(runner.port, { method: 'POST', path: requestPath, headers: { Origin: 'https://evil.example', 'Content-Type': 'text/plain' }, body: 'docker ps' })
      expect(answer.status, requestPath).toBe(403)
      expect(answer.headers['access-control-allow-origin']).toBeUndefined()
    }
    const read = await rawRequest(runner.port, { path: '/health', headers: { Origin: 'https://evil.example' } })
    expect(read.status).toBe(403)
    expect(read.headers['access-control-allow-origin']).toBeUndefined()
    expect(spy.calls()).toEqual([])
  })
})

// ── 4 ────────────────────────────────────────────────────────────────────────

describe('4. cross-site WebSocket hijacking', () => {
  test('an upgrade from http://localhost:5173 (another local app) is refused, even holding the token', async () => {
    const { spy, runner } = await spiedRunner()
    const answer = await rawUpgrade(runner.port, { origin: 'http://localhost:5173', protocols: offered(runner.token) })
    expect(answer.status).toBe(403)
    await expect(connectClient(runner, 'http://localhost:5173')).rejects.toThrow(/Could not connect|closed|The runner at .* (refused|is busy)/)
    expect(spy.calls()).toEqual([])
  })

  test('the refusal comes before 101: the socket never becomes a WebSocket', async () => {
    const { runner } = await spiedRunner()
    const socket = new WebSocket(`ws://127.0.0.1:${runner.port}/ws`, offered(runner.token), { origin: 'http://localhost:5173' })
    const outcome = await new Promise<string>((resolve) => {
      socket.once('open', () => resolve('open'))
      socket.once('unexpected-response', (_request, response) => resolve(`status ${response.statusCode}`))
      socket.once('error', (error) => resolve(`error ${error.message}`))
    })
    socket.terminate()
    expect(outcome).toBe('status 403')
  })
})

// ── 5 ────────────────────────────────────────────────────────────────────────

describe('5. a local page or process without the secret', () => {
  const wrongTokens: Array<[string, (token: string) => string[] | undefined]> = [
    ['no subprotocol header at all', () => undefined],
    ['the protocol without a token', () => [SUBPROTOCOL]],
    ['a wrong token of the same length', (token) => offered(token.replace(/./g, (c) => (c === 'a' ? 'b' : 'a')))],
    ['a wrong token one character shorter', (token) => offered(token.slice(0, -1))],
    ['a wrong token one character longer', (token) => offered(`${token}0`)],
    ['a short guess', () => offered('abc')],
    ['an empty token', () => offered('')],
    ['the right token in upper case', (token) => offered(token.toUpperCase())],
    ['the right token without the protocol', (token) => [`${TOKEN_SUBPROTOCOL_PREFIX}${token}`]],
    ['the right token next to a wrong one', (token) => [...offered(token), `${TOKEN_SUBPROTOCOL_PREFIX}${'0'.repeat(64)}`]],
  ]

  test.each(wrongTokens)('%s gets 401 and spawns nothing', async (_what, protocols) => {
    const { spy, runner } = await spiedRunner()
    const answer = await rawUpgrade(runner.port, { origin: DECK_ORIGIN, protocols: protocols(runner.token) })
    expect(answer.status).toBe(401)
    expect(answer.body).not.toContain(runner.token)
    expect(spy.calls()).toEqual([])
  })

  test('the deck\'s client with a wrong token cannot connect, and the right token works', async () => {
    const { spy, runner } = await spiedRunner()
    await expect(connectClient({ url: runner.url, token: randomBytes(32).toString('hex') })).rejects.toThrow()
    expect(spy.calls()).toEqual([])
    const deck = await client(runner)
    expect(deck.engine?.reachable).toBe(true)
  })

  test('each start makes a fresh 256-bit token', async () => {
    const { runner: first } = await spiedRunner()
    const { runner: second } = await spiedRunner()
    expect(first.token).toMatch(/^[0-9a-f]{64}$/)
    expect(second.token).toMatch(/^[0-9a-f]{64}$/)
    expect(second.token).not.toBe(first.token)
    expect((await rawUpgrade(second.port, { origin: DECK_ORIGIN, protocols: offered(first.token) })).status).toBe(401)
  })
})

// ── 6 ────────────────────────────────────────────────────────────────────────

describe('6. token theft', () => {
  test('the health answer and the 101 answer never carry the token', async () => {
    const { runner } = await spiedRunner()
    const answer = await rawRequest(runner.port, { path: '/health', headers: { Origin: DECK_ORIGIN } })
    expect(answer.status).toBe(200)
    expect(answer.body).not.toContain(runner.token)
    expect(JSON.stringify(answer.headers)).not.toContain(runner.token)
    const upgrade = await rawUpgrade(runner.port, { origin: DECK_ORIGIN, protocols: offered(runner.token) })
    expect(upgrade.status).toBe(101)
    expect(upgrade.headers['sec-websocket-protocol']).toBe(SUBPROTOCOL)
    expect(JSON.stringify(upgrade.headers)).not.toContain(runner.token)
  })

  test('the state file is mode 0600 in a 0700 folder, even when the folder existed with looser modes', async () => {
    const dir = path.join(tempDir('deck-state-'), 'state')
    mkdirSync(dir, { mode: 0o755 })
    const { runner } = await spiedRunner({ stateDir: dir })
    const file = stateFile(dir)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ port: runner.port, token: runner.token, pid: process.pid })
    expect(readdirSync(dir)).toEqual(['runner.json'])
  })

  test('the default state folder is outside the project, where the dev server cannot serve it', () => {
    const dir = defaultStateDir({ HOME: os.homedir() })
    expect(path.relative(PROJECT, dir).startsWith('..')).toBe(true)
  })

  test('a runner started from the command line keeps the token off every command line and environment and out of its output', async () => {
    const dir = tempDir('deck-cli-state-')
    const started = Date.now()
    const child = await startRunnerProcess({ stateDir: dir })
    later(() => child.stop())
    const { token, pid, port } = child.state
    expect(token).toMatch(/^[0-9a-f]{64}$/)
    expect(statSync(stateFile(dir)).mode & 0o777).toBe(0o600)
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toContain('scripts/bin/runner.ts')
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toContain(token)
    const leaks = allCommandLines().filter((process) => process.cmdline.includes(token))
    expect(leaks).toEqual([])
    for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      let environ: string
      try {
        environ = readFileSync(`/proc/${entry}/environ`, 'utf8')
      } catch {
        continue
      }
      expect(environ.includes(token), `the environment of process ${entry} holds the token`).toBe(false)
    }
    // It works (the token is the right one), and answering a client logs nothing secret.
    const deck = await client({ url: child.url, token })
    await deck.resolve('docker ps')
    await expect.poll(() => child.output()).toContain(`http://127.0.0.1:${port}`)
    expect(child.output()).not.toContain(token)
    // Nothing the runner wrote inside the project holds the token.
    const written = (folder: string): string[] => readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(folder, entry.name)
      if (entry.isDirectory()) return ['node_modules', '.git'].includes(entry.name) ? [] : written(full)
      return entry.isFile() && statSync(full).mtimeMs >= started - 1000 && statSync(full).size < 4_000_000 ? [full] : []
    })
    for (const file of written(PROJECT)) expect(readFileSync(file, 'utf8').includes(token), file).toBe(false)
  })
})

// ── 7 ────────────────────────────────────────────────────────────────────────

describe('7. the token leaking into containers', () => {
  async function markedRunner() {
    const marker = `marker-${randomBytes(8).toString('hex')}`
    const saved = { DECK_TEST_MARKER: process.env.DECK_TEST_MARKER, RUNNER_TOKEN: process.env.RUNNER_TOKEN }
    process.env.DECK_TEST_MARKER = marker
    process.env.RUNNER_TOKEN = `token-in-env-${marker}`
    later(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    })
    return { marker, ...(await spiedRunner()) }
  }

  test.each([
    'docker run --rm -e RUNNER_TOKEN alpine env',
    'docker run --rm --env RUNNER_TOKEN alpine env',
    'docker run --rm --env=RUNNER_TOKEN alpine env',
    'docker run --rm -eRUNNER_TOKEN alpine env',
    'docker run --rm -ie RUNNER_TOKEN alpine env',
    'docker create -e PATH -e RUNNER_TOKEN alpine env',
    'docker exec -e RUNNER_TOKEN 0123456789ab env',
  ])('%s is refused and spawns nothing', async (line) => {
    const { spy, runner } = await markedRunner()
    const deck = await client(runner)
    const refusal = await refusalOf(deck, line)
    expect(refusal.code).toBe('denied-flag')
    expect(refusal.subject).toMatch(/^-e (RUNNER_TOKEN|PATH)$/)
    expect(refusal.message).toMatch(/environment/)
    expect(spy.calls()).toEqual([])
  })

  test('docker run --rm alpine env shows neither the token nor any of the runner\'s own variables', async () => {
    const { spy, runner, marker } = await markedRunner()
    const deck = await client(runner)
    const runId = await startRun(deck, 'docker run --rm alpine env')
    expect((await deck.ended(runId)).exitCode).toBe(0)
    const env = deck.output(runId)
    expect(env).toMatch(/^PATH=/m)
    expect(env).not.toContain(runner.token)
    expect(env).not.toContain(marker)
    expect(env).not.toMatch(/RUNNER_TOKEN|DECK_TEST_MARKER/)
    // The docker process itself got the minimal environment only.
    const call = spy.records().find((record) => record.argv[0] === 'run')!
    expect(Object.keys(call.env).filter((name) => name !== 'PWD').sort()).toEqual(['DOCKER_CLI_HINTS', 'HOME', 'LANG', 'PATH'])
    expect(JSON.stringify(call.env)).not.toContain(marker)
  })
})

// ── 8 ────────────────────────────────────────────────────────────────────────

describe('8. side effects on GET', () => {
  test.each([
    ['GET', '/health?line=docker%20run%20--rm%20alpine%20touch%20/x'],
    ['GET', '/ws?type=run&line=docker%20ps'],
    ['GET', '/run?line=docker%20ps'],
    ['GET', '/?cmd=docker+run+alpine'],
    ['HEAD', '/ws?line=docker%20ps'],
    ['OPTIONS', '/ws?line=docker%20ps'],
  ])('%s %s starts nothing', async (method, requestPath) => {
    const { spy, runner } = await spiedRunner()
    const answer = await rawRequest(runner.port, { method, path: requestPath, headers: { Origin: DECK_ORIGIN } })
    if (requestPath.startsWith('/health')) expect(answer.status).toBe(200)
    else expect([404, 405]).toContain(answer.status)
    expect(spy.calls()).toEqual([])
    expect((await health(runner)).activeRuns).toBe(0)
  })
})

// ── 9 ────────────────────────────────────────────────────────────────────────

describe('9. shell injection', () => {
  const canary = path.join(tmpdir(), `deck-pwned-${randomBytes(6).toString('hex')}`)
  test.each([
    [`docker ps; touch ${canary}`, 'shell-syntax', ';'],
    [`docker ps | tee ${canary}`, 'shell-syntax', '|'],
    [`docker ps && touch ${canary}`, 'shell-syntax', '&&'],
    [`docker ps || touch ${canary}`, 'shell-syntax', '||'],
    [`docker ps > ${canary}`, 'shell-syntax', '>'],
    [`docker ps >> ${canary}`, 'shell-syntax', '>>'],
    ['docker ps < /etc/passwd', 'shell-syntax', '<'],
    [`docker ps & touch ${canary}`, 'shell-syntax', '&'],
    [`docker ps\ntouch ${canary}`, 'shell-syntax', undefined],
    ['docker rm *', 'glob', '*'],
    ['docker run --rm alpine ls /etc/*.conf', 'glob', '/etc/*.conf'],
    ['docker run --rm alpine echo $HOME', 'variable', '$HOME'],
    ['docker run --rm alpine echo ${RUNNER_TOKEN}', 'variable', undefined],
    ['docker run --rm alpine echo `id`', 'substitution', undefined],
    ['docker run --rm alpine echo $(id)', 'substitution', undefined],
    ['docker ps ~', 'expansion', '~'],
    ['docker run --rm alpine echo {a,b}', 'expansion', '{'],
    ['docker ps # comment', 'shell-syntax', '#'],
    [`touch ${canary}`, 'not-docker', 'touch'],
    [`sh -c 'docker ps; touch ${canary}'`, 'not-docker', 'sh'],
    [`/bin/docker ps`, 'not-docker', '/bin/docker'],
  ])('%j is refused (%s) with a reason, and nothing runs', async (line, code, subject) => {
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const refusal = await refusalOf(deck, line)
    expect(refusal.code).toBe(code)
    if (subject !== undefined) expect(refusal.subject).toBe(subject)
    expect(refusal.message.length).toBeGreaterThan(20)
    expect(spy.calls()).toEqual([])
    expect(existsSync(canary)).toBe(false)
  })

  test('quoted shell characters reach the container as plain text, through one docker process and no shell', async () => {
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const runId = await startRun(deck, `docker run --rm alpine echo '; touch ${canary}' '&& \`id\` $(id) | > $HOME *'`)
    expect((await deck.ended(runId)).exitCode).toBe(0)
    expect(deck.output(runId)).toBe(`; touch ${canary} && \`id\` $(id) | > $HOME *\n`)
    expect(spy.commands().map((argv) => argv[0])).toEqual(['run'])
    expect(existsSync(canary)).toBe(false)
  })
})

// ── 10 ───────────────────────────────────────────────────────────────────────

describe('10. command substitution', () => {
  test.each([
    ['$(…)', 'docker rm $(docker ps -a -q)'],
    ['backticks', 'docker rm `docker ps -a -q`'],
  ])('docker rm with %s runs exactly two docker processes: the scoped listing and the rm', async (_form, line) => {
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const created = await startRun(deck, 'docker create alpine true')
    expect((await deck.ended(created)).exitCode).toBe(0)
    const id = printedId(deck, created)
    spy.clear()
    const runId = await startRun(deck, line)
    const ended = await deck.ended(runId)
    expect(ended.exitCode).toBe(0)
    expect(spy.calls()).toEqual([
      ['ps', '-a', '-q', '--filter', OWNED_FILTER, '--no-trunc'],
      ['rm', id],
    ])
    expect(deck.output(runId).trim()).toBe(id)
    expect(await execa('docker', ['ps', '-a', '-q', '--filter', `id=${id}`]).then((r) => r.stdout)).toBe('')
  })

  test.each([
    'docker rm $(docker ps -a -q $(docker ps -q))',
    'docker rm $(docker ps -a -q `docker ps -q`)',
    'docker rm $(cat /tmp/ids)',
    'docker rm $(sh -c "docker ps -q")',
    'docker rm `id -u`',
    'docker rm $(docker images -q)',
    'docker rm $(docker ps -a)',
    'docker rm $(docker ps -a -q --format {{.Names}})',
    'docker rm $(docker ps -a -q) $(docker ps -q)',
    'docker rm $(docker rm -f foo)',
    'docker rm $(docker -H tcp://evil.example:2375 ps -q)',
    'docker run $(docker ps -q)',
    'docker rm "$(docker ps -a -q)x"',
    'docker rm $(docker ps -a -q',
  ])('%j is refused and spawns nothing', async (line) => {
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const refusal = await refusalOf(deck, line)
    expect(['substitution', 'shell-syntax', 'unknown-option']).toContain(refusal.code)
    expect(spy.calls()).toEqual([])
  })
})

// ── 11 ───────────────────────────────────────────────────────────────────────

describe('11. other programs, other daemons', () => {
  test.each([
    ['docker -H tcp://evil.example:2375 ps', '-H'],
    ['docker -Htcp://evil.example:2375 ps', '-Htcp://evil.example:2375'],
    ['docker --host tcp://evil.example:2375 run alpine', '--host'],
    ['docker --host=unix:///tmp/other.sock ps', '--host'],
    ['docker -c evil ps', '-c'],
    ['docker --context evil ps', '--context'],
    ['docker --context=evil ps', '--context'],
    ['docker --config /tmp/evil ps', '--config'],
    ['docker --config=/tmp/evil ps', '--config'],
    ['docker --tls ps', '--tls'],
    ['docker --tlsverify ps', '--tlsverify'],
    ['docker --tlscacert=/tmp/ca.pem ps', '--tlscacert'],
    ['docker --tlscert /tmp/cert.pem ps', '--tlscert'],
    ['docker -D ps', '-D'],
    ['docker --log-level debug ps', '--log-level'],
  ])('%s is refused with a reason and spawns nothing', async (line, subject) => {
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const refusal = await refusalOf(deck, line)
    expect(refusal.code).toBe('global-option')
    expect(subject.startsWith(refusal.subject ?? '\0')).toBe(true)
    expect(refusal.message).toMatch(/refused: it /)
    expect(spy.calls()).toEqual([])
  })

  test.each([
    'docker ps -H tcp://evil.example:2375',
    'docker system dial-stdio',
    'docker context use evil',
    'docker plugin install evil/plugin',
    'docker buildx build .',
    'docker compose up',
    'docker swarm init',
    'docker cp 0123456789ab:/etc/passwd /tmp/x',
    'docker save -o /tmp/x alpine',
    'docker login',
  ])('%s (a subcommand or option outside the allowlist) is refused and spawns nothing', async (line) => {
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const refusal = await refusalOf(deck, line)
    expect(['subcommand', 'unknown-option']).toContain(refusal.code)
    expect(spy.calls()).toEqual([])
  })

  test('the CLI gets a minimal environment: what the runner was not started with never reaches it (DOCKER_API_VERSION, a secret)', async () => {
    const evil: Record<string, string> = { DOCKER_API_VERSION: '1.12', DECK_TEST_SECRET: 'do-not-pass', DOCKER_DEFAULT_PLATFORM: 'linux/s390x' }
    const saved = Object.fromEntries(Object.keys(evil).map((name) => [name, process.env[name]]))
    Object.assign(process.env, evil)
    later(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    })
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const runId = await startRun(deck, 'docker ps -a')
    expect((await deck.ended(runId)).exitCode).toBe(0)
    for (const record of spy.records()) {
      for (const name of Object.keys(evil)) expect(record.env[name], `${name} reached docker ${record.argv[0]}`).toBeUndefined()
    }
  })

  test('DOCKER_HOST reaches the CLI only when the runner itself was started with it (the lecturer\'s configuration)', async () => {
    expect(childEnv({ PATH: '/x', HOME: '/h', DOCKER_API_VERSION: '1.12', SECRET: 's' })).toEqual({ PATH: expect.any(String), HOME: '/h', LANG: 'C.UTF-8', DOCKER_CLI_HINTS: 'false' })
    expect(childEnv({ HOME: '/h', DOCKER_HOST: 'unix:///lecturer.sock' }).DOCKER_HOST).toBe('unix:///lecturer.sock')
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const runId = await startRun(deck, 'docker ps')
    await deck.ended(runId)
    const call = spy.records().find((record) => record.argv[0] === 'ps')!
    expect(call.env.DOCKER_HOST).toBe(process.env.DOCKER_HOST)
  })
})

// ── 12 ───────────────────────────────────────────────────────────────────────

describe('12. host escape through flags', () => {
  test.each([
    ['docker run --privileged alpine', '--privileged'],
    ['docker run --privileged=true alpine', '--privileged'],
    ['docker create --cap-add SYS_ADMIN alpine', '--cap-add'],
    ['docker run --cap-add=ALL alpine', '--cap-add'],
    ['docker run -itv /:/h alpine sh', '-v /:/h'],
    ['docker run -v /var/run/docker.sock:/var/run/docker.sock alpine', '-v /var/run/docker.sock'],
    ['docker run --volume=/:/host alpine', '-v /:/host'],
    ['docker create -v/etc:/etc alpine', '-v /etc:/etc'],
    ['docker run -v ./:/src alpine', '-v ./:/src'],
    ['docker run --mount type=bind,source=/,target=/h alpine', '--mount type=bind'],
    ['docker run --mount=type=volume,volume-driver=local,dst=/d alpine', '--mount volume-driver'],
    ['docker run --mount type=volume,dst=/d,volume-opt=device=/dev/sda alpine', '--mount volume-opt'],
    ['docker run --device /dev/sda alpine', '--device'],
    ['docker run --device-cgroup-rule "c 1:3 mr" alpine', '--device-cgroup-rule'],
    ['docker run --gpus all alpine', '--gpus'],
    ['docker run --volumes-from other alpine', '--volumes-from'],
    ['docker run --pid host alpine', '--pid'],
    ['docker run --pid=host alpine', '--pid'],
    ['docker run --ipc=host alpine', '--ipc'],
    ['docker run --uts host alpine', '--uts'],
    ['docker run --userns=host alpine', '--userns'],
    ['docker run --cgroupns host alpine', '--cgroupns'],
    ['docker run --network host alpine', '--network'],
    ['docker run --net=host alpine', '--net'],
    ['docker run --network container:not-a-deck-container alpine', '--network'],
    ['docker run --security-opt seccomp=unconfined alpine', '--security-opt'],
    ['docker run --security-opt=apparmor=unconfined alpine', '--security-opt'],
    ['docker run --cgroup-parent / alpine', '--cgroup-parent'],
    ['docker run --sysctl net.ipv4.ip_forward=1 alpine', '--sysctl'],
    ['docker run --runtime runc alpine', '--runtime'],
    ['docker run --env-file /etc/passwd alpine', '--env-file'],
    ['docker run --label-file /etc/passwd alpine', '--label-file'],
    ['docker run --cidfile /tmp/cid alpine', '--cidfile'],
    ['docker run -e HOME alpine', '-e HOME'],
    ['docker run --restart always alpine', '--restart'],
    ['docker run --restart=unless-stopped alpine', '--restart'],
    ['docker run --log-driver syslog alpine', '--log-driver'],
    ['docker run --log-opt tag=x alpine', '--log-opt'],
    ['docker run -P alpine', '--publish-all'],
    ['docker run -dP alpine', '--publish-all'],
    ['docker run --publish-all=true alpine', '--publish-all'],
    ['docker run --label docker-live-deck.owned=false alpine', '--label'],
    ['docker exec --privileged 0123456789ab sh', '--privileged'],
    ['docker exec --env-file /etc/passwd 0123456789ab sh', '--env-file'],
  ])('%s is refused naming %s, and spawns nothing', async (line, subject) => {
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const refusal = await refusalOf(deck, line)
    expect(refusal.code).toBe('denied-flag')
    expect(refusal.subject?.startsWith(subject), `subject ${refusal.subject}`).toBe(true)
    expect(refusal.message).toMatch(/refused|would/)
    // Only the read-only lookup of a `container:` reference may run.
    expect(spy.commands()).toEqual([])
  })

  test('the spy does see what the runner spawns (the checks above are not vacuous)', async () => {
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const runId = await startRun(deck, 'docker run --rm -v /data alpine true')
    expect((await deck.ended(runId)).exitCode).toBe(0)
    expect(spy.commands()[0]?.slice(0, 2)).toEqual(['run', '--label'])
  })
})

// ── 13 ───────────────────────────────────────────────────────────────────────

describe('13. wiping the lecturer\'s own things', () => {
  async function lecturerContainer(): Promise<string> {
    const name = `lecturer-own-${randomBytes(4).toString('hex')}`
    await execa('docker', ['create', '--name', name, 'alpine', 'true'])
    later(() => removeContainer(name))
    return name
  }
  const exists = async (name: string) => (await execa('docker', ['ps', '-a', '-q', '--filter', `name=^${name}$`])).stdout.trim() !== ''

  test('a container made outside the deck survives docker rm $(docker ps -a -q) and docker system prune, which remove the deck\'s', async () => {
    const { runner } = await spiedRunner()
    const deck = await client(runner)
    const name = await lecturerContainer()
    const made = await startRun(deck, 'docker create alpine true')
    await deck.ended(made)
    const deckId = printedId(deck, made)

    const removed = await startRun(deck, 'docker rm $(docker ps -a -q)')
    expect((await deck.ended(removed)).exitCode).toBe(0)
    expect(deck.output(removed)).toContain(deckId.slice(0, 12))
    expect(await exists(name)).toBe(true)

    const madeAgain = await startRun(deck, 'docker create alpine true')
    await deck.ended(madeAgain)
    const pruned = await startRun(deck, 'docker system prune')
    expect((await deck.ended(pruned)).exitCode).toBe(0)
    expect(deck.output(pruned)).toContain(printedId(deck, madeAgain))
    expect(await exists(name)).toBe(true)

    for (const line of ['docker container prune', 'docker container prune -f', 'docker image prune -a', 'docker container rm $(docker container ls -a -q)']) {
      const runId = await startRun(deck, line)
      await deck.ended(runId)
      expect(await exists(name), line).toBe(true)
    }
  })

  test.each([
    'docker rm -f {name}',
    'docker rm {name}',
    'docker container rm --force {name}',
    'docker stop {name}',
    'docker kill {name}',
    'docker start {name}',
    'docker exec {name} true',
    'docker rmi alpine',
    'docker image rm -f alpine',
  ])('%s, naming the lecturer\'s container or image, is refused and spawns nothing', async (template) => {
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const name = await lecturerContainer()
    const refusal = await refusalOf(deck, template.replace('{name}', name))
    expect(refusal.code).toBe('not-deck-object')
    expect(spy.commands()).toEqual([])
    expect(await exists(name)).toBe(true)
  })
})

// ── 14 ───────────────────────────────────────────────────────────────────────

describe('14. fork bombs and memory hogs', () => {
  test('a container created through the runner has PidsLimit 256, Memory 512 MiB and NanoCpus 1e9', async () => {
    const { runner } = await spiedRunner()
    const deck = await client(runner)
    const runId = await startRun(deck, 'docker run -d alpine sleep 600')
    expect((await deck.ended(runId)).exitCode).toBe(0)
    const started = deck.runs.get(runId)!.events[0] as Extract<RunEvent, { kind: 'started' }>
    expect(started.notices.map((notice) => notice.kind)).toContain('limits')
    const { HostConfig } = await inspect(printedId(deck, runId))
    expect(HostConfig.PidsLimit).toBe(256)
    expect(HostConfig.Memory).toBe(512 * 1024 * 1024)
    expect(HostConfig.NanoCpus).toBe(1e9)
  })

  test('stricter limits are kept and looser ones refused', async () => {
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const runId = await startRun(deck, 'docker create --memory 64m --pids-limit 32 --cpus 0.5 alpine true')
    await deck.ended(runId)
    const { HostConfig } = await inspect(printedId(deck, runId))
    expect([HostConfig.Memory, HostConfig.PidsLimit, HostConfig.NanoCpus]).toEqual([64 * 1024 * 1024, 32, 5e8])
    spy.clear()
    for (const line of ['docker run -m 2g alpine', 'docker run --pids-limit 100000 alpine', 'docker run --pids-limit=-1 alpine', 'docker run --cpus 4 alpine', 'docker run --memory=0 alpine']) {
      expect((await refusalOf(deck, line)).code, line).toBe('limit')
    }
    expect(spy.calls()).toEqual([])
  })

  test('a process storm stops at the pids limit and the runner\'s health answer stays fast', async () => {
    const { runner } = await spiedRunner()
    const deck = await client(runner)
    // A subshell forks until it cannot; PID 1 then execs (no fork needed) and keeps the storm alive.
    const runId = await startRun(deck, "docker run --rm alpine sh -c '(i=0; while [ $i -lt 400 ]; do sleep 120 & i=$((i+1)); done); echo spawned; exec sleep 600'")
    await outputMatching(deck, runId, /spawned/)
    expect(deck.output(runId)).toMatch(/can't fork|Resource temporarily unavailable/)
    const id = (await execa('docker', ['ps', '-q', '--no-trunc', '--filter', `label=docker-live-deck.run=${runId}`])).stdout.trim()
    const pids = Number((await execa('docker', ['stats', '--no-stream', '--format', '{{.PIDs}}', id])).stdout.trim())
    expect(pids).toBeLessThanOrEqual(256)
    const times: number[] = []
    for (let i = 0; i < 10; i++) {
      const before = performance.now()
      await health(runner)
      times.push(performance.now() - before)
    }
    console.info(`[14] pids in the storm: ${pids}; /health during the storm: max ${Math.max(...times).toFixed(1)} ms, median ${times.sort((a, b) => a - b)[5]!.toFixed(1)} ms`)
    expect(Math.max(...times)).toBeLessThan(ALIVE_MS)
    deck.cancel(runId)
    expect((await deck.ended(runId)).reason).toBe('cancelled')
  })
})

// ── 15 ───────────────────────────────────────────────────────────────────────

describe('15. ports exposed to the LAN', () => {
  test('-p HOST:CONTAINER is published on 127.0.0.1 only, and the run says so', async () => {
    const { runner } = await spiedRunner()
    const deck = await client(runner)
    const port = await freePort()
    const runId = await startRun(deck, `docker run -d -p ${port}:80 alpine sleep 600`)
    expect((await deck.ended(runId)).exitCode).toBe(0)
    const started = deck.runs.get(runId)!.events[0] as Extract<RunEvent, { kind: 'started' }>
    expect(started.resolvedLine).toContain(`-p 127.0.0.1:${port}:80`)
    expect(started.notices.some((notice) => notice.kind === 'loopback')).toBe(true)
    const { stdout } = await execa('docker', ['port', printedId(deck, runId)])
    expect(stdout.trim().split('\n')).toEqual([`80/tcp -> 127.0.0.1:${port}`])
    expect(listeningAddresses(port).every((address) => address === '127.0.0.1')).toBe(true)
  })

  test.each(['-p 0.0.0.0:PORT:80', '--publish=81', '-p [::]:PORT:80', '-p published=PORT,target=80'])('%s (all interfaces, or a port docker would choose on all of them) is refused and spawns nothing', async (option) => {
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const port = await freePort()
    const refusal = await refusalOf(deck, `docker run -d ${option.replace('PORT', String(port))} alpine sleep 600`)
    expect(refusal.code).toBe('invalid-value')
    expect(refusal.message).toMatch(/HOSTPORT:CONTAINERPORT/)
    expect(spy.calls()).toEqual([])
  })

  test('-P is refused and spawns nothing', async () => {
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const refusal = await refusalOf(deck, 'docker run -d -P redis')
    expect(refusal).toMatchObject({ code: 'denied-flag', subject: '--publish-all' })
    expect(spy.calls()).toEqual([])
  })
})

// ── 16 ───────────────────────────────────────────────────────────────────────

describe('16. runaway output', () => {
  test('docker run --rm alpine yes ends at the output cap within seconds, with a notice, and its container is removed', async () => {
    const cap = 256 * 1024
    const { spy, runner } = await spiedRunner({ outputCapBytes: cap })
    const deck = await client(runner)
    const before = performance.now()
    const runId = await startRun(deck, 'docker run --rm alpine yes')
    const ended = await deck.ended(runId)
    const took = performance.now() - before
    console.info(`[16] yes: ended by the ${cap / 1024} KiB cap after ${took.toFixed(0)} ms (run durationMs ${ended.durationMs})`)
    expect(ended.reason).toBe('output-cap')
    expect(took).toBeLessThan(ALIVE_MS * 2)
    expect(Buffer.byteLength(deck.output(runId))).toBe(cap)
    const events = deck.runs.get(runId)!.events
    expect(events.some((event) => event.kind === 'notice' && event.reason === 'output-cap' && /truncated/.test(event.text))).toBe(true)
    expect(await runContainers(runId)).toEqual([])
    expect(spy.calls().some((argv) => argv[0] === 'rm' && argv[1] === '-f' && argv[2] === '-v' && /^[0-9a-f]{64}$/.test(argv[3] ?? ''))).toBe(true)
    expect(groupMembers(spiedPid(spy, 'run'))).toEqual([])
  })
})

// ── 17 ───────────────────────────────────────────────────────────────────────

describe('17. hung commands', () => {
  test('docker run alpine sleep 600 with a 2 s limit ends with reason timeout and its container is removed', async () => {
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const runId = await startRun(deck, 'docker run alpine sleep 600', { timeoutMs: 2000 })
    await expect.poll(() => runContainers(runId), { timeout: 10_000 }).toHaveLength(1)
    const ended = await deck.ended(runId)
    expect(ended.reason).toBe('timeout')
    expect(ended.durationMs).toBeGreaterThanOrEqual(2000)
    expect(ended.durationMs).toBeLessThan(2000 + ALIVE_MS)
    expect(await runContainers(runId)).toEqual([])
    expect(alive(spiedPid(spy, 'run'))).toBe(false)
  })

  test('a client cannot ask for a longer limit than the runner\'s', async () => {
    const { runner } = await spiedRunner({ timeoutMs: 1500 })
    const deck = await client(runner)
    const runId = await startRun(deck, 'docker run alpine sleep 600', { timeoutMs: 3_600_000 })
    const ended = await deck.ended(runId)
    expect(ended.reason).toBe('timeout')
    expect(ended.durationMs).toBeLessThan(1500 + ALIVE_MS)
    expect(await runContainers(runId)).toEqual([])
  })
})

// ── 18 ───────────────────────────────────────────────────────────────────────

describe('18. grandchildren holding pipes', () => {
  test('cancelling docker run alpine ping localhost settles quickly and leaves no process and no container', async () => {
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const runId = await startRun(deck, 'docker run alpine ping localhost')
    await outputMatching(deck, runId, /bytes from/)
    const pid = spiedPid(spy, 'run', 'ping')
    expect(alive(pid)).toBe(true)
    const before = performance.now()
    deck.cancel(runId)
    const ended = await deck.ended(runId)
    const settled = performance.now() - before
    console.info(`[18] cancel of docker run alpine ping localhost settled in ${settled.toFixed(0)} ms`)
    expect(ended.reason).toBe('cancelled')
    expect(settled).toBeLessThan(ALIVE_MS)
    expect(alive(pid)).toBe(false)
    expect(groupMembers(pid)).toEqual([])
    expect(await runContainers(runId)).toEqual([])
  })

  test('cancelling docker exec <id> ping localhost ends the ping inside the container too', async () => {
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const made = await startRun(deck, 'docker run -d alpine sleep 600')
    await deck.ended(made)
    const id = printedId(deck, made).slice(0, 12)
    const pings = async () => (await execa('docker', ['top', id, '-o', 'pid,args'])).stdout.split('\n').filter((line) => /ping localhost/.test(line))
    const runId = await startRun(deck, `docker exec ${id} ping localhost`)
    await outputMatching(deck, runId, /bytes from/)
    expect(await pings()).toHaveLength(1)
    const pid = spiedPid(spy, 'exec', 'ping')
    const before = performance.now()
    deck.cancel(runId)
    expect((await deck.ended(runId)).reason).toBe('cancelled')
    console.info(`[18] cancel of docker exec ping settled in ${(performance.now() - before).toFixed(0)} ms`)
    expect(alive(pid)).toBe(false)
    expect(await pings()).toEqual([])
  })
})

// ── 19 ───────────────────────────────────────────────────────────────────────

describe('19. a client that disconnects mid-run', () => {
  test('closing the only socket stops the run after the reattach window: no process, no container', async () => {
    const { spy, runner } = await spiedRunner({ reattachMs: 300 })
    const deck = await connectClient(runner)
    const runId = await startRun(deck, 'docker run alpine ping localhost')
    await outputMatching(deck, runId, /bytes from/)
    expect(await runContainers(runId)).toHaveLength(1)
    const pid = spiedPid(spy, 'run', 'ping')
    const closedAt = performance.now()
    deck.close()
    await expect.poll(async () => (await health(runner)).activeRuns, { timeout: 10_000 }).toBe(0)
    console.info(`[19] run stopped ${(performance.now() - closedAt).toFixed(0)} ms after its last window closed (reattachMs 300)`)
    expect(alive(pid)).toBe(false)
    expect(groupMembers(pid)).toEqual([])
    expect(await runContainers(runId)).toEqual([])
    // A window that comes back later learns why it ended.
    const late = await client(runner)
    await expect.poll(() => late.runs.get(runId)?.events.at(-1)).toMatchObject({ kind: 'ended', reason: 'disconnected' })
  })

  test('a client that reconnects within the window gets the rest of the output with no gap and no duplicate', async () => {
    const { runner } = await spiedRunner({ reattachMs: 1500 })
    const first = await connectRecording(runner)
    later(() => first.client.close())
    const runId = await startRun(first.client, "docker run --rm alpine sh -c 'i=0; while true; do echo $i; i=$((i+1)); sleep 0.05; done'")
    await outputMatching(first.client, runId, /^20$/m)
    const key = first.client.runs.get(runId)!.key
    first.client.close()
    await first.closed
    const seen = [...first.client.runs.get(runId)!.events]

    const second = await connectRecording(runner, { prepare: (fresh) => fresh.runs.set(runId, { runId, key, events: [...seen] }) })
    later(() => second.client.close())
    // Well past the reattach window, output still arrives: the run was kept.
    const lastSeen = first.client.output(runId).split('\n').filter(Boolean).map(Number).at(-1)!
    await expect.poll(() => second.client.output(runId), { timeout: 20_000 }).toMatch(new RegExp(`^${lastSeen + 60}$`, 'm'))

    const firstSeqs = first.rawEvents(runId).map((event) => event.seq)
    const secondSeqs = second.rawEvents(runId).map((event) => event.seq)
    const all = [...firstSeqs, ...secondSeqs]
    expect(all).toEqual(all.map((_, i) => i))
    expect(secondSeqs[0]).toBe(seen.length)
    const text = [...first.rawEvents(runId), ...second.rawEvents(runId)].map((event) => (event.kind === 'output' ? event.data : '')).join('')
    const numbers = text.split('\n').filter(Boolean).map(Number)
    expect(numbers).toEqual(numbers.map((_, i) => i))

    second.client.cancel(runId)
    expect((await second.client.ended(runId)).reason).toBe('cancelled')
    expect(await runContainers(runId)).toEqual([])
  })
})

// ── 20 ───────────────────────────────────────────────────────────────────────

describe('20. too many clients or runs, oversize frames', () => {
  test('a connection past the cap gets 503 busy, and a slot frees when a window closes', async () => {
    const { spy, runner } = await spiedRunner({ maxConnections: 2 })
    const one = await connectClient(runner)
    later(() => one.close())
    await client(runner)
    const third = await rawUpgrade(runner.port, { origin: DECK_ORIGIN, protocols: offered(runner.token) })
    expect(third.status).toBe(503)
    expect(third.body).toMatch(/busy/)
    await expect(connectClient(runner)).rejects.toThrow()
    one.close()
    await expect.poll(async () => (await rawUpgrade(runner.port, { origin: DECK_ORIGIN, protocols: offered(runner.token) })).status).toBe(101)
    expect(spy.commands()).toEqual([])
  })

  test('a run past the concurrent-run cap is refused as busy, and so is a second run of the same block', async () => {
    const { spy, runner } = await spiedRunner({ maxConcurrentRuns: 1 })
    const deck = await client(runner)
    const key = nextKey()
    const outcome = await deck.run(key, 'docker run alpine sleep 600')
    if (!('runId' in outcome)) throw new Error(outcome.refusal.message)
    // The spy logs a process just after it starts; wait for that line before forgetting it.
    await expect.poll(() => spy.calls().some((argv) => argv[0] === 'run')).toBe(true)
    spy.clear()
    expect(await refusalOf(deck, 'docker ps')).toMatchObject({ code: 'busy' })
    expect(await deck.run(key, 'docker ps')).toMatchObject({ refusal: { code: 'busy' } })
    expect(spy.calls()).toEqual([])
    deck.cancel(outcome.runId)
    await deck.ended(outcome.runId)
    const next = await startRun(deck, 'docker ps')
    expect((await deck.ended(next)).exitCode).toBe(0)
  })

  test('two runs requested at the same moment cannot both pass the cap', async () => {
    const { runner } = await spiedRunner({ maxConcurrentRuns: 1 })
    const deck = await client(runner)
    const made = await startRun(deck, 'docker run -d alpine sleep 600')
    await deck.ended(made)
    const id = printedId(deck, made).slice(0, 12)
    // exec plans with an engine lookup, so both requests are in flight together.
    const outcomes = await Promise.all([deck.run(nextKey(), `docker exec ${id} sleep 30`), deck.run(nextKey(), `docker exec ${id} sleep 31`)])
    const started = outcomes.filter((outcome): outcome is { runId: string } => 'runId' in outcome)
    expect(started).toHaveLength(1)
    expect(outcomes.find((outcome) => 'refusal' in outcome)).toMatchObject({ refusal: { code: 'busy' } })
    expect((await health(runner)).activeRuns).toBe(1)
    deck.cancel(started[0]!.runId)
    await deck.ended(started[0]!.runId)
  })

  test('a frame over 64 KiB closes that socket with 1009 while the runner keeps serving others', async () => {
    const { runner } = await spiedRunner()
    const bystander = await client(runner)
    const socket = new WebSocket(`ws://127.0.0.1:${runner.port}/ws`, offered(runner.token), { origin: DECK_ORIGIN })
    later(() => socket.terminate())
    socket.on('error', () => {})
    await new Promise((resolve) => socket.once('open', resolve))
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)))
    socket.send(JSON.stringify({ type: 'resolve', requestId: 'big', line: `docker ps ${'x'.repeat(LIMITS.frameBytes)}` }))
    expect(await closed).toBe(1009)
    expect(await bystander.resolve('docker ps')).toMatchObject({ resolvedLine: 'docker ps' })
    expect((await health(runner)).ok).toBe(true)
    const newcomer = await client(runner)
    expect(await newcomer.resolve('docker ps -a')).toMatchObject({ resolvedLine: 'docker ps -a' })
  })

  test('malformed JSON, an unknown type and a binary frame get an error message, and the connection stays usable', async () => {
    const { spy, runner } = await spiedRunner()
    const recorded = await connectRecording(runner)
    later(() => recorded.client.close())
    const errors = () => recorded.frames.filter((frame): frame is Extract<ServerMessage, { type: 'error' }> => frame.type === 'error')
    recorded.socket.send('{"type": "run", ')
    recorded.socket.send(JSON.stringify({ type: 'launch', line: 'docker run --privileged alpine' }))
    recorded.socket.send(JSON.stringify({ type: 'run', requestId: 'x', key: 'k', line: 'docker ps', extra: true }))
    recorded.socket.send(Buffer.from('{"type":"reset","requestId":"b"}'), { binary: true })
    await expect.poll(() => errors().length).toBe(4)
    for (const error of errors()) {
      expect(error.code).toBe('bad-message')
      expect(error.message).toMatch(/protocol\.ts/)
    }
    expect(spy.commands()).toEqual([])
    expect(await recorded.client.resolve('docker ps')).toMatchObject({ resolvedLine: 'docker ps' })
  })

  test('a large HTTP body is not read, and the runner keeps answering', async () => {
    const { spy, runner } = await spiedRunner()
    const answer = await rawRequest(runner.port, { method: 'POST', path: '/health', headers: { 'Content-Type': 'application/json' }, body: Buffer.alloc(8 * 1024 * 1024, 'x') })
    expect([0, 405]).toContain(answer.status)
    expect((await health(runner)).ok).toBe(true)
    expect(spy.calls()).toEqual([])
  })
})

// ── 21 ───────────────────────────────────────────────────────────────────────

describe('21. runner crash', () => {
  test('after kill -9 mid-run, a restarted runner removes the leftover container and refuses the old token', async () => {
    const spy = spawnSpy()
    later(() => spy.remove())
    const dir = tempDir('deck-crash-state-')
    const env = { PATH: `${spy.dir}:${process.env.PATH}` }
    const crashed = await startRunnerProcess({ stateDir: dir, env })
    later(() => crashed.stop())
    // Whatever the crashed runner left running is ended by pid after the test.
    later(() => spy.records().forEach((record) => killIfAlive(record.pid)))

    const deck = await client({ url: crashed.url, token: crashed.state.token })
    const runId = await startRun(deck, 'docker run alpine sleep 600')
    await expect.poll(() => runContainers(runId), { timeout: 15_000 }).toHaveLength(1)
    process.kill(crashed.state.pid, 'SIGKILL')
    await expect.poll(() => alive(crashed.state.pid)).toBe(false)
    const fromCrashed = spy.records()
    expect(await runContainers(runId)).toHaveLength(1)

    const restarted = await startRunnerProcess({ stateDir: dir, env, port: crashed.state.port })
    later(() => restarted.stop())
    expect(restarted.state.port).toBe(crashed.state.port)
    expect(restarted.state.token).not.toBe(crashed.state.token)
    expect(await runContainers(runId)).toEqual([])
    expect(restarted.output()).toMatch(/Removed 1 container\(s\) a previous runner left/)

    const old = await rawUpgrade(restarted.state.port, { origin: DECK_ORIGIN, protocols: offered(crashed.state.token) })
    expect(old.status).toBe(401)
    await expect(connectClient({ url: restarted.url, token: crashed.state.token })).rejects.toThrow()
    const fresh = await client({ url: restarted.url, token: restarted.state.token })
    expect(fresh.engine?.reachable).toBe(true)

    // The crashed runner's docker processes (its run, its events stream) do not outlive it for long.
    await expect.poll(() => fromCrashed.filter((record) => alive(record.pid)).map((record) => record.argv.join(' ')), { timeout: 10_000 }).toEqual([])
  })
})

// ── 22 ───────────────────────────────────────────────────────────────────────

describe('22. terminal misuse', () => {
  async function runningContainer(deck: RunnerClient): Promise<string> {
    const runId = await startRun(deck, 'docker run -d alpine sleep 600')
    expect((await deck.ended(runId)).exitCode).toBe(0)
    return printedId(deck, runId).slice(0, 12)
  }
  const shellsIn = async (id: string) => (await execa('docker', ['top', id, '-o', 'pid,args'])).stdout.split('\n').slice(1).filter((line) => /^\s*\d+\s+sh$/.test(line))

  test('docker exec -it <id> sh gets a terminal of the asked size, and cancelling ends it and the shell', async () => {
    const { spy, runner } = await spiedRunner()
    const deck = await client(runner)
    const id = await runningContainer(deck)
    const runId = await startRun(deck, `docker exec -it ${id} sh`, { size: { cols: 100, rows: 30 } })
    const started = deck.runs.get(runId)!.events[0] as Extract<RunEvent, { kind: 'started' }>
    expect(started.tty).toBe(true)
    await outputMatching(deck, runId, /\/ # /)
    deck.input(runId, 'stty size\r')
    await outputMatching(deck, runId, /30 100/)
    deck.resize(runId, { cols: 120, rows: 40 })
    deck.input(runId, 'stty size\r')
    await outputMatching(deck, runId, /40 120/)
    expect(await shellsIn(id), (await execa('docker', ['top', id, '-o', 'pid,args'])).stdout).toHaveLength(1)
    const pid = spiedPid(spy, 'exec')
    const before = performance.now()
    deck.cancel(runId)
    const ended = await deck.ended(runId)
    console.info(`[22] cancel of docker exec -it sh settled in ${(performance.now() - before).toFixed(0)} ms`)
    expect(ended.reason).toBe('cancelled')
    expect(alive(pid)).toBe(false)
    expect(await shellsIn(id)).toEqual([])
  })

  test('closing the terminal\'s window ends the process after the reattach window', async () => {
    const { spy, runner } = await spiedRunner({ reattachMs: 300 })
    // This window follows nothing, so only the terminal's window follows the exec.
    const setup = await connectRecording(runner, { follow: [] })
    later(() => setup.client.close())
    const id = await runningContainer(setup.client)
    const deck = await connectClient(runner)
    later(() => deck.close())
    const runId = await startRun(deck, `docker exec -it ${id} sh`)
    await outputMatching(deck, runId, /\/ # /)
    const pid = spiedPid(spy, 'exec')
    deck.close()
    await expect.poll(() => alive(pid), { timeout: 10_000 }).toBe(false)
    await expect.poll(() => shellsIn(id), { timeout: 10_000 }).toEqual([])
  })

  test('a PTY is used only for -t: without it the command sees no terminal', async () => {
    const { runner } = await spiedRunner()
    const deck = await client(runner)
    const runId = await startRun(deck, 'docker run --rm alpine tty')
    const ended = await deck.ended(runId)
    expect((deck.runs.get(runId)!.events[0] as Extract<RunEvent, { kind: 'started' }>).tty).toBe(false)
    expect(ended.exitCode).not.toBe(0)
    expect(deck.output(runId)).toMatch(/not a tty/)
  })

  test('terminal sizes beyond the protocol\'s limits are rejected before anything runs', async () => {
    const { spy, runner } = await spiedRunner()
    const recorded = await connectRecording(runner)
    later(() => recorded.client.close())
    const sizes = [
      { cols: LIMITS.maxCols + 1, rows: 24 },
      { cols: 80, rows: LIMITS.maxRows + 1 },
      { cols: 100_000, rows: 100_000 },
      { cols: 0, rows: 24 },
      { cols: 80, rows: -1 },
      { cols: 80.5, rows: 24 },
    ]
    for (const size of sizes) recorded.socket.send(JSON.stringify({ type: 'run', requestId: 'r', key: nextKey(), line: 'docker run -it alpine sh', size }))
    for (const size of sizes) recorded.socket.send(JSON.stringify({ type: 'resize', runId: 'any', size }))
    await expect.poll(() => recorded.frames.filter((frame) => frame.type === 'error').length).toBe(sizes.length * 2)
    expect(recorded.frames.filter((frame) => frame.type === 'error').every((frame) => frame.type === 'error' && frame.code === 'bad-message' && /size/.test(frame.message))).toBe(true)
    expect(spy.commands()).toEqual([])
  })
})

// ── 42 ───────────────────────────────────────────────────────────────────────

describe('42. the engine\'s credentials', () => {
  test('a context, TLS material and the SSH agent reach the CLI only: a container\'s environment holds none of them, -e cannot copy one in, and the hello names the engine without them', async () => {
    const tls = await startTlsEngine()
    later(() => tls.close())
    const config = mkdtempSync(path.join(tmpdir(), 'deck-42-config-'))
    later(() => rmSync(config, { recursive: true, force: true }))
    const material = ['ca', 'cert', 'key'].map((name) => `${name}=${path.join(tls.certPath, `${name}.pem`)}`).join(',')
    await execa('docker', ['context', 'create', 'lab-42', '--docker', `host=${tls.host},${material}`], { env: { DOCKER_CONFIG: config } })
    const agent = path.join(config, 'agent.sock')
    const engineEnv = { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'lab-42', DOCKER_CERT_PATH: tls.certPath, SSH_AUTH_SOCK: agent }
    const deckRunner = await runnerWith(new DockerCli(undefined, { PATH: process.env.PATH, HOME: process.env.HOME, ...engineEnv }))
    const deck = await client(deckRunner)
    // Named before anything runs, and nothing of the credentials in what the browser gets.
    expect(deck.engine?.endpoint).toMatchObject({ context: 'lab-42', host: tls.host, transport: 'tls', tlsVerified: true })
    const told = JSON.stringify(deck.engine)
    for (const secret of [tls.certPath, config, agent]) expect(told).not.toContain(secret)
    const runId = await startRun(deck, 'docker run --rm alpine env')
    expect((await deck.ended(runId)).exitCode).toBe(0)
    const env = deck.output(runId)
    expect(env).toMatch(/^PATH=/m)
    for (const name of ENGINE_ENV) expect(env, `${name} in the container`).not.toMatch(new RegExp(`^${name}=`, 'm'))
    for (const secret of [tls.certPath, config, agent]) expect(env).not.toContain(secret)
    for (const line of ['docker run --rm -e SSH_AUTH_SOCK alpine env', 'docker run --rm -e DOCKER_CERT_PATH alpine env', 'docker run --rm --env DOCKER_CONFIG alpine env', 'docker run --rm --env-file /proc/self/environ alpine env']) {
      expect((await refusalOf(deck, line)).message, line).toMatch(/=VALUE/)
    }
  })
})

async function runnerWith(cli: DockerCli): Promise<Runner> {
  const started = await testRunner({ cli })
  later(() => started.close())
  return started
}
