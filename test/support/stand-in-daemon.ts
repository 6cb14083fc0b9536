// A recording stand-in for the Docker engine on a private unix socket: it
// answers just enough of the Engine API that the real docker CLI sends the
// request of `docker run` / `docker create` and exits at once (the container
// "ran" and exited 0), and it keeps every request it saw. Tests point the CLI
// here with DOCKER_HOST, so nothing reaches a real engine. Given a world
// (engine-world.ts), it answers far more of the API from that world instead,
// resolving references as dockerd does, and notes what each request reached.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cleanRequestPath, type Route } from './engine-route.ts'
import type { EngineWorld, Named } from './engine-world.ts'
import { answerFromWorld, upgradeFromWorld } from './world-answers.ts'

export interface RecordedRequest {
  method: string
  /** The path without the `/v1.xx` prefix, e.g. `/containers/create`. */
  path: string
  /** The API version the client put in the path (`1.41`), or undefined for unversioned calls such as `/_ping`. */
  version: string | undefined
  query: Record<string, string>
  /** The JSON body, the raw text when it is not JSON, or undefined when empty. */
  body: unknown
  /** false when the stand-in has no answer for this endpoint (it replied 404). */
  known: boolean
  /** The path as the client sent it, still percent-encoded, with its `/v1.xx` prefix. */
  rawPath: string
  /** The path as dockerd routes it: decoded, cleaned, without the version (`a%20b/../../volumes/x` → `/volumes/x`). */
  cleanPath: string
  /** With a world: the endpoint the request reached. */
  route?: Route
  /** With a world: the object its reference named when it arrived, if any. */
  target?: Named
}

export interface StandInDaemon {
  /** The value for DOCKER_HOST: `unix:///tmp/…/docker.sock`. */
  host: string
  socketPath: string
  /** The version `/_ping` and `/version` announce. */
  apiVersion: string
  /** Every request so far, oldest first. */
  requests: RecordedRequest[]
  /** The bodies of `POST /containers/create`, oldest first. */
  creates(): Array<Record<string, unknown>>
  /** Forgets the requests so far. */
  clear(): void
  /** Forgets the requests so far and starts again from a fresh world. */
  reset(): void
  close(): Promise<void>
}

export interface StandInOptions {
  /** The API version the stand-in claims; the CLI negotiates down to it. @default '1.41' (Debian's engine 20.10) */
  apiVersion?: string
  /**
   * Makes the world to answer from (called again by reset()); without it the
   * stand-in answers only what `run` and `create` need, for any name.
   */
  world?: () => EngineWorld
}

const VERSIONED = /^\/v(\d+\.\d+)(\/.*)$/
const FAKE_IMAGE_ID = `sha256:${'5'.repeat(64)}`

