// A model of one engine's objects for the stand-in daemon: the deck's
// (labelled docker-live-deck.owned=true) and the lecturer's own beside them,
// including a container named exactly like a deck container's short ID.
// References resolve as dockerd resolves them, so the stand-in answers, and
// the request oracle judges, what the engine would really touch.
import { OWNED_LABEL } from '../../lib/labels.ts'
import { DEMO_IMAGE } from '../../runner/engine/demo-image.ts'

export type ContainerStatus = 'created' | 'running' | 'paused' | 'exited'

export interface WorldContainer {
  id: string
  name: string
  /** The reference it was created from (`alpine`, `postgres:16`). */
  image: string
  imageId: string
  labels: Record<string, string>
  status: ContainerStatus
  /** Unix seconds. */
  created: number
  tty: boolean
  /** The create request's body, for containers made through the stand-in. */
  body?: Record<string, unknown>
}

export interface WorldImage {
  /** `sha256:` and 64 hex digits. */
  id: string
  /** Normalised `docker.io/library/alpine:latest` form. */
  tags: string[]
  labels: Record<string, string>
}

export interface WorldNetwork {
  id: string
  name: string
  labels: Record<string, string>
}

export interface WorldVolume {
  name: string
  labels: Record<string, string>
}

/** One engine's objects; the stand-in changes it (creates, removals) and a fresh one replaces it for every line. */
export interface EngineWorld {
  containers: WorldContainer[]
  images: WorldImage[]
  networks: WorldNetwork[]
  volumes: WorldVolume[]
  /** Exec instance ID → the container it runs in. */
  execs: Map<string, string>
}

/** An object a reference named: its kind, its ID and name, and whether it is the deck's. */
export interface Named {
  kind: 'container' | 'image' | 'network' | 'volume'
  id: string
  name: string
  deck: boolean
}

/** What a reference resolves to: one object, none, or several (an ambiguous prefix, which dockerd refuses). */
export type Resolution = { found: Named } | { found: undefined; ambiguous: boolean }

const OWNED = { [OWNED_LABEL]: 'true' }
const hexId = (prefix: string, fill: string) => prefix.padEnd(64, fill)

/** The deck container whose short ID a lecturer container is named after. */
export const SHADOWED_DECK_ID = hexId('b21111111111', 'a')

/** The objects of the world, by role, for tests and line generators. */
export const WORLD = {
  deckContainers: [
    { id: SHADOWED_DECK_ID, name: 'my-ping', image: 'alpine', status: 'running', created: 1_700_000_500 },
    { id: hexId('c3c3c3c3c3c3', 'c'), name: 'deck-redis', image: 'redis', status: 'running', created: 1_700_000_400 },
    { id: hexId('5e5e5e5e5e5e', '5'), name: 'deck-hello', image: 'hello-world', status: 'exited', created: 1_700_000_300 },
    { id: hexId('7a7a7a7a7a7a', '7'), name: 'deck-paused', image: 'alpine', status: 'paused', created: 1_700_000_200 },
    { id: hexId('8b8b8b8b8b8b', '8'), name: 'deck-demo', image: DEMO_IMAGE, status: 'created', created: 1_700_000_100 },
    // The lifecycle slides name their demos, so stop and kill reach only their own container.
    { id: hexId('9d9d9d9d9d9d', '9'), name: 'stop-demo', image: 'alpine', status: 'running', created: 1_700_000_090 },
    { id: hexId('a6a6a6a6a6a6', '6'), name: 'kill-demo', image: 'alpine', status: 'running', created: 1_700_000_080 },
    { id: hexId('b7b7b7b7b7b7', '7'), name: 'init-demo', image: 'alpine', status: 'running', created: 1_700_000_070 },
    { id: hexId('4f4f4f4f4f4f', '4'), name: 'stop-redis', image: 'redis', status: 'running', created: 1_700_000_060 },
  ],
  lecturerContainers: [
    { id: hexId('f0e1d2c3b4a5', 'f'), name: 'lecturer-db', image: 'postgres:16', status: 'running', created: 1_600_000_000 },
    /** Named like my-ping's short ID: dockerd matches this exact name before the prefix. */
    { id: hexId('e6e6e6e6e6e6', 'e'), name: SHADOWED_DECK_ID.slice(0, 12), image: 'alpine', status: 'running', created: 1_600_000_100 },
    /** Shares `c3` with deck-redis: that prefix is ambiguous. */
    { id: hexId('c3d4d4d4d4d4', 'd'), name: 'lecturer-cache', image: 'redis', status: 'exited', created: 1_600_000_200 },
  ],
  deckImage: { ref: DEMO_IMAGE, id: `sha256:${hexId('7e1d2c3b4a5f', '3')}` },
  chapterImages: [
    { ref: 'alpine:latest', id: `sha256:${hexId('9c6f07244728', '2')}` },
    { ref: 'redis:latest', id: `sha256:${hexId('4a7f0f8c1b2e', '1')}` },
    { ref: 'hello-world:latest', id: `sha256:${hexId('d2c94e258dcb', '4')}` },
  ],
  lecturerImage: { ref: 'postgres:16', id: `sha256:${hexId('0fa1b2c3d4e5', '6')}` },
  deckNetwork: { name: 'deck_net', id: hexId('d4d4d4d4d4d4', 'd') },
  lecturerNetwork: { name: 'lecturer_app_default', id: hexId('a0a0a0a0a0a0', '0') },
  builtinNetworks: [{ name: 'bridge', id: hexId('1b1b1b1b1b1b', '1') }, { name: 'host', id: hexId('2c2c2c2c2c2c', '2') }, { name: 'none', id: hexId('3d3d3d3d3d3d', '3') }],
  deckVolume: 'deck_data',
  lecturerVolume: 'lecturer_pgdata',
} as const

