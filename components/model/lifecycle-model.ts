// Pure logic behind LifecycleView.vue: folds the engine's events into one row
// per container — its state, exit code, the signals it received, and while a
// `docker stop` waits, how much of the grace period is left.
import type { BlockRecording } from '../../lib/block-recording.ts'
import { stateAfter, type ContainerState } from '../../lib/container-state.ts'
import { msOfTimeNano } from '../../lib/event-time.ts'
import type { LifecycleEvent } from '../../lib/protocol.ts'
import { SIGKILL, SIGTERM, signalName } from '../../lib/signals.ts'

export type LifecycleState = ContainerState

export interface LifecycleRow {
  id: string
  name: string
  image: string
  state: LifecycleState
  exitCode: number | undefined
  /** Signals in order, with their time (ms since epoch); `name` for the signals the chapter names. */
  signals: Array<{ signal: number; name: string | undefined; at: number }>
  /** When the container last entered each state (ms since epoch). */
  times: Partial<Record<LifecycleState, number>>
  /** While SIGTERM has been sent and the container still runs: ms until the SIGKILL. */
  graceLeftMs: number | undefined
  /** Commands run in it with `docker exec`. */
  execs: string[]
  /** The run that created it, when the deck did. */
  runId: string | undefined
}

/** `docker stop`'s default grace period. */
export const STOP_GRACE_MS = 10_000

/** Rows for the newest `limit` containers (of `image`, or of run `runId`, if given), newest first. */
export function lifecycleRows(events: readonly LifecycleEvent[], now: number, limit = 4, image?: string, runId?: string): LifecycleRow[] {
  const rows = new Map<string, LifecycleRow>()
  for (const event of events) {
    const row = rows.get(event.containerId) ?? {
      id: event.containerId.slice(0, 12), name: event.name ?? '', image: event.image ?? '', state: 'created', exitCode: undefined, signals: [], times: {}, graceLeftMs: undefined, execs: [], runId: event.runId,
    }
    rows.delete(event.containerId)
    rows.set(event.containerId, row)
    const at = msOfTimeNano(event.timeNano)
    const state = stateAfter(event.action)
    if (state) {
      row.state = state
      // A (re)start begins a new run: what it went through before no longer applies. Unpausing continues the same run.
      const kept = event.action === 'start' || event.action === 'restart' ? { created: row.times.created } : row.times
      row.times = { ...kept, [state]: at }
    }
    if (event.action === 'start') {
      row.exitCode = undefined
      row.signals = []
    }
    if (event.action === 'die') row.exitCode = event.exitCode
    if (event.action === 'kill' && event.signal !== undefined) row.signals.push({ signal: event.signal, name: signalName(event.signal), at })
    if (event.action === 'exec_start' && event.execCommand) row.execs = [...row.execs.filter((c) => c !== event.execCommand), event.execCommand].slice(-3)
  }
  for (const row of rows.values()) row.graceLeftMs = graceLeft(row, now)
  return [...rows.values()].reverse().filter((row) => (!image || row.image === image) && (!runId || row.runId === runId)).slice(0, limit)
}

function graceLeft(row: LifecycleRow, now: number): number | undefined {
  if (row.state !== 'running') return undefined
  const term = row.signals.findLast((signal) => signal.signal === SIGTERM)
  if (!term || row.signals.some((signal) => signal.signal === SIGKILL && signal.at >= term.at)) return undefined
  // The engine's clock and the page's may differ a little: keep the countdown within the grace.
  return Math.min(STOP_GRACE_MS, Math.max(0, STOP_GRACE_MS - (now - term.at)))
}

/** Ms from the container's first known moment to each state it entered (for the printed view). */
export function stateOffsets(row: Pick<LifecycleRow, 'times'>): Partial<Record<LifecycleState, number>> {
  const known = Object.entries(row.times).filter((entry): entry is [string, number] => entry[1] !== undefined)
  if (known.length === 0) return {}
  const origin = Math.min(...known.map(([, at]) => at))
  return Object.fromEntries(known.map(([state, at]) => [state, at - origin]))
}

/** Ms from the first signal to each signal: SIGTERM +0, SIGKILL +10 000 for a `docker stop` that ran out of grace. */
export function signalOffsets(row: Pick<LifecycleRow, 'signals'>): number[] {
  const origin = row.signals[0]?.at ?? 0
  return row.signals.map((signal) => signal.at - origin)
}

/** Seconds for an offset: one decimal under 10 s ("0.4"), whole seconds above ("10"). */
export function offsetSeconds(ms: number): string {
  const seconds = Math.max(0, ms) / 1000
  return seconds < 9.95 ? String(Math.round(seconds * 10) / 10) : String(Math.round(seconds))
}

/**
 * Lifecycle events from recordings in time order: all of them, or while a
 * block replays, those up to the moment the replay has reached.
 */
export function recordedLifecycle(recordings: ReadonlyArray<{ meta: BlockRecording }>, replaying: ReadonlyMap<string, number>): LifecycleEvent[] {
  const cutoff = replayClock(recordings, replaying)
  const seen = new Map<string, LifecycleEvent & { at: number }>()
  for (const { meta } of recordings) {
    for (const { atMs, ...event } of meta.lifecycle) {
      const at = meta.startedAt + atMs
      if (at <= cutoff) seen.set(`${event.containerId}:${event.action}:${event.timeNano}`, { ...event, at })
    }
  }
  return [...seen.values()].sort((a, b) => a.at - b.at).map(({ at: _at, ...event }) => event)
}

/** The recorded moment a replay on this slide has reached (epoch ms), or +∞ when none replays. */
export function replayClock(recordings: ReadonlyArray<{ meta: BlockRecording }>, replaying: ReadonlyMap<string, number>): number {
  const cutoffs = recordings.flatMap(({ meta }) => (replaying.has(meta.key) ? [meta.startedAt + replaying.get(meta.key)!] : []))
  return cutoffs.length ? Math.min(...cutoffs) : Number.POSITIVE_INFINITY
}
