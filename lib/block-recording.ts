// What is saved for one block besides its asciicast: how the runner ran it,
// how it ended, and the lifecycle events it caused. Shared by the recorder,
// the comparison test and the deck's replay.
import type { ContainerInfo, LifecycleEvent, Notice, Refusal, RunEvent } from './protocol.ts'

export interface BlockRecording {
  key: string
  slide: number
  line: string
  resolvedLine: string
  notices: Notice[]
  tty: boolean
  /** `-i`: input was passed on; without `tty`, its cast's input events are the lines typed into it, shown in the output. */
  stdin?: boolean
  /** When the run started (epoch ms). */
  startedAt: number
  /** The runner's id for the run; its containers carry it in their lifecycle events. */
  runId?: string
  /** Run refused by the runner: the whole refusal (code, message, subject) instead of output. */
  refused?: Refusal
  exit?: { code: number | null; signal: string | null; durationMs: number; reason: string }
  /** For terminal blocks: the final screen, as the PDF shows it. */
  screen?: string[]
  /** Lifecycle events seen while the block ran, times relative to its start (ms). */
  lifecycle: Array<LifecycleEvent & { atMs: number }>
  /**
   * The chapter images this block used that were offline stand-ins when it
   * was recorded (alpine as BusyBox, redis from Debian's packages), so the
   * deck can say why the output differs from the real image's.
   */
  standInImages?: string[]
  /**
   * The deck's containers as the runner listed them once the block had run
   * (or, for a block left running, once it was ready): what the container
   * table beside it shows without a runner, as the output above it does.
   */
  containersAfter?: ContainerInfo[]
}

/** The chapter images a block's command line names (as the image or inside a placeholder). */
export function imagesNamed(line: string, images: readonly string[]): string[] {
  const words = line.split(/[\s:<>]+/)
  return images.filter((image) => words.includes(image))
}

/** Folds a finished run's events into the metadata part of a recording. */
export function recordingOf(base: Pick<BlockRecording, 'key' | 'slide' | 'line'> & { runId?: string }, events: readonly RunEvent[], lifecycle: BlockRecording['lifecycle']): BlockRecording {
  const started = events.find((event) => event.kind === 'started')
  const ended = events.findLast((event) => event.kind === 'ended')
  return {
    ...base,
    resolvedLine: started?.resolvedLine ?? base.line,
    notices: started?.notices ?? [],
    tty: started?.tty ?? false,
    ...(started?.stdin ? { stdin: true } : {}),
    startedAt: started?.startedAt ?? 0,
    ...(ended ? { exit: { code: ended.exitCode, signal: ended.signal, durationMs: ended.durationMs, reason: ended.reason } } : {}),
    lifecycle,
  }
}
