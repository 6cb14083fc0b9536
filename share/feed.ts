// What the classroom's followers receive: the share server follows the runner
// read-only (the follow token) and numbers every message worth passing on.
// A follower that joins gets the present state at once (a snapshot: hello,
// every run's events so far, the lifecycle, the containers, the lecturer's
// position, the answers revealed), then each new message; one that
// reconnects with the last number it saw gets exactly what it missed, or a
// snapshot when that is too old.
import WebSocket from 'ws'
import { RunnerClient } from '../lib/client/client.ts'
import { webSocketFactory } from '../lib/client/web-sockets.ts'
import type { RoomTally, ServerMessage } from '../lib/protocol.ts'

/** One numbered message for followers. */
export interface FeedEntry {
  id: number
  message: ServerMessage
}

export interface FeedOptions {
  /** The runner's address (`http://127.0.0.1:P`) and its read-only follow token. */
  runner: { url: string; followToken: string }
  /** Numbered messages kept for followers that reconnect. @default 20000 */
  keep?: number
  /** Lifecycle events kept for a snapshot. @default 500 */
  keepLifecycle?: number
}

type FeedListener = (entry: FeedEntry) => void

/** The message kinds a follower sees; replies to requests never reach a read-only follower. */
const PASSED_ON = new Set<ServerMessage['type']>(['hello', 'run-event', 'lifecycle', 'containers', 'engine', 'position', 'revealed', 'share-stop'])

export class Feed {
  private readonly client: RunnerClient
  private readonly entries: FeedEntry[] = []
  private readonly lifecycle: Array<Extract<ServerMessage, { type: 'lifecycle' }>> = []
  private readonly listeners = new Set<FeedListener>()
  private hello: Extract<ServerMessage, { type: 'hello' }> | undefined
  private lastId = 0
  private readonly keep: number
  private readonly keepLifecycle: number

  constructor(options: FeedOptions) {
    this.keep = options.keep ?? 20_000
    this.keepLifecycle = options.keepLifecycle ?? 500
    // Not a page: no Origin. The runner lets the follow token in without one, and only to follow.
    this.client = new RunnerClient(options.runner.url, options.runner.followToken, webSocketFactory(WebSocket), {
      readOnly: true,
      waitForRunner: true,
    })
    this.client.on((message) => this.take(message))
  }

  /** Connects to the runner; resolves on its first hello. */
  async start(): Promise<void> {
    await this.client.connect('*')
  }

  /** Passes how the room answered a question to the runner, which tells the lecturer's windows; false while the link is down. */
  sendTally(tally: RoomTally): boolean {
    try {
      this.client.send({ type: 'tally', tally })
      return true
    } catch {
      return false
    }
  }

  close(): void {
    this.client.close()
    this.listeners.clear()
  }

  /** The number of the newest message. */
  get last(): number {
    return this.lastId
  }

  /** Calls `listener` with each new message; returns the function that stops it. */
  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * What a follower needs after message `after`: the messages it missed when
   * they are still kept, otherwise (or with no `after`) the present state,
   * its last message numbered with the newest id.
   */
  since(after: number | undefined): FeedEntry[] {
    const oldest = this.entries[0]?.id ?? this.lastId + 1
    if (after !== undefined && after <= this.lastId && after >= oldest - 1 && this.hello) {
      return [{ id: after, message: this.hello }, ...this.entries.filter((entry) => entry.id > after)]
    }
    return this.snapshot()
  }

  private snapshot(): FeedEntry[] {
    if (!this.hello) return []
    const messages: ServerMessage[] = [
      {
        ...this.hello, containers: this.client.containers,
        ...(this.client.position ? { position: this.client.position } : {}),
        ...(this.client.revealed.size ? { revealed: [...this.client.revealed] } : {}),
      },
      ...[...this.client.runs.entries()].flatMap(([runId, run]) => run.events.map((event): ServerMessage => ({ type: 'run-event', runId, event }))),
      ...this.lifecycle,
    ]
    // Every entry carries the newest id: a follower that reconnects after it asks for what came after the present.
    return messages.map((message) => ({ id: this.lastId, message }))
  }

  private take(message: ServerMessage): void {
    if (!PASSED_ON.has(message.type)) return
    if (message.type === 'hello') this.hello = { ...message, capability: 'read-only' }
    if (message.type === 'lifecycle') {
      this.lifecycle.push(message)
      if (this.lifecycle.length > this.keepLifecycle) this.lifecycle.shift()
    }
    const entry = { id: ++this.lastId, message: message.type === 'hello' ? this.hello! : message }
    this.entries.push(entry)
    if (this.entries.length > this.keep) this.entries.shift()
    for (const listener of [...this.listeners]) listener(entry)
  }
}
