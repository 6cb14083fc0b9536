// One authenticated deck window (or read-only follower): validates each frame
// against the protocol, dispatches what its capability allows, and sends
// runner messages with a bound on unsent data.
import type { WebSocket } from 'ws'
import { removeDeckContainers } from '../execution/cleanup.ts'
import type { DeckContainers } from '../engine/deck-containers.ts'
import { ensureDemoImage } from '../engine/demo-image.ts'
import type { DockerCli } from '../docker/docker-cli.ts'
import { planCommand } from '../policy/policy.ts'
import { MAX_REVEALED, parseClientMessage, PROTOCOL_VERSION, requestIdOf, type Capability, type ClientMessage, type EngineStatus, type Position, type RunEvent, type ServerMessage, type ShareInfo } from '../../lib/protocol.ts'
import { Refused } from '../policy/refusal.ts'
import type { Follower } from '../execution/run.ts'
import type { Runs } from '../execution/runs.ts'
import { checkExercise, runnerFactSource } from '../checks/check-exercise.ts'
import { RequestRateLimiter } from './rate-limit.ts'

/** What a connection needs from the runner around it. */
export interface RunnerContext {
  runs: Runs
  containers: DeckContainers
  cli: DockerCli
  engine(): EngineStatus
  runnerVersion: string
  /** This runner process's random id, sent in `hello` and `/health`. */
  instance: string
  /** The file:// page `npm start` wrote to hand a deck its key, while it exists (told to keyless tabs by /health). */
  openPage(): string | undefined
  /** Open connections, for broadcasts; each adds itself. */
  connections: Set<DeckConnection>
  /** The lecturer's latest position, sent by a deck window and told to every connection. */
  position: { current: Position | undefined }
  /** The classroom share, as share.json says; told to full connections only (a follower has the code already). */
  share: { current: ShareInfo | undefined }
  /** The questions (block keys) whose answers the lecturer has revealed to the room, in order. */
  revealed: Set<string>
  /** Told of a message whose handling failed past its own error reply; the connection goes on. */
  onFault(error: unknown, where: string): void
}

/**
 * All a read-only follower may send: it watches runs, and passes on how the
 * room answered (shown to the lecturer, reaching nothing else); it can never
 * run, resolve, type, resize, reset, check or move the lecture.
 */
const READ_ONLY_MESSAGES: ReadonlySet<ClientMessage['type']> = new Set(['follow', 'tally'])

/** Above this much unsent data a window counts as slow and output is paused for it. */
const CONGESTED_BYTES = 1024 * 1024
/** Above this a window is dropped; it reconnects and resumes by sequence number. */
const DROP_BYTES = 16 * 1024 * 1024

export class DeckConnection implements Follower {
  private readonly limiter = new RequestRateLimiter()

  constructor(private readonly socket: WebSocket, private readonly context: RunnerContext, readonly capability: Capability = 'full') {
    socket.on('message', (data, isBinary) => {
      this.receive(isBinary ? '' : data.toString()).catch((error: unknown) => context.onFault(error, 'handling a deck message'))
    })
    // ws closes the socket itself (1009 for an oversize frame, 1002 for a bad
    // one) and then emits 'error'; unheard, that error would crash the runner.
    socket.on('error', () => {})
    context.connections.add(this)
    socket.on('close', () => {
      context.connections.delete(this)
      context.runs.leave(this)
    })
    const position = context.position.current
    const share = capability === 'full' ? context.share.current : undefined
    this.send({
      type: 'hello', protocol: PROTOCOL_VERSION, runnerVersion: context.runnerVersion, instance: context.instance, engine: context.engine(), containers: context.containers.list(),
      capability, ...(position ? { position } : {}), ...(share ? { share } : {}), ...(context.revealed.size ? { revealed: [...context.revealed] } : {}),
    })
  }

  get congested(): boolean {
    return this.socket.bufferedAmount > CONGESTED_BYTES
  }

  drop(): void {
    this.socket.terminate()
  }

  deliver(runId: string, event: RunEvent): void {
    this.send({ type: 'run-event', runId, event })
  }

  send(message: ServerMessage): void {
    if (this.socket.readyState !== this.socket.OPEN) return
    if (this.socket.bufferedAmount > DROP_BYTES) {
      this.socket.terminate()
      return
    }
    this.socket.send(JSON.stringify(message))
  }

