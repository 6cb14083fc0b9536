// The one client of the runner, used by the deck (browser WebSocket), the
// tests and the benchmark (ws). It owns its connection (RunnerLink:
// reconnects with backoff, tells a restarted runner from a dropped
// connection), matches every reply to its request by id, keeps each run's
// events in order and once (RunLog), and after a reconnect resumes every
// followed run from the last event it holds. No Node-only imports: the deck
// bundles it.
import type { ConnectionStatus } from './connection-status.ts'
import { PendingRequests } from './pending-requests.ts'
import type { ClientMessage, ContainerInfo, EngineStatus, LifecycleEvent, Notice, Position, Refusal, RunEvent, ServerMessage, ShareInfo, TerminalSize } from '../protocol.ts'
import { RunLog, type RunState } from './run-log.ts'
import { RunnerLink, type Hello, type LinkOptions, type SocketFactory, type SocketLike } from './runner-link.ts'

export type RunOutcome = { runId: string } | { refusal: Refusal }
export type ClientOptions = LinkOptions
export type { ConnectionStatus, Hello, LifecycleEvent, RunState, SocketFactory, SocketLike }

type Listener<T> = (value: T) => void

/** A request the runner answered with a refusal. */
export class RefusedError extends Error {
  constructor(readonly refusal: Refusal) {
    super(`The runner refused: ${refusal.message} (${refusal.code})`)
  }
}

export class RunnerClient {
  private readonly log = new RunLog()
  /** Each run's events, in order, each once (a test may seed it before connect()). */
  readonly runs = this.log.runs
  containers: ContainerInfo[] = []
  engine: EngineStatus | undefined
  /** The lecturer's latest position, as the runner last told it. */
  position: Position | undefined
  /** The classroom share, while npm start runs one (the deck's own windows only). */
  share: ShareInfo | undefined
  /** The questions (block keys) whose answers the lecturer has revealed to the room. */
  revealed: ReadonlySet<string> = new Set()
  private readonly link: RunnerLink
  private readonly listeners = new Set<Listener<ServerMessage>>()
  private readonly statusListeners = new Set<Listener<ConnectionStatus>>()
  private readonly pending = new PendingRequests()
  private followed: '*' | string[] = '*'
  private first: { promise: Promise<Hello>; settle(outcome: Hello | Error): void } | undefined

  constructor(private baseUrl: string, token: string, createSocket: SocketFactory, options: ClientOptions = {}) {
    this.link = new RunnerLink(baseUrl, token, createSocket, options, {
      greeted: (hello, restarted) => this.greeted(hello, restarted),
      message: (message) => {
        this.emit(message)
        this.pending.settle(message)
      },
      dropped: (why) => this.pending.rejectAll((what) => `The connection to the runner closed (${why}) before it answered ${what}. The deck reconnects by itself; try again once it is live.`),
      stopped: (error) => this.first?.settle(error),
      status: (status) => [...this.statusListeners].forEach((listener) => listener(status)),
    })
  }

  /** Where the link to the runner stands. */
  get status(): ConnectionStatus {
    return this.link.status
  }

  /** The runner instance of the current (or last) connection. */
  get instance(): string | undefined {
    return this.link.instance
  }

  /** Points a client that has not connected yet at another runner address (one another deck window handed over). */
  setAddress(baseUrl: string, token: string): void {
    this.link.setAddress(baseUrl, token)
    this.baseUrl = baseUrl
  }

  /** Opens the socket, waits for the runner's hello, and follows `follow`'s blocks from then on, across reconnects. */
  connect(follow: '*' | string[] = '*'): Promise<Hello> {
    if (this.first) return this.first.promise
    this.followed = follow
    let settled = false
    let settle!: (outcome: Hello | Error) => void
    const promise = new Promise<Hello>((resolve, reject) => {
      settle = (outcome) => {
        if (settled) return
        settled = true
        if (outcome instanceof Error) reject(outcome)
        else resolve(outcome)
      }
    })
    this.first = { promise, settle }
    this.link.start()
    return promise
  }

  /** Calls `listener` with every valid message; returns an unsubscribe function. */
  on(listener: Listener<ServerMessage>): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Calls `listener` with every change of status; returns an unsubscribe function. */
  onStatus(listener: Listener<ConnectionStatus>): () => void {
    this.statusListeners.add(listener)
    return () => this.statusListeners.delete(listener)
  }

  /** Starts `line` for block `key`; resolves with its run id once its first event is here, or with the runner's refusal. */
  async run(key: string, line: string, options: { size?: TerminalSize; timeoutMs?: number } = {}): Promise<RunOutcome> {
    const requestId = this.pending.nextId()
    const reply = await this.request<RunOutcome>({ type: 'run', requestId, key, line, ...options }, `the run of block ${key}`, (message) => {
      if (message.type === 'started') return { runId: message.runId }
      if (message.type === 'refused') return { refusal: message.refusal }
      return undefined
    })
    if ('runId' in reply) await this.firstEvent(reply.runId)
    return reply
  }

