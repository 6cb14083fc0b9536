// What one subcommand's step receives and returns. planCommand splits the
// line, hands the step its options and positionals, and assembles the plan
// from what the step adds; no step touches argv directly.
import type { Notice } from '../../lib/protocol.ts'
import type { EngineView } from './engine-view.ts'
import type { ConfigSource } from './image-allow-list.ts'
import type { Arg, CheckedOption } from './plan-words.ts'
import type { OptionUnit, ParsedOption } from './split-options.ts'
import { isOn } from './value-grammars.ts'

/** What a step sees: the split line and the engine. */
export interface StepInput {
  /** The canonical subcommand (`run`, `rmi`, `system prune` …). */
  name: string
  units: readonly OptionUnit[]
  options: readonly ParsedOption[]
  /** Positionals in order; a `$(…)` slot where the step allows one. */
  positionals: readonly Arg[]
  runId: string
  view: EngineView
  config: ConfigSource
  /** Host ports the deck itself listens on; `-p` may not take them. */
  reservedPorts: readonly number[]
}

/** What a step adds to the plan; planCommand assembles argv from it. */
export interface StepOutput {
  /** Words the runner adds right after the subcommand (labels, limits, scope filters). */
  prefix?: string[]
  /** Per option unit, the options to run; units left out run as typed. */
  units?: CheckedOption[][]
  /** The positionals to run (resolved IDs); left out, as typed. */
  positionals?: Arg[]
  notices?: Notice[]
  tty?: boolean
  /** `-i`: docker passes the run's input on. */
  stdin?: boolean
  /** Containers the run attaches to (`start -a`); stopped when the run is cancelled. */
  attachesTo?: string[]
  /** Commands to run one after another instead of the line as typed (a prune in its scoped parts). */
  sequence?: string[][]
}

/** One subcommand's part of planning. */
export interface Step {
  /** Whether `$(…)` may stand among the positionals (the IDs go there). */
  takesListing?: boolean
  plan(input: StepInput): Promise<StepOutput>
}

/** Whether the last `--name` among `options` is on (`-t`, `-t=true`; not `-t=false`). */
export function optionOn(options: readonly ParsedOption[], name: string): boolean {
  const last = options.filter((option) => option.name === name).at(-1)
  return last !== undefined && isOn(last.value)
}
