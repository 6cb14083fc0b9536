// Containers and images named as a command's targets must be the deck's. Each
// name or ID prefix is resolved at planning time to the object's full ID, and
// that ID is what the engine receives: a name swapped between plan and start
// reaches nothing else. The resolved line shows the short ID.
import type { Notice } from '../../lib/protocol.ts'
import { shortId, type EngineView } from './engine-view.ts'
import { QUOTED_LISTING_DEMO, resolveDeckObject } from './object-reference.ts'
import { isListing, piece, type Arg } from './plan-words.ts'
import { Refused } from './refusal.ts'

/** Whether the command changes its targets or only reads them; the refusal says which. */
export type Access = 'changes' | 'reads'

/** Resolves each container target (a `$(…)` slot stays as it is) to a deck container's full ID. */
export async function deckContainers(targets: readonly Arg[], command: string, access: Access, view: EngineView, notices: Notice[]): Promise<Arg[]> {
  const resolved: Arg[] = []
  for (const target of targets) {
    if (isListing(target)) {
      resolved.push(target)
      continue
    }
    // `docker rm 'docker ps -a -q'`, this exact text only: docker's own "No such container" teaches more than a refusal.
    if (command === 'rm' && target.word === QUOTED_LISTING_DEMO) {
      resolved.push(target)
      continue
    }
    const id = await resolveDeckObject('container', target.word, view, `docker ${command}`)
    if (!id) {
      const why = access === 'changes' ? 'and the runner only touches its own' : 'and the runner shows only its own (yours may hold secrets in their settings or output)'
      const shown = shownRef(target.word)
      throw new Refused('not-deck-object', `docker ${command} ${shown} is refused: ${shown} is not a container this deck created, ${why}. Use <id> for the deck's latest container.`, shown)
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
    const id = await resolveDeckObject('image', target.word, view, `docker ${command}`)
    if (!id) {
      const what = access === 'changes' ? 'remove' : 'show'
      const shown = shownRef(target.word)
      throw new Refused('not-deck-object', `docker ${command} ${shown} is refused: the image is not one the deck made (label docker-live-deck.owned), so the runner will not ${what} it.`, shown)
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

/** A full ID (a placeholder filled in) as the deck shows IDs: short; any other word as typed. */
const shownRef = (word: string) => (/^(?:sha256:)?[0-9a-f]{64}$/.test(word) ? shortId(word.replace(/^sha256:/, '')) : word)