  /** What the runner would run for `line` (placeholders filled, scoping applied). */
  resolve(line: string): Promise<{ resolvedLine: string; notices: Notice[] } | { refusal: Refusal }> {
    return this.request({ type: 'resolve', requestId: this.pending.nextId(), line }, 'the preview of a command', (message) => {
      if (message.type === 'resolved') return { resolvedLine: message.resolvedLine, notices: message.notices }
      if (message.type === 'refused') return { refusal: message.refusal }
      return undefined
    })
  }

  /** Removes every container the deck made; resolves with their IDs. */
  /** Removes the deck's containers; rejects with the runner's refusal (RefusedError: too many resets in a short time, code busy). */
  reset(): Promise<string[]> {
    return this.request({ type: 'reset', requestId: this.pending.nextId() }, 'the reset', (message) => {
      if (message.type === 'refused') throw new RefusedError(message.refusal)
      return message.type === 'reset-done' ? message.removed : undefined
    })
  }

  /** Tells the runner (and through it the classroom's followers) where the lecturer is. */
  sendPosition(position: Position): void {
    this.send({ type: 'position', position })
  }

  /** Reveals the answer to block `key`'s question to the room (and the lecturer's windows). */
  reveal(key: string): void {
    this.send({ type: 'reveal', key })
  }

  /** Stops the classroom share: the share server tells the students and closes. */
  stopSharing(): void {
    this.send({ type: 'share-stop' })
  }

  /** Ctrl-C: the run goes on until docker has passed SIGINT on and the command ends by itself. */
  interrupt(runId: string): void {
    this.send({ type: 'interrupt', runId })
  }

  cancel(runId: string): void {
    this.send({ type: 'cancel', runId })
  }

  input(runId: string, data: string): void {
    this.send({ type: 'input', runId, data })
  }

  resize(runId: string, size: TerminalSize): void {
    this.send({ type: 'resize', runId, size })
  }

  /** Resolves with the run's `ended` event (at once if it has ended already). */
  ended(runId: string): Promise<Extract<RunEvent, { kind: 'ended' }>> {
    const last = this.runs.get(runId)?.events.at(-1)
    if (last?.kind === 'ended') return Promise.resolve(last)
    return new Promise((resolve) => {
      const off = this.on((message) => {
        if (message.type === 'run-event' && message.runId === runId && message.event.kind === 'ended') {
          off()
          resolve(message.event)
        }
      })
    })
  }

  /** The run's output so far, as text. */
  output(runId: string): string {
    return (this.runs.get(runId)?.events ?? []).map((event) => (event.kind === 'output' ? event.data : '')).join('')
  }

  /** Closes the connection for good: no reconnect; waiting requests are rejected. */
  close(): void {
    this.link.close()
    this.pending.rejectAll((what) => `The deck closed its connection to the runner before the runner answered ${what}.`)
    this.first?.settle(new Error(`The connection to the runner at ${this.baseUrl} was closed before it was established.`))
  }

  send(message: ClientMessage): void {
    this.link.send(JSON.stringify(message))
  }

  private greeted(hello: Hello, restarted: boolean): void {
    // The old runner's runs are gone: end the open ones here, as it would have.
    if (restarted) for (const { runId, event } of this.log.endAll()) this.emit({ type: 'run-event', runId, event })
    this.engine = hello.engine
    this.containers = hello.containers
    this.position = hello.position
    this.share = hello.share
    this.revealed = new Set(hello.revealed)
    this.log.connected()
    this.resume()
    this.emit(hello)
    this.first?.settle(hello)
  }

  private request<T>(message: ClientMessage & { requestId: string }, what: string, pick: (message: ServerMessage) => T | undefined): Promise<T> {
    const reply = this.pending.add(message.requestId, what, pick)
    try {
      this.send(message)
    } catch (error) {
      this.pending.drop(message.requestId)
      return Promise.reject(error)
    }
    return reply
  }

  /** Resolves once the client holds the run's first event; rejects if the runner it started on is gone. */
  private firstEvent(runId: string): Promise<void> {
    if (this.runs.get(runId)?.events.length) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const done = () => {
        offMessage()
        offStatus()
      }
      const offMessage = this.on((message) => {
        if (message.type !== 'run-event' || message.runId !== runId) return
        done()
        resolve()
      })
      const offStatus = this.onStatus((status) => {
        if (status.kind !== 'restarted' && status.kind !== 'closed' && status.kind !== 'token-refused') return
        done()
        reject(new Error(`Run ${runId} was started, but ${status.kind === 'restarted' ? 'the runner restarted' : 'the connection ended'} before its first event arrived.`))
      })
    })
  }

  private emit(message: ServerMessage): void {
    if (message.type === 'run-event') {
      const recorded = this.log.record(message.runId, message.event)
      if (!recorded.kept) return recorded.ask ? this.resume() : undefined
    }
    if (message.type === 'containers') this.containers = message.containers
    if (message.type === 'engine') this.engine = message.engine
    if (message.type === 'position') this.position = message.position
    if (message.type === 'share') this.share = message.share ?? undefined
    if (message.type === 'revealed') this.revealed = new Set(message.keys)
    for (const listener of [...this.listeners]) listener(message)
  }

  /** Follows again, asking only for what is missing of this runner's runs. */
  private resume(): void {
    if (this.link.open) this.send({ type: 'follow', keys: this.followed, after: this.log.after() })
  }
}
