// A fake EngineView for the policy tests: a fixed set of deck containers and
// images, one foreign container and image, and a record of the placeholder
// queries the policy made. Selection mirrors DeckContainers: newest first,
// the preferred state if there is one, otherwise the newest of any state.
import type { EngineView } from '../../scripts/runner/policy/policy.ts'
import type { ContainerInfo } from '../../lib/protocol.ts'

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

/** name → short ID; only `deck-hello` carries the deck's label. */
export const IMAGES: Record<string, { id: string; deck: boolean }> = {
  'redis': { id: '4a7f0f8c1b2e', deck: false },
  'alpine': { id: '9c6f07244728', deck: false },
  'deck-hello': { id: '7e1d2c3b4a5f', deck: true },
}

export interface FakeEngine extends EngineView {
  queries: Array<{ image?: string; prefer: 'running' | 'stopped' | 'any' }>
}

/** A fake engine holding `containers` (the deck's) and the images above. */
export function fakeEngine(containers: ContainerInfo[] = Object.values(DECK)): FakeEngine {
  const queries: FakeEngine['queries'] = []
  const findContainer = (ref: string) => containers.find((c) => c.name === ref || (ref.length >= 4 && c.id.startsWith(ref)))
  const findImage = (ref: string) => Object.entries(IMAGES).find(([name, image]) => name === ref || image.id === ref)?.[1]
  return {
    queries,
    async isDeckContainer(ref) {
      return findContainer(ref) !== undefined
    },
    async isDeckImage(ref) {
      return findImage(ref)?.deck === true
    },
    async imageId(ref) {
      return IMAGES[ref]?.id
    },
    latestDeckContainer(query) {
      queries.push(query)
      const candidates = [...containers]
        .sort((a, b) => b.createdAt - a.createdAt)
        .filter((c) => !query.image || c.image === query.image)
      const preferred = candidates.filter((c) => query.prefer === 'any' || (query.prefer === 'running' ? c.state === 'running' : c.state !== 'running'))
      return preferred[0] ?? candidates[0]
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
    if (error instanceof NotRefused) throw new Error(`expected a refusal, but it was accepted: ${JSON.stringify(error.value)}`)
    const e = error as { code?: string; subject?: string; message: string; constructor: { name: string } }
    return { name: e.constructor.name, code: e.code, subject: e.subject, message: e.message }
  }
}

class NotRefused {
  constructor(readonly value: unknown) {}
}
