// Decides whether a command line may run and exactly how: the argv the docker
// CLI receives, whether it needs a terminal, and every change the runner made
// (label, limits, loopback ports, scoping, placeholders) as notices the deck
// shows. Anything it cannot prove safe is refused before a process starts.
import { canonicalSubcommand, SUBCOMMANDS, type OptionTable } from './docker-options.ts'
import { OWNED_FILTER } from '../../../lib/labels.ts'
import { limitWords } from './resource-limits.ts'
import { loopbackPublish } from './loopback-ports.ts'
import { checkExecOption, checkRunOption, ownedLabelWords } from './option-rules.ts'
import { parseLine, type Placeholder, type Word } from './parse-line.ts'
import type { ContainerInfo, Notice } from '../../../lib/protocol.ts'
import { Refused } from './refusal.ts'
import { optionWords, OptionError, splitOptions, type OptionUnit, type SplitArgs } from './split-options.ts'

/** What the policy needs to know about the engine; the runner and tests provide it. */
export interface EngineView {
  isDeckContainer(ref: string): Promise<boolean>
  isDeckImage(ref: string): Promise<boolean>
  imageId(ref: string): Promise<string | undefined>
  /** The deck's newest container, optionally from one image, preferring a state. */
  latestDeckContainer(query: { image?: string; prefer: 'running' | 'stopped' | 'any' }): ContainerInfo | undefined
}

export interface Plan {
  subcommand: string
  /** Words after `docker`; `substitution.at` marks where the listed IDs go. */
  argv: string[]
  substitution?: { argv: string[]; at: number }
  tty: boolean
  notices: Notice[]
  resolvedLine: string
  /** Containers the run attaches to (`start -a`); stopped when the run is cancelled. */
  attachesTo: string[]
}

const MUTATES_CONTAINERS = new Set(['start', 'stop', 'restart', 'kill', 'rm', 'pause', 'unpause', 'exec'])
const SUBSTITUTION_OK = new Set(['rm', 'rmi', 'stop', 'kill', 'start', 'restart', 'pause', 'unpause', 'inspect'])
const PRUNES = new Set(['system prune', 'container prune', 'image prune'])
const SUBSTITUTION_MARK = '\u0002$(…)'

/** Plans `line` for run `runId`, or throws Refused saying what and why. */
export async function planCommand(line: string, runId: string, view: EngineView): Promise<Plan> {
  const words = parseLine(line)
  const first = words[0]
  if (typeof first === 'string' && first.startsWith('-')) throw globalOption(first)
  const leading: string[] = []
  for (const word of words.slice(0, 2)) {
    if (typeof word !== 'string') break
    leading.push(word)
  }
  const sub = canonicalSubcommand(leading)
  if (!sub) throw unsupported(leading)
  const table = SUBCOMMANDS[sub.name]!
  const notices: Notice[] = []
  const argsWords = words.slice(sub.consumed)
  const substitution = argsWords.find((word): word is { substitution: string[] } => typeof word === 'object' && 'substitution' in word)
  const args = await Promise.all(argsWords.map((word) => wordText(word, sub.name, view, notices)))
  const split = split_(args, table, sub.name)

  const plan: Plan = { subcommand: sub.name, argv: [], tty: false, notices, resolvedLine: '', attachesTo: [] }
  let units = split.units
  let prefix: string[] = []
  const options = units.flatMap((unit) => unit.options)
  const has = (name: string) => options.some((option) => option.name === name && option.value !== 'false')

  if (sub.name === 'run' || sub.name === 'create') {
    for (const option of options) await checkRunOption(option, (ref) => view.isDeckContainer(ref))
    units = units.map((unit) => publishOnLoopback(unit, table, notices))
    prefix = [...ownedLabelWords(runId), ...limitWords(options)]
    notices.push({ kind: 'label', text: 'Labelled as the deck\'s container, so reset and scoped commands find it and leave yours alone.' })
    if (prefix.length > 4) notices.push({ kind: 'limits', text: `Default limits added: ${prefix.slice(4).join(' ')}.` })
    plan.tty = sub.name === 'run' && has('tty')
  } else if (sub.name === 'exec') {
    options.forEach(checkExecOption)
    plan.tty = has('tty')
  } else if (sub.name === 'start') {
    plan.tty = has('interactive')
    if (has('attach') || has('interactive')) plan.attachesTo = split.positionals.filter((p) => p !== SUBSTITUTION_MARK)
  } else if (PRUNES.has(sub.name)) {
    prefix = ['--filter', OWNED_FILTER]
    notices.push({ kind: 'scoped', text: `Scoped with --filter ${OWNED_FILTER}: only the deck's objects are pruned.` })
    if (!has('force')) {
      prefix.push('--force')
      notices.push({ kind: 'confirm', text: '--force added: the runner answers the "Are you sure?" prompt, which a slide cannot.' })
    }
  }

  await checkTargets(sub.name, split, view)
  if (substitution) plan.substitution = { argv: scopedListing(substitution.substitution, sub.name, notices), at: -1 }
  plan.argv = [...leading.slice(0, sub.consumed), ...prefix, ...units.flatMap((unit) => unit.tokens), ...(split.endOfOptions ? ['--'] : []), ...split.positionals]
  if (plan.substitution) plan.substitution.at = plan.argv.indexOf(SUBSTITUTION_MARK)
  plan.resolvedLine = displayLine(plan)
  return plan
}

