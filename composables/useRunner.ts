// The deck's one connection to the runner, shared by every Run block of the
// page: connection status, each block's latest run (views read it through
// useRun), the deck's containers and the lifecycle events. Presenter and
// audience windows each hold one and follow every block, so both show the
// same execution. The client reconnects by itself; `status` says what the
// blocks show (it stays live while a dropped connection is being restored),
// `connection` what the badge says. The connection lives as long as the
// page, so nothing is disposed.
import { shallowReactive, shallowRef, type ShallowRef } from 'vue'
import { RunnerClient, type ConnectionStatus, type RunState } from '../lib/client/client.ts'
import { webSocketFactory } from '../lib/client/web-sockets.ts'
import type { ContainerInfo, EngineStatus, LifecycleEvent, RoomTally, RunEvent, ShareInfo } from '../lib/protocol.ts'
import { fetchHealth } from '../lib/client/connection-status.ts'
import { followerSockets, type EventSourceLike } from '../lib/client/follower-socket.ts'
import { isFollowerPage } from '../lib/client/follower-page.ts'
import { keylessRunnerUrl, keylessStatus } from '../lib/client/keyless-runner.ts'
import { forgetLegacyAddress, keepRunnerAddress, takeRunnerAddress, type RunnerAddress } from '../lib/client/runner-address.ts'
import { answerAddressRequests, askForRunnerAddress, openHandoffChannel } from '../lib/client/runner-handoff.ts'

export type RunnerStatus = 'connecting' | 'live' | 'no-runner' | 'recorded'
/** The link as the badge tells it; `recorded`: this page has no runner by design. */
export type RunnerConnection = ConnectionStatus | { kind: 'recorded' }

export interface RunnerState {
  /** What the blocks show: live runs (also while reconnecting), or their recordings. */
  status: RunnerStatus
  connection: RunnerConnection
  engine: EngineStatus | undefined
  message: string
  containers: ContainerInfo[]
  lifecycle: LifecycleEvent[]
  /** A classroom follower's page (served by the share server): it shows the lecturer's runs and runs nothing. */
  readOnly: boolean
  /** The classroom share npm start runs, for the lecturer's badge and title slide. */
  share: ShareInfo | undefined
  /** How the room answered each question, by block key (the lecturer's windows, while sharing). */
  tallies: Readonly<Record<string, RoomTally>>
  /** The questions (block keys) whose answers the lecturer has revealed to the room. */
  revealed: ReadonlySet<string>
  /** A follower's page whose lecturer stopped sharing: it shows the recordings from then on. */
  shareEnded: boolean
}

/** A block's run as views see it: a new object, with a new events array, after each event. */
export interface RunSnapshot {
  readonly runId: string
  readonly key: string
  readonly events: readonly RunEvent[]
}

/**
 * Each block's latest run, one shallowRef per block. The client grows its
 * runs' arrays in place; a snapshot per event is what lets exactly the views
 * of that block update, without deep reactivity or a shared counter.
 */
export class LatestRuns {
  private readonly byKey = new Map<string, ShallowRef<RunSnapshot | undefined>>()

  /** Block `key`'s latest run; undefined until one starts. */
  of(key: string): Readonly<ShallowRef<RunSnapshot | undefined>> {
    return this.slot(key)
  }

  /** Takes `run` as it stands after `event`. A start makes it its block's latest; a late event of an earlier run shows nothing. */
  record(run: RunState, event: RunEvent): void {
    if (!run.key) return
    const slot = this.slot(run.key)
    if (event.kind !== 'started' && slot.value && slot.value.runId !== run.runId) return
    slot.value = { runId: run.runId, key: run.key, events: run.events.slice() }
  }

  private slot(key: string): ShallowRef<RunSnapshot | undefined> {
    let slot = this.byKey.get(key)
    if (!slot) this.byKey.set(key, (slot = shallowRef()))
    return slot
  }
}

