// Requests a browser or a curious process could send, with headers a normal
// client would not let a test choose (Host, a missing Origin, odd
// subprotocols), for the runner's HTTP and upgrade checks.
import { randomBytes } from 'node:crypto'
import http, { type IncomingHttpHeaders } from 'node:http'
import { SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '../../lib/protocol.ts'

export interface RawAnswer {
  /** The HTTP status; 101 when the upgrade was accepted; 0 when the connection was dropped without an answer. */
  status: number
  headers: IncomingHttpHeaders
  body: string
  /** The socket error when there was no answer. */
  error?: string
}

export interface RawRequest {
  method?: string
  path?: string
  /** Sent as given; `undefined` sends no header of that name. */
  headers?: Record<string, string | undefined>
  body?: string | Buffer
}

/** One HTTP request to 127.0.0.1:`port`; a Host header in `headers` replaces the default one. */
export function rawRequest(port: number, request: RawRequest = {}): Promise<RawAnswer> {
  const headers: Record<string, string> = {}
  const given = request.headers ?? {}
  const hasHost = Object.keys(given).some((name) => name.toLowerCase() === 'host')
  for (const [name, value] of Object.entries(given)) if (value !== undefined) headers[name] = value
  if (!hasHost) headers.Host = `127.0.0.1:${port}`
  return new Promise((resolve) => {
    const outgoing = http.request({ host: '127.0.0.1', port, method: request.method ?? 'GET', path: request.path ?? '/', headers, agent: false, setHost: false })
    outgoing.on('upgrade', (response, socket) => {
      socket.destroy()
      resolve({ status: response.statusCode ?? 101, headers: response.headers, body: '' })
    })
    outgoing.on('response', (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }))
      response.on('error', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }))
    })
    outgoing.on('error', (error) => resolve({ status: 0, headers: {}, body: '', error: String(error) }))
    outgoing.end(request.body)
  })
}

export interface UpgradeRequest {
  /** @default `127.0.0.1:${port}` */
  host?: string
  /** undefined sends no Origin header. */
  origin?: string
  /** The offered subprotocols; undefined sends no Sec-WebSocket-Protocol header. */
  protocols?: string[]
  /** @default '/ws' */
  path?: string
}

/** A WebSocket upgrade request with exactly these headers; the socket is closed at once if it succeeds. */
export function rawUpgrade(port: number, upgrade: UpgradeRequest = {}): Promise<RawAnswer> {
  return rawRequest(port, {
    path: upgrade.path ?? '/ws',
    headers: {
      Host: upgrade.host ?? `127.0.0.1:${port}`,
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      Origin: upgrade.origin,
      'Sec-WebSocket-Protocol': upgrade.protocols?.join(', '),
    },
  })
}

/** The subprotocols the deck offers for `token`. */
export const offered = (token: string) => [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`]
