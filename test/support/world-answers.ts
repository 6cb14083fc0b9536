// The stand-in daemon's answers when it holds an engine world: enough of the
// Engine API (inspect, lists with filters, lifecycle actions, removals,
// exec, logs, top, stats, prunes, pulls, info, version, system df) that the
// real docker CLI completes or fails as it would on dockerd. Each answer
// also says which object the request's reference named at that moment.
import { randomBytes } from 'node:crypto'
import {
  normalImageRef, resolveContainer, resolveImage, resolveNetwork, resolveVolume,
  type EngineWorld, type Named, type WorldContainer, type WorldImage,
} from './engine-world.ts'
import { routeOf, type ContainerAction, type Route } from './engine-route.ts'

export interface WorldRequest {
  method: string
  /** Decoded and cleaned, without the API version (engine-route.ts). */
  cleanPath: string
  query: Record<string, string>
  body: unknown
}

export interface WorldAnswer {
  status: number
  body?: unknown
  /** @default application/json */
  type?: string
  /** false when the stand-in has no answer for the endpoint. */
  known: boolean
  route: Route
  /** The object the request's reference named when it arrived, if any. */
  target?: Named
}

type Json = Record<string, unknown>
const iso = (seconds: number) => new Date(seconds * 1000).toISOString()
const STARTED = 1_700_001_000
/** dockerd's RepoTags show the familiar name: `alpine:latest`, not `docker.io/library/alpine:latest`. */
const familiar = (normal: string) => normal.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '')

/** The answer to `req` from `world`, changing the world as dockerd would (create, start, remove …). */
export function answerFromWorld(world: EngineWorld, req: WorldRequest, apiVersion: string): WorldAnswer {
  const route = routeOf(req.method, req.cleanPath)
  const answer = (status: number, body?: unknown, extra: Partial<WorldAnswer> = {}): WorldAnswer => ({ status, body, known: true, route, ...extra })
  const notFound = (what: string, ref: string, target?: Named) => answer(404, { message: `No such ${what}: ${ref}` }, target ? { target } : {})
  switch (route.kind) {
    case 'listing': {
      const [status, body] = listing(world, route.what, req.query, apiVersion)
      return answer(status, body, route.what === '_ping' ? { type: 'text/plain; charset=utf-8' } : {})
    }
    case 'create': return answer(201, createContainer(world, req))
    case 'pull': return answer(200, `${JSON.stringify({ status: `Pulling from ${req.query.fromImage ?? '?'}` })}\r\n${JSON.stringify({ status: 'Status: Image is up to date' })}\r\n`)
    case 'prune': return answer(200, prune(world, route.of, filtersOf(req.query)))
    case 'container': {
      const resolved = resolveContainer(world, route.ref)
      if (!resolved.found) return resolved.ambiguous ? answer(400, { message: `multiple IDs found with provided prefix: ${route.ref}` }) : notFound('container', route.ref)
      const container = world.containers.find((c) => c.id === resolved.found.id)!
      return { ...containerAction(world, container, route.action, req), route, target: resolved.found }
    }
    case 'exec': {
      const containerId = world.execs.get(route.id)
      if (containerId === undefined) return notFound('exec instance', route.id)
      const target = resolveContainer(world, containerId).found
      if (route.action === 'json') {
        return answer(200, { ID: route.id, ContainerID: containerId, Running: false, ExitCode: 0, OpenStdin: false, OpenStdout: true, OpenStderr: true, CanRemove: false, Pid: 0, ProcessConfig: { entrypoint: 'sh', arguments: [], privileged: false, tty: false } }, target ? { target } : {})
      }
      return answer(route.action === 'resize' ? 201 : 200, undefined, target ? { target } : {})
    }
    case 'image': {
      const resolved = resolveImage(world, route.ref)
      if (!resolved.found) return notFound('image', route.ref)
      const image = world.images.find((i) => i.id === resolved.found.id)!
      if (route.action === 'json') return answer(200, imageJson(image), { target: resolved.found })
      world.images.splice(world.images.indexOf(image), 1)
      return answer(200, [...image.tags.map((tag) => ({ Untagged: familiar(tag) })), { Deleted: image.id }], { target: resolved.found })
    }
    case 'network': {
      const resolved = resolveNetwork(world, route.ref)
      if (!resolved.found) return notFound('network', route.ref)
      const network = world.networks.find((n) => n.id === resolved.found.id)!
      if (route.action === 'remove') {
        world.networks.splice(world.networks.indexOf(network), 1)
        return answer(204, undefined, { target: resolved.found })
      }
      return answer(200, {
        Name: network.name, Id: network.id, Created: iso(STARTED), Scope: 'local', Driver: ['host', 'null'].includes(network.name) ? network.name : 'bridge',
        EnableIPv6: false, IPAM: { Driver: 'default', Options: null, Config: [] }, Internal: false, Attachable: false, Ingress: false,
        ConfigFrom: { Network: '' }, ConfigOnly: false, Containers: {}, Options: {}, Labels: network.labels,
      }, { target: resolved.found })
    }
    case 'volume': {
      const resolved = resolveVolume(world, route.ref)
      if (!resolved.found) return notFound('volume', route.ref)
      const volume = world.volumes.find((v) => v.name === resolved.found.id)!
      if (route.action === 'remove') {
        world.volumes.splice(world.volumes.indexOf(volume), 1)
        return answer(204, undefined, { target: resolved.found })
      }
      return answer(200, { Name: volume.name, Driver: 'local', Mountpoint: `/var/lib/docker/volumes/${volume.name}/_data`, Labels: volume.labels, Scope: 'local', Options: null, CreatedAt: iso(STARTED) }, { target: resolved.found })
    }
    case 'other': return { status: 404, body: { message: `the stand-in daemon does not answer ${req.method} ${req.cleanPath}` }, known: false, route }
  }
}