export interface UseRunnerOptions {
  /** How long the badge says the runner restarted before it says live again. @default 10_000 */
  restartNoticeMs?: number
  /** How long a window without an address waits for an open deck tab to hand it over. @default 1000 */
  handoffTimeoutMs?: number
  /** How often a tab without a key asks again whether a runner is there. @default 5000 */
  keylessProbeMs?: number
}

const MAX_LIFECYCLE_EVENTS = 500
const NO_RUNNER = 'No runner connected: blocks show recorded output. For live runs, start `npm start` and open the address it prints.'
export interface Runner {
  state: RunnerState
  /** Undefined where the page has no runner by design (a static build, a PDF). */
  client: RunnerClient | undefined
  runs: LatestRuns
  /** Asks an open deck tab for the runner's key and connects with it; false when no tab answered. */
  takeKey(): Promise<boolean>
}

let shared: Runner | undefined

/** The page's runner connection (created on first use; `options` count only then). */
export function useRunner(options: UseRunnerOptions = {}): Runner {
  if (!shared) shared = connect(options)
  return shared
}

/** What the blocks show for a link state. */
export function blocksStatus(connection: RunnerConnection): RunnerStatus {
  if (connection.kind === 'connecting' || connection.kind === 'recorded') return connection.kind
  return connection.kind === 'live' || connection.kind === 'restarted' || connection.kind === 'reconnecting' ? 'live' : 'no-runner'
}

function connect(options: UseRunnerOptions): Runner {
  const state = shallowReactive<RunnerState>({
    status: 'connecting', connection: { kind: 'connecting' }, engine: undefined, message: '', containers: [], lifecycle: [], readOnly: false, share: undefined, tallies: {}, revealed: new Set(), shareEnded: false,
  })
  const runs = new LatestRuns()
  const result: Runner = { state, client: undefined, runs, takeKey: async () => false }
  if (typeof window === 'undefined') return result
  if (isFollowerPage(window.document)) return followLecture(result, options)
  const storage = <T>(read: () => T) => {
    try {
      return read()
    } catch {
      return undefined
    }
  }
  // Older versions kept the token in localStorage, where it outlived the lecture.
  const local = storage(() => window.localStorage)
  if (local) forgetLegacyAddress(local)
  const session = storage(() => window.sessionStorage)
  let address = session ? takeRunnerAddress(window.location, window.history, session) : undefined
  if (!address && !import.meta.env.DEV) {
    // A static build or PDF has no runner by design.
    setConnection(state, { kind: 'recorded' }, NO_RUNNER)
    return result
  }

  const client = new RunnerClient(address?.url ?? '', address?.token ?? '', webSocketFactory(WebSocket), { waitForRunner: true })
  result.client = client
  showClient(result, options)
  // Other deck windows of this origin may ask for the address; a refused one is not worth handing on.
  if (openHandoffChannel) answerAddressRequests(openHandoffChannel, () => (client.status.kind === 'token-refused' ? undefined : address))
  let keylessTimer: ReturnType<typeof setTimeout> | undefined
  // Without a key the badge still names the cause (no runner, no key for it, another version), and keeps checking.
  // While a runner runs that this tab has no key for, each check asks the open deck tabs again: one that went
  // live since, or answered too late the first time (a busy machine), hands its key over without a click.
  const keyless = async () => {
    const status = await keylessStatus(keylessRunnerUrl(import.meta.env.VITE_DOCKER_DECK_RUNNER_PORT as string | undefined), fetchHealth)
    if (address) return
    if (status.kind === 'no-key') {
      const found = await ask()
      if (address) return
      if (found) return start(found)
    }
    setConnection(state, status, describe(status))
    keylessTimer = setTimeout(() => void keyless(), options.keylessProbeMs ?? 5_000)
  }
  const start = (found: RunnerAddress | undefined) => {
    if (!found) return void keyless()
    clearTimeout(keylessTimer)
    address = found
    client.setAddress(found.url, found.token)
    client.connect('*').catch((error: Error) => (state.message = error.message))
  }
  const ask = async () => {
    const found = openHandoffChannel ? await askForRunnerAddress(openHandoffChannel, { timeoutMs: options.handoffTimeoutMs ?? 1000 }) : undefined
    if (found && session) keepRunnerAddress(session, found)
    return found
  }
  result.takeKey = async () => {
    if (address) return true
    const found = await ask()
    if (found) start(found)
    return found !== undefined
  }
  if (address) start(address)
  else void ask().then(start)
  return result
}

