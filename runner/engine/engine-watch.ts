// Follows the engine through the deck's event stream. Events go to the
// container table and to every window. A stream that ends means the engine
// went away: the deck is told, the live runs end, and the stream is reopened
// until one stays open. Once the engine is back, what the ended runs left
// behind is removed and the container table is loaded again.
import type { EngineEndpoint, EngineStatus, LifecycleEvent, ServerMessage } from '../../lib/protocol.ts'
import type { Runs } from '../execution/runs.ts'
import type { DeckContainers } from './deck-containers.ts'
import type { EventStream, OpenEventStream } from './event-stream.ts'

/** Time as the watch reads it; tests pass a clock they move by hand. */
export interface Clock {
  now(): number
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout> | undefined),
}

export interface EngineWatchOptions {
  /** Opens the deck's event stream (`dockerEventStream(cli)` in the runner). */
  openStream: OpenEventStream
  runs: Pick<Runs, 'stopAll' | 'endedSince'>
  containers: Pick<DeckContainers, 'apply' | 'load' | 'list'>
  /** Removes the containers one run created. */
  removeRunContainers(runId: string): Promise<unknown>
  /** Sends a message to every open deck window. */
  broadcast(message: ServerMessage): void
  /** Told of a step that failed; the watch goes on. */
  onFault(error: unknown, where: string): void
  /** The engine's version at start, or undefined when it did not answer then. */
  version: string | undefined
  /** How the engine is reached (context, host, TLS, ssh), told with every status so the badge names it. */
  endpoint?: EngineEndpoint
  /** @default systemClock */
  clock?: Clock
  /** A stream open this long without ending means the engine answers (`docker events` prints nothing until something happens). @default 500 */
  connectedAfterMs?: number
  /** Wait before reopening a stream that never got connected, while the engine is away. @default 2000 */
  retryMs?: number
  /** Wait before reopening a stream that had been connected. @default 200 */
  reopenMs?: number
  /** Runs that ended this long before the loss was seen count as ended by it: a stopping engine stops containers before it goes. @default 15_000 */
  lossWindowMs?: number
}

export interface EngineWatch {
  /** What the deck is told about the engine now. */
  readonly engine: EngineStatus
  /** Settles once the loss or return handling under way has finished; never rejects. */
  idle(): Promise<void>
  /** Closes the stream and cancels every timer; the watch reports nothing after. */
  stop(): void
}

export const NOT_REACHABLE = 'The Docker engine is not reachable; run `npm run doctor`.'
export const ENGINE_LOST_TEXT = 'Stopped: the Docker engine went away. Start it again; the deck reconnects by itself.'

/** Starts watching; the first stream opens at once. */
export function watchEngine(options: EngineWatchOptions): EngineWatch {
  const clock = options.clock ?? systemClock
  const { connectedAfterMs = 500, retryMs = 2000, reopenMs = 200, lossWindowMs = 15_000, version } = options
  const via = options.endpoint ? { endpoint: options.endpoint } : {}
  let engine: EngineStatus = version ? { reachable: true, version, ...via } : { reachable: false, message: NOT_REACHABLE, ...via }
  let stream: EventStream | undefined
  let timer: unknown
  let lastTimeNano: string | undefined
  let stopped = false
  /** Runs whose containers are removed once the engine is back. */
  const lostRuns = new Set<string>()
  /** Loss and return handling, one after the other, so a flapping engine cannot interleave them. */
  let work: Promise<void> = Promise.resolve()

  const queue = (where: string, step: () => Promise<void>) => {
    work = work.then(() => (stopped ? undefined : step())).catch((error: unknown) => options.onFault(error, where))
  }
  const tell = (message: ServerMessage) => {
    try {
      options.broadcast(message)
    } catch (error) {
      options.onFault(error, `telling the deck windows (${message.type})`)
    }
  }
  const schedule = (callback: () => void, ms: number) => {
    clock.clearTimeout(timer)
    timer = clock.setTimeout(() => {
      timer = undefined
      callback()
    }, ms)
  }

  const passOn = (event: LifecycleEvent) => {
    tell({ type: 'lifecycle', event })
    if (options.containers.apply(event)) tell({ type: 'containers', containers: options.containers.list() })
  }

  const lost = (why: string) => {
    engine = { reachable: false, message: `The Docker engine went away: ${why}`, ...via }
    tell({ type: 'engine', engine })
    for (const id of options.runs.endedSince(clock.now() - lossWindowMs)) lostRuns.add(id)
    // The runs end now; a return waits until they have, so their ids are known before cleanup.
    const ending = options.runs.stopAll(ENGINE_LOST_TEXT, 'engine-lost').then((ids) => {
      for (const id of ids) lostRuns.add(id)
    }).catch((error: unknown) => options.onFault(error, 'ending the runs the engine took with it'))
    queue('ending the runs the engine took with it', () => ending)
  }

  const back = () => {
    engine = { reachable: true, ...(version ? { version } : {}), ...via }
    tell({ type: 'engine', engine })
    queue('reloading the deck\'s containers after the engine came back', async () => {
      const ids = [...lostRuns]
      lostRuns.clear()
      for (const id of ids) {
        try {
          await options.removeRunContainers(id)
        } catch (error) {
          lostRuns.add(id)
          options.onFault(error, `removing the containers of run ${id}`)
        }
      }
      await options.containers.load()
      if (stopped) return
      tell({ type: 'containers', containers: options.containers.list() })
      // Gone again meanwhile: the removals may have failed, so they are tried again on the next return.
      if (!engine.reachable) for (const id of ids) lostRuns.add(id)
    })
  }

  const reachable = (now: boolean, why = '') => {
    if (now === engine.reachable) return
    if (now) back()
    else lost(why)
  }

  const open = () => {
    if (stopped) return
    let connected = false
    const current = options.openStream(lastTimeNano, (event) => {
      // A line a replaced stream still had buffered arrives through its successor's --since instead.
      if (stream !== current || stopped) return
      lastTimeNano = event.timeNano
      try {
        passOn(event)
      } catch (error) {
        options.onFault(error, 'passing on an engine event')
      }
    })
    stream = current
    schedule(() => {
      connected = true
      reachable(true)
    }, connectedAfterMs)
    current.ended.then((why) => {
      if (stopped || stream !== current) return
      stream = undefined
      reachable(false, why)
      schedule(open, connected ? reopenMs : retryMs)
    }).catch((error: unknown) => options.onFault(error, 'following the engine\'s events'))
  }

  open()
  return {
    get engine() {
      return engine
    },
    idle: () => work,
    stop() {
      stopped = true
      clock.clearTimeout(timer)
      timer = undefined
      stream?.kill()
      stream = undefined
    },
  }
}
