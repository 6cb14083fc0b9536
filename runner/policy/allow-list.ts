// The options `docker run`, `create` and `exec` accept, each with its value
// grammar. Anything else is refused, so an option a new docker release adds
// stays refused until someone decides on it. Every option is checked first
// (grammar, no engine); then the ones naming deck objects are resolved and
// pinned to full IDs.
import type { Notice } from '../../lib/protocol.ts'
import type { EngineView } from './engine-view.ts'
import { checkPublish } from './loopback-ports.ts'
import { checkNetwork, resolveNetwork } from './network-rules.ts'
import type { CheckedOption } from './plan-words.ts'
import { refusedOption } from './refused-options.ts'
import type { OptionUnit, ParsedOption } from './split-options.ts'
import { checkBoolean, checkEntrypoint, checkEnv, checkName, checkSignal, checkStopTimeout, checkUser, checkWorkdir } from './value-grammars.ts'
import { checkMount, checkVolume, requireDeckVolume } from './volume-rules.ts'

/** What the grammar check makes of one option. */
interface Checked {
  /** The value that runs, when the rule rewrote it. */
  value?: string
  notice?: Notice
  /** An engine lookup the option still needs; it may pin the value to an ID. */
  resolve?: (view: EngineView) => Promise<{ value: string; shown: string } | undefined | void>
}

type Rule = (value: string) => Checked | void

const flag = (name: string): Rule => (value) => checkBoolean(name, value)
const keep: Rule = () => undefined

const network = (name: string): Rule => (value) => {
  const target = checkNetwork(name, value)
  return { resolve: (view) => resolveNetwork(name, target, view) }
}

const RUN_RULES = new Map<string, Rule>([
  ['detach', flag('-d')], ['interactive', flag('-i')], ['tty', flag('-t')], ['rm', flag('--rm')], ['init', flag('--init')],
  ['name', checkName],
  ['env', checkEnv],
  ['publish', (value) => {
    const loopback = checkPublish(value)
    if (loopback === value) return undefined
    return { value: loopback, notice: { kind: 'loopback', text: `-p ${value} → -p ${loopback}: published on this computer only, not on the network.` } }
  }],
  ['volume', (value) => {
    const name = checkVolume(value)
    return name === undefined ? undefined : { resolve: (view) => requireDeckVolume(name, `-v ${value}`, view) }
  }],
  ['mount', (value) => {
    const name = checkMount(value)
    return name === undefined ? undefined : { resolve: (view) => requireDeckVolume(name, `--mount ${value}`, view) }
  }],
  ['network', network('network')], ['net', network('net')],
  ['entrypoint', checkEntrypoint],
  ['workdir', checkWorkdir],
  ['stop-signal', checkSignal],
  ['stop-timeout', checkStopTimeout],
  // Checked against the deck's defaults by limitWords: equal or stricter only.
  ['pids-limit', keep], ['memory', keep], ['cpus', keep],
])

/** create's: run's without -d, which only docker run has (create's option table lacks it too). */
const CREATE_RULES = new Map([...RUN_RULES].filter(([name]) => name !== 'detach'))

const EXEC_RULES = new Map<string, Rule>([
  ['detach', flag('-d')], ['interactive', flag('-i')], ['tty', flag('-t')],
  ['env', checkEnv],
  ['workdir', checkWorkdir],
  ['user', checkUser],
])

const RULES = new Map([['run', RUN_RULES], ['create', CREATE_RULES], ['exec', EXEC_RULES]])

/** Booleans carry no value unless written `--rm=false`; valued options always do. */
const BOOLEANS = new Set(['detach', 'interactive', 'tty', 'rm', 'init'])

/** Options whose grammar passed; `resolve` then asks the engine about the deck objects they name. */
export interface CheckedOptions {
  /** Notices the grammar step already owes (loopback ports). */
  notices: Notice[]
  /** Resolves and pins the deck objects the options name; returns, per unit, the options to run. */
  resolve(view: EngineView): Promise<{ units: CheckedOption[][]; notices: Notice[] }>
}

/**
 * Checks every option of `docker subcommand` (run, create or exec) against
 * its allow-list and value grammar, without the engine; throws Refused
 * naming the first option that is not accepted.
 */
export function checkOptions(subcommand: string, units: readonly OptionUnit[]): CheckedOptions {
  const rules = RULES.get(subcommand)
  if (!rules) throw new Error(`policy: no allow-list for docker ${subcommand}`)
  const notices: Notice[] = []
  const checked = units.map((unit) => unit.options.map((option) => {
    const rule = rules.get(option.name)
    if (!rule) throw refusedOption(option.name, option.value, subcommand)
    const result = (BOOLEANS.has(option.name) && option.value === undefined ? undefined : rule(option.value ?? '')) ?? {}
    if (result.notice) notices.push(result.notice)
    return { option, result }
  }))
  return {
    notices,
    async resolve(view) {
      const pinnedNotices: Notice[] = []
      const resolved: CheckedOption[][] = []
      for (const unit of checked) {
        const options: CheckedOption[] = []
        for (const { option, result } of unit) {
          const pinned = (await result.resolve?.(view)) ?? undefined
          if (pinned && pinned.shown !== option.value) pinnedNotices.push({ kind: 'resolved', text: `${option.value} → ${pinned.shown}: pinned to the deck's object by ID.` })
          options.push(withValue(option, pinned?.value ?? result.value, pinned?.shown))
        }
        resolved.push(options)
      }
      return { units: resolved, notices: pinnedNotices }
    },
  }
}

function withValue(option: ParsedOption, value: string | undefined, shown: string | undefined): CheckedOption {
  const next: CheckedOption = value === undefined ? { ...option } : { ...option, value }
  if (shown !== undefined) next.shown = shown
  return next
}
