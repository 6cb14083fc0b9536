// What a prediction shows of the real run beside its answer: the exit code,
// the output, or the first match of a pattern in the output. Works on the
// events of a live run and on those a recording replays alike.
import type { RunEvent } from '../protocol.ts'
import type { Observe } from './prediction.ts'

export type Observation =
  | { kind: 'not-run' }
  | { kind: 'running' }
  | { kind: 'seen'; text: string }
  /** The run ended (or its output is complete) and the pattern was not in it. */
  | { kind: 'no-match' }
  | { kind: 'exit-code'; code: string }

/** Lines of output shown for `observe: output`. */
const OUTPUT_LINES = 8
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]|\r/g

export const plainText = (text: string) => text.replace(ANSI, '')

/** What `observe` sees in `events`. */
export function observeRun(observe: Observe, events: readonly RunEvent[]): Observation {
  if (events.length === 0) return { kind: 'not-run' }
  const ended = events.findLast((event) => event.kind === 'ended')
  const output = plainText(events.map((event) => (event.kind === 'output' ? event.data : '')).join(''))
  if (observe === 'exit-code') {
    if (!ended) return { kind: 'running' }
    return { kind: 'exit-code', code: ended.exitCode !== null ? String(ended.exitCode) : (ended.signal ?? '—') }
  }
  if (observe === 'output') {
    const lines = output.split('\n').map((line) => line.trimEnd()).filter(Boolean)
    if (lines.length === 0) return ended ? { kind: 'seen', text: '' } : { kind: 'running' }
    return { kind: 'seen', text: lines.slice(0, OUTPUT_LINES).join('\n') + (lines.length > OUTPUT_LINES ? '\n…' : '') }
  }
  const match = new RegExp(observe.match).exec(output)
  if (match) return { kind: 'seen', text: match[0] }
  return ended ? { kind: 'no-match' } : { kind: 'running' }
}
