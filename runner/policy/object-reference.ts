// Every word that names an engine object (container, image, network, volume)
// passes here before the engine is asked about it. The docker CLI trims a
// name and cleans the request path it builds, so `' lecturer-db'` reaches
// lecturer-db and `'a b/../../volumes/x'` reaches DELETE /volumes/x: a word
// is accepted only in the grammar docker itself gives that kind of object,
// and only then resolved (full ID, exact name, unique ID prefix, as dockerd
// does) to a deck object's full ID, which is what the engine receives.
import type { EngineView } from './engine-view.ts'
import { parseImageName } from './image-names.ts'
import { Refused } from './refusal.ts'

/** The kinds of engine object a command may name. */
export type ObjectKind = 'container' | 'image' | 'network' | 'volume'

/** White space of any kind, control and invisible format characters (the CLI trims some; none belongs in a name). */
const UNSAFE_CHARACTER = /[\s\p{Cc}\p{Cf}\p{Z}]/u

/** docker's grammar for container, network and volume names; an ID prefix fits it too. */
const OBJECT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/

/** An image ID or ID prefix as `docker rmi` takes it. */
const IMAGE_ID = /^(?:sha256:)?[0-9a-f]{1,64}$/

/**
 * The chapter's quoted demo, `docker rm 'docker ps -a -q'`: docker answers
 * "No such container", which teaches quoting better than a refusal. This
 * exact text can name nothing (no object's name or ID holds a space, and it
 * holds no `/` or `..`), so it is sent as typed.
 */
export const QUOTED_LISTING_DEMO = 'docker ps -a -q'

const KIND_WORDS: Record<ObjectKind, string> = { container: 'container', image: 'image', network: 'network', volume: 'volume' }

/** Why `word` cannot name an object of `kind`, or undefined when its grammar is docker's. */
export function referenceProblem(kind: ObjectKind, word: string): string | undefined {
  if (word === '') return 'it is empty'
  if (UNSAFE_CHARACTER.test(word)) return 'it holds white space or an invisible character, which the docker CLI trims or passes into the request path, so it could name another object'
  if (word.includes('..')) return 'it holds "..", which the docker CLI cleans out of the request path, so it could reach another object'
  if (kind === 'image') {
    return IMAGE_ID.test(word) || parseImageName(word) !== undefined ? undefined : 'it is not an image reference such as alpine, redis:7 or an image ID'
  }
  if (word.includes('/')) return `a ${KIND_WORDS[kind]} name has no "/", and the docker CLI would put one into the request path`
  return OBJECT_NAME.test(word) ? undefined : `a ${KIND_WORDS[kind]} name is letters, digits, _ . or -, starting with a letter or digit`
}

/** Whether `word` is in docker's grammar for `kind` (the engine may be asked about it). */
export const isReference = (kind: ObjectKind, word: string): boolean => referenceProblem(kind, word) === undefined

/** Refuses `word` unless it is in docker's grammar for `kind`; `command` is how the refusal names the line. */
export function checkReference(kind: ObjectKind, word: string, command: string): void {
  const problem = referenceProblem(kind, word)
  if (problem === undefined) return
  throw new Refused('reference', `${command} ${JSON.stringify(word)} is refused: ${problem}. Write the ${KIND_WORDS[kind]}'s name or ID exactly, or use <id> for the deck's latest container.`, JSON.stringify(word))
}

/**
 * The one way the policy asks the engine about a word: the grammar first,
 * then the deck object it names. Returns the object's full ID (a volume's
 * name is its ID), or undefined when it is not the deck's.
 */
export async function resolveDeckObject(kind: ObjectKind, word: string, view: EngineView, command: string): Promise<string | undefined> {
  checkReference(kind, word, command)
  switch (kind) {
    case 'container': return view.resolveDeckContainer(word)
    case 'image': return view.resolveDeckImage(word)
    case 'network': return view.resolveDeckNetwork(word)
    case 'volume': return (await view.isDeckVolume(word)) ? word : undefined
  }
}
