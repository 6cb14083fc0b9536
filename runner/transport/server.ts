// The runner's HTTP server: loopback only, GET /health for the deck's badge,
// and the WebSocket upgrade, which checks Host, Origin, token (or the
// read-only follow token) and the connection cap before answering 101. A failed check destroys the socket
// before any work is done. Every handler is total: whatever a request holds
// (any request target, header or frame), it is answered or dropped, and the
// exception, if one is thrown, never leaves the handler.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { checkCapability, checkHost, checkOrigin, type Verdict } from './auth.ts'
import { DeckConnection, type RunnerContext } from './connection.ts'
import { HEALTH_PATH, LIMITS, PROTOCOL_VERSION, SUBPROTOCOL, WS_PATH, type Capability, type Health } from '../../lib/protocol.ts'

export interface ServerOptions {
  port: number
  origins: readonly string[]
  token: string
  /** The read-only capability's token (the classroom's share server follows with it). */
  followToken: string
  maxConnections: number
  /** Open TCP sockets at most, WebSockets and plain requests together; the kernel's next ones are closed at once. */
  maxSockets: number
  /** Told of a handler that threw; the request gets a 500 and the runner goes on. */
  onFault(error: unknown, where: string): void
}

export interface ListeningServer {
  port: number
  connections(): number
  close(): Promise<void>
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 503: 'Service Unavailable' }

/** Listens on 127.0.0.1 and serves the deck. */
export async function listen(options: ServerOptions, context: RunnerContext): Promise<ListeningServer> {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: LIMITS.frameBytes, handleProtocols: () => SUBPROTOCOL })
  let port = options.port
  let upgrading = 0
  const http = createServer((request, response) => {
    try {
      answerHttp(request, response, port, options, context)
    } catch (error) {
      failRequest(request.socket)
      options.onFault(error, `answering ${request.method} ${JSON.stringify(request.url)}`)
    }
  })
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    try {
      // Upgrades still in their handshake count against the cap too.
      const verdict = upgradeVerdict(request, port, options, sockets.clients.size + upgrading)
      if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.reason)
      upgrading++
      let counted = true
      const settle = () => {
        if (counted) upgrading--
        counted = false
      }
      socket.once('close', settle)
      sockets.handleUpgrade(request, socket, head, (ws) => {
        settle()
        new DeckConnection(ws, context, verdict.capability)
      })
    } catch (error) {
      failRequest(socket)
      options.onFault(error, `upgrading ${JSON.stringify(request.url)}`)
    }
  })
  // A page that opens sockets and sends nothing cannot hold the runner: a cap on sockets, and little time for headers.
  http.maxConnections = options.maxSockets
  http.headersTimeout = 10_000
  http.requestTimeout = 30_000
  // Node answers a request it cannot parse with 400 itself; a socket that errors is simply dropped.
  http.on('clientError', (_error, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    socket.destroy()
  })
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port, '127.0.0.1', () => resolve())
  })
  port = (http.address() as { port: number }).port
  return {
    port,
    connections: () => sockets.clients.size,
    close: () => new Promise<void>((resolve) => {
      for (const client of sockets.clients) client.terminate()
      sockets.close()
      http.closeAllConnections()
      http.close(() => resolve())
    }),
  }
}

/** The path of a request target, or undefined when it is not one a browser would send (`//x:99999`, `*`, `http://[`). */
export function targetPath(target: string | undefined): string | undefined {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) return undefined
  try {
    return new URL(target, 'http://runner.invalid').pathname
  } catch {
    return undefined
  }
}

/** Answers 500 on a socket whose handler failed, and closes it; the runner goes on. */
function failRequest(socket: Duplex): void {
  if (socket.writable) socket.end('HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
  socket.destroy()
}

type UpgradeVerdict = { ok: true; capability: Capability } | { ok: false; status: 400 | 401 | 403 | 404 | 503; reason: string }

function upgradeVerdict(request: IncomingMessage, port: number, options: ServerOptions, open: number): UpgradeVerdict {
  const path = targetPath(request.url)
  if (path === undefined) return { ok: false, status: 400, reason: `the request target ${JSON.stringify(request.url)} is not a path` }
  if (path !== WS_PATH) return { ok: false, status: 404, reason: `no WebSocket at ${path}` }
  const host = checkHost(request.headers.host, port)
  if (!host.ok) return host
  const credential = checkCapability(request.headers['sec-websocket-protocol'], options.token, options.followToken)
  // A read-only follower is a program, not a page: it may send no Origin; a page (any Origin) must be the deck's.
  const origin = request.headers.origin
  const pageless = credential.ok && credential.capability === 'read-only' && origin === undefined
  const originVerdict: Verdict = pageless ? { ok: true } : checkOrigin(origin, options.origins)
  if (!originVerdict.ok) return originVerdict
  if (!credential.ok) return credential
  if (open >= options.maxConnections) return { ok: false, status: 503, reason: `busy: ${open} windows are connected already (the limit is ${options.maxConnections})` }
  return credential
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  socket.destroy()
}

function answerHttp(request: IncomingMessage, response: ServerResponse, port: number, options: ServerOptions, context: RunnerContext): void {
  const send = (status: number, body: object, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers })
    response.end(JSON.stringify(body))
    // Nothing here reads a body; drop the connection rather than drain one.
    if (request.headers['content-length'] || request.headers['transfer-encoding']) request.socket.destroy()
  }
  const host = checkHost(request.headers.host, port)
  if (!host.ok) return send(host.status, { error: host.reason })
  const origin = request.headers.origin
  if (origin !== undefined && !checkOrigin(origin, options.origins).ok) return send(403, { error: `Origin ${origin} is not the deck's` })
  const path = targetPath(request.url)
  if (path === undefined) return send(400, { error: `The request target ${JSON.stringify(request.url)} is not a path. Ask for ${HEALTH_PATH}.` })
  if (path !== HEALTH_PATH) return send(404, { error: `Nothing at ${path}. Commands run over the WebSocket at ${WS_PATH}.` })
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, { error: `${request.method} is not allowed; ${HEALTH_PATH} only answers GET.` }, { Allow: 'GET' })
  const cors: Record<string, string> = origin ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {}
  // The instance tells a deck whose upgrade failed whether this is the runner it knew (busy) or a new one (new token).
  const openPage = context.openPage()
  const health: Health = {
    ok: true, protocol: PROTOCOL_VERSION, runnerVersion: context.runnerVersion, instance: context.instance, engine: context.engine(), activeRuns: context.runs.active.length,
    ...(openPage ? { openPage } : {}),
  }
  send(200, health, cors)
}
