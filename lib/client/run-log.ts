// Each run's events as a client holds them: in order and each once, whatever
// the runner sent twice (a replay after a reconnect) or skipped (lost
// frames). It says what to ask for when following again, and how the runs of
// a runner that restarted end. Pure; browser-safe.
import type { RunEvent } from '../protocol.ts'

export interface RunState {
  runId: string
  key: string
  events: RunEvent[]
}

/** What became of an event: kept, a duplicate dropped, or a gap (`ask`: follow again, the first time this gap is seen). */
export type Recorded = { kept: true } | { kept: false; ask: boolean }

/** How many runs a resume names; older ones ended long ago. */
const MAX_RESUMED_RUNS = 500

export const LOST_RUN_TEXT = 'The runner restarted, and this run ended with it (the new runner removed what it had made). Run it again.'

export class RunLog {
  readonly runs = new Map<string, RunState>()
  /** Runs of an earlier runner instance: ended here, never resumed. */
  private readonly lost = new Set<string>()
  /** Run → the sequence number a gap made us ask for, so one gap asks once. */
  private readonly asked = new Map<string, number>()

  /** Keeps `event` if it is the run's next one. */
  record(runId: string, event: RunEvent): Recorded {
    const state = this.runs.get(runId) ?? { runId, key: event.kind === 'started' ? event.key : '', events: [] }
    this.runs.set(runId, state)
    const expected = state.events.length
    if (event.seq === expected) {
      state.events.push(event)
      return { kept: true }
    }
    if (event.seq < expected || this.asked.get(runId) === expected) return { kept: false, ask: false }
    this.asked.set(runId, expected)
    return { kept: false, ask: true }
  }

  /** For `follow`: the last sequence number held of each run of the current runner (-1: none yet). */
  after(): Record<string, number> {
    const runs = [...this.runs.values()].filter((run) => !this.lost.has(run.runId)).slice(-MAX_RESUMED_RUNS)
    return Object.fromEntries(runs.map((run) => [run.runId, run.events.length - 1]))
  }

  /** A new connection: gaps seen on the old one are asked for again by the resume itself. */
  connected(): void {
    this.asked.clear()
  }

  /**
   * The runner restarted and its runs are gone: marks every run lost and
   * returns the events that end the ones still open, as the runner would have
   * ended them (a notice, then `ended` with reason `runner-stopped`).
   */
  endAll(now = Date.now()): Array<{ runId: string; event: RunEvent }> {
    const endings: Array<{ runId: string; event: RunEvent }> = []
    for (const run of this.runs.values()) {
      if (this.lost.has(run.runId)) continue
      this.lost.add(run.runId)
      const first = run.events[0]
      if (!first || run.events.at(-1)?.kind === 'ended') continue
      const seq = run.events.length
      const durationMs = first.kind === 'started' ? Math.max(0, now - first.startedAt) : 0
      endings.push(
        { runId: run.runId, event: { kind: 'notice', seq, text: LOST_RUN_TEXT, reason: 'runner-stopped' } },
        { runId: run.runId, event: { kind: 'ended', seq: seq + 1, exitCode: null, signal: null, durationMs, reason: 'runner-stopped' } },
      )
    }
    return endings
  }
}
