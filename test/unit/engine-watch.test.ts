// The runner's watch over the engine, with a clock moved by hand and event
// streams the test opens and ends: the engine going away ends the runs and
// tells the deck, its return cleans up and reloads, a flapping engine never
// interleaves the two, and stop() leaves no timer behind.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ContainerInfo, LifecycleEvent, ServerMessage } from '../../lib/protocol.ts'
import { ENGINE_LOST_TEXT, NOT_REACHABLE, watchEngine, type Clock, type EngineWatch, type EngineWatchOptions } from '../../runner/engine/engine-watch.ts'
import type { OpenEventStream } from '../../runner/engine/event-stream.ts'

/** Timers that fire only when the test moves time on. */
class ManualClock implements Clock {
  time = 1_700_000_000_000
  private readonly timers = new Map<number, { at: number; callback: () => void }>()
  private nextId = 1

  now(): number {
    return this.time
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++
    this.timers.set(id, { at: this.time + ms, callback })
    return id
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number)
  }

  get pending(): number {
    return this.timers.size
  }

  /** Moves time on by `ms`, firing the timers that fall due, earliest first. */
  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      const due = [...this.timers].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      this.timers.delete(due[0])
      this.time = due[1].at
      due[1].callback()
    }
    this.time = end
  }
}

interface OpenedStream {
  after: string | undefined
  emit(event: LifecycleEvent): void
  end(why: string): void
  killed: boolean
}

/** Event streams as the test scripts them: each open is recorded, and ends when the test says. */
function scriptedStreams() {
  const opened: OpenedStream[] = []
  const open: OpenEventStream = (after, onEvent) => {
    let end!: (why: string) => void
    const ended = new Promise<string>((resolve) => (end = resolve))
    const stream: OpenedStream = { after, emit: onEvent, end, killed: false }
    opened.push(stream)
    return { ended, kill: () => void (stream.killed = true) }
  }
  return {
    opened,
    open,
    get last(): OpenedStream {
      const stream = opened.at(-1)
      if (!stream) throw new Error('no stream was opened')
      return stream
    },
  }
}

const event = (timeNano: string, action = 'start'): LifecycleEvent => ({ containerId: 'c'.repeat(64), action, timeNano })
const CONTAINERS: ContainerInfo[] = [{ id: 'c'.repeat(64), name: 'deck-redis', image: 'redis', state: 'running', createdAt: 1 }]
/** Lets settled promises run their handlers. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

let watch: EngineWatch | undefined
afterEach(() => watch?.stop())

function setup(over: Partial<EngineWatchOptions> = {}) {
  const clock = new ManualClock()
  const streams = scriptedStreams()
  const sent: ServerMessage[] = []
  const defaults = {
    openStream: streams.open,
    runs: { stopAll: vi.fn(async () => ['run-live']), endedSince: vi.fn((_time: number) => ['run-just-ended']) },
    containers: { apply: vi.fn((_event: LifecycleEvent) => true), load: vi.fn(async () => {}), list: vi.fn(() => CONTAINERS) },
    removeRunContainers: vi.fn(async (_runId: string) => []),
    broadcast: (message: ServerMessage) => void sent.push(message),
    onFault: vi.fn(),
    version: '29.0.0' as string | undefined,
    clock,
  }
  // Overrides are vi.fn()s too, so the mocks keep their type.
  const options = { ...defaults, ...over } as typeof defaults
  watch = watchEngine(options)
  const types = () => sent.map((message) => message.type)
  return { watch, clock, streams, sent, types, options }
}

/** The engine answers: the stream stays open past the connect grace. */
const connect = (clock: ManualClock) => clock.advance(500)

describe('watchEngine while the engine stays up', () => {
  it('opens the stream at once and tells the deck nothing new', () => {
    const { watch, clock, streams, sent } = setup()
    expect(streams.opened).toHaveLength(1)
    expect(streams.last.after).toBeUndefined()
    connect(clock)
    expect(watch.engine).toEqual({ reachable: true, version: '29.0.0' })
    expect(sent).toEqual([])
  })

  it('passes each event to the windows, and the container list when the event changed it', () => {
    const { streams, sent, options } = setup()
    options.containers.apply.mockReturnValueOnce(true).mockReturnValueOnce(false)
    streams.last.emit(event('1700000000000000001', 'start'))
    streams.last.emit(event('1700000000000000002', 'exec_start'))
    expect(sent).toEqual([
      { type: 'lifecycle', event: event('1700000000000000001', 'start') },
      { type: 'containers', containers: CONTAINERS },
      { type: 'lifecycle', event: event('1700000000000000002', 'exec_start') },
    ])
  })

  it('reports a window that fails to take an event, and passes on the next one', () => {
    const { streams, options } = setup()
    options.containers.apply.mockImplementationOnce(() => {
      throw new Error('bad event')
    })
    streams.last.emit(event('1700000000000000001'))
    streams.last.emit(event('1700000000000000002'))
    expect(options.onFault).toHaveBeenCalledTimes(1)
    expect(options.containers.apply).toHaveBeenCalledTimes(2)
  })
})