/** Starts a stand-in daemon on a fresh socket in a temp folder. */
export async function startStandInDaemon(options: StandInOptions = {}): Promise<StandInDaemon> {
  const { apiVersion = '1.41', world: makeWorld } = options
  if (!/^1\.\d+$/.test(apiVersion)) throw new TypeError(`startStandInDaemon: option apiVersion must look like 1.41, received ${JSON.stringify(apiVersion)}.`)
  const dir = mkdtempSync(path.join(tmpdir(), 'stand-in-daemon-'))
  const socketPath = path.join(dir, 'docker.sock')
  const requests: RecordedRequest[] = []
  const containers = new Map<string, { name: string; body: Record<string, unknown> }>()
  let created = 0
  let world = makeWorld?.()

  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const recorded = record(request, Buffer.concat(chunks).toString('utf8'))
      requests.push(recorded)
      recorded.known = world ? answerWorld(world, recorded, response) : answer(recorded, response)
    })
  })
  // Hijacked sockets are the server's no longer: closeAllConnections() misses them, so close() ends them itself.
  const upgraded = new Set<Socket>()
  // `POST /containers/{id}/attach` asks to hijack the connection: answer 101
  // and end the stream at once, as if the container printed nothing.
  server.on('upgrade', (request: IncomingMessage, socket: Socket) => {
    socket.on('error', () => {})
    upgraded.add(socket)
    socket.on('close', () => upgraded.delete(socket))
    const recorded = record(request, '')
    requests.push(recorded)
    if (world) {
      const { known, route, target } = upgradeFromWorld(world, recorded)
      Object.assign(recorded, { known, route, ...(target ? { target } : {}) })
    } else {
      recorded.known = /^\/containers\/[^/]+\/attach$/.test(recorded.path) && containers.has(idOf(recorded.path))
    }
    if (!recorded.known) {
      socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify({ message: unknownMessage(recorded) })}`)
      return
    }
    socket.end('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n')
  })

  function record(request: IncomingMessage, text: string): RecordedRequest {
    const url = new URL(request.url ?? '/', 'http://stand-in')
    const versioned = VERSIONED.exec(url.pathname)
    const rawPath = (request.url ?? '/').split('?')[0]!
    let body: unknown
    try {
      body = text === '' ? undefined : JSON.parse(text)
    } catch {
      body = text
    }
    return {
      method: request.method ?? 'GET',
      path: versioned ? versioned[2]! : url.pathname,
      version: versioned?.[1],
      query: Object.fromEntries(url.searchParams),
      body,
      known: true,
      rawPath,
      cleanPath: cleanRequestPath(rawPath),
    }
  }

  /** Answers one request from `current`; false when the stand-in has no answer for the endpoint. */
  function answerWorld(current: EngineWorld, req: RecordedRequest, response: ServerResponse): boolean {
    const { status, body, type = 'application/json', known, route, target } = answerFromWorld(current, req, apiVersion)
    req.route = route
    if (target) req.target = target
    if (route.kind === 'listing' && route.what === '_ping') {
      response.setHeader('Cache-Control', 'no-cache, no-store, must-revalidate')
      response.setHeader('Builder-Version', '1')
      response.setHeader('Swarm', 'inactive')
    }
    response.writeHead(status, { 'Content-Type': type, 'Api-Version': apiVersion, 'Docker-Experimental': 'false', 'Ostype': 'linux', 'Server': 'Docker/stand-in (linux)' })
    response.end(body === undefined || req.method === 'HEAD' || status === 204 || status === 304 ? undefined : typeof body === 'string' ? body : JSON.stringify(body))
    return known
  }

  /** Answers one request; false when the endpoint is not one the stand-in knows. */
  function answer(req: RecordedRequest, response: ServerResponse): boolean {
    const send = (status: number, body?: unknown, type = 'application/json') => {
      response.writeHead(status, { 'Content-Type': type, 'Api-Version': apiVersion, 'Docker-Experimental': 'false', 'Ostype': 'linux', 'Server': 'Docker/stand-in (linux)' })
      response.end(body === undefined || req.method === 'HEAD' ? undefined : typeof body === 'string' ? body : JSON.stringify(body))
      return true
    }
    const { method, path: p } = req
    const id = idOf(p)
    if (p === '/_ping' && (method === 'GET' || method === 'HEAD')) {
      response.setHeader('Cache-Control', 'no-cache, no-store, must-revalidate')
      response.setHeader('Builder-Version', '1')
      return send(200, 'OK', 'text/plain; charset=utf-8')
    }
    if (p === '/version' && method === 'GET') {
      return send(200, { Version: 'stand-in', ApiVersion: apiVersion, MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64', KernelVersion: 'stand-in', Components: [] })
    }
    if (p === '/containers/create' && method === 'POST') {
      const newId = (++created).toString(16).padStart(64, 'c')
      containers.set(newId, { name: req.query.name ?? `stand-in-${created}`, body: (req.body ?? {}) as Record<string, unknown> })
      return send(201, { Id: newId, Warnings: [] })
    }
    if (/^\/containers\/[^/]+\/json$/.test(p) && method === 'GET' && containers.has(id)) {
      const { name, body } = containers.get(id)!
      return send(200, {
        Id: id, Name: `/${name}`, Image: FAKE_IMAGE_ID, Config: body, HostConfig: body.HostConfig ?? {},
        State: { Status: 'exited', Running: false, Paused: false, Restarting: false, ExitCode: 0, Pid: 0 },
      })
    }
    if (/^\/containers\/[^/]+\/(start|resize|kill)$/.test(p) && method === 'POST' && containers.has(id)) return send(p.endsWith('/resize') ? 200 : 204)
    if (/^\/containers\/[^/]+\/wait$/.test(p) && method === 'POST' && containers.has(id)) return send(200, { StatusCode: 0, Error: null })
    if (/^\/containers\/[^/]+$/.test(p) && method === 'DELETE' && containers.has(id)) {
      containers.delete(id)
      return send(204)
    }
    if (/^\/images\/.+\/json$/.test(p) && method === 'GET') {
      const name = decodeURIComponent(p.slice('/images/'.length, -'/json'.length))
      return send(200, { Id: FAKE_IMAGE_ID, RepoTags: [name.includes(':') ? name : `${name}:latest`], Os: 'linux', Architecture: 'amd64', Config: { Cmd: ['sh'] } })
    }
    if (p === '/images/create' && method === 'POST') {
      return send(200, `${JSON.stringify({ status: 'Pulled by the stand-in daemon' })}\r\n`)
    }
    if (/^\/networks\/[^/]+$/.test(p) && method === 'GET') {
      const name = decodeURIComponent(p.slice('/networks/'.length))
      return send(200, { Name: name, Id: 'd'.repeat(64), Driver: 'bridge', Scope: 'local', Labels: {} })
    }
    if (/^\/volumes\/[^/]+$/.test(p) && method === 'GET') {
      const name = decodeURIComponent(p.slice('/volumes/'.length))
      return send(200, { Name: name, Driver: 'local', Mountpoint: `/var/lib/docker/volumes/${name}/_data`, Labels: {}, Scope: 'local' })
    }
    send(404, { message: unknownMessage(req) })
    return false
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(socketPath, () => resolve())
  })
  return {
    host: `unix://${socketPath}`,
    socketPath,
    apiVersion,
    requests,
    creates: () => requests.filter((r) => r.method === 'POST' && r.path === '/containers/create').map((r) => (r.body ?? {}) as Record<string, unknown>),
    clear: () => void requests.splice(0),
    reset: () => {
      requests.splice(0)
      world = makeWorld?.()
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => {
        rmSync(dir, { recursive: true, force: true })
        resolve()
      })
      server.closeAllConnections()
      for (const socket of upgraded) socket.destroy()
    }),
  }
}

const idOf = (p: string) => decodeURIComponent(p.split('/')[2] ?? '')

const unknownMessage = (req: RecordedRequest) => `the stand-in daemon does not answer ${req.method} ${req.path}`
