// Threat-model row 23: any web page can make the browser send the runner a
// request (an <img>, a fetch, new WebSocket(...)), and any local process can
// send it raw bytes. No such request may throw past the server: the runner
// runs in its own process here, as the lecturer starts it, and after every
// case it must still answer /health, have logged no fault, and have made no
// container.
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { OWNED_FILTER } from '../../lib/labels.ts'
import { later } from '../support/cleanups.ts'
import { rawRequest } from '../support/raw-http.ts'
import { startRunnerProcess, type RunnerProcess } from '../support/runner-process.ts'

const FUZZ_CASES = 10_000
/** Requests in flight at once, so 10,000 cases take seconds, not minutes. */
const PARALLEL = 16

interface RawOutcome {
  /** The status of the first response line, or 0 when the socket closed without one. */
  status: number
  /** True when the runner's own handlers answered (they always send a body and a Content-Type), not Node's HTTP parser. */
  handled: boolean
}

/** Sends `bytes` on a fresh socket and reads the answer's head. */
function sendRaw(port: number, bytes: Buffer): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    let answer = ''
    const done = () => {
      socket.destroy()
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)
      resolve({ status: status ? Number(status[1]) : 0, handled: /\r\ncontent-type:/i.test(answer) })
    }
    socket.setTimeout(5_000, done)
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1')
      if (answer.includes('\r\n\r\n')) done()
    })
    socket.on('error', done)
    socket.on('close', done)
    socket.on('connect', () => socket.end(bytes))
  })
}

async function startedRunner(): Promise<RunnerProcess> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'deck-fuzz-'))
  later(() => rmSync(stateDir, { recursive: true, force: true }))
  const started = await startRunnerProcess({ stateDir })
  later(() => started.stop())
  return started
}

const deckContainers = async () => (await execa('docker', ['ps', '-a', '-q', '--filter', OWNED_FILTER])).stdout.split('\n').filter(Boolean)
const allContainers = async () => (await execa('docker', ['ps', '-a', '-q', '--no-trunc'])).stdout.split('\n').filter(Boolean).sort()

// Request targets a browser or a raw socket can produce, the ones that once
// threw (`//x:99999`) first among them.
const targets = fc.oneof(
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('/', '//', '/ws', '/health', '/ws?', '/health/'), fc.stringMatching(/^[\w.~:/?#@!$&'()*+,;=%-]{0,30}$/)).map(([head, tail]) => head + tail) },
  fc.constantFrom('//x:99999', '//', '///', '*', 'http://[', 'http://x:99999/health', '/health', '/ws', '/%', '/%zz', '/health?%', '/\u00ff', '//evil.example/ws', '/ws?token=x', '/health#x', '/ws/../health', ' ', ''),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((text) => text.replace(/[\r\n ]/g, '')),
  fc.tuple(fc.constantFrom('/', '//', 'http://', '/ws', '/health', ''), fc.string({ maxLength: 30 })).map(([head, tail]) => (head + tail).replace(/[\r\n ]/g, '')),
)
const methods = fc.oneof(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE', 'get', 'PRI'), fc.stringMatching(/^[A-Z]{1,10}$/))
/** `HOST` stands for the runner's own Host header, filled in when the request is sent. */
const HOST = '\u0000host\u0000'
const headerValue = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[ -~]{0,60}$/) },
  { weight: 8, arbitrary: fc.constantFrom(HOST, '', 'null', 'localhost:4123', '127.0.0.1:0', '[::1]', 'http://localhost:3030', 'http://localhost:5173', 'websocket', 'Upgrade', 'upgrade, keep-alive', '13', '99', '-1', '99999999999999999999', 'docker-live-deck.v1, token.', 'docker-live-deck.v1', 'dGhlIHNhbXBsZSBub25jZQ==', 'permessage-deflate; client_max_window_bits=99', 'chunked', 'gzip', '0', '5') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((text) => text.replace(/[\r\n\u0000]/g, '')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((text) => text.replace(/[\r\n\u0000]/g, '')) },
)
const headerName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('Origin', 'Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'Sec-WebSocket-Protocol', 'Sec-WebSocket-Extensions', 'Sec-Fetch-Site', 'Cookie', 'Accept') },
  { weight: 1, arbitrary: fc.constantFrom('Content-Length', 'Transfer-Encoding', 'Expect', 'Host') },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z-]{1,20}$/) },
)
/** Mostly well-formed HTTP/1.1 with the runner's own Host (so the request reaches the runner's handlers), sometimes not. */
const requests = fc.record({
  method: fc.oneof({ weight: 9, arbitrary: fc.constantFrom('GET', 'POST', 'HEAD') }, { weight: 1, arbitrary: methods }),
  target: targets,
  version: fc.oneof({ weight: 6, arbitrary: fc.constant('HTTP/1.1') }, { weight: 1, arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', '') }),
  ownHost: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  upgrade: fc.boolean(),
  headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 }),
  body: fc.option(fc.string({ unit: 'binary-ascii', maxLength: 40 }), { nil: undefined }),
})
type GeneratedRequest = typeof requests extends fc.Arbitrary<infer T> ? T : never