/** A fresh world holding WORLD's objects. */
export function createWorld(): EngineWorld {
  const imageIdOf = (ref: string) => [WORLD.deckImage, WORLD.lecturerImage, ...WORLD.chapterImages].find((image) => sameImageRef(image.ref, ref))?.id ?? ''
  const container = (c: (typeof WORLD.deckContainers)[number] | (typeof WORLD.lecturerContainers)[number], labels: Record<string, string>): WorldContainer =>
    ({ ...c, imageId: imageIdOf(c.image), labels: { ...labels }, tty: false })
  return {
    containers: [...WORLD.deckContainers.map((c) => container(c, OWNED)), ...WORLD.lecturerContainers.map((c) => container(c, {}))],
    images: [
      { id: WORLD.deckImage.id, tags: [normalImageRef(WORLD.deckImage.ref)!], labels: { ...OWNED } },
      ...WORLD.chapterImages.map((image) => ({ id: image.id, tags: [normalImageRef(image.ref)!], labels: {} })),
      { id: WORLD.lecturerImage.id, tags: [normalImageRef(WORLD.lecturerImage.ref)!], labels: {} },
    ],
    networks: [
      ...WORLD.builtinNetworks.map((n) => ({ ...n, labels: {} })),
      { ...WORLD.deckNetwork, labels: { ...OWNED } },
      { ...WORLD.lecturerNetwork, labels: {} },
    ],
    volumes: [{ name: WORLD.deckVolume, labels: { ...OWNED } }, { name: WORLD.lecturerVolume, labels: {} }],
    execs: new Map(),
  }
}

const isDeck = (labels: Record<string, string>) => labels[OWNED_LABEL] === 'true'
const none = (ambiguous = false): Resolution => ({ found: undefined, ambiguous })

/** Full ID, then exact name (with or without its leading `/`), then a unique ID prefix: dockerd's GetContainer. */
export function resolveContainer(world: EngineWorld, ref: string): Resolution {
  if (ref === '') return none()
  const named = (c: WorldContainer): Resolution => ({ found: { kind: 'container', id: c.id, name: c.name, deck: isDeck(c.labels) } })
  const byId = world.containers.find((c) => c.id === ref)
  if (byId) return named(byId)
  const name = ref.startsWith('/') ? ref.slice(1) : ref
  const byName = world.containers.find((c) => c.name === name)
  if (byName) return named(byName)
  const byPrefix = world.containers.filter((c) => c.id.startsWith(ref))
  return byPrefix.length === 1 ? named(byPrefix[0]!) : none(byPrefix.length > 1)
}

