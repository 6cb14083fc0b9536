// The socket under a RunnerClient: opens it, tells a dropped connection from
// a runner that restarted (its hello names another instance), reconnects
// with capped, jittered exponential backoff, and says where it stands
// (connecting, live, reconnecting, restarted, no runner, token refused).
// Browser-safe: the socket comes from a factory.
import { backoffDelay, type BackoffOptions } from './backoff.ts'
import { classifyFailure, fetchHealth, refusedStatus, type ConnectionStatus, type HealthProbe, type RunnerHealth } from './connection-status.ts'
import { clientSubprotocols, followerSubprotocols, parseServerMessage, WS_PATH, type ServerMessage } from '../protocol.ts'

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
export type Hello = Extract<ServerMessage, { type: 'hello' }>

export interface LinkOptions {
  /** The credential is the follow token: the connection may only follow (the classroom's share server). @default false */
  readOnly?: boolean
  /** Reconnect after the connection drops, with this backoff; false leaves it closed. @default true */
  reconnect?: boolean | BackoffOptions
  /** Keep trying when the first attempt finds no runner (the deck waits for one); otherwise the link stops. @default false */
  waitForRunner?: boolean
  /** Attempts in a row that find nothing listening, after which the status says "no runner" (the attempts go on). @default 5 */
  noRunnerAfter?: number
  /** Asks the runner's /health after a failed attempt. @default GET /health with fetch */
  probe?: HealthProbe
  /** Randomness for the backoff's jitter. @default Math.random */
  random?: () => number
  /** An attempt that neither greets nor closes by then is abandoned and counted as failed. @default 5_000 */
  handshakeMs?: number
}

export interface LinkEvents {
  /** A hello opened a connection; `restarted`: it came from another runner instance than the last one. */
  greeted(hello: Hello, restarted: boolean): void
  /** Any other valid message (an invalid frame arrives as an `error` message). */
  message(message: ServerMessage): void
  /** An open connection closed; `why` is its close code and reason. */
  dropped(why: string): void
  /** The link gave up for good (token refused, or no runner and no retry). */
  stopped(error: Error): void
  status(status: ConnectionStatus): void
}

