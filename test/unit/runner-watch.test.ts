// npm start's watch over its runner child: it starts it, says so when it
// ends unexpectedly and starts it again (with backoff, giving up after
// repeated crashes), and stops it with SIGTERM, then SIGKILL. Fake children;
// nothing is spawned.
import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RunnerWatch, type ChildLike, type WatchOptions } from '../../runner/transport/runner-watch.ts'

class FakeChild extends EventEmitter implements ChildLike {
  exitCode: number | null = null
  signalCode: string | null = null
  readonly signals: string[] = []
  /** What the child does on a signal; by default it exits 0 on SIGTERM and dies on SIGKILL. */
  onSignal = (signal: string) => (signal === 'SIGKILL' ? this.exit(null, 'SIGKILL') : signal === 'SIGTERM' ? this.exit(0) : undefined)

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signals.push(signal)
    this.onSignal(signal)
    return true
  }

  listen(port = 4123): void {
    this.emit('message', { type: 'listening', port })
  }

  exit(code: number | null, signal: string | null = null): void {
    this.exitCode = code
    this.signalCode = signal
    this.emit('exit', code, signal)
  }
}

function setup(options: Partial<WatchOptions> = {}) {
  const children: FakeChild[] = []
  const lines: string[] = []
  const ready: Array<{ port: number; restarted: boolean }> = []
  const watch = new RunnerWatch({
    spawn: () => {
      const child = new FakeChild()
      children.push(child)
      return child
    },
    log: (line) => lines.push(line),
    onReady: (info) => ready.push(info),
    ...options,
  })
  return { watch, children, lines, ready, last: () => children.at(-1)! }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('RunnerWatch.start', () => {
  it('resolves with the port once the runner says it listens', async () => {
    const { watch, last, ready } = setup()
    const port = watch.start()
    last().listen(4123)
    expect(await port).toBe(4123)
    expect(ready).toEqual([{ port: 4123, restarted: false }])
  })

  it('resolves with nothing when the runner ends before listening, says so, and does not restart it', async () => {
    const { watch, last, lines, children } = setup()
    const port = watch.start()
    last().exit(1)
    expect(await port).toBeUndefined()
    expect(lines).toEqual(['The runner did not start (exit code 1): the deck shows RECORDED output.'])
    await vi.advanceTimersByTimeAsync(60_000)
    expect(children).toHaveLength(1)
  })

  it('ignores messages that are not the listening message', async () => {
    const { watch, last } = setup()
    const port = watch.start()
    last().emit('message', { type: 'listening', port: 'x' })
    last().emit('message', 'listening')
    last().listen(5000)
    expect(await port).toBe(5000)
  })
})

describe('a runner that ends unexpectedly', () => {
  it('is reported in the terminal and started again, and the new one counts as restarted', async () => {
    const { watch, last, lines, ready, children } = setup()
    const port = watch.start()
    last().listen()
    await port
    last().exit(null, 'SIGKILL')
    expect(lines).toEqual(['The runner ended unexpectedly (signal SIGKILL). npm start starts it again in 0.5 s with this session\'s key; open decks reconnect by themselves.'])
    await vi.advanceTimersByTimeAsync(500)
    expect(children).toHaveLength(2)
    last().listen()
    expect(ready).toEqual([{ port: 4123, restarted: false }, { port: 4123, restarted: true }])
  })

  it('waits longer after each crash in a row and gives up after five within a minute', async () => {
    const { watch, last, lines, children } = setup()
    const port = watch.start()
    last().listen()
    await port
    for (const delay of [500, 1000, 2000, 4000]) {
      last().exit(1)
      expect(lines.at(-1)).toMatch(new RegExp(`again in ${(delay / 1000).toFixed(1)} s`))
      await vi.advanceTimersByTimeAsync(delay)
    }
    expect(children).toHaveLength(5)
    last().exit(1)
    expect(lines.at(-1)).toMatch(/^The runner ended 5 times within 60 s \(the last: exit code 1\), so npm start stops restarting it\./)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(children).toHaveLength(5)
  })

  it('says a restarted runner failed to start again when it ends before listening', async () => {
    const { watch, last, lines } = setup()
    const port = watch.start()
    last().listen()
    await port
    last().exit(1)
    await vi.advanceTimersByTimeAsync(500)
    last().exit(1)
    expect(lines.at(-1)).toMatch(/^The runner failed to start again \(exit code 1\)\. npm start starts it again in 1\.0 s/)
  })

  it('forgets crashes older than the window', async () => {
    let now = 0
    const { watch, last, lines } = setup({ now: () => now, maxCrashes: 2, crashWindowMs: 10_000 })
    const port = watch.start()
    last().listen()
    await port
    last().exit(1)
    await vi.advanceTimersByTimeAsync(500)
    last().listen()
    now = 20_000
    last().exit(1)
    expect(lines.at(-1)).toMatch(/again in 0\.5 s/)
  })
})

describe('RunnerWatch.stop', () => {
  it('sends SIGTERM and resolves clean when the runner exits 0, and restarts nothing', async () => {
    const { watch, last, children, lines } = setup()
    const port = watch.start()
    last().listen()
    await port
    await expect(watch.stop()).resolves.toEqual({ clean: true })
    expect(last().signals).toEqual(['SIGTERM'])
    await vi.advanceTimersByTimeAsync(60_000)
    expect(children).toHaveLength(1)
    expect(lines).toEqual([])
  })

  it('kills a runner that does not exit within the grace period, and says it was not clean', async () => {
    const { watch, last } = setup({ stopGraceMs: 1000 })
    const port = watch.start()
    last().listen()
    await port
    last().onSignal = (signal) => (signal === 'SIGKILL' ? last().exit(null, 'SIGKILL') : undefined)
    const stopped = watch.stop()
    await vi.advanceTimersByTimeAsync(999)
    expect(last().signals).toEqual(['SIGTERM'])
    await vi.advanceTimersByTimeAsync(1)
    expect(last().signals).toEqual(['SIGTERM', 'SIGKILL'])
    await expect(stopped).resolves.toEqual({ clean: false })
  })

  it('cancels a pending restart', async () => {
    const { watch, last, children } = setup()
    const port = watch.start()
    last().listen()
    await port
    last().exit(1)
    await expect(watch.stop()).resolves.toBeUndefined()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(children).toHaveLength(1)
  })

  it('ends a first start that is still waiting', async () => {
    const { watch } = setup()
    const port = watch.start()
    await watch.stop()
    expect(await port).toBeUndefined()
    await expect(watch.start()).resolves.toBeUndefined()
  })
})
