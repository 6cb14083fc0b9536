// Turns one `docker events` JSON line (event-stream.ts reads them) into a
// LifecycleEvent. Reads Action, Actor.ID, Actor.Attributes and timeNano
// only: the top-level status/id/from fields are gone in Engine 29.
import { RUN_LABEL } from '../../lib/labels.ts'
import { timeNanoOfMs } from '../../lib/event-time.ts'
import type { LifecycleEvent } from '../../lib/protocol.ts'

interface RawEvent {
  Type?: string
  Action?: string
  Actor?: { ID?: string; Attributes?: Record<string, string> }
  timeNano?: number | string
}

/** One `docker events` JSON line → LifecycleEvent, or undefined for other lines. */
export function toLifecycleEvent(line: string): LifecycleEvent | undefined {
  let raw: RawEvent
  try {
    raw = JSON.parse(line) as RawEvent
  } catch {
    return undefined
  }
  if (typeof raw !== 'object' || raw === null || raw.Type !== 'container' || !raw.Action || !raw.Actor?.ID) return undefined
  // timeNano has 19 digits, more than a JS number holds exactly: take it from the text.
  const timeNano = /"timeNano":\s*(\d+)/.exec(line)?.[1] ?? String(raw.timeNano ?? timeNanoOfMs(Date.now()))
  const attributes = raw.Actor.Attributes ?? {}
  // Exec actions carry their command: "exec_start: redis-cli ".
  const [action = raw.Action, command] = raw.Action.split(/:\s(.*)/s)
  const exitCode = attributes.exitCode === undefined ? undefined : Number(attributes.exitCode)
  const signal = attributes.signal === undefined ? undefined : Number(attributes.signal)
  return {
    containerId: raw.Actor.ID,
    action,
    timeNano,
    ...(attributes.name ? { name: attributes.name } : {}),
    ...(attributes.image ? { image: attributes.image } : {}),
    ...(attributes[RUN_LABEL] ? { runId: attributes[RUN_LABEL] } : {}),
    ...(Number.isFinite(exitCode) ? { exitCode } : {}),
    ...(Number.isFinite(signal) ? { signal } : {}),
    ...(command?.trim() ? { execCommand: command.trim() } : {}),
    ...(attributes.execID ? { execId: attributes.execID } : {}),
  }
}
