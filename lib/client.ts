// The one client of the runner, used by the deck (browser WebSocket), the
// tests and the benchmark (ws). It validates every frame, keeps each run's
// events in order, notices gaps, and resumes after a reconnect from the last
// event it holds. No Node-only imports: the deck bundles it.
import {
  clientSubprotocols, parseServerMessage, WS_PATH,
  type ClientMessage, type ContainerInfo, type EngineStatus, type LifecycleEvent, type Notice, type Refusal, type RunEvent, type ServerMessage, type TerminalSize,
} from './protocol.ts'

/** The part of the WebSocket API the client uses (browser and `ws` both have it). */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: unknown) => void) | null
  onclose: ((event: { code: number; reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
}

export type SocketFactory = (url: string, protocols: string[]) => SocketLike

export interface RunState {
  runId: string
  key: string
  events: RunEvent[]
}

export type RunOutcome = { runId: string } | { refusal: Refusal }

type Listener<T> = (value: T) => void

export class RunnerClient {
  readonly runs = new Map<string, RunState>()
  containers: ContainerInfo[] = []
  engine: EngineStatus | undefined
  private socket: SocketLike | undefined
  private counter = 0
  private readonly listeners = new Set<Listener<ServerMessage>>()
  private followed: '*' | string[] = '*'

  constructor(private readonly baseUrl: string, private readonly token: string, private readonly createSocket: SocketFactory) {}

  /** Opens the socket, waits for the runner's hello, and follows every block. */
  connect(follow: '*' | string[] = '*'): Promise<Extract<ServerMessage, { type: 'hello' }>> {
    this.followed = follow
    return new Promise((resolve, reject) => {
      const socket = this.createSocket(`${this.baseUrl.replace(/^http/, 'ws')}${WS_PATH}`, clientSubprotocols(this.token))
      this.socket = socket
      let greeted = false
      socket.onmessage = ({ data }) => {
        const parsed = parseServerMessage(String(data))
        if (!parsed.ok) return this.emit({ type: 'error', code: 'bad-message', message: parsed.error })
        const message = parsed.value
        if (message.type === 'hello' && !greeted) {
          greeted = true
          this.engine = message.engine
          this.containers = message.containers
          this.resume()
          resolve(message)
        }
        this.emit(message)
      }
      socket.onerror = () => !greeted && reject(new Error(`Could not connect to the runner at ${this.baseUrl}: is it running, and is this the deck's origin?`))
      socket.onclose = ({ code, reason }) => !greeted && reject(new Error(`The runner closed the connection (${code}${reason ? `: ${reason}` : ''}).`))
    })
  }

  /** Calls `listener` with every valid message; returns an unsubscribe function. */
  on(listener: Listener<ServerMessage>): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Starts `line` for block `key`; resolves with its run id, or the runner's refusal. */
  run(key: string, line: string, options: { size?: TerminalSize; timeoutMs?: number } = {}): Promise<RunOutcome> {
    const requestId = this.nextId()
    return new Promise((resolve) => {
      const off = this.on((message) => {
        if (message.type === 'refused' && message.requestId === requestId) {
          off()
          resolve({ refusal: message.refusal })
        } else if (message.type === 'run-event' && message.event.kind === 'started' && message.event.key === key && message.event.line === line) {
          off()
          resolve({ runId: message.runId })
        }
      })
      this.send({ type: 'run', requestId, key, line, ...options })
    })
  }

  /** What the runner would run for `line` (placeholders filled, scoping applied). */
  resolve(line: string): Promise<{ resolvedLine: string; notices: Notice[] } | { refusal: Refusal }> {
    return this.request({ type: 'resolve', requestId: this.nextId(), line }, (message) => {
      if (message.type === 'resolved') return { resolvedLine: message.resolvedLine, notices: message.notices }
      if (message.type === 'refused') return { refusal: message.refusal }
      return undefined
    })
  }

  /** Removes every container the deck made; resolves with their IDs. */
  reset(): Promise<string[]> {
    return this.request({ type: 'reset', requestId: this.nextId() }, (message) => (message.type === 'reset-done' ? message.removed : undefined))
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

  close(): void {
    this.socket?.close(1000, 'done')
  }

  send(message: ClientMessage): void {
    if (!this.socket || this.socket.readyState !== 1) throw new Error('The runner connection is not open; connect() first.')
    this.socket.send(JSON.stringify(message))
  }

  private request<T>(message: ClientMessage & { requestId: string }, pick: (message: ServerMessage) => T | undefined): Promise<T> {
    return new Promise((resolve) => {
      const off = this.on((reply) => {
        if (!('requestId' in reply) || reply.requestId !== message.requestId) return
        const value = pick(reply)
        if (value !== undefined) {
          off()
          resolve(value)
        }
      })
      this.send(message)
    })
  }

  private emit(message: ServerMessage): void {
    if (message.type === 'run-event' && !this.record(message.runId, message.event)) return
    if (message.type === 'containers') this.containers = message.containers
    if (message.type === 'engine') this.engine = message.engine
    for (const listener of [...this.listeners]) listener(message)
  }

  /** Keeps events in order; a gap means frames were lost, so ask for the rest again. */
  private record(runId: string, event: RunEvent): boolean {
    const state = this.runs.get(runId) ?? { runId, key: event.kind === 'started' ? event.key : '', events: [] }
    this.runs.set(runId, state)
    const expected = state.events.length
    if (event.seq > expected) this.resume()
    if (event.seq !== expected) return false
    state.events.push(event)
    return true
  }

  /** Follows again, asking only for what is missing. */
  private resume(): void {
    const after = Object.fromEntries([...this.runs.values()].map((run) => [run.runId, run.events.length - 1]))
    this.send({ type: 'follow', keys: this.followed, after })
  }

  private nextId(): string {
    return `r${++this.counter}`
  }
}

export type { LifecycleEvent }
