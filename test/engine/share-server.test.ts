// The classroom's share server over real HTTP, fed by a real runner on the
// real engine (threat rows 37, 38 and 40): it listens only on the address it
// is given, lets a student in only with the room code (then a cookie), caps
// guesses and followers, checks Host, serves only the built deck and the
// event stream, and the stream carries a lecturer's run to a follower, with
// a reconnect that loses and repeats nothing.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createParser } from 'eventsource-parser'
import { describe, expect, test } from 'vitest'
import type { ServerMessage } from '../../lib/protocol.ts'
import { startShare, type ShareOptions, type ShareServer } from '../../share/share-server.ts'
import type { Runner } from '../../runner/start-runner.ts'
import { later, runner } from '../support/cleanups.ts'
import { connectClient } from '../support/connect.ts'
import { rawRequest, type RawAnswer } from '../support/raw-http.ts'

/** A stand-in for `slidev build`'s output: an index.html and one asset, and a secret beside the folder. */
function builtDeck(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'share-deck-'))
  later(() => rmSync(root, { recursive: true, force: true }))
  const dir = path.join(root, 'dist')
  mkdirSync(path.join(dir, 'assets'), { recursive: true })
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><title>deck</title></head><body><div id="app"></div></body></html>')
  writeFileSync(path.join(dir, 'assets', 'app-1234.js'), 'console.log("deck")')
  writeFileSync(path.join(dir, '.env'), 'SECRET=1')
  writeFileSync(path.join(root, 'runner.json'), '{"token":"secret"}')
  symlinkSync(path.join(root, 'runner.json'), path.join(dir, 'linked.json'))
  return dir
}

async function share(runner: Runner, options: Partial<ShareOptions> = {}): Promise<ShareServer> {
  const server = await startShare({ address: '127.0.0.1', deckDir: builtDeck(), runner: { url: runner.url, followToken: runner.followToken }, ...options })
  later(() => server.close())
  return server
}