/** A follower's page: the lecture from the share server's event stream, read-only. */
function followLecture(result: Runner, options: UseRunnerOptions): Runner {
  const client = new RunnerClient(window.location.origin, '', followerSockets((path) => new EventSource(path) as unknown as EventSourceLike), { readOnly: true, waitForRunner: true })
  result.client = client
  result.state.readOnly = true
  showClient(result, options)
  client.on((message) => {
    if (message.type !== 'share-stop') return
    // The share server closes next: no reconnecting to it; the blocks show their recordings, as in the static site.
    client.close()
    result.state.shareEnded = true
    setConnection(result.state, { kind: 'recorded' }, '')
  })
  client.connect('*').catch((error: Error) => (result.state.message = error.message))
  return result
}

/** Keeps the page's state in step with its client: the link's status, each block's latest run, the containers and the lifecycle. */
function showClient({ state, client, runs }: Runner, options: UseRunnerOptions): void {
  if (!client) return
  let restartNotice: ReturnType<typeof setTimeout> | undefined
  client.onStatus((status) => {
    clearTimeout(restartNotice)
    setConnection(state, status, describe(status))
    if (status.kind === 'restarted') {
      restartNotice = setTimeout(() => setConnection(state, { kind: 'live', instance: status.instance }, ''), options.restartNoticeMs ?? 10_000)
    }
  })
  client.on((message) => {
    if (message.type === 'run-event') {
      const run = client.runs.get(message.runId)
      if (run) runs.record(run, message.event)
    } else if (message.type === 'hello') {
      state.engine = message.engine
      state.containers = message.containers
      state.share = message.share
      state.revealed = client.revealed
    } else if (message.type === 'revealed') {
      state.revealed = client.revealed
    } else if (message.type === 'share') {
      state.share = message.share ?? undefined
    } else if (message.type === 'tally') {
      state.tallies = { ...state.tallies, [message.tally.key]: message.tally }
    } else if (message.type === 'containers') {
      state.containers = message.containers
    } else if (message.type === 'lifecycle') {
      state.lifecycle = [...state.lifecycle, message.event].slice(-MAX_LIFECYCLE_EVENTS)
    } else if (message.type === 'engine') {
      state.engine = message.engine
    }
  })
}

function setConnection(state: RunnerState, connection: RunnerConnection, message: string): void {
  state.connection = connection
  state.status = blocksStatus(connection)
  state.message = message
}

function describe(status: ConnectionStatus): string {
  switch (status.kind) {
    case 'reconnecting': return `The connection to the runner dropped; attempt ${status.attempt} in ${Math.round(status.delayMs / 100) / 10} s.`
    case 'restarted': return 'The runner restarted (npm start brought it back): runs that were going when it stopped have ended.'
    case 'token-refused': return 'The runner refused this page\'s key: it was started again with a new one. Open the address `npm start` printed.'
    case 'no-key': return `A runner is running, but this tab has no key for it. Open ${status.openPage ?? 'the address `npm start` printed'}, or take the key from an open deck tab.`
    case 'other-version': return `The runner that answers is version ${status.runnerVersion}, another version than this deck: stop every npm start and start this deck's again.`
    case 'no-runner': return NO_RUNNER
    default: return ''
  }
}