export class RunnerLink {
  status: ConnectionStatus = { kind: 'connecting' }
  /** The runner instance of the current (or last) connection. */
  instance: string | undefined
  private socket: SocketLike | undefined
  private attempt = 0
  private absentInARow = 0
  private everConnected = false
  private closed = false
  private started = false
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private baseUrl: string,
    private token: string,
    private readonly createSocket: SocketFactory,
    private readonly options: LinkOptions,
    private readonly events: LinkEvents,
  ) {}

  /** True while a greeted socket is open. */
  get open(): boolean {
    return this.socket?.readyState === 1 && (this.status.kind === 'live' || this.status.kind === 'restarted')
  }

  send(text: string): void {
    if (!this.open) throw new Error(`The deck is not connected to the runner right now (${this.status.kind}); try again once it is live.`)
    this.socket!.send(text)
  }

  /** Points a link that has not started yet at another address. */
  setAddress(baseUrl: string, token: string): void {
    if (this.started) throw new Error('setAddress: the client is connecting already; set the address before connect().')
    this.baseUrl = baseUrl
    this.token = token
  }

  /** Makes one attempt now. */
  start(): void {
    this.started = true
    this.timer = undefined
    if (this.closed) return
    let socket: SocketLike
    try {
      socket = this.createSocket(`${this.baseUrl.replace(/^http/, 'ws')}${WS_PATH}`, this.options.readOnly ? followerSubprotocols(this.token) : clientSubprotocols(this.token))
    } catch (error) {
      void this.failed(error, 1006, String(error))
      return
    }
    this.socket = socket
    let greeted = false
    let failure: unknown
    // A handshake nobody answers (a runner hung mid-start, a lost packet) must not hold the deck for ever.
    const handshake = setTimeout(() => {
      if (greeted || this.socket !== socket) return
      this.socket = undefined
      socket.onclose = null
      socket.close()
      void this.failed(failure, 1006, 'no answer to the handshake')
    }, this.options.handshakeMs ?? 5_000)
    ;(handshake as { unref?: () => void }).unref?.()
    socket.onmessage = ({ data }) => {
      if (this.socket !== socket) return
      const parsed = parseServerMessage(String(data))
      if (!parsed.ok) return this.events.message({ type: 'error', code: 'bad-message', message: parsed.error })
      if (parsed.value.type !== 'hello') return this.events.message(parsed.value)
      if (greeted) return
      greeted = true
      clearTimeout(handshake)
      this.greet(parsed.value)
    }
    socket.onerror = (event) => {
      failure = event
    }
    socket.onclose = ({ code, reason }) => {
      clearTimeout(handshake)
      if (this.socket !== socket) return
      this.socket = undefined
      if (greeted) this.dropped(`${code}${reason ? `: ${reason}` : ''}`)
      else void this.failed(failure, code, reason)
    }
  }

  /** Closes for good: no more attempts. */
  close(): void {
    if (this.closed) return
    this.closed = true
    clearTimeout(this.timer)
    const socket = this.socket
    this.socket = undefined
    socket?.close(1000, 'done')
    this.setStatus({ kind: 'closed' })
  }

  private greet(hello: Hello): void {
    const restarted = this.instance !== undefined && this.instance !== hello.instance
    this.instance = hello.instance
    this.attempt = 0
    this.absentInARow = 0
    this.everConnected = true
    this.setStatus(restarted ? { kind: 'restarted', instance: hello.instance } : { kind: 'live', instance: hello.instance })
    this.events.greeted(hello, restarted)
  }

  private dropped(why: string): void {
    if (this.options.reconnect === false) this.setStatus({ kind: 'closed' })
    else this.retry()
    this.events.dropped(why)
  }

  /** An attempt ended before the runner's hello: find out why, then retry or stop. */
  private async failed(event: unknown, code: number, reason: string): Promise<void> {
    let health: RunnerHealth | undefined
    const probe = async () => (health = await (this.options.probe ?? fetchHealth)(this.baseUrl))
    const failure = await classifyFailure(refusedStatus(event), this.instance, probe)
    if (this.closed) return
    if (failure === 'other-version') {
      this.setStatus({ kind: 'other-version', runnerVersion: health?.runnerVersion ?? '?' })
      return this.events.stopped(new Error(`The runner at ${this.baseUrl} is version ${health?.runnerVersion ?? '?'}, which speaks another protocol than this deck: stop every npm start and start this one again.`))
    }
    if (failure === 'refused') {
      this.setStatus({ kind: 'token-refused' })
      return this.events.stopped(new Error(`The runner at ${this.baseUrl} refused this page's key: it was started again with a new one. Open the address \`npm start\` printed.`))
    }
    this.absentInARow = failure === 'absent' ? this.absentInARow + 1 : 0
    const mayRetry = this.everConnected ? this.options.reconnect !== false : this.options.waitForRunner === true
    if (mayRetry) return this.retry()
    this.setStatus({ kind: 'no-runner', attempt: this.attempt + 1 })
    this.events.stopped(new Error(failure === 'busy'
      ? `The runner at ${this.baseUrl} is busy: too many windows are connected. Close one and try again.`
      : `Could not connect to the runner at ${this.baseUrl} (${code}${reason ? `: ${reason}` : ''}): is it running, and is this the deck's origin?`))
  }

  private retry(): void {
    this.attempt++
    const backoff = typeof this.options.reconnect === 'object' ? this.options.reconnect : {}
    const delayMs = backoffDelay(this.attempt, backoff, this.options.random)
    const gone = !this.everConnected || this.absentInARow >= (this.options.noRunnerAfter ?? 5)
    this.setStatus(gone ? { kind: 'no-runner', attempt: this.attempt, delayMs } : { kind: 'reconnecting', attempt: this.attempt, delayMs })
    this.timer = setTimeout(() => this.start(), delayMs)
    // In Node, a pending retry alone does not keep the process alive.
    ;(this.timer as { unref?: () => void }).unref?.()
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status
    this.events.status(status)
  }
}
