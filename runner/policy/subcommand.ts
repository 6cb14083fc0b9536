// The first words of a line: the subcommand the deck runs it as, or a refusal
// for a global option (another daemon, context or config) or a subcommand
// the deck does not run. Lookups use Maps, never an object's prototype.
import { canonicalSubcommand } from './docker-options.ts'
import type { Word } from './parse-line.ts'
import { Refused } from './refusal.ts'

const GLOBAL_REASONS = new Map([
  ['-H', 'would send the command to another Docker daemon'], ['--host', 'would send the command to another Docker daemon'],
  ['-c', 'would switch to another Docker context'], ['--context', 'would switch to another Docker context'],
  ['--config', 'would read CLI configuration from another directory'],
])

/** The canonical subcommand, how many words name it, and those words. */
export interface Subcommand {
  name: string
  consumed: number
  words: string[]
}

/** Finds the subcommand `words` (the words after `docker`) start with, or throws Refused. */
export function subcommandOf(words: readonly Word[]): Subcommand {
  const first = words[0]
  if (typeof first === 'string' && first.startsWith('-')) throw globalOption(first)
  const leading: string[] = []
  for (const word of words.slice(0, 2)) {
    if (typeof word !== 'string') break
    leading.push(word)
  }
  const sub = canonicalSubcommand(leading)
  if (!sub) throw unsupported(leading)
  return { ...sub, words: leading.slice(0, sub.consumed) }
}

function globalOption(flag: string): Refused {
  const name = flag.split('=')[0]!
  const why = GLOBAL_REASONS.get(name) ?? (name.startsWith('--tls') ? 'changes how the CLI reaches a daemon' : 'is not supported by the runner')
  return new Refused('global-option', `The global option ${name} is refused: it ${why}. Put the subcommand right after docker.`, name)
}

function unsupported(words: readonly string[]): Refused {
  const shown = words.join(' ') || '(nothing)'
  return new Refused('subcommand', `docker ${shown} is not one of the commands this deck runs (run, create, start, stop, kill, rm, rmi, ps, images, exec, logs, inspect, system prune …); try it in your own terminal.`, shown)
}