/** Whether an upgrade request (attach, exec start) may be answered 101, and what it reaches. */
export function upgradeFromWorld(world: EngineWorld, req: WorldRequest): { known: boolean; route: Route; target?: Named } {
  const route = routeOf(req.method, req.cleanPath)
  if (route.kind === 'container' && route.action === 'attach') {
    const target = resolveContainer(world, route.ref).found
    return target ? { known: true, route, target } : { known: false, route }
  }
  if (route.kind === 'exec' && route.action === 'start') {
    const containerId = world.execs.get(route.id)
    const target = containerId === undefined ? undefined : resolveContainer(world, containerId).found
    return target ? { known: true, route, target } : { known: false, route }
  }
  return { known: false, route }
}

function containerAction(world: EngineWorld, c: WorldContainer, action: ContainerAction, req: WorldRequest): Omit<WorldAnswer, 'route'> {
  const ok = (status: number, body?: unknown, type?: string) => ({ status, body, known: true, ...(type ? { type } : {}) })
  const conflict = (message: string) => ok(409, { message })
  const running = c.status === 'running' || c.status === 'paused'
  switch (action) {
    case 'json': return ok(200, containerJson(c, req.query.size === '1' || req.query.size === 'true'))
    case 'start':
      if (running) return ok(304)
      c.status = 'running'
      return ok(204)
    case 'stop':
    case 'kill':
      if (!running) return action === 'stop' ? ok(304) : conflict(`Cannot kill container: ${c.id}: Container ${c.id} is not running`)
      c.status = 'exited'
      return ok(204)
    case 'restart':
      c.status = 'running'
      return ok(204)
    case 'pause':
      if (c.status !== 'running') return conflict(`Container ${c.id} is not running`)
      c.status = 'paused'
      return ok(204)
    case 'unpause':
      if (c.status !== 'paused') return conflict(`Container ${c.id} is not paused`)
      c.status = 'running'
      return ok(204)
    // dockerd answers a wait once the container has exited; the stand-in answers at once, as if it had, and
    // leaves the container as it is (the CLI sends `run`'s wait before its start).
    case 'wait': return ok(200, { StatusCode: 0, Error: null })
    case 'resize': return ok(200)
    case 'attach': return ok(200, '', 'application/vnd.docker.raw-stream')
    case 'logs': return ok(200, '', c.tty ? 'application/vnd.docker.raw-stream' : 'application/vnd.docker.multiplexed-stream')
    case 'top':
      if (!running) return conflict(`Container ${c.id} is not running`)
      return ok(200, { Titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'], Processes: [['root', '4242', '4241', '0', '10:00', '?', '00:00:00', 'sh']] })
    case 'changes': return ok(200, [{ Path: '/tmp', Kind: 0 }])
    // A stream of stats never ends on dockerd, and the CLI's collector can miss an early end of it and wait
    // forever: refuse the stream (the request is recorded all the same, and the CLI sends nothing after it).
    case 'stats':
      if (req.query.stream !== '0' && req.query.stream !== 'false') return conflict('the stand-in daemon does not stream stats; it answers docker stats --no-stream')
      return ok(200, `${JSON.stringify(statsJson(c))}\n`)
    case 'exec': {
      if (c.status !== 'running') return conflict(`Container ${c.id} is ${c.status === 'paused' ? 'paused, unpause the container before exec' : 'not running'}`)
      const id = randomBytes(32).toString('hex')
      world.execs.set(id, c.id)
      return ok(201, { Id: id })
    }
    case 'remove':
      if (running && req.query.force !== '1' && req.query.force !== 'true') {
        return conflict(`You cannot remove a running container ${c.id}. Stop the container before attempting removal or force remove`)
      }
      removeContainer(world, c)
      return ok(204)
  }
}

function removeContainer(world: EngineWorld, c: WorldContainer): void {
  const at = world.containers.indexOf(c)
  if (at !== -1) world.containers.splice(at, 1)
  for (const [exec, container] of world.execs) if (container === c.id) world.execs.delete(exec)
}

function createContainer(world: EngineWorld, req: WorldRequest): Json {
  const body = (req.body ?? {}) as Json
  const id = randomBytes(32).toString('hex')
  const image = String(body.Image ?? '')
  world.containers.push({
    id, name: req.query.name || `stand-in-${id.slice(0, 12)}`, image, imageId: resolveImage(world, image).found?.id ?? '',
    labels: (body.Labels ?? {}) as Record<string, string>, status: 'created', created: STARTED + world.containers.length, tty: body.Tty === true, body,
  })
  return { Id: id, Warnings: [] }
}

function containerJson(c: WorldContainer, size: boolean): Json {
  const body = c.body ?? {}
  const running = c.status === 'running' || c.status === 'paused'
  return {
    Id: c.id, Created: iso(c.created), Path: 'sh', Args: [], Image: c.imageId, Name: `/${c.name}`, RestartCount: 0, Driver: 'overlay2', Platform: 'linux',
    State: {
      Status: c.status, Running: running, Paused: c.status === 'paused', Restarting: false, OOMKilled: false, Dead: false, Pid: running ? 4242 : 0,
      ExitCode: 0, Error: '', StartedAt: iso(c.created + 1), FinishedAt: running ? '0001-01-01T00:00:00Z' : iso(c.created + 2),
    },
    HostConfig: { NetworkMode: 'bridge', AutoRemove: false, PortBindings: {}, ...(body.HostConfig as Json | undefined) },
    Config: {
      Hostname: c.id.slice(0, 12), Tty: c.tty, OpenStdin: body.OpenStdin === true, AttachStdin: false, AttachStdout: true, AttachStderr: true,
      Cmd: body.Cmd ?? ['sh'], Env: body.Env ?? [], ...body, Image: c.image, Labels: c.labels,
    },
    NetworkSettings: { Ports: running ? { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] } : {}, Networks: {} },
    Mounts: [],
    ...(size ? { SizeRw: 0, SizeRootFs: 0 } : {}),
  }
}

function imageJson(image: WorldImage): Json {
  return {
    Id: image.id, RepoTags: image.tags.map(familiar), RepoDigests: [], Parent: '', Comment: '', Created: iso(STARTED - 100), Container: '', DockerVersion: '',
    Author: '', Architecture: 'amd64', Os: 'linux', Size: 0, VirtualSize: 0, Config: { Labels: image.labels, Cmd: ['sh'], Env: [] },
    GraphDriver: { Name: 'overlay2', Data: {} }, RootFS: { Type: 'layers', Layers: [] }, Metadata: { LastTagTime: '0001-01-01T00:00:00Z' },
  }
}

function statsJson(c: WorldContainer): Json {
  return {
    read: iso(STARTED + 60), preread: iso(STARTED + 59), id: c.id, name: `/${c.name}`, pids_stats: { current: 1 }, num_procs: 0,
    cpu_stats: { cpu_usage: { total_usage: 2000, usage_in_kernelmode: 0, usage_in_usermode: 0 }, system_cpu_usage: 200000, online_cpus: 2, throttling_data: {} },
    precpu_stats: { cpu_usage: { total_usage: 1000, usage_in_kernelmode: 0, usage_in_usermode: 0 }, system_cpu_usage: 100000, online_cpus: 2, throttling_data: {} },
    memory_stats: { usage: 1 << 20, limit: 512 << 20, stats: {} }, networks: {}, blkio_stats: {}, storage_stats: {},
  }
}

// ── Lists and their filters ──────────────────────────────────────────────────

type Filters = Map<string, string[]>

/** The `filters` query (`{"label":{"k=v":true}}`, or the old `{"label":["k=v"]}`). */
export function filtersOf(query: Record<string, string>): Filters {
  const out: Filters = new Map()
  if (!query.filters) return out
  let parsed: unknown
  try {
    parsed = JSON.parse(query.filters)
  } catch {
    return new Map([['(malformed)', [query.filters]]])
  }
  for (const [key, value] of Object.entries((parsed ?? {}) as Json)) {
    out.set(key, Array.isArray(value) ? value.map(String) : Object.keys((value ?? {}) as Json))
  }
  return out
}

/** `label=KEY` or `label=KEY=VALUE` against `labels`. */
const labelMatches = (labels: Record<string, string>, wanted: string) => {
  const eq = wanted.indexOf('=')
  return eq === -1 ? Object.hasOwn(labels, wanted) : labels[wanted.slice(0, eq)] === wanted.slice(eq + 1)
}

const CONTAINER_FILTERS = new Set(['label', 'name', 'id', 'status', 'ancestor'])

function containerMatches(world: EngineWorld, c: WorldContainer, filters: Filters): boolean {
  const all = (key: string, test: (value: string) => boolean) => (filters.get(key) ?? []).every(test)
  const any = (key: string, test: (value: string) => boolean) => !filters.has(key) || filters.get(key)!.some(test)
  return all('label', (v) => labelMatches(c.labels, v))
    && any('name', (v) => safeRegExp(v).test(c.name))
    && any('id', (v) => c.id.startsWith(v))
    && any('status', (v) => v === c.status)
    && any('ancestor', (v) => resolveImage(world, v).found?.id === c.imageId)
}

const safeRegExp = (source: string) => {
  try {
    return new RegExp(source)
  } catch {
    return /$^/
  }
}

const STATUS_TEXT: Record<WorldContainer['status'], string> = { created: 'Created', running: 'Up 2 hours', paused: 'Up 2 hours (Paused)', exited: 'Exited (0) 2 hours ago' }

function containerListItem(c: WorldContainer): Json {
  return {
    Id: c.id, Names: [`/${c.name}`], Image: c.image, ImageID: c.imageId, Command: 'sh', Created: c.created, Ports: [], Labels: c.labels,
    State: c.status, Status: STATUS_TEXT[c.status], HostConfig: { NetworkMode: 'bridge' }, NetworkSettings: { Networks: {} }, Mounts: [],
  }
}

function imageListItem(world: EngineWorld, image: WorldImage): Json {
  return {
    Id: image.id, ParentId: '', RepoTags: image.tags.map(familiar), RepoDigests: [], Created: STARTED - 100, Size: 7_800_000, SharedSize: -1,
    VirtualSize: 7_800_000, Labels: image.labels, Containers: world.containers.filter((c) => c.imageId === image.id).length,
  }
}

/** The status and body of a read-only listing. */
function listing(world: EngineWorld, what: string, query: Record<string, string>, apiVersion: string): [number, unknown] {
  const filters = filtersOf(query)
  switch (what) {
    case '_ping': return [200, 'OK']
    case 'version': return [200, {
      Version: 'stand-in', ApiVersion: apiVersion, MinAPIVersion: '1.24', GitCommit: 'stand-in', GoVersion: 'go1.22', Os: 'linux', Arch: 'amd64',
      KernelVersion: 'stand-in', BuildTime: iso(STARTED), Components: [],
    }]
    case 'info': return [200, info(world)]
    case 'containers': {
      const unknown = [...filters.keys()].find((key) => !CONTAINER_FILTERS.has(key))
      if (unknown) return [400, { message: `invalid filter '${unknown}'` }]
      const all = query.all === '1' || query.all === 'true'
      const limit = Number(query.limit ?? -1)
      const listed = world.containers
        .filter((c) => (all || limit > 0 || c.status === 'running' || c.status === 'paused') && containerMatches(world, c, filters))
        .sort((a, b) => b.created - a.created)
      return [200, (limit > 0 ? listed.slice(0, limit) : listed).map(containerListItem)]
    }
    case 'images': return [200, world.images
      .filter((image) => (filters.get('label') ?? []).every((v) => labelMatches(image.labels, v)))
      .filter((image) => !filters.has('dangling') || filters.get('dangling')!.includes(String(image.tags.length === 0)))
      .filter((image) => !filters.has('reference') || filters.get('reference')!.some((ref) => image.tags.some((tag) => tag === normalImageRef(ref) || familiar(tag).startsWith(ref))))
      .map((image) => imageListItem(world, image))]
    case 'system df': return [200, {
      LayersSize: 7_800_000, Images: world.images.map((image) => imageListItem(world, image)), Containers: world.containers.map(containerListItem),
      Volumes: world.volumes.map((v) => ({ Name: v.name, Driver: 'local', Mountpoint: `/var/lib/docker/volumes/${v.name}/_data`, Labels: v.labels, Scope: 'local', Options: null, UsageData: { Size: 0, RefCount: 0 } })),
      BuildCache: [],
    }]
    default: return [200, '']
  }
}

function info(world: EngineWorld): Json {
  const count = (status: WorldContainer['status']) => world.containers.filter((c) => c.status === status).length
  return {
    ID: 'STAND:IN', Containers: world.containers.length, ContainersRunning: count('running'), ContainersPaused: count('paused'), ContainersStopped: count('exited') + count('created'),
    Images: world.images.length, Driver: 'overlay2', DriverStatus: [], Plugins: { Volume: ['local'], Network: ['bridge', 'host', 'null'], Authorization: null, Log: ['json-file'] },
    MemoryLimit: true, SwapLimit: true, KernelMemory: false, CpuCfsPeriod: true, CpuCfsQuota: true, CPUShares: true, CPUSet: true, PidsLimit: true, IPv4Forwarding: true,
    BridgeNfIptables: true, BridgeNfIp6tables: true, Debug: false, NFd: 20, OomKillDisable: true, NGoroutines: 30, SystemTime: iso(STARTED), LoggingDriver: 'json-file',
    CgroupDriver: 'cgroupfs', CgroupVersion: '1', NEventsListener: 0, KernelVersion: 'stand-in', OperatingSystem: 'stand-in', OSVersion: '', OSType: 'linux',
    Architecture: 'x86_64', IndexServerAddress: 'https://index.docker.io/v1/', RegistryConfig: { IndexConfigs: {}, InsecureRegistryCIDRs: [], Mirrors: [] },
    NCPU: 2, MemTotal: 2 ** 31, GenericResources: null, DockerRootDir: '/var/lib/docker', HttpProxy: '', HttpsProxy: '', NoProxy: '', Name: 'stand-in', Labels: [],
    ExperimentalBuild: false, ServerVersion: 'stand-in', Runtimes: { runc: { path: 'runc' } }, DefaultRuntime: 'runc',
    Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
    LiveRestoreEnabled: false, Isolation: '', InitBinary: 'docker-init', ContainerdCommit: { ID: 'stand-in', Expected: 'stand-in' },
    RuncCommit: { ID: 'stand-in', Expected: 'stand-in' }, InitCommit: { ID: 'stand-in', Expected: 'stand-in' }, SecurityOptions: [], Warnings: null,
  }
}

function prune(world: EngineWorld, of: string, filters: Filters): Json {
  const labelled = (labels: Record<string, string>) => (filters.get('label') ?? []).every((v) => labelMatches(labels, v))
  if (of === 'containers') {
    const gone = world.containers.filter((c) => (c.status === 'exited' || c.status === 'created') && labelled(c.labels))
    for (const c of gone) removeContainer(world, c)
    return { ContainersDeleted: gone.map((c) => c.id), SpaceReclaimed: 0 }
  }
  if (of === 'networks') {
    const gone = world.networks.filter((n) => !['bridge', 'host', 'none'].includes(n.name) && labelled(n.labels))
    for (const n of gone) world.networks.splice(world.networks.indexOf(n), 1)
    return { NetworksDeleted: gone.map((n) => n.name) }
  }
  if (of === 'images') return { ImagesDeleted: [], SpaceReclaimed: 0 }
  if (of === 'volumes') return { VolumesDeleted: [], SpaceReclaimed: 0 }
  return { CachesDeleted: [], SpaceReclaimed: 0 }
}