describe('watchEngine when the engine goes away', () => {
  it('tells the deck why and ends the live runs as engine-lost', async () => {
    const { watch, clock, streams, sent, options } = setup()
    connect(clock)
    streams.last.end('Cannot connect to the Docker daemon at unix:///var/run/docker.sock')
    await settle()
    expect(watch.engine).toEqual({ reachable: false, message: 'The Docker engine went away: Cannot connect to the Docker daemon at unix:///var/run/docker.sock' })
    expect(sent).toEqual([{ type: 'engine', engine: watch.engine }])
    expect(options.runs.stopAll).toHaveBeenCalledWith(ENGINE_LOST_TEXT, 'engine-lost')
    // Runs that ended in the 15 s before count as ended by the loss.
    expect(options.runs.endedSince).toHaveBeenCalledWith(clock.now() - 15_000)
  })

  it('reopens the stream soon after a connected one ended, then every retry interval, telling the deck once', async () => {
    const { clock, streams, sent } = setup({ reopenMs: 200, retryMs: 2000 })
    connect(clock)
    streams.last.end('engine stopped')
    await settle()
    clock.advance(199)
    expect(streams.opened).toHaveLength(1)
    clock.advance(1)
    expect(streams.opened).toHaveLength(2)
    streams.last.end('still gone')
    await settle()
    clock.advance(1999)
    expect(streams.opened).toHaveLength(2)
    clock.advance(1)
    expect(streams.opened).toHaveLength(3)
    expect(sent.filter((message) => message.type === 'engine')).toHaveLength(1)
  })
})

describe('watchEngine when the engine comes back', () => {
  it('tells the deck, removes what the lost runs left, reloads, and follows events from the last one seen', async () => {
    const { watch, clock, streams, sent, types, options } = setup()
    connect(clock)
    streams.last.emit(event('1700000000123456789'))
    streams.last.end('engine stopped')
    await settle()
    clock.advance(200)
    expect(streams.last.after).toBe('1700000000123456789')
    connect(clock)
    await watch.idle()
    expect(watch.engine).toEqual({ reachable: true, version: '29.0.0' })
    expect(options.removeRunContainers.mock.calls.map(([id]) => id).sort()).toEqual(['run-just-ended', 'run-live'])
    expect(options.containers.load).toHaveBeenCalledTimes(1)
    expect(types()).toEqual(['lifecycle', 'containers', 'engine', 'engine', 'containers'])
    expect(sent.at(-1)).toEqual({ type: 'containers', containers: CONTAINERS })
  })

  it('waits until the lost runs have ended before removing their containers', async () => {
    let finish!: (ids: string[]) => void
    const { watch, clock, streams, options } = setup({
      runs: { stopAll: vi.fn(() => new Promise<string[]>((resolve) => (finish = resolve))), endedSince: vi.fn(() => []) },
    })
    connect(clock)
    streams.last.end('engine stopped')
    await settle()
    clock.advance(200)
    connect(clock)
    await settle()
    expect(options.removeRunContainers).not.toHaveBeenCalled()
    finish(['run-slow'])
    await watch.idle()
    expect(options.removeRunContainers).toHaveBeenCalledWith('run-slow')
  })

  it('goes live when an engine appears after a start without one, without a version it never learnt', async () => {
    const { watch, clock, streams, sent, options } = setup({ version: undefined })
    expect(watch.engine).toEqual({ reachable: false, message: NOT_REACHABLE })
    streams.last.end('Cannot connect to the Docker daemon')
    await settle()
    expect(sent).toEqual([])
    expect(options.runs.stopAll).not.toHaveBeenCalled()
    clock.advance(2000)
    connect(clock)
    await watch.idle()
    expect(watch.engine).toEqual({ reachable: true })
    expect(options.containers.load).toHaveBeenCalledTimes(1)
  })
})