/** The bytes of one generated request for a runner on `port`. */
function serialise(request: GeneratedRequest, port: number): Buffer {
  const host = `127.0.0.1:${port}`
  const headers = [
    ...(request.ownHost ? [['Host', host]] : []),
    ...(request.upgrade ? [['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ['Sec-WebSocket-Version', '13'], ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ==']] : []),
    ...request.headers.map(([name, value]) => [name, value.replaceAll(HOST, host)]),
    // A body is announced, so it is not read as a second request.
    ...(request.body === undefined ? [] : [['Content-Length', String(Buffer.byteLength(request.body, 'latin1'))]]),
  ]
  return Buffer.from(`${request.method} ${request.target} ${request.version}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${request.body ?? ''}`, 'latin1')
}

describe('23. a malformed request from any page', () => {
  test('GET //x:99999 gets 400, and the runner still answers /health', async () => {
    const runner = await startedRunner()
    const port = runner.state.port
    expect(await sendRaw(port, Buffer.from(`GET //x:99999 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`))).toEqual({ status: 400, handled: true })
    expect(await sendRaw(port, Buffer.from(`GET //x:99999 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`))).toEqual({ status: 400, handled: true })
    expect((await rawRequest(port, { path: '/health' })).status).toBe(200)
    expect(runner.output()).not.toMatch(/failed while|caught an/)
  })

  test(`${FUZZ_CASES.toLocaleString('en')} generated raw requests: every one answered with a status or closed, none accepted, none throws, /health still answers, no container made`, async () => {
    const before = await allContainers()
    const runner = await startedRunner()
    const port = runner.state.port
    const cases = fc.sample(requests, { numRuns: FUZZ_CASES, seed: 23 }).map((request) => serialise(request, port))
    const statuses = new Map<number, number>()
    let handled = 0
    for (let i = 0; i < cases.length; i += PARALLEL) {
      const answers = await Promise.all(cases.slice(i, i + PARALLEL).map((bytes) => sendRaw(port, bytes)))
      for (const { status, handled: byRunner } of answers) {
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        if (byRunner) handled++
      }
    }
    console.info(`[23] ${cases.length} raw requests, ${handled} of them answered by the runner's handlers (the rest by Node's HTTP parser); answers by status (0 = closed without one): ${[...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status} × ${count}`).join(', ')}`)
    // A good share must get past Node's parser, or the fuzzer would only test Node.
    expect(handled).toBeGreaterThan(cases.length / 3)

    // Never switched to a WebSocket, never a server fault.
    expect([...statuses.keys()].filter((status) => status === 101 || status >= 500)).toEqual([])
    expect(runner.output()).not.toMatch(/failed while|caught an/)
    expect((await rawRequest(port, { path: '/health' })).status).toBe(200)
    expect(await deckContainers()).toEqual([])
    expect(await allContainers()).toEqual(before)
  })

  test('property: whatever a request holds, the runner stays up (fast-check, shrinking on failure)', async () => {
    const runner = await startedRunner()
    const port = runner.state.port
    await fc.assert(fc.asyncProperty(requests, async (request) => {
      const { status } = await sendRaw(port, serialise(request, port))
      return status !== 101 && status < 500
    }), { numRuns: 500 })
    expect((await rawRequest(port, { path: '/health' })).status).toBe(200)
    expect(runner.output()).not.toMatch(/failed while|caught an/)
  })
})
