// The runner's HTTP server: loopback only, GET /health for the deck's badge,
// and the WebSocket upgrade, which checks Host, Origin, token and the
// connection cap before answering 101. A failed check destroys the socket
// before any work is done.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { checkHost, checkOrigin, checkToken, type Verdict } from './auth.ts'
import { DeckConnection, type RunnerContext } from './connection.ts'
import { HEALTH_PATH, LIMITS, PROTOCOL_VERSION, SUBPROTOCOL, WS_PATH } from './protocol.ts'

export interface ServerOptions {
  port: number
  origins: readonly string[]
  token: string
  maxConnections: number
}

export interface ListeningServer {
  port: number
  connections(): number
  close(): Promise<void>
}

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 503: 'Service Unavailable' }

/** Listens on 127.0.0.1 and serves the deck. */
export async function listen(options: ServerOptions, context: RunnerContext): Promise<ListeningServer> {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: LIMITS.frameBytes, handleProtocols: () => SUBPROTOCOL })
  let port = options.port
  const http = createServer((request, response) => answerHttp(request, response, port, options, context))
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = upgradeVerdict(request, port, options, sockets.clients.size)
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.reason)
    sockets.handleUpgrade(request, socket, head, (ws) => new DeckConnection(ws, context))
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

function upgradeVerdict(request: IncomingMessage, port: number, options: ServerOptions, open: number): Verdict | { ok: false; status: 404 | 503; reason: string } {
  if (new URL(request.url ?? '/', 'http://x').pathname !== WS_PATH) return { ok: false, status: 404, reason: `no WebSocket at ${request.url}` }
  const checks = [
    checkHost(request.headers.host, port),
    checkOrigin(request.headers.origin, options.origins),
    checkToken(request.headers['sec-websocket-protocol'], options.token),
  ]
  const failed = checks.find((check) => !check.ok)
  if (failed) return failed
  if (open >= options.maxConnections) return { ok: false, status: 503, reason: `busy: ${open} windows are connected already (the limit is ${options.maxConnections})` }
  return { ok: true }
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
  const path = new URL(request.url ?? '/', 'http://x').pathname
  if (path !== HEALTH_PATH) return send(404, { error: `Nothing at ${path}. Commands run over the WebSocket at ${WS_PATH}.` })
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, { error: `${request.method} is not allowed; ${HEALTH_PATH} only answers GET.` }, { Allow: 'GET' })
  const cors: Record<string, string> = origin ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {}
  send(200, { ok: true, protocol: PROTOCOL_VERSION, runnerVersion: context.runnerVersion, engine: context.engine(), activeRuns: context.runs.active.length }, cors)
}
