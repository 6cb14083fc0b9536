// Steps for commands on existing containers: exec, start, the ones that
// change a container (stop, kill, rm …) and the ones that read one (inspect,
// logs, top …). Each acts only on the deck's containers, pinned by full ID.
import type { Notice } from '../../lib/protocol.ts'
import { checkOptions } from './allow-list.ts'
import { deckContainers, type Access } from './ownership.ts'
import { isListing } from './plan-words.ts'
import { Refused } from './refusal.ts'
import { optionOn, type Step } from './step.ts'

/** `docker exec`: options from its allow-list, a deck container, the command left as typed. */
export const execStep: Step = {
  async plan({ units, options, positionals, view }) {
    const checked = checkOptions('exec', units)
    const pinned = await checked.resolve(view)
    const notices: Notice[] = []
    const [target, ...command] = positionals
    const container = target ? await deckContainers([target], 'exec', 'changes', view, notices) : []
    return {
      units: pinned.units, positionals: [...container, ...command], notices,
      tty: optionOn(options, 'tty'), stdin: !optionOn(options, 'detach') && optionOn(options, 'interactive'),
    }
  },
}

/** `docker start`: deck containers; `-a`/`-i` attach, and `-i` needs a terminal. */
export const startStep: Step = {
  takesListing: true,
  async plan({ options, positionals, view }) {
    const checkpoint = options.find((option) => option.name.startsWith('checkpoint'))
    if (checkpoint) {
      throw new Refused('denied-flag', `--${checkpoint.name} is refused: it restores a container from a checkpoint on the host's disk; start the container without it.`, `--${checkpoint.name}`)
    }
    const notices: Notice[] = []
    const resolved = await deckContainers(positionals, 'start', 'changes', view, notices)
    const attaches = optionOn(options, 'attach') || optionOn(options, 'interactive')
    return {
      positionals: resolved,
      notices,
      tty: optionOn(options, 'interactive'),
      stdin: optionOn(options, 'interactive'),
      attachesTo: attaches ? resolved.flatMap((arg) => (isListing(arg) ? [] : [arg.word])) : [],
    }
  },
}

/**
 * A step whose targets are deck containers: all positionals, or only the
 * first (`logs C`, `top C [ps options]`, `port C [port]`).
 */
export function containerStep(access: Access, targets: 'all' | 'first', takesListing = false): Step {
  return {
    takesListing,
    async plan({ name, positionals, view }) {
      const notices: Notice[] = []
      const named = targets === 'all' ? positionals : positionals.slice(0, 1)
      const resolved = await deckContainers(named, name, access, view, notices)
      return { positionals: [...resolved, ...positionals.slice(named.length)], notices }
    },
  }
}

/** `docker inspect`: the deck's containers only, so `--type` may only say container. */
export const inspectStep: Step = {
  takesListing: true,
  async plan(input) {
    const type = input.options.find((option) => option.name === 'type' && option.value !== 'container')
    if (type) {
      throw new Refused('denied-flag', `--type ${type.value} is refused: docker inspect here reads the deck's containers only; for the deck's images use docker image inspect.`, '--type')
    }
    return containerStep('reads', 'all').plan(input)
  },
}

/** `docker stats`: named deck containers only (with none, or -a, it would list yours too). */
export const statsStep: Step = {
  async plan(input) {
    if (optionOn(input.options, 'all') || input.positionals.length === 0) {
      throw new Refused('not-deck-object', 'docker stats without containers (or with -a) would show every container on this engine, yours included; name the deck\'s, for example docker stats --no-stream <id>.', 'stats')
    }
    return containerStep('reads', 'all').plan(input)
  },
}