async function wordText(word: Word, subcommand: string, view: EngineView, notices: Notice[]): Promise<string> {
  if (typeof word === 'string') return word
  if ('substitution' in word) {
    if (!SUBSTITUTION_OK.has(subcommand)) throw new Refused('substitution', `$(…) is only supported as the argument list of docker rm, rmi, stop, kill, start, restart, pause, unpause or inspect, not of docker ${subcommand}.`)
    return SUBSTITUTION_MARK
  }
  return resolvePlaceholder(word.placeholder, subcommand, view, notices)
}

async function resolvePlaceholder(placeholder: Placeholder, subcommand: string, view: EngineView, notices: Notice[]): Promise<string> {
  if (placeholder.kind === 'image-id') {
    const id = placeholder.image ? await view.imageId(placeholder.image) : undefined
    if (!id) throw new Refused('placeholder', `${placeholder.text} names no image on this engine; write <image-id:NAME> with an image that exists.`, placeholder.text)
    notices.push({ kind: 'resolved', text: `${placeholder.text} → ${id} (${placeholder.image})` })
    return id
  }
  const prefer = ['exec', 'stop', 'kill', 'pause', 'restart'].includes(subcommand) ? 'running' : subcommand === 'start' ? 'stopped' : 'any'
  const found = view.latestDeckContainer({ prefer, ...(placeholder.image ? { image: placeholder.image } : {}) })
  if (!found) {
    const from = placeholder.image ? ` from image ${placeholder.image}` : ''
    throw new Refused('placeholder', `${placeholder.text} stands for the deck's latest container${from}, and there is none yet; run the slide that creates it first.`, placeholder.text)
  }
  const id = found.id.slice(0, 12)
  notices.push({ kind: 'resolved', text: `${placeholder.text} → ${id} (${found.name}, ${found.image}, ${found.state})` })
  return id
}

function split_(args: string[], table: OptionTable, subcommand: string): SplitArgs {
  try {
    return splitOptions(args, table, subcommand)
  } catch (error) {
    if (error instanceof OptionError) throw new Refused(error.code, error.message, error.subject)
    throw error
  }
}

function publishOnLoopback(unit: OptionUnit, table: OptionTable, notices: Notice[]): OptionUnit {
  if (!unit.options.some((option) => option.name === 'publish')) return unit
  const options = unit.options.map((option) => {
    if (option.name !== 'publish') return option
    const value = loopbackPublish(option.value ?? '')
    if (value !== option.value) notices.push({ kind: 'loopback', text: `-p ${option.value} → -p ${value}: published on this computer only, not on the network.` })
    return { ...option, value }
  })
  return { tokens: optionWords(options, table), options }
}

