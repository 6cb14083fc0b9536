// Follows `docker events` for the deck's containers and turns each line into
// a LifecycleEvent. Reads Action, Actor.ID, Actor.Attributes and timeNano
// only: the top-level status/id/from fields are gone in Engine 29.
import { createInterface } from 'node:readline'
import { execa, type ResultPromise } from 'execa'
import type { DockerCli } from '../../docker/docker-cli.ts'
import { OWNED_FILTER, RUN_LABEL } from '../../../lib/labels.ts'
import { sinceOfTimeNano, timeNanoOfMs } from '../../../lib/event-time.ts'
import type { LifecycleEvent } from '../../../lib/protocol.ts'

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
  }
}

export interface EventFollower {
  stop(): void
}

/**
 * Streams lifecycle events to `onEvent` until stopped; restarts `docker
 * events` (from where it left off) when the engine goes away and comes back.
 */
export function followLifecycleEvents(
  cli: DockerCli,
  onEvent: (event: LifecycleEvent) => void,
  onEngineChange: (reachable: boolean, message?: string) => void,
): EventFollower {
  let child: ResultPromise | undefined
  let stopped = false
  let since: string | undefined
  let retry: NodeJS.Timeout | undefined

  const start = () => {
    const args = ['events', '--format', '{{json .}}', '--filter', 'type=container', '--filter', OWNED_FILTER]
    if (since) args.push('--since', since)
    child = execa(cli.path, args, { env: cli.env, extendEnv: false, stdin: 'ignore', buffer: false, reject: false })
    let alive = false
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const event = toLifecycleEvent(line)
      if (!event) return
      since = sinceOfTimeNano(event.timeNano)
      onEvent(event)
    })
    // `docker events` prints nothing until something happens; a short grace
    // without an exit means it connected.
    const connected = setTimeout(() => {
      alive = true
      onEngineChange(true)
    }, 500)
    void child.then((result) => {
      clearTimeout(connected)
      if (stopped) return
      onEngineChange(false, String(result.stderr ?? '').trim() || 'docker events ended')
      retry = setTimeout(start, alive ? 200 : 2000)
    })
  }
  start()
  return {
    stop() {
      stopped = true
      clearTimeout(retry)
      child?.kill()
    },
  }
}
