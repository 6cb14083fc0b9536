// The classroom's share server: on one address the lecturer names (never all
// interfaces), it lets students in with the room code, then serves them the
// built deck and one Server-Sent Events stream of the lecture (GET /events,
// resumable with Last-Event-ID), and takes one thing from a student: the
// answer to a question (POST /answer, same Origin, the cookie). It reaches
// the runner only through the read-only feed; nothing a follower sends
// reaches the engine. Every handler
// is total: whatever a request holds, it is answered, and the server goes on.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Feed, type FeedEntry } from './feed.ts'
import { FollowerSessions } from './follower-sessions.ts'
import { GuessLimit } from './guess-limit.ts'
import { chooseLanguage } from '../lib/i18n/index.ts'
import { joinPage, type JoinPageState } from './join-page.ts'
import { isRoomCode, newRoomCode } from './room-code.ts'
import { parseRoomAnswer, RoomAnswers } from './room-answers.ts'
import { StaticFiles } from './static-files.ts'

export interface ShareOptions {
  /** One of this machine's addresses (IPv4 or IPv6), never a wildcard. */
  address: string
  /** @default 0 (a free port) */
  port?: number
  /** The built deck (`slidev build`'s output). */
  deckDir: string
  runner: { url: string; followToken: string }
  /** @default 200 */
  maxFollowers?: number
  /** @default a new room code */
  code?: string
  /** Told how many students are in, each time one more joins. */
  onFollowers?: (count: number) => void
  /** Told once the lecturer stopped sharing from the deck (the badge's button) and the server has closed. */
  onStopped?: () => void
  /** Told of a handler that threw; the request got a 500 and the server goes on. @default stderr */
  onFault?: (error: unknown, where: string) => void
}

export interface ShareServer {
  /** `http://ADDRESS:PORT/` (IPv6 in brackets). */
  url: string
  /** The address a student's phone can scan: the room code in it. */
  joinUrl: string
  code: string
  followers(): number
  close(): Promise<void>
}

/** Addresses that mean every interface: never shared on. */
export const WILDCARDS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '[::]', '*', ''])
/** A follower that falls this far behind is dropped; it reconnects with Last-Event-ID. */
const DROP_BYTES = 8 * 1024 * 1024
const HEARTBEAT_MS = 15_000
/** An answer is `{ key, choice, of }`: a few dozen bytes. */
const ANSWER_BYTES = 256