/** Commands that change containers or images act only on the deck's own. */
async function checkTargets(subcommand: string, split: SplitArgs, view: EngineView): Promise<void> {
  const named = subcommand === 'exec' ? split.positionals.slice(0, 1) : split.positionals
  const targets = named.filter((word) => word !== SUBSTITUTION_MARK)
  if (MUTATES_CONTAINERS.has(subcommand)) {
    for (const ref of targets) {
      if (!(await view.isDeckContainer(ref))) {
        throw new Refused('not-deck-object', `docker ${subcommand} ${ref} is refused: ${ref} is not a container this deck created, and the runner only touches its own. Use <id> for the deck's latest container.`, ref)
      }
    }
  }
  if (subcommand === 'rmi') {
    for (const ref of targets) {
      if (!(await view.isDeckImage(ref))) {
        throw new Refused('not-deck-object', `docker rmi ${ref} is refused: the image is not one the deck made (label docker-live-deck.owned), so the runner will not remove it.`, ref)
      }
    }
  }
}

/** The inner listing of `$(…)`: `docker ps -a -q` (or `images -q` for rmi), scoped to the deck. */
function scopedListing(words: string[], outer: string, notices: Notice[]): string[] {
  const sub = canonicalSubcommand(words.slice(0, 2))
  const expected = outer === 'rmi' ? 'images' : 'ps'
  if (!sub || sub.name !== expected) {
    throw new Refused('substitution', `Inside $(…) for docker ${outer} only \`docker ${expected} -q\` is supported, not \`docker ${words.join(' ')}\`.`, `docker ${words.join(' ')}`)
  }
  const split = split_(words.slice(sub.consumed), SUBCOMMANDS[sub.name]!, sub.name)
  const options = split.units.flatMap((unit) => unit.options)
  const allowed = new Set(['all', 'quiet', 'filter', 'no-trunc', 'last', 'latest'])
  const odd = options.find((option) => !allowed.has(option.name))
  // `-q=false` switches quiet off; `--` would turn the appended filter into arguments.
  const quiet = options.filter((option) => option.name === 'quiet').at(-1)
  const reallyQuiet = quiet !== undefined && (quiet.value === undefined || /^(1|t|true)$/i.test(quiet.value))
  if (split.positionals.length > 0 || split.endOfOptions || odd || !reallyQuiet) {
    throw new Refused('substitution', `Inside $(…) the listing must print only IDs: write \`docker ${expected} -a -q\`.`, `docker ${words.join(' ')}`)
  }
  notices.push({ kind: 'scoped', text: `Scoped: $(docker ${words.join(' ')}) lists only the deck's ${outer === 'rmi' ? 'images' : 'containers'} (--filter ${OWNED_FILTER}); yours are left alone.` })
  return [...words, '--filter', OWNED_FILTER]
}

function displayLine(plan: Plan): string {
  const words = plan.argv.map((word, i) => (i === plan.substitution?.at ? `$(docker ${plan.substitution.argv.map(shellWord).join(' ')})` : shellWord(word)))
  return `docker ${words.join(' ')}`
}

/** A word as a student would type it: bare when safe, single-quoted otherwise. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`
}

function globalOption(flag: string): Refused {
  const name = flag.split('=')[0]!
  const reasons: Record<string, string> = {
    '-H': 'would send the command to another Docker daemon', '--host': 'would send the command to another Docker daemon',
    '-c': 'would switch to another Docker context', '--context': 'would switch to another Docker context',
    '--config': 'would read CLI configuration from another directory',
  }
  const why = reasons[name] ?? (name.startsWith('--tls') ? 'changes how the CLI reaches a daemon' : 'is not supported by the runner')
  return new Refused('global-option', `The global option ${name} is refused: it ${why}. Put the subcommand right after docker.`, name)
}

function unsupported(words: string[]): Refused {
  const shown = words.join(' ') || '(nothing)'
  return new Refused('subcommand', `docker ${shown} is not one of the commands this deck runs (run, create, start, stop, kill, rm, rmi, ps, images, exec, logs, inspect, system prune …); try it in your own terminal.`, shown)
}
