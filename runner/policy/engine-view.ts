// What the policy asks the engine while it plans: which objects are the
// deck's, and their full IDs. The runner's DeckContainers answers from the
// engine itself; the unit tests answer from a fixed fake.
import type { ContainerInfo } from '../../lib/protocol.ts'

/** What the policy needs to know about the engine; the runner and tests provide it. */
export interface EngineView {
  /**
   * The full 64-hex ID of the deck container `ref` names (ID, ID prefix or
   * name, resolved as docker resolves it), or undefined when `ref` names no
   * container or one the deck did not create.
   */
  resolveDeckContainer(ref: string): Promise<string | undefined>
  /** The full 64-hex ID of the deck image `ref` names, or undefined. */
  resolveDeckImage(ref: string): Promise<string | undefined>
  /** The full 64-hex ID of the deck network `ref` names, or undefined. */
  resolveDeckNetwork(ref: string): Promise<string | undefined>
  /** Whether `name` is a volume the deck created (a volume's name is its ID). */
  isDeckVolume(name: string): Promise<boolean>
  /**
   * The full 64-hex image ID for `<image-id:NAME>` (never a short one: dockerd
   * matches a name before an ID prefix), or undefined when there is no such image.
   */
  imageId(ref: string): Promise<string | undefined>
  /** How many of the deck's containers are alive now (created, running or paused, detached ones included). */
  aliveDeckContainers(): number
  /** The deck's newest container, optionally from one image, preferring a state. */
  latestDeckContainer(query: { image?: string; prefer: 'running' | 'stopped' | 'any' }): ContainerInfo | undefined
}

/** The 12 characters of an ID the deck shows (`docker ps` does the same). */
export const shortId = (id: string): string => id.slice(0, 12)
