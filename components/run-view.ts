// Pure logic behind Run.vue, reachable from unit tests: what a run's events
// mean for the block (state, output text, exit line, notices).
import type { Notice, RunEvent } from '../lib/protocol.ts'

export type RunPhase = 'idle' | 'running' | 'exited' | 'stopped'

const EXIT_MEANINGS: Record<number, string> = {
  0: 'success',
  1: 'the command failed (general error)',
  125: 'docker itself failed (bad option, image or daemon error)',
  126: 'the command was found but could not be executed',
  127: 'the command was not found in the container',
  137: 'killed by SIGKILL (128 + 9): docker kill, stop after the grace period, or out of memory',
  143: 'terminated by SIGTERM (128 + 15): a graceful docker stop',
}

/** One line explaining an exit code, as the chapter would. */
export function exitMeaning(code: number | null): string {
  if (code === null) return 'no exit code: the process was stopped'
  return EXIT_MEANINGS[code] ?? (code > 128 ? `ended by signal ${code - 128}` : 'the command reported an error')
}

export interface RunView {
  phase: RunPhase
  tty: boolean
  resolvedLine: string | undefined
  notices: Notice[]
  /** Output and in-stream notices in order, for a piped run. */
  output: Array<{ stream: 'stdout' | 'stderr' | 'pty' | 'notice'; text: string }>
  exit: { code: number | null; signal: string | null; durationMs: number; reason: string } | undefined
}

/** Folds a run's events into what the block shows. */
export function viewOf(events: readonly RunEvent[]): RunView {
  const view: RunView = { phase: events.length ? 'running' : 'idle', tty: false, resolvedLine: undefined, notices: [], output: [], exit: undefined }
  for (const event of events) {
    if (event.kind === 'started') {
      view.tty = event.tty
      view.resolvedLine = event.resolvedLine
      view.notices = event.notices
    } else if (event.kind === 'output') {
      view.output.push({ stream: event.stream, text: event.data })
    } else if (event.kind === 'notice') {
      view.output.push({ stream: 'notice', text: `\n${event.text}\n` })
    } else {
      view.exit = { code: event.exitCode, signal: event.signal, durationMs: event.durationMs, reason: event.reason }
      view.phase = event.reason === 'exited' ? 'exited' : 'stopped'
    }
  }
  return view
}

/** "1.2 s" / "85 ms". */
export function formatDuration(ms: number): string {
  return Math.round(ms) >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`
}
