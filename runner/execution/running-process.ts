// What a run needs from a started docker process, piped or under a terminal.
import type { TerminalSize } from '../../lib/protocol.ts'

export type OutputStream = 'stdout' | 'stderr' | 'pty' | 'stdin'

export interface ProcessExit {
  exitCode: number | null
  signal: string | null
}

export interface RunningProcess {
  readonly pid: number | undefined
  /** Called with text as it arrives (UTF-8 sequences are never split). */
  onOutput(listener: (stream: OutputStream, text: string) => void): void
  /** Settles once the process has exited and its output has been delivered. */
  readonly exited: Promise<ProcessExit>
  /** Keystrokes; only terminals take input. */
  write(data: string): void
  resize(size: TerminalSize): void
  /** What Ctrl-C does: SIGINT to the CLI's process group, or the keystroke to a terminal. */
  interrupt(): void
  /** Kills the process group at once (the CLI and anything it started). */
  kill(): void
  /** Stops/resumes reading output, so a slow audience slows the command instead of filling memory. */
  pause(): void
  resume(): void
}

/** Sends `signal` (SIGKILL by default) to a whole process group, ignoring one that is already gone. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (pid === undefined) return
  try {
    process.kill(-pid, signal)
  } catch {
    try {
      process.kill(pid, signal)
    } catch {
      // already exited
    }
  }
}
