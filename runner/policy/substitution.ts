// The chapter's one command substitution, `docker rm $(docker ps -a -q)`: the
// inner command must be a listing that prints only IDs, and the runner scopes
// it to the deck's label so the outer command never sees the lecturer's.
import type { Notice } from '../../lib/protocol.ts'
import { OWNED_FILTER } from '../../lib/labels.ts'
import { canonicalSubcommand, optionTable } from './docker-options.ts'
import { Refused } from './refusal.ts'
import { splitOrRefuse } from './split-options.ts'

const LISTING_OPTIONS = new Set(['all', 'quiet', 'filter', 'no-trunc', 'last', 'latest'])

/** The refusal of `$(…)` where the outer command takes no list of IDs. */
export const substitutionNotHere = (subcommand: string) =>
  new Refused('substitution', `$(…) is only supported as the argument list of docker rm, rmi, stop, kill, start, restart, pause, unpause or inspect, not of docker ${subcommand}.`)

/** The inner listing of `$(…)`: `docker ps -a -q` (or `images -q` for rmi), scoped to the deck. */
export function scopedListing(words: string[], outer: string, notices: Notice[]): string[] {
  const sub = canonicalSubcommand(words.slice(0, 2))
  const expected = outer === 'rmi' ? 'images' : 'ps'
  if (!sub || sub.name !== expected) {
    throw new Refused('substitution', `Inside $(…) for docker ${outer} only \`docker ${expected} -q\` is supported, not \`docker ${words.join(' ')}\`.`, `docker ${words.join(' ')}`)
  }
  const split = splitOrRefuse(words.slice(sub.consumed), optionTable(sub.name)!, sub.name)
  const options = split.units.flatMap((unit) => unit.options)
  const odd = options.find((option) => !LISTING_OPTIONS.has(option.name))
  // `-q=false` switches quiet off; `--` would turn the appended filter into arguments.
  const quiet = options.filter((option) => option.name === 'quiet').at(-1)
  const reallyQuiet = quiet !== undefined && (quiet.value === undefined || /^(1|t|true)$/i.test(quiet.value))
  if (split.positionals.length > 0 || split.endOfOptions || odd || !reallyQuiet) {
    throw new Refused('substitution', `Inside $(…) the listing must print only IDs: write \`docker ${expected} -a -q\`.`, `docker ${words.join(' ')}`)
  }
  notices.push({ kind: 'scoped', text: `Scoped: $(docker ${words.join(' ')}) lists only the deck's ${outer === 'rmi' ? 'images' : 'containers'} (--filter ${OWNED_FILTER}), by full ID (--no-trunc); yours are left alone.` })
  // Full IDs: dockerd matches an exact name before an ID prefix, so a short ID could name one of yours.
  // Appended last, so it wins over a `--no-trunc=false` typed inside.
  return [...words, '--filter', OWNED_FILTER, '--no-trunc']
}
