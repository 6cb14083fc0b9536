// Decides whether a command line may run and exactly how: the argv the docker
// CLI receives, whether it needs a terminal, and every change the runner made
// (label, limits, loopback ports, scoping, placeholders, IDs) as notices the
// deck shows. Anything it cannot prove safe is refused before a process
// starts. The work per subcommand lives in the steps table (steps.ts).
import { DECK_PORT, RUNNER_PORT } from '../../lib/ports.ts'
import type { Notice } from '../../lib/protocol.ts'
import { loadDeckConfig } from './deck-config.ts'
import { optionTable } from './docker-options.ts'
import { shortId, type EngineView } from './engine-view.ts'
import type { ConfigSource } from './image-allow-list.ts'
import { parseLine, type Placeholder, type Word } from './parse-line.ts'
import { assemble, displayLine, piece, shellWord, unitPieces, type Arg } from './plan-words.ts'
import { checkReference } from './object-reference.ts'
import { Refused } from './refusal.ts'
import { STEPS } from './steps.ts'
import { subcommandOf } from './subcommand.ts'
import { scopedListing, substitutionNotHere } from './substitution.ts'
import { splitOrRefuse } from './split-options.ts'

export type { EngineView } from './engine-view.ts'
export { shellWord }

/** How a line runs: what the execution layer reads. */
export interface Plan {
  subcommand: string
  /** Words after `docker`; the IDs `$(…)` lists are inserted at `substitution.at`. */
  argv: string[]
  /** The scoped listing to run first, and the index in `argv` where its IDs go (before the word there). */
  substitution?: { argv: string[]; at: number }
  tty: boolean
  /** `-i`: docker passes the run's input on (a terminal's keys, or without `-t` lines through a pipe). */
  stdin: boolean
  notices: Notice[]
  resolvedLine: string
  /** Containers the run attaches to (`start -a`); stopped when the run is cancelled. */
  attachesTo: string[]
  /** More commands to run after `argv`, one after another, in the same run (a prune's other scoped parts). */
  then?: string[][]
}

/** What planCommand may be told besides the line; tests pass a config here. */
export interface PlanOptions {
  /**
   * Reads the lecturer's config (extra images).
   * @default loadDeckConfig at the project root
   */
  config?: ConfigSource
  /**
   * Host ports the deck listens on (its page, its runner), which `-p` may not publish on.
   * @default the default deck and runner ports
   */
  reservedPorts?: readonly number[]
}

/** Stands in for `$(…)` while options are split; it never reaches argv. */
const LISTING_STAND_IN = '$(…)'

/** Plans `line` for run `runId`, or throws Refused saying what and why. */
export async function planCommand(line: string, runId: string, view: EngineView, options: PlanOptions = {}): Promise<Plan> {
  const words = parseLine(line)
  const sub = subcommandOf(words)
  const step = STEPS.get(sub.name)
  const table = optionTable(sub.name)
  if (!step || !table) throw new Error(`policy: no step or option table for ${sub.name}`)
  const rest = words.slice(sub.consumed)
  const listingAt = rest.findIndex((word) => typeof word === 'object' && 'substitution' in word)
  if (listingAt !== -1 && !step.takesListing) throw substitutionNotHere(sub.name)

  const notices: Notice[] = []
  const args: string[] = []
  for (const word of rest) args.push(await wordText(word, sub.name, view, notices))
  const split = splitOrRefuse(args, table, sub.name)
  if (listingAt !== -1 && !split.positionalAt.includes(listingAt)) {
    throw new Refused('substitution', `$(…) stands where the ${sub.name === 'rmi' ? 'images' : 'containers'} go, not as the value of an option; write it after the options.`)
  }
  const positionals = split.positionals.map((word, i): Arg => {
    const listed = rest[listingAt]
    if (split.positionalAt[i] !== listingAt || typeof listed !== 'object' || !('substitution' in listed)) return piece(word)
    return { listing: scopedListing(listed.substitution, sub.name, notices) }
  })

  const out = await step.plan({
    name: sub.name, units: split.units, options: split.units.flatMap((unit) => unit.options), positionals, runId, view,
    config: options.config ?? (() => loadDeckConfig()),
    reservedPorts: options.reservedPorts ?? [DECK_PORT, RUNNER_PORT],
  })
  const head = [
    ...sub.words.map((word) => piece(word)),
    ...(out.prefix ?? []).map((word) => piece(word)),
    ...split.units.flatMap((unit, i) => (out.units ? unitPieces(unit, out.units[i]!, table) : unit.tokens.map((token) => piece(token)))),
    ...(split.endOfOptions ? [piece('--')] : []),
  ]
  if (out.sequence && out.sequence.length > 0) {
    const [first, ...then] = out.sequence as [string[], ...string[][]]
    return {
      subcommand: sub.name, argv: first, then, tty: false, stdin: false, notices: [...notices, ...(out.notices ?? [])],
      resolvedLine: out.sequence.map((argv) => `docker ${argv.map(shellWord).join(' ')}`).join('; '), attachesTo: [],
    }
  }
  const assembled = assemble(head, out.positionals ?? positionals)
  return {
    subcommand: sub.name,
    argv: assembled.argv,
    ...(assembled.substitution ? { substitution: assembled.substitution } : {}),
    tty: out.tty ?? false,
    stdin: out.stdin ?? false,
    notices: [...notices, ...(out.notices ?? [])],
    resolvedLine: displayLine(assembled),
    attachesTo: out.attachesTo ?? [],
  }
}

async function wordText(word: Word, subcommand: string, view: EngineView, notices: Notice[]): Promise<string> {
  if (typeof word === 'string') return word
  if ('substitution' in word) return LISTING_STAND_IN
  return resolvePlaceholder(word.placeholder, subcommand, view, notices)
}

const RUNNING_FIRST = new Set(['exec', 'stop', 'kill', 'pause', 'restart'])

/** `<id>`, `<id:IMAGE>` → the deck container's full ID; `<image-id:NAME>` → the image's ID. */
async function resolvePlaceholder(placeholder: Placeholder, subcommand: string, view: EngineView, notices: Notice[]): Promise<string> {
  // The image a placeholder names is a reference like any other: docker's grammar first.
  if (placeholder.image !== undefined) checkReference('image', placeholder.image, placeholder.text)
  if (placeholder.kind === 'image-id') {
    const id = placeholder.image ? await view.imageId(placeholder.image) : undefined
    if (!id) throw new Refused('placeholder', `${placeholder.text} names no image on this engine; write <image-id:NAME> with an image that exists.`, placeholder.text)
    notices.push({ kind: 'resolved', text: `${placeholder.text} → ${shortId(id)} (${placeholder.image})` })
    return id
  }
  const prefer = RUNNING_FIRST.has(subcommand) ? 'running' : subcommand === 'start' ? 'stopped' : 'any'
  const found = view.latestDeckContainer({ prefer, ...(placeholder.image ? { image: placeholder.image } : {}) })
  if (!found) {
    const from = placeholder.image ? ` from image ${placeholder.image}` : ''
    throw new Refused('placeholder', `${placeholder.text} stands for the deck's latest container${from}, and there is none yet; run the slide that creates it first.`, placeholder.text)
  }
  notices.push({ kind: 'resolved', text: `${placeholder.text} → ${shortId(found.id)} (${found.name}, ${found.image}, ${found.state})` })
  return found.id
}