/** A full ID (`sha256:…` or 64 hex digits), then a name and tag, then a unique ID prefix: dockerd's GetImage. */
export function resolveImage(world: EngineWorld, ref: string): Resolution {
  const named = (image: WorldImage): Resolution => ({ found: { kind: 'image', id: image.id, name: image.tags[0] ?? image.id, deck: isDeck(image.labels) } })
  if (/^(sha256:)?[0-9a-f]{64}$/.test(ref)) {
    const byId = world.images.find((image) => image.id === `sha256:${ref.replace(/^sha256:/, '')}`)
    return byId ? named(byId) : none()
  }
  const normal = normalImageRef(ref)
  if (normal === undefined && !/^sha256:[0-9a-f]+$/.test(ref)) return none()
  const byTag = normal === undefined ? undefined : world.images.find((image) => image.tags.includes(normal))
  if (byTag) return named(byTag)
  const prefix = ref.replace(/^sha256:/, '')
  if (!/^[0-9a-f]+$/.test(prefix)) return none()
  const byPrefix = world.images.filter((image) => image.id.slice('sha256:'.length).startsWith(prefix))
  return byPrefix.length === 1 ? named(byPrefix[0]!) : none(byPrefix.length > 1)
}

/** Full ID, then exact name, then a unique ID prefix: dockerd's FindNetwork. */
export function resolveNetwork(world: EngineWorld, ref: string): Resolution {
  if (ref === '') return none()
  const named = (n: WorldNetwork): Resolution => ({ found: { kind: 'network', id: n.id, name: n.name, deck: isDeck(n.labels) } })
  const exact = world.networks.find((n) => n.id === ref) ?? world.networks.find((n) => n.name === ref)
  if (exact) return named(exact)
  const byPrefix = world.networks.filter((n) => n.id.startsWith(ref))
  return byPrefix.length === 1 ? named(byPrefix[0]!) : none(byPrefix.length > 1)
}

/** A volume's name is its ID. */
export function resolveVolume(world: EngineWorld, ref: string): Resolution {
  const volume = world.volumes.find((v) => v.name === ref)
  return volume ? { found: { kind: 'volume', id: volume.name, name: volume.name, deck: isDeck(volume.labels) } } : none()
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/

/**
 * `alpine` → `docker.io/library/alpine:latest`, as the distribution
 * reference grammar normalises it; undefined when it is not a reference
 * (capitals in the path, `..`, white space). A digest is kept as `@sha256:…`.
 */
export function normalImageRef(ref: string): string | undefined {
  let rest = ref
  let digest = ''
  const at = rest.indexOf('@')
  if (at !== -1) {
    digest = rest.slice(at)
    rest = rest.slice(0, at)
    if (!/^@sha256:[0-9a-f]{64}$/.test(digest)) return undefined
  }
  let tag = ''
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!/^\w[\w.-]{0,127}$/.test(tag)) return undefined
  }
  const parts = rest.split('/')
  let domain = 'docker.io'
  if (parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === 'localhost' || parts[0] !== parts[0]!.toLowerCase())) {
    domain = parts.shift()!
    if (!/^[a-zA-Z0-9.-]+(:\d+)?$/.test(domain)) return undefined
  }
  if (parts.length === 0 || !parts.every((part) => PATH_COMPONENT.test(part))) return undefined
  if (domain === 'index.docker.io') domain = 'docker.io'
  if (domain === 'docker.io' && parts.length === 1) parts.unshift('library')
  return `${domain}/${parts.join('/')}${tag || digest ? '' : ':latest'}${tag ? `:${tag}` : ''}${digest}`
}

/** Whether two references name the same repository and tag. */
export const sameImageRef = (a: string, b: string) => normalImageRef(a) !== undefined && normalImageRef(a) === normalImageRef(b)

/** The repository of a normalised reference, without tag or digest: `docker.io/library/alpine`. */
export const repositoryOf = (normal: string) => normal.replace(/@sha256:[0-9a-f]{64}$/, '').replace(/:[\w][\w.-]*$/, '')

/** Every object in `world` carrying the deck's label, by kind (for the envelope's questions). */
export function isDeckObject(world: EngineWorld, kind: Named['kind'], ref: string): boolean {
  const resolve = { container: resolveContainer, image: resolveImage, network: resolveNetwork, volume: resolveVolume }[kind]
  return resolve(world, ref).found?.deck === true
}
