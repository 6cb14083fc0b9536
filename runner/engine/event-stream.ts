// One `docker events` process for the deck's containers, from a given event
// on. It ends when the engine goes away (or it is killed); engine-watch.ts
// decides when to open the next one.
import { createInterface } from 'node:readline'
import { execa } from 'execa'
import type { DockerCli } from '../docker/docker-cli.ts'
import { OWNED_FILTER } from '../../lib/labels.ts'
import { sinceOfTimeNano } from '../../lib/event-time.ts'
import type { LifecycleEvent } from '../../lib/protocol.ts'
import { toLifecycleEvent } from './lifecycle-events.ts'

export interface EventStream {
  /** Settles once the stream has ended, with why (the CLI's own words when it said any); never rejects. */
  readonly ended: Promise<string>
  kill(): void
}

/** Opens a stream of deck events after `afterTimeNano` (all new ones when undefined). */
export type OpenEventStream = (afterTimeNano: string | undefined, onEvent: (event: LifecycleEvent) => void) => EventStream

/** The real stream: `docker events --format '{{json .}}'`, filtered to the deck's containers. */
export function dockerEventStream(cli: DockerCli): OpenEventStream {
  return (afterTimeNano, onEvent) => {
    const args = ['events', '--format', '{{json .}}', '--filter', 'type=container', '--filter', OWNED_FILTER]
    if (afterTimeNano) args.push('--since', sinceOfTimeNano(afterTimeNano))
    // stdout streams line by line; stderr is kept, it says why the stream ended.
    const child = execa(cli.path, args, { env: cli.env, extendEnv: false, stdin: 'ignore', buffer: { stdout: false, stderr: true }, reject: false })
    createInterface({ input: child.stdout }).on('line', (line) => {
      const event = toLifecycleEvent(line)
      if (event) onEvent(event)
    })
    const ended = child.then(
      (result) => String(result.stderr ?? '').trim() || 'docker events ended',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    )
    return {
      ended,
      kill: () => {
        child.kill()
      },
    }
  }
}
