// Turns a committed recording (asciicast + metadata) back into the events a
// live run would have produced, so Run.vue shows recorded output the same way
// it shows live output, and can replay it with its real timing.
import type { Cast } from '../../lib/asciicast.ts'
import type { BlockRecording } from '../../lib/block-recording.ts'
import type { RunEvent } from '../../lib/protocol.ts'

export interface TimedEvent {
  /** When it happened, ms after the run started. */
  atMs: number
  event: RunEvent
}

/** The run's events in order, each with its time. */
export function recordedEvents(cast: Cast, meta: BlockRecording): TimedEvent[] {
  const startedAt = (cast.header.timestamp ?? 0) * 1000
  const timed: TimedEvent[] = [{
    atMs: 0,
    event: { kind: 'started', seq: 0, key: meta.key, line: meta.line, resolvedLine: meta.resolvedLine, notices: meta.notices, tty: meta.tty, ...(meta.stdin ? { stdin: true } : {}), startedAt },
  }]
  for (const [seconds, kind, data] of cast.events) {
    // A terminal echoes what was typed itself; a piped `-i` run shows its typed lines from the input events.
    if (kind === 'i' && (meta.tty || !meta.stdin)) continue
    const atMs = seconds * 1000
    const stream = kind === 'i' ? 'stdin' : meta.tty ? 'pty' : 'stdout'
    timed.push({ atMs, event: { kind: 'output', seq: timed.length, stream, data, at: startedAt + atMs } })
  }
  if (meta.exit) {
    const atMs = Math.max(meta.exit.durationMs, timed.at(-1)!.atMs)
    timed.push({ atMs, event: { kind: 'ended', seq: timed.length, exitCode: meta.exit.code, signal: meta.exit.signal, durationMs: meta.exit.durationMs, reason: meta.exit.reason as 'exited' } })
  }
  return timed
}

/** Events that have happened `elapsedMs` into a replay. */
export const eventsUntil = (timed: readonly TimedEvent[], elapsedMs: number) => timed.filter((item) => item.atMs <= elapsedMs).map((item) => item.event)