/** Starts sharing; resolves once the server listens and the feed has the runner's hello. */
export async function startShare(options: ShareOptions): Promise<ShareServer> {
  if (WILDCARDS.has(options.address.trim())) {
    throw new TypeError(`startShare: option address must be one of this machine's addresses, received ${JSON.stringify(options.address)}: sharing on every interface would reach every network the laptop is on.`)
  }
  const files = new StaticFiles(options.deckDir)
  const code = options.code ?? newRoomCode()
  const sessions = new FollowerSessions(options.maxFollowers ?? 200)
  const guesses = new GuessLimit()
  const answers = new RoomAnswers()
  const feed = new Feed({ runner: options.runner })
  await feed.start()
  const onFault = options.onFault ?? ((error, where) => process.stderr.write(`The share server failed while ${where} and goes on: ${String(error)}\n`))
  const streams = new Set<ServerResponse>()

  const http = createServer((request, response) => {
    try {
      answer(request, response)
    } catch (error) {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
      response.end()
      onFault(error, `answering ${request.method} ${JSON.stringify(request.url)}`)
    }
  })
  http.headersTimeout = 10_000
  http.requestTimeout = 30_000
  http.maxConnections = (options.maxFollowers ?? 200) * 2 + 16
  http.on('clientError', (_error, socket) => socket.destroy())
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port ?? 0, options.address.replace(/^\[|\]$/g, ''), () => resolve())
  })
  const bound = http.address() as AddressInfo
  const hostName = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address
  const host = `${hostName}:${bound.port}`
  const url = `http://${host}/`
  const heartbeat = setInterval(() => streams.forEach((stream) => stream.write(':\n\n')), HEARTBEAT_MS)
  let closing: Promise<void> | undefined
  const close = (graceful: boolean) => (closing ??= new Promise<void>((resolve) => {
    clearInterval(heartbeat)
    feed.close()
    http.close(() => resolve())
    if (!graceful) {
      for (const stream of streams) stream.destroy()
      return void http.closeAllConnections()
    }
    // Each student's stream ends after its last event (the stop), so the page can say sharing ended; stragglers are cut after a moment.
    for (const stream of streams) stream.end()
    setTimeout(() => http.closeAllConnections(), 2_000).unref()
  }))
  // Deferred: the stop reaches every student's stream (each a subscriber too) before the server closes.
  feed.subscribe((entry) => {
    if (entry.message.type === 'share-stop') setImmediate(() => void close(true).then(() => options.onStopped?.()))
  })

  function answer(request: IncomingMessage, response: ServerResponse): void {
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', ...headers })
      response.end(request.method === 'HEAD' ? undefined : body)
    }
    const text = (status: number, body: string, headers: Record<string, string> = {}) => send(status, 'text/plain; charset=utf-8', `${body}\n`, headers)
    // DNS rebinding: a name that resolves here is not the shared address.
    if (request.headers.host !== host) return text(403, `Host ${JSON.stringify(request.headers.host ?? null)} is not this classroom's address (${host}).`)
    const target = parseTarget(request.url)
    if (!target) return text(400, 'The request target is not a path.')
    if (target.pathname === '/answer') return takeAnswer(request, text)
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, `${request.method} is not answered here.`, { Allow: 'GET' })
    const address = request.socket.remoteAddress ?? 'unknown'
    const session = sessions.of(request.headers.cookie)
    const preferred = (request.headers['accept-language'] ?? '').split(',').map((tag) => tag.split(';')[0]!.trim()).filter(Boolean)
    const language = chooseLanguage(target.search, null, preferred)
    const page = (status: number, state: JoinPageState, headers: Record<string, string> = {}) => send(status, 'text/html; charset=utf-8', joinPage({ ...state, language }), headers)

    const given = target.searchParams.get('code')
    if (given !== null && target.pathname === '/') {
      const wait = guesses.waitSeconds(address)
      if (wait > 0) return page(429, { problem: 'wait', seconds: wait }, { 'Retry-After': String(wait) })
      if (!isRoomCode(given, code)) {
        guesses.miss(address)
        return page(401, { problem: 'wrong' })
      }
      const id = session ?? sessions.open()
      if (!id) return page(503, { problem: 'full' })
      if (!session) options.onFollowers?.(sessions.count)
      return send(303, 'text/plain; charset=utf-8', '', { Location: '/', 'Set-Cookie': FollowerSessions.cookie(id) })
    }
    if (!session) return target.pathname === '/' ? page(200, {}) : text(401, 'Enter the room code first: open / and type the code the lecturer shows.')
    if (target.pathname === '/events') return follow(request, response, lastEventId(request, target))
    const file = files.get(target.pathname)
    if (!file) return text(404, `Nothing at ${target.pathname}.`)
    send(200, file.type, file.body, { 'Cache-Control': file.cache })
  }

  /**
   * A student's answer to a question: a POST from this share's own page
   * (exact Origin, no CORS), with the cookie, a small JSON body. Counted once
   * per student per question and passed on to the lecturer's windows.
   */
  function takeAnswer(request: IncomingMessage, text: (status: number, body: string, headers?: Record<string, string>) => void): void {
    if (request.method !== 'POST') return text(405, 'POST your answer here.', { Allow: 'POST' })
    if (request.headers.origin !== `http://${host}`) return text(403, `Origin ${JSON.stringify(request.headers.origin ?? null)} is not this classroom's page.`)
    const session = sessions.of(request.headers.cookie)
    if (!session) return text(401, 'Enter the room code first.')
    if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) return text(415, 'Send the answer as application/json.')
    const tooLarge = () => {
      text(413, 'An answer is a few bytes: { key, choice, of }.', { Connection: 'close' })
      // Read the rest and drop it: the request timeout bounds how long.
      request.removeAllListeners('data')
      request.resume()
    }
    if (Number(request.headers['content-length'] ?? 0) > ANSWER_BYTES) return tooLarge()
    let body = ''
    let refused = false
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      body += chunk
      if (body.length > ANSWER_BYTES && !refused) {
        refused = true
        tooLarge()
      }
    })
    request.on('end', () => {
      if (refused) return
      let parsed: unknown
      try {
        parsed = JSON.parse(body)
      } catch {
        return text(400, 'The answer is not JSON.')
      }
      const answer = parseRoomAnswer(parsed)
      if (typeof answer === 'string') return text(400, `Not an answer: ${answer}.`)
      const tally = answers.answer(session, answer)
      if (typeof tally === 'string') return text(409, `Not counted: ${tally}.`)
      feed.sendTally(tally)
      text(204, '')
    })
  }

  /** One follower's event stream: what it missed (or the present), then each new message. */
  function follow(request: IncomingMessage, response: ServerResponse, after: number | undefined): void {
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no', Connection: 'keep-alive' })
    if (request.method === 'HEAD') return void response.end()
    const write = (entry: FeedEntry) => {
      response.write(`id: ${entry.id}\ndata: ${JSON.stringify(entry.message)}\n\n`)
      if (response.writableLength > DROP_BYTES) response.destroy()
    }
    for (const entry of feed.since(after)) write(entry)
    const stop = feed.subscribe(write)
    streams.add(response)
    response.on('close', () => {
      stop()
      streams.delete(response)
    })
  }

  return {
    url,
    joinUrl: `${url}?code=${code}`,
    code,
    followers: () => sessions.count,
    close: () => close(false),
  }
}

function parseTarget(target: string | undefined): URL | undefined {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) return undefined
  try {
    return new URL(target, 'http://share.invalid')
  } catch {
    return undefined
  }
}

/** Where a reconnecting follower left off: the Last-Event-ID header, or `?after=` for a fresh EventSource. */
function lastEventId(request: IncomingMessage, target: URL): number | undefined {
  const raw = request.headers['last-event-id'] ?? target.searchParams.get('after') ?? undefined
  const value = Array.isArray(raw) ? raw[0] : raw
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined
}