/** One request with exactly these headers (fetch would add and forbid some), to the share server's own address. */
function get(url: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<RawAnswer> {
  const target = new URL(url)
  return rawRequest(Number(target.port), { method, path: `${target.pathname}${target.search}`, headers, ...(body !== undefined ? { body } : {}) })
}

/** Joins with the room code; resolves with the Cookie header to send. */
async function join(server: ShareServer): Promise<string> {
  const answer = await get(server.joinUrl)
  expect(answer.status).toBe(303)
  const cookie = String(answer.headers['set-cookie'])
  expect(cookie).toMatch(/^deck-room=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=\/$/)
  return cookie.split(';')[0]!
}

/** An open event stream: its messages as they come, and its last event id. */
function events(server: ShareServer, cookie: string, lastEventId?: number): { messages: ServerMessage[]; lastId: () => number; close(): void } {
  const messages: ServerMessage[] = []
  let lastId = -1
  const target = new URL('/events', server.url)
  const headers: Record<string, string> = { Host: target.host, Cookie: cookie, ...(lastEventId !== undefined ? { 'Last-Event-ID': String(lastEventId) } : {}) }
  const parser = createParser({
    onEvent: (event) => {
      if (event.id) lastId = Number(event.id)
      messages.push(JSON.parse(event.data) as ServerMessage)
    },
  })
  const sent = httpRequest({ host: target.hostname, port: target.port, path: '/events', headers }, (response) => {
    response.setEncoding('utf8')
    response.on('data', (chunk: string) => parser.feed(chunk))
  })
  sent.on('error', () => {})
  sent.end()
  later(() => sent.destroy())
  return { messages, lastId: () => lastId, close: () => sent.destroy() }
}

const outputOf = (messages: ServerMessage[], runId: string) => messages.map((message) => (message.type === 'run-event' && message.runId === runId && message.event.kind === 'output' ? message.event.data : '')).join('')

describe('who may follow', () => {
  test('refuses to share on every interface, naming the address it was given', async () => {
    const target = await runner()
    await expect(share(target, { address: '0.0.0.0' })).rejects.toThrow('option address must be one of this machine\'s addresses, received "0.0.0.0"')
    await expect(share(target, { address: '::' })).rejects.toThrow(/received "::"/)
  })

  test('without the code: the join page only, no deck file and no event; a wrong code is 401; the right one gives a cookie', async () => {
    const server = await share(await runner())
    expect(server.code).toMatch(/^[0-9a-hjkmnp-tv-z]{8}$/)
    const front = await get(server.url)
    expect(front.status).toBe(200)
    expect(front.body).toContain('방 코드')
    expect((await get(new URL('/assets/app-1234.js', server.url).href)).status).toBe(401)
    expect((await get(new URL('/events', server.url).href)).status).toBe(401)
    const wrong = await get(`${server.url}?code=${server.code === 'aaaaaaaa' ? 'bbbbbbbb' : 'aaaaaaaa'}`)
    expect(wrong.status).toBe(401)
    expect(wrong.body).toContain('방 코드가 맞지 않습니다')
    expect(wrong.headers['set-cookie']).toBeUndefined()
    const cookie = await join(server)
    const deck = await get(server.url, { Cookie: cookie })
    expect(deck.status).toBe(200)
    expect(deck.body).toContain('<meta name="docker-live-deck-share" content="follow">')
    expect(server.followers()).toBe(1)
  })

  test('an address that guesses wrong ten times in a minute is told to wait, even with the right code', async () => {
    const server = await share(await runner())
    for (let i = 0; i < 10; i++) expect((await get(`${server.url}?code=${i.toString().padStart(8, '9')}`)).status).toBe(401)
    const blocked = await get(server.joinUrl)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
    expect(blocked.body).toContain('초 뒤에 다시 시도하세요')
  })

  test('the follower after the cap is refused; one already in keeps its place', async () => {
    const server = await share(await runner(), { maxFollowers: 2 })
    const first = await join(server)
    await join(server)
    const third = await get(server.joinUrl)
    expect(third.status).toBe(503)
    expect(third.body).toContain('방이 가득 찼습니다')
    expect((await get(server.url, { Cookie: first })).status).toBe(200)
  })

  test('a Host other than the shared address is refused (DNS rebinding), with the cookie too', async () => {
    const server = await share(await runner())
    const cookie = await join(server)
    const port = new URL(server.url).port
    for (const host of [`localhost:${port}`, `evil.example:${port}`, '127.0.0.1', `127.0.0.1:${Number(port) + 1}`]) {
      expect((await get(server.url, { Host: host, Cookie: cookie })).status, host).toBe(403)
    }
  })

  test('serves only the built deck: no dev-server, runner or host path, no dotfile, no link out of the folder, no write', async () => {
    const server = await share(await runner())
    const cookie = await join(server)
    expect((await get(new URL('/assets/app-1234.js', server.url).href, { Cookie: cookie })).body).toBe('console.log("deck")')
    for (const pathname of ['/@fs/etc/passwd', '/__slidev/slides/1.json', '/__mcp', '/__open-in-editor?file=x', '/ws', '/health', '/.env', '/linked.json', '/assets/../../runner.json', '/%2e%2e/runner.json', '/node_modules/vue/package.json', '/slides.md', '/presenter/1']) {
      expect((await get(new URL(pathname, server.url).href, { Cookie: cookie })).status, pathname).toBe(404)
    }
    expect((await get(server.url, { Cookie: cookie }, 'POST')).status).toBe(405)
  })
})

describe('the event stream', () => {
  test('carries a lecturer\'s run to a follower as it streams; a late follower gets it whole at once; a reconnect loses and repeats nothing', async () => {
    const target = await runner()
    const server = await share(target)
    const cookie = await join(server)
    const early = events(server, cookie)
    await expect.poll(() => early.messages[0]).toMatchObject({ type: 'hello', capability: 'read-only' })

    const lecturer = await connectClient(target)
    later(() => lecturer.close())
    lecturer.sendPosition({ slide: 6, click: 0 })
    const outcome = await lecturer.run('ping', 'docker run --rm alpine ping -c 6 -i 0.3 localhost')
    if ('refusal' in outcome) throw new Error(outcome.refusal.message)
    await expect.poll(() => early.messages.find((message) => message.type === 'position')).toMatchObject({ position: { slide: 6, click: 0 } })
    await expect.poll(() => outputOf(early.messages, outcome.runId), { timeout: 15_000 }).toContain('seq=1 ')
    // Drop the stream mid-run and come back with the last id seen.
    early.close()
    const seen = early.lastId()
    const resumed = events(server, cookie, seen)
    await expect.poll(() => resumed.messages.some((message) => message.type === 'run-event' && message.runId === outcome.runId && message.event.kind === 'ended'), { timeout: 20_000 }).toBe(true)
    const whole = lecturer.output(outcome.runId)
    expect(outputOf(early.messages, outcome.runId) + outputOf(resumed.messages, outcome.runId), 'every chunk once, in order, across the reconnect').toBe(whole)
    expect(resumed.messages[0]).toMatchObject({ type: 'hello' })

    const late = events(server, cookie)
    await expect.poll(() => outputOf(late.messages, outcome.runId)).toBe(whole)
    expect(late.messages[0]).toMatchObject({ type: 'hello', capability: 'read-only', position: { slide: 6, click: 0 } })
    expect(whole).toContain('--- localhost ping statistics ---')
  })
})

describe('the lecturer\'s reveal and stop', () => {
  test('a revealed answer reaches the students live, and a student who joins later has it in the first message', async () => {
    const target = await runner()
    const server = await share(target)
    const cookie = await join(server)
    const early = events(server, cookie)
    await expect.poll(() => early.messages[0]).toMatchObject({ type: 'hello' })
    const lecturer = await connectClient(target)
    later(() => lecturer.close())
    lecturer.reveal('exit-code-ping')
    await expect.poll(() => early.messages.find((message) => message.type === 'revealed')).toEqual({ type: 'revealed', keys: ['exit-code-ping'] })
    const late = events(server, cookie)
    await expect.poll(() => late.messages[0]).toMatchObject({ type: 'hello', revealed: ['exit-code-ping'] })
  })

  test('stopping from the deck tells every student, ends their streams, closes the server and reports it', async () => {
    const target = await runner()
    let stopped = 0
    const server = await share(target, { onStopped: () => stopped++ })
    const cookie = await join(server)
    const students = [events(server, cookie), events(server, cookie)]
    for (const student of students) await expect.poll(() => student.messages[0]).toMatchObject({ type: 'hello' })
    const lecturer = await connectClient(target)
    later(() => lecturer.close())
    lecturer.stopSharing()
    for (const student of students) await expect.poll(() => student.messages.at(-1)).toEqual({ type: 'share-stop' })
    await expect.poll(() => stopped, { timeout: 10_000 }).toBe(1)
    expect((await get(server.joinUrl)).error, 'nothing listens on the address any more').toMatch(/ECONNREFUSED/)
  })
})

describe('the room\'s answers', () => {
  test('a student\'s answer (same Origin, the cookie, JSON) is counted once per student and reaches the lecturer\'s windows as a tally', async () => {
    const target = await runner()
    const server = await share(target)
    const lecturer = await connectClient(target)
    later(() => lecturer.close())
    const tallies: ServerMessage[] = []
    lecturer.on((message) => message.type === 'tally' && tallies.push(message))
    const [first, second] = [await join(server), await join(server)]
    const origin = server.url.slice(0, -1)
    const post = (cookie: string, body: object, headers: Record<string, string> = {}) =>
      get(new URL('/answer', server.url).href, { Cookie: cookie, Origin: origin, 'Content-Type': 'application/json', ...headers }, 'POST', JSON.stringify(body))
    expect((await post(first, { key: 'ping-for-stop', choice: 1, of: 3 })).status).toBe(204)
    expect((await post(second, { key: 'ping-for-stop', choice: 2, of: 3 })).status).toBe(204)
    expect((await post(first, { key: 'ping-for-stop', choice: 2, of: 3 })).status).toBe(204)
    await expect.poll(() => tallies.at(-1)).toEqual({ type: 'tally', tally: { key: 'ping-for-stop', counts: [0, 0, 2], answered: 2 } })
  })

  test.each([
    ['a foreign page', { Origin: 'http://evil.example' }, 403],
    ['no Origin', { Origin: '' }, 403],
    ['no cookie', { Cookie: '' }, 401],
    ['a text/plain body (a simple cross-site form)', { 'Content-Type': 'text/plain' }, 415],
  ])('an answer from %s is refused (%s)', async (_what, change, status) => {
    const target = await runner()
    const server = await share(target)
    const cookie = await join(server)
    const headers: Record<string, string> = { Cookie: cookie, Origin: server.url.slice(0, -1), 'Content-Type': 'application/json', ...change }
    for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name]
    const answer = await get(new URL('/answer', server.url).href, headers, 'POST', JSON.stringify({ key: 'q', choice: 0, of: 2 }))
    expect(answer.status).toBe(status)
  })

  test('a body that is not an answer is refused, saying what an answer is; a GET is not one', async () => {
    const server = await share(await runner())
    const cookie = await join(server)
    const headers = { Cookie: cookie, Origin: server.url.slice(0, -1), 'Content-Type': 'application/json' }
    const bad = await get(new URL('/answer', server.url).href, headers, 'POST', JSON.stringify({ key: 'q', choice: 0, of: 2, line: 'docker run alpine' }))
    expect(bad).toMatchObject({ status: 400, body: 'Not an answer: unexpected field "line".\n' })
    expect((await get(new URL('/answer', server.url).href, headers, 'POST', 'x'.repeat(1000))).status).toBe(413)
    expect((await get(new URL('/answer', server.url).href, { Cookie: cookie })).status).toBe(405)
  })
})
