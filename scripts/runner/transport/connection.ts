// One authenticated deck window: validates each frame against the protocol,
// dispatches it, and sends runner messages with a bound on unsent data.
import type { WebSocket } from 'ws'
import { removeDeckContainers } from '../execution/cleanup.ts'
import type { DeckContainers } from '../engine/deck-containers.ts'
import { ensureDemoImage } from '../engine/demo-image.ts'
import type { DockerCli } from '../../docker/docker-cli.ts'
import { planCommand } from '../policy/policy.ts'
import { parseClientMessage, type ClientMessage, type EngineStatus, type RunEvent, type ServerMessage } from '../../../lib/protocol.ts'
import { Refused } from '../policy/refusal.ts'
import type { Follower } from '../execution/run.ts'
import type { Runs } from '../execution/runs.ts'

/** What a connection needs from the runner around it. */
export interface RunnerContext {
  runs: Runs
  containers: DeckContainers
  cli: DockerCli
  engine(): EngineStatus
  runnerVersion: string
  /** Open connections, for broadcasts; each adds itself. */
  connections: Set<DeckConnection>
}

/** Above this much unsent data a window counts as slow and output is paused for it. */
const CONGESTED_BYTES = 1024 * 1024
/** Above this a window is dropped; it reconnects and resumes by sequence number. */
const DROP_BYTES = 16 * 1024 * 1024

export class DeckConnection implements Follower {
  constructor(private readonly socket: WebSocket, private readonly context: RunnerContext) {
    socket.on('message', (data, isBinary) => void this.receive(isBinary ? '' : data.toString()))
    // ws closes the socket itself (1009 for an oversize frame, 1002 for a bad
    // one) and then emits 'error'; unheard, that error would crash the runner.
    socket.on('error', () => {})
    context.connections.add(this)
    socket.on('close', () => {
      context.connections.delete(this)
      context.runs.leave(this)
    })
    this.send({ type: 'hello', protocol: 1, runnerVersion: context.runnerVersion, engine: context.engine(), containers: context.containers.list() })
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
    if (!parsed.ok) return this.send({ type: 'error', code: 'bad-message', message: `${parsed.error}. See lib/protocol.ts for the message shapes.` })
    try {
      await this.dispatch(parsed.value)
    } catch (error) {
      this.send({ type: 'error', code: 'internal', message: `The runner failed to handle "${parsed.value.type}": ${String(error)}` })
    }
  }

  private async dispatch(message: ClientMessage): Promise<void> {
    const { runs } = this.context
    switch (message.type) {
      case 'run':
        try {
          await runs.start(message.key, message.line, this, { ...(message.size ? { size: message.size } : {}), ...(message.timeoutMs ? { timeoutMs: message.timeoutMs } : {}) })
        } catch (error) {
          this.refuse(error, message.requestId, message.line, message.key)
        }
        return
      case 'resolve':
        try {
          const plan = await planCommand(message.line, 'preview', this.context.containers)
          this.send({ type: 'resolved', requestId: message.requestId, line: message.line, resolvedLine: plan.resolvedLine, notices: plan.notices })
        } catch (error) {
          this.refuse(error, message.requestId, message.line)
        }
        return
      case 'follow':
        return runs.follow(this, message.keys, message.after)
      case 'cancel':
        return runs.get(message.runId)?.stop('cancelled', 'Stopped by the presenter.')
      case 'input':
        return runs.get(message.runId)?.input(message.data)
      case 'resize':
        return runs.get(message.runId)?.resize(message.size)
      case 'reset': {
        const removed = await removeDeckContainers(this.context.cli)
        await ensureDemoImage(this.context.cli)
        return this.send({ type: 'reset-done', requestId: message.requestId, removed })
      }
    }
  }

  private refuse(error: unknown, requestId: string, line: string, key?: string): void {
    if (!(error instanceof Refused)) throw error
    this.send({ type: 'refused', requestId, line, refusal: error.toRefusal(), ...(key ? { key } : {}) })
  }
}
