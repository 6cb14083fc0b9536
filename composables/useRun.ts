// One block's live runs, for the views that show them (Run.vue, Predict.vue,
// LifecycleView.vue): the block's latest run as its events arrive, and the
// verbs that start and stop it. Every deck window follows every block through
// the page's one client, so a run started in the presenter window shows in
// the audience window too.
import { computed, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import type { RunOutcome } from '../lib/client/client.ts'
import { findPlaceholders } from '../lib/placeholders.ts'
import type { Refusal, RoomTally, RunEvent, TerminalSize } from '../lib/protocol.ts'
import { TERMINAL_SIZE } from '../lib/terminal-size.ts'
import { phaseOf, type RunPhase } from '../components/model/run-view.ts'
import { useRunner, type RunSnapshot } from './useRunner.ts'

/** One live run's PTY: what its terminal sends. */
export interface RunPty {
  input(data: string): void
  resize(size: TerminalSize): void
}

export interface StartOptions {
  /** The PTY's size for an `-it` command (others ignore it). @default TERMINAL_SIZE */
  size?: TerminalSize
}

export interface UseRunReturn {
  /** A runner is there: blocks show live runs (also while a dropped connection is restored). */
  live: ComputedRef<boolean>
  /** A classroom follower's page: it shows the lecturer's runs and starts, stops and types nothing. */
  readOnly: ComputedRef<boolean>
  /** The lecturer's windows while the lecture is shared with a classroom. */
  sharing: ComputedRef<boolean>
  /** How the room answered this block's question, while the lecturer shares. */
  tally: ComputedRef<RoomTally | undefined>
  /** Reveals this block's answer to the room (the lecturer's windows). */
  reveal(): void
  /** The block's latest run, a new snapshot after each of its events. */
  run: ComputedRef<RunSnapshot | undefined>
  /** Its events so far, in order; a new array after each event. */
  events: ComputedRef<readonly RunEvent[]>
  phase: ComputedRef<RunPhase>
  /** Why the runner refused this view's last start; cleared by the next start. */
  refusal: Readonly<ShallowRef<Refusal | undefined>>
  /** The latest run's PTY, while there is a runner to send to. */
  pty: ComputedRef<RunPty | undefined>
  /** Runs `line` as the block; resolves once its first event is here (with its run id), or with the runner's refusal. */
  start(line: string, options?: StartOptions): Promise<RunOutcome>
  /** Ctrl-C to the latest run: docker passes SIGINT on, and what the run made stays (an ended run ignores it). */
  interrupt(): void
  /** Ends the latest run at once and removes the containers it created (an ended run ignores it). */
  stop(): void
}

const NO_EVENTS: readonly RunEvent[] = Object.freeze([])

/** Block `blockKey`'s latest run and its verbs; an undefined key has no run. */
export function useRun(blockKey: MaybeRefOrGetter<string | undefined>): UseRunReturn {
  const { state, client, runs } = useRunner()
  const run = computed(() => {
    const key = toValue(blockKey)
    return key ? runs.of(key).value : undefined
  })
  const events = computed(() => run.value?.events ?? NO_EVENTS)
  // The run id alone, so the PTY's handle changes per run, not per event.
  const runId = computed(() => run.value?.runId)
  const refusal = shallowRef<Refusal>()

  async function start(line: string, options: StartOptions = {}): Promise<RunOutcome> {
    const key = toValue(blockKey)
    if (!client || !key) throw new Error(`Block ${key ?? '(no key)'} cannot start \`${line}\`: this page has no runner connection.`)
    refusal.value = undefined
    const outcome = await client.run(key, line, { size: options.size ?? TERMINAL_SIZE })
    if ('refusal' in outcome) refusal.value = outcome.refusal
    return outcome
  }

  return {
    live: computed(() => state.status === 'live'),
    readOnly: computed(() => state.readOnly),
    sharing: computed(() => state.share !== undefined && !state.readOnly),
    tally: computed(() => {
      const key = toValue(blockKey)
      return key && !state.readOnly ? state.tallies?.[key] : undefined
    }),
    reveal: () => {
      const key = toValue(blockKey)
      if (client && key) client.reveal(key)
    },
    run,
    events,
    phase: computed(() => phaseOf(events.value)),
    refusal,
    pty: computed(() => {
      const id = runId.value
      if (!client || !id) return undefined
      return { input: (data) => client.input(id, data), resize: (size) => client.resize(id, size) }
    }),
    start,
    interrupt: () => {
      if (client && runId.value) client.interrupt(runId.value)
    },
    stop: () => {
      if (client && runId.value) client.cancel(runId.value)
    },
  }
}

/**
 * What `line` stands for right now, placeholders (`<id>`, `<id:redis>`)
 * filled in by the runner, asked again as the deck's containers change.
 * Undefined when the line has none, without a runner, when `enabled` is
 * false, or when the runner would refuse it (the run says why).
 */
export function useFilledLine(line: MaybeRefOrGetter<string>, enabled: MaybeRefOrGetter<boolean> = true): Readonly<ShallowRef<string | undefined>> {
  const { state, client } = useRunner()
  const filled = shallowRef<string>()
  watch(() => [toValue(enabled), toValue(line), state.containers] as const, async ([on, text], _, onCleanup) => {
    // A slower answer to an earlier line must not overwrite a newer one.
    let stale = false
    onCleanup(() => (stale = true))
    if (!on || !client || findPlaceholders(text).length === 0) return (filled.value = undefined)
    const resolved = await client.resolve(text.trim()).catch(() => undefined)
    if (!stale) filled.value = resolved && !('refusal' in resolved) ? resolved.resolvedLine : undefined
  }, { immediate: true })
  return filled
}
