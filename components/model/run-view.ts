// Pure logic behind Run.vue, reachable from unit tests: what a run's events
// mean for the block (state, output text, exit line, notices), in the page's
// language (lib/i18n).
import { t } from '../../lib/i18n/index.ts'
import { EndReason, type Notice, type RunEvent } from '../../lib/protocol.ts'
import { signalOfExitCode } from '../../lib/signals.ts'

export type RunPhase = 'idle' | 'running' | 'exited' | 'stopped'

const EXPLAINED_CODES = [0, 1, 125, 126, 127, 137, 143] as const
type ExplainedCode = (typeof EXPLAINED_CODES)[number]
const isExplained = (code: number): code is ExplainedCode => (EXPLAINED_CODES as readonly number[]).includes(code)

/** One line explaining an exit code, as the chapter would. */
export function exitMeaning(code: number | null): string {
  if (code === null) return t('exit.none')
  if (isExplained(code)) return t(`exit.${code}`)
  const signal = signalOfExitCode(code)
  return signal === undefined ? t('exit.other') : t('exit.signal', { number: signal })
}

export interface RunView {
  phase: RunPhase
  tty: boolean
  /** `-i`: docker passes input on (without `tty`, lines typed under the block). */
  stdin: boolean
  resolvedLine: string | undefined
  notices: Notice[]
  /** Output and in-stream notices in order, for a piped run. A notice keeps why the run ended, if it did. */
  output: Array<{ stream: 'stdout' | 'stderr' | 'pty' | 'stdin' | 'notice'; text: string; reason?: EndReason }>
  exit: { code: number | null; signal: string | null; durationMs: number; reason: string } | undefined
}

/** Where a run stands: no events yet, going, ended by itself, or stopped (by the lecturer or the runner). */
export function phaseOf(events: readonly RunEvent[]): RunPhase {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!
    if (event.kind === 'ended') return event.reason === 'exited' ? 'exited' : 'stopped'
  }
  return events.length ? 'running' : 'idle'
}

/** Ctrl-C has been sent and the run still goes: the next Stop is the forced one. */
export function interruptPending(events: readonly RunEvent[]): boolean {
  return phaseOf(events) === 'running' && events.some((event) => event.kind === 'notice' && event.reason === 'interrupted')
}

/** Folds a run's events into what the block shows. */
export function viewOf(events: readonly RunEvent[]): RunView {
  const view: RunView = { phase: phaseOf(events), tty: false, stdin: false, resolvedLine: undefined, notices: [], output: [], exit: undefined }
  for (const event of events) {
    if (event.kind === 'started') {
      view.tty = event.tty
      // A run from before `stdin` was sent: its terminal was an -it one.
      view.stdin = event.stdin ?? event.tty
      view.resolvedLine = event.resolvedLine
      view.notices = event.notices
    } else if (event.kind === 'output') {
      view.output.push({ stream: event.stream, text: event.data })
    } else if (event.kind === 'notice') {
      view.output.push({ stream: 'notice', text: event.text, ...(event.reason ? { reason: event.reason } : {}) })
    } else {
      view.exit = { code: event.exitCode, signal: event.signal, durationMs: event.durationMs, reason: event.reason }
    }
  }
  return view
}

/** "1.2초" / "85ms" (English: "1.2 s" / "85 ms"). */
export function formatDuration(ms: number): string {
  return Math.round(ms) >= 1000 ? t('duration.seconds', { value: (ms / 1000).toFixed(1) }) : t('duration.ms', { value: Math.round(ms) })
}

/** success: ended by itself with 0; stopped: the lecturer stopped it (neutral, not an error); error: anything else. */
export type RunOutcome = 'success' | 'stopped' | 'error'

export interface ExitLine {
  outcome: RunOutcome
  text: string
  /** A longer explanation, for the tooltip. */
  title: string | undefined
}

const endReason = (reason: string): EndReason | undefined => EndReason.options.find((known) => known === reason)

/**
 * The line under a finished run: "종료 코드 127 · 컨테이너 안에서 명령어를 찾을 수
 * 없습니다 · 1.2초"; a run the lecturer stopped reads "중지됨 · 11.3초".
 */
export function exitLineOf(exit: NonNullable<RunView['exit']>): ExitLine {
  const duration = formatDuration(exit.durationMs)
  const head = exit.code !== null ? t('run.exitCode', { code: exit.code }) : exit.signal ? t('run.exitSignal', { signal: exit.signal }) : t('run.exitNone')
  const reason = endReason(exit.reason)
  if (reason === 'cancelled') return { outcome: 'stopped', text: [t('ended.cancelled'), duration].join(' · '), title: t('run.stoppedTitle') }
  // After Ctrl-C the command ended by itself: its code is the container's answer to SIGINT.
  if (reason === 'interrupted') return { outcome: 'stopped', text: [t('ended.interrupted'), head, duration].join(' · '), title: exit.code !== null ? exitMeaning(exit.code) : undefined }
  if (reason === 'exited' || reason === undefined) {
    return { outcome: exit.code === 0 ? 'success' : 'error', text: [head, exitMeaning(exit.code), duration].join(' · '), title: undefined }
  }
  // Stopped by the runner (time limit, output cap, engine gone …): say why, and the code if there is one.
  return { outcome: 'error', text: [t(`ended.${reason}`), ...(exit.code !== null ? [head] : []), duration].join(' · '), title: exit.code !== null ? exitMeaning(exit.code) : undefined }
}
