// Containers and images named as a command's targets must be the deck's. Each
// name or ID prefix is resolved at planning time to the object's full ID, and
// that ID is what the engine receives: a name swapped between plan and start
// reaches nothing else. The resolved line shows the short ID.
import type { Notice } from '../../../lib/protocol.ts'
import { shortId, type EngineView } from './engine-view.ts'
import { isListing, piece, type Arg } from './plan-words.ts'
import { Refused } from './refusal.ts'

/** Whether the command changes its targets or only reads them; the refusal says which. */
export type Access = 'changes' | 'reads'

/**
 * What docker accepts as a container reference: a name (optionally with its
 * leading slash) or an ID prefix. A word outside it names no container at all.
 */
const CONTAINER_REF = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/

/** Resolves each container target (a `$(…)` slot stays as it is) to a deck container's full ID. */
export async function deckContainers(targets: readonly Arg[], command: string, access: Access, view: EngineView, notices: Notice[]): Promise<Arg[]> {
  const resolved: Arg[] = []
  for (const target of targets) {
    if (isListing(target)) {
      resolved.push(target)
      continue
    }
    // `docker rm 'docker ps -a -q'` names nothing that can exist: docker's own "No such container" teaches more than a refusal.
    if (command === 'rm' && /\s/.test(target.word) && !CONTAINER_REF.test(target.word) && !target.word.startsWith('-')) {
      resolved.push(target)
      continue
    }
    const id = await view.resolveDeckContainer(target.word)
    if (!id) {
      const why = access === 'changes' ? 'and the runner only touches its own' : 'and the runner shows only its own (yours may hold secrets in their settings or output)'
      throw new Refused('not-deck-object', `docker ${command} ${target.word} is refused: ${target.word} is not a container this deck created, ${why}. Use <id> for the deck's latest container.`, target.word)
    }
    resolved.push(pinned(target.word, id, notices))
  }
  return resolved
}

/** Resolves each image target to a deck image's full ID (`rmi`, `image inspect`). */
export async function deckImages(targets: readonly Arg[], command: string, access: Access, view: EngineView, notices: Notice[]): Promise<Arg[]> {
  const resolved: Arg[] = []
  for (const target of targets) {
    if (isListing(target)) {
      resolved.push(target)
      continue
    }
    const id = await view.resolveDeckImage(target.word)
    if (!id) {
      const what = access === 'changes' ? 'remove' : 'show'
      throw new Refused('not-deck-object', `docker ${command} ${target.word} is refused: the image is not one the deck made (label docker-live-deck.owned), so the runner will not ${what} it.`, target.word)
    }
    resolved.push(pinned(target.word, id, notices))
  }
  return resolved
}

/** The full ID to run, shown short; a name (not an ID prefix) gets a notice saying which ID it became. */
function pinned(ref: string, id: string, notices: Notice[]) {
  const bare = ref.replace(/^sha256:/, '')
  if (!id.startsWith(bare)) notices.push({ kind: 'resolved', text: `${ref} → ${shortId(id)}: pinned to the deck's object by ID.` })
  return piece(id, shortId(id))
}
