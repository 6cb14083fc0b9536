// `npm start`'s watch over its runner, a child process: it waits until the
// runner listens, says so in the terminal when it ends unexpectedly and
// starts it again (with backoff, giving up after repeated crashes), and stops
// it on request (SIGTERM, then SIGKILL after a grace period). The runner
// tells it that it listens over the IPC channel, never with its token.
import { backoffDelay } from '../../lib/client/backoff.ts'

/** The runner child's message to npm start once it listens. */
export interface RunnerListening {
  type: 'listening'
  port: number
}

export const isRunnerListening = (message: unknown): message is RunnerListening =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'listening' && Number.isInteger((message as { port?: unknown }).port)

/** The part of a child process the watch uses (node's ChildProcess has it). */
export interface ChildLike {
  readonly exitCode: number | null
  readonly signalCode: string | null
  kill(signal?: NodeJS.Signals): boolean
  on(event: 'exit', listener: (code: number | null, signal: string | null) => void): unknown
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
}

export interface WatchOptions {
  /** Starts one runner process. */
  spawn(): ChildLike
  /** Lines for the terminal. */
  log(line: string): void
  /** Told every time a runner listens: the first and each restarted one. */
  onReady(ready: { port: number; restarted: boolean }): void
  /** Unexpected ends within `crashWindowMs` after which the watch stops restarting. @default 5 */
  maxCrashes?: number
  /** @default 60_000 */
  crashWindowMs?: number
  /** Wait before a restart, growing with each recent crash. @default 500, at most 10_000 */
  restartDelayMs?: { initialMs: number; maxMs: number }
  /** How long stop() waits after SIGTERM before SIGKILL. @default 20_000 */
  stopGraceMs?: number
  now?: () => number
}

const describeEnd = (code: number | null, signal: string | null) => (code !== null ? `exit code ${code}` : `signal ${signal ?? 'unknown'}`)

export class RunnerWatch {
  private child: ChildLike | undefined
  private crashes: number[] = []
  private stopping = false
  private listened = false
  private timer: ReturnType<typeof setTimeout> | undefined
  private first: ((port: number | undefined) => void) | undefined

  constructor(private readonly options: WatchOptions) {}

  /** Starts the runner; resolves with its port once it listens, or undefined if it ended first (it is not restarted then). */
  start(): Promise<number | undefined> {
    if (this.stopping) return Promise.resolve(undefined)
    return new Promise((resolve) => {
      this.first = resolve
      this.launch(false)
    })
  }

  /** Stops the runner for good; resolves with whether it shut down cleanly (exit code 0), or undefined if none was running. */
  async stop(): Promise<{ clean: boolean } | undefined> {
    this.stopping = true
    clearTimeout(this.timer)
    this.first?.(undefined)
    const child = this.child
    if (!child || child.exitCode !== null || child.signalCode !== null) return undefined
    const ended = new Promise<{ clean: boolean }>((resolve) => child.on('exit', (code) => resolve({ clean: code === 0 })))
    child.kill('SIGTERM')
    const escalate = setTimeout(() => child.kill('SIGKILL'), this.options.stopGraceMs ?? 20_000)
    const result = await ended
    clearTimeout(escalate)
    return result
  }

  private launch(restarted: boolean): void {
    this.timer = undefined
    if (this.stopping) return
    let child: ChildLike
    try {
      child = this.options.spawn()
    } catch (error) {
      this.ended(false, `it could not be spawned: ${(error as Error).message}`)
      return
    }
    this.child = child
    let ready = false
    let over = false
    const end = (how: string) => {
      if (over) return
      over = true
      if (this.child === child) this.child = undefined
      this.ended(ready, how)
    }
    child.on('message', (message) => {
      if (ready || !isRunnerListening(message)) return
      ready = true
      this.listened = true
      this.options.onReady({ port: message.port, restarted })
      this.first?.(message.port)
      this.first = undefined
    })
    child.on('exit', (code, signal) => end(describeEnd(code, signal)))
    child.on('error', (error) => end(`it could not be spawned: ${error.message}`))
  }

  private ended(wasReady: boolean, how: string): void {
    if (this.stopping) return
    if (!this.listened) {
      this.options.log(`The runner did not start (${how}): the deck shows RECORDED output.`)
      this.first?.(undefined)
      this.first = undefined
      return
    }
    const now = (this.options.now ?? Date.now)()
    const window = this.options.crashWindowMs ?? 60_000
    this.crashes = [...this.crashes.filter((at) => now - at < window), now]
    const max = this.options.maxCrashes ?? 5
    if (this.crashes.length >= max) {
      this.options.log(`The runner ended ${this.crashes.length} times within ${window / 1000} s (the last: ${how}), so npm start stops restarting it. ` +
        'The deck shows recorded output meanwhile. Fix what the lines above report, then stop npm start (Ctrl-C) and run it again.')
      return
    }
    const { initialMs, maxMs } = this.options.restartDelayMs ?? { initialMs: 500, maxMs: 10_000 }
    const delayMs = backoffDelay(this.crashes.length, { initialMs, maxMs, jitter: 0 })
    this.options.log(`The runner ${wasReady ? 'ended unexpectedly' : 'failed to start again'} (${how}). npm start starts it again in ${(delayMs / 1000).toFixed(1)} s ` +
      'with this session\'s key; open decks reconnect by themselves.')
    this.timer = setTimeout(() => this.launch(true), delayMs)
  }
}
