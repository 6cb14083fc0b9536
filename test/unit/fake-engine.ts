// A fake engine for the policy tests: a fixed set of deck containers,
// images, volumes and networks, foreign ones beside them, and a record of the
// placeholder queries the policy made. References resolve as the engine
// resolves them: full ID, then exact name, then ID prefix. Which container a
// placeholder names, and how many are alive, is the runner's own
// DeckContainers, told of each container by the events the engine would send.
import type { DockerCli } from '../../runner/docker/docker-cli.ts'
import { DeckContainers } from '../../runner/engine/deck-containers.ts'
import type { EngineView } from '../../runner/policy/policy.ts'
import type { ContainerInfo, LifecycleEvent } from '../../lib/protocol.ts'

const hex = (digit: string) => digit.repeat(64)

/** The deck's containers, from newest to oldest. */
export const DECK = {
  /** Newest overall, stopped. */
  alpineExited: { id: hex('a'), name: 'deck-alpine', image: 'alpine', state: 'exited', exitCode: 0, createdAt: 400 },
  /** Newest running. */
  redisRunning: { id: hex('b'), name: 'deck-redis', image: 'redis', state: 'running', createdAt: 300 },
  redisExited: { id: hex('c'), name: 'deck-redis-old', image: 'redis', state: 'exited', exitCode: 137, createdAt: 200 },
  alpineRunning: { id: hex('d'), name: 'deck-sleeper', image: 'alpine', state: 'running', createdAt: 100 },
} satisfies Record<string, ContainerInfo>

/** A container the lecturer made outside the deck. */
export const FOREIGN_CONTAINER = 'lecturer-db'

/** name → short ID (and the full one); only `deck-hello` carries the deck's label. */
export const IMAGES: Record<string, { id: string; full: string; deck: boolean }> = {
  'redis': { id: '4a7f0f8c1b2e', full: '4a7f0f8c1b2e'.padEnd(64, '1'), deck: false },
  'alpine': { id: '9c6f07244728', full: '9c6f07244728'.padEnd(64, '2'), deck: false },
  'deck-hello': { id: '7e1d2c3b4a5f', full: '7e1d2c3b4a5f'.padEnd(64, '3'), deck: true },
  'docker-live-deck/rmi-demo': { id: '5b0e3d2c1a4f', full: '5b0e3d2c1a4f'.padEnd(64, '4'), deck: true },
}

/** Volumes the deck created, and one of the lecturer's. */
export const DECK_VOLUME = 'deck-data'
export const FOREIGN_VOLUME = 'lecturer-data'

/** A network the deck created (name → full ID), and one of the lecturer's. */
export const DECK_NETWORK = { name: 'deck-net', id: hex('e') }
export const FOREIGN_NETWORK = 'lecturer-net'

export interface FakeEngine extends EngineView, Pick<DeckContainers, 'reserveStart' | 'releaseStart'> {
  queries: Array<{ image?: string; prefer: 'running' | 'stopped' | 'any' }>
}

/** The engine's events that leave `container` as it is: created, then started, paused, stopped or removed. */
function eventsOf(container: ContainerInfo): LifecycleEvent[] {
  const base = { containerId: container.id, name: container.name, image: container.image, timeNano: `${container.createdAt}000000` }
  const then: Record<ContainerInfo['state'], LifecycleEvent[]> = {
    created: [],
    running: [{ ...base, action: 'start' }],
    paused: [{ ...base, action: 'start' }, { ...base, action: 'pause' }],
    exited: [{ ...base, action: 'start' }, { ...base, action: 'die', ...(container.exitCode === undefined ? {} : { exitCode: container.exitCode }) }],
    removed: [{ ...base, action: 'destroy' }],
  }
  return [{ ...base, action: 'create' }, ...then[container.state]]
}

/** The runner's container table holding `containers`; it never calls docker here. */
function deckTable(containers: readonly ContainerInfo[]): DeckContainers {
  const noCli = new Proxy({}, { get: () => () => Promise.reject(new Error('fakeEngine: the container table asked docker')) }) as DockerCli
  const table = new DeckContainers(noCli)
  for (const container of containers) for (const event of eventsOf(container)) table.apply(event)
  return table
}

/** A fake engine holding `containers` (the deck's) and the images above. */
export function fakeEngine(containers: ContainerInfo[] = Object.values(DECK)): FakeEngine {
  const queries: FakeEngine['queries'] = []
  const table = deckTable(containers)
  const findContainer = (ref: string) => containers.find((c) => c.id === ref) ?? containers.find((c) => c.name === ref)
    ?? (ref.length >= 4 ? containers.find((c) => c.id.startsWith(ref)) : undefined)
  const findImage = (ref: string) => Object.entries(IMAGES).find(([name, image]) => name === ref || image.full.startsWith(ref.replace(/^sha256:/, '')))?.[1]
  return {
    queries,
    async resolveDeckContainer(ref) {
      return ref === FOREIGN_CONTAINER ? undefined : findContainer(ref)?.id
    },
    async resolveDeckImage(ref) {
      const image = ref === '' ? undefined : findImage(ref)
      return image?.deck ? image.full : undefined
    },
    async resolveDeckNetwork(ref) {
      return ref === DECK_NETWORK.name || (ref.length >= 4 && DECK_NETWORK.id.startsWith(ref)) ? DECK_NETWORK.id : undefined
    },
    async isDeckVolume(name) {
      return name === DECK_VOLUME
    },
    async imageId(ref) {
      return Object.hasOwn(IMAGES, ref) ? IMAGES[ref]!.full : undefined
    },
    aliveDeckContainers: () => table.aliveDeckContainers(),
    reserveStart: (runId, cap) => table.reserveStart(runId, cap),
    releaseStart: (runId) => table.releaseStart(runId),
    latestDeckContainer(query) {
      queries.push(query)
      return table.latestDeckContainer(query)
    },
  }
}

/** What a rejected promise or a throwing call was refused with. */
export interface Caught {
  name: string
  code: string | undefined
  subject: string | undefined
  message: string
}

/** Awaits `work` and returns what it threw; fails the test when it did not throw. */
export async function refusalOf(work: Promise<unknown> | (() => unknown)): Promise<Caught> {
  try {
    const value = await (typeof work === 'function' ? work() : work)
    throw new NotRefused(value)
  } catch (error) {
    if (error instanceof NotRefused) throw new Error(`expected a refusal, but it was accepted: ${JSON.stringify(error.value)}`, { cause: error })
    const e = error as { code?: string; subject?: string; message: string; constructor: { name: string } }
    return { name: e.constructor.name, code: e.code, subject: e.subject, message: e.message }
  }
}

class NotRefused {
  constructor(readonly value: unknown) {}
}