describe('watchEngine with a flapping engine', () => {
  it('handles each loss and return in order, never reloading twice at once, and cleans up after every loss', async () => {
    let loading = 0
    let overlapped = false
    const stopped = [['run-a'], ['run-b']]
    const { watch, clock, streams, options } = setup({
      runs: { stopAll: vi.fn(async () => stopped.shift() ?? []), endedSince: vi.fn(() => []) },
      containers: {
        apply: vi.fn(() => false),
        list: vi.fn(() => CONTAINERS),
        load: vi.fn(async () => {
          overlapped ||= loading > 0
          loading++
          await settle()
          loading--
        }),
      },
    })
    for (let flap = 0; flap < 2; flap++) {
      connect(clock)
      streams.last.end(`gone ${flap}`)
      await settle()
      clock.advance(200)
    }
    connect(clock)
    await watch.idle()
    expect(overlapped).toBe(false)
    expect(options.runs.stopAll).toHaveBeenCalledTimes(2)
    expect(options.removeRunContainers.mock.calls.map(([id]) => id).sort()).toEqual(['run-a', 'run-b'])
    expect(watch.engine.reachable).toBe(true)
  })

  it('keeps a run whose cleanup failed, and removes its containers on the next return', async () => {
    const { watch, clock, streams, options } = setup({
      runs: { stopAll: vi.fn().mockResolvedValueOnce(['run-a']).mockResolvedValue([]), endedSince: vi.fn(() => []) },
      removeRunContainers: vi.fn().mockRejectedValueOnce(new Error('engine gone again')).mockResolvedValue([]),
    })
    connect(clock)
    streams.last.end('gone')
    await settle()
    clock.advance(200)
    connect(clock)
    await watch.idle()
    expect(options.onFault).toHaveBeenCalledWith(expect.objectContaining({ message: 'engine gone again' }), 'removing the containers of run run-a')
    streams.last.end('gone again')
    await settle()
    clock.advance(200)
    connect(clock)
    await watch.idle()
    expect(options.removeRunContainers.mock.calls.map(([id]) => id)).toEqual(['run-a', 'run-a'])
  })

  it('tries the cleanup again on the next return when the engine went away during it', async () => {
    let reloaded!: () => void
    const { watch, clock, streams, options } = setup({
      runs: { stopAll: vi.fn().mockResolvedValueOnce(['run-a']).mockResolvedValue([]), endedSince: vi.fn(() => []) },
    })
    options.containers.load.mockImplementationOnce(() => new Promise<void>((resolve) => (reloaded = resolve)))
    connect(clock)
    streams.last.end('gone')
    await settle()
    clock.advance(200)
    connect(clock)
    await settle()
    // The engine goes again while the first return is still reloading: its removals may have done nothing.
    streams.last.end('gone again')
    await settle()
    reloaded()
    await settle()
    clock.advance(200)
    connect(clock)
    await watch.idle()
    expect(options.removeRunContainers.mock.calls.map(([id]) => id)).toEqual(['run-a', 'run-a'])
  })

  it('reports a reload that failed and still handles the next loss', async () => {
    const { watch, clock, streams, options } = setup()
    options.containers.load.mockRejectedValueOnce(new Error('docker ps failed'))
    connect(clock)
    streams.last.end('gone')
    await settle()
    clock.advance(200)
    connect(clock)
    await watch.idle()
    expect(options.onFault).toHaveBeenCalledWith(expect.objectContaining({ message: 'docker ps failed' }), expect.stringContaining('reloading'))
    streams.last.end('gone again')
    await settle()
    expect(watch.engine.reachable).toBe(false)
    expect(options.runs.stopAll).toHaveBeenCalledTimes(2)
  })

  it('ignores an event that a replaced stream delivers late', async () => {
    const { clock, streams, sent } = setup()
    connect(clock)
    const first = streams.last
    first.end('gone')
    await settle()
    clock.advance(200)
    first.emit(event('1700000000000000009'))
    expect(sent.filter((message) => message.type === 'lifecycle')).toEqual([])
  })
})

describe('EngineWatch.stop', () => {
  it('cancels the connect grace and closes the stream', () => {
    const { watch, clock, streams } = setup()
    expect(clock.pending).toBe(1)
    watch.stop()
    expect(clock.pending).toBe(0)
    expect(streams.last.killed).toBe(true)
  })

  it('cancels a pending reopen, and nothing is reported or opened after', async () => {
    const { watch, clock, streams, sent } = setup()
    connect(clock)
    streams.last.end('gone')
    await settle()
    expect(clock.pending).toBe(1)
    const before = sent.length
    watch.stop()
    expect(clock.pending).toBe(0)
    clock.advance(60_000)
    expect(streams.opened).toHaveLength(1)
    expect(sent).toHaveLength(before)
  })

  it('ignores the end of the stream it closed', async () => {
    const { watch, streams, sent, options } = setup()
    watch.stop()
    streams.last.end('killed')
    await settle()
    expect(sent).toEqual([])
    expect(options.runs.stopAll).not.toHaveBeenCalled()
    expect(streams.opened).toHaveLength(1)
  })
})
