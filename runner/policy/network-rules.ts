// `--network` (and its old spelling `--net`) on run and create: `bridge`,
// `none`, a network the deck created, or `container:REF` of a deck
// container. Names are pinned to the object's full ID at planning time, so
// a name swapped before the run starts reaches nothing else.
import { shortId, type EngineView } from './engine-view.ts'
import { resolveDeckObject } from './object-reference.ts'
import { Refused } from './refusal.ts'

/** What the value names once its grammar is checked. */
export type NetworkTarget = { kind: 'builtin' } | { kind: 'container'; ref: string } | { kind: 'network'; name: string }

const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/

const denied = (flag: string, why: string) => new Refused('denied-flag', `--${flag} is refused: it ${why}.`, `--${flag}`)

/** Checks the grammar of a `--network` value and says what it names. */
export function checkNetwork(flag: string, value: string): NetworkTarget {
  // docker reads `--network name=host,alias=x` (CSV, quotes allowed) as the long form; only the short one is accepted.
  if (/[=,"']/.test(value)) throw denied(flag, `with "${value}" uses the long name=…,alias=… form, which the runner does not read; write --${flag} NAME`)
  if (value === 'host') throw denied(flag, 'shares the host\'s network stack when set to "host"; use bridge or none, or a network the deck created')
  if (value === 'bridge' || value === 'none') return { kind: 'builtin' }
  if (value.startsWith('container:')) return { kind: 'container', ref: value.slice('container:'.length) }
  if (NETWORK_NAME.test(value)) return { kind: 'network', name: value }
  throw new Refused('invalid-value', `--${flag} ${value} is refused: a network is bridge, none, the name of a network the deck created, or container:NAME of a deck container.`, `--${flag}`)
}

/** Resolves what a checked `--network` value names to the deck's full ID; the value that runs and the one shown. */
export async function resolveNetwork(flag: string, target: NetworkTarget, view: EngineView): Promise<{ value: string; shown: string } | undefined> {
  if (target.kind === 'builtin') return undefined
  if (target.kind === 'container') {
    const id = await resolveDeckObject('container', target.ref, view, `--${flag} container:`)
    if (!id) throw denied(flag, `joins ${target.ref}, a container the deck did not create; name one of the deck's containers, for example container:<id>`)
    return { value: `container:${id}`, shown: `container:${shortId(id)}` }
  }
  const id = await resolveDeckObject('network', target.name, view, `--${flag}`)
  if (!id) throw denied(flag, `joins ${target.name}, a network the deck did not create; use bridge or none`)
  return { value: id, shown: shortId(id) }
}