  private async receive(raw: string): Promise<void> {
    const parsed = parseClientMessage(raw)
    if (!parsed.ok) {
      const requestId = requestIdOf(raw)
      return this.send({ type: 'error', ...(requestId !== undefined ? { requestId } : {}), code: 'bad-message', message: `${parsed.error}. See lib/protocol.ts for the message shapes.` })
    }
    try {
      await this.dispatch(parsed.value)
    } catch (error) {
      const requestId = 'requestId' in parsed.value ? { requestId: parsed.value.requestId } : {}
      this.send({ type: 'error', ...requestId, code: 'internal', message: `The runner failed to handle "${parsed.value.type}": ${String(error)}` })
    }
  }

  private async dispatch(message: ClientMessage): Promise<void> {
    const { runs } = this.context
    if (this.capability === 'read-only' && !READ_ONLY_MESSAGES.has(message.type)) return this.refuseReadOnly(message)
    switch (message.type) {
      case 'run':
        try {
          const run = await runs.start(message.key, message.line, this, { ...(message.size ? { size: message.size } : {}), ...(message.timeoutMs ? { timeoutMs: message.timeoutMs } : {}) })
          this.send({ type: 'started', requestId: message.requestId, runId: run.id, key: message.key })
        } catch (error) {
          this.refuse(error, message.requestId, message.line, message.key)
        }
        return
      case 'resolve':
        if (!this.limiter.allow('resolve')) return this.refuseBusy(message.requestId, message.line, 'previews')
        try {
          const plan = await planCommand(message.line, 'preview', this.context.containers)
          this.send({ type: 'resolved', requestId: message.requestId, line: message.line, resolvedLine: plan.resolvedLine, notices: plan.notices })
        } catch (error) {
          this.refuse(error, message.requestId, message.line)
        }
        return
      case 'follow':
        return runs.follow(this, message.keys, message.after)
      case 'interrupt':
        return runs.get(message.runId)?.interrupt()
      case 'cancel':
        return runs.get(message.runId)?.stop('cancelled', 'Ended at once; the containers this run created were removed.')
      case 'position':
        this.context.position.current = message.position
        for (const connection of this.context.connections) connection.send({ type: 'position', position: message.position })
        return
      case 'tally':
        for (const connection of this.context.connections) if (connection.capability === 'full') connection.send({ type: 'tally', tally: message.tally })
        return
      case 'reveal':
        // Bounded: the oldest is forgotten first (a chapter has a dozen questions).
        if (this.context.revealed.size >= MAX_REVEALED && !this.context.revealed.has(message.key)) this.context.revealed.delete(this.context.revealed.values().next().value!)
        this.context.revealed.add(message.key)
        return this.tellRevealed()
      case 'share-stop':
        // Only the share server follows read-only: it tells the students, closes, and npm start removes share.json.
        for (const connection of this.context.connections) if (connection.capability === 'read-only') connection.send({ type: 'share-stop' })
        return
      case 'input':
        return runs.get(message.runId)?.input(message.data)
      case 'resize':
        return runs.get(message.runId)?.resize(message.size)
      case 'reset': {
        if (!this.limiter.allow('reset')) return this.refuseBusy(message.requestId, '', 'resets')
        const removed = await removeDeckContainers(this.context.cli)
        await ensureDemoImage(this.context.cli)
        // The next lecture asks its questions afresh.
        if (this.context.revealed.size) {
          this.context.revealed.clear()
          this.tellRevealed()
        }
        return this.send({ type: 'reset-done', requestId: message.requestId, removed })
      }
      case 'check':
        return this.send(await checkExercise(message, runnerFactSource(this.context)))
    }
  }

  /** Every connection (the lecturer's windows, the share server) hears the revealed questions, whole. */
  private tellRevealed(): void {
    const keys = [...this.context.revealed]
    for (const connection of this.context.connections) connection.send({ type: 'revealed', keys })
  }

  /** A read-only follower asked to act: an error naming what it asked, and nothing done. */
  private refuseReadOnly(message: ClientMessage): void {
    const requestId = 'requestId' in message ? { requestId: message.requestId } : {}
    this.send({ type: 'error', ...requestId, code: 'read-only', message: `"${message.type}" is refused: this connection follows runs read-only (the follow token); only "follow" and "tally" are allowed.` })
  }

  /** Too many previews or resets from this window: a clear "busy" instead of work. */
  private refuseBusy(requestId: string, line: string, what: string): void {
    this.send({ type: 'refused', requestId, line, refusal: new Refused('busy', `This window asked for too many ${what} in a short time; wait a moment and try again.`).toRefusal() })
  }

  private refuse(error: unknown, requestId: string, line: string, key?: string): void {
    if (!(error instanceof Refused)) throw error
    this.send({ type: 'refused', requestId, line, refusal: error.toRefusal(), ...(key ? { key } : {}) })
  }
}
