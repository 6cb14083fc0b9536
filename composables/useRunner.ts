// The deck's one connection to the runner, shared by every Run block of the
// page: connection status, each block's latest run, the deck's containers and
// the lifecycle events. Presenter and audience windows each hold one and
// follow every block, so both show the same execution.
import { shallowReactive, shallowRef, triggerRef } from 'vue'
import { RunnerClient, type RunState, type SocketLike } from '../lib/client.ts'
import type { ContainerInfo, EngineStatus, LifecycleEvent } from '../lib/protocol.ts'
import { takeRunnerAddress } from './runner-address.ts'

export type RunnerStatus = 'connecting' | 'live' | 'no-runner' | 'recorded'

export interface RunnerState {
  status: RunnerStatus
  engine: EngineStatus | undefined
  message: string
  containers: ContainerInfo[]
  lifecycle: LifecycleEvent[]
  /** Block key → its latest run. */
  runsByKey: Map<string, RunState>
}

const MAX_LIFECYCLE_EVENTS = 500
let shared: { state: RunnerState; client: RunnerClient | undefined; version: ReturnType<typeof shallowRef<number>> } | undefined

/** The page's runner connection (created on first use). */
export function useRunner() {
  if (!shared) shared = connect()
  return shared
}

function connect() {
  const state = shallowReactive<RunnerState>({
    status: 'connecting', engine: undefined, message: '', containers: [], lifecycle: [], runsByKey: new Map(),
  })
  // Bumped on every run event so views re-render without deep reactivity.
  const version = shallowRef(0)
  const result = { state, client: undefined as RunnerClient | undefined, version }
  if (typeof window === 'undefined') return result
  const address = takeRunnerAddress(window.location, window.history, window.localStorage)
  if (!address) {
    // A static build or PDF has no runner by design; a dev server without one is missing it.
    state.status = import.meta.env.DEV ? 'no-runner' : 'recorded'
    state.message = 'No runner connected: blocks show recorded output. For live runs, start `npm start` and open the address it prints.'
    return result
  }
  const client = new RunnerClient(address.url, address.token, (url, protocols) => new WebSocket(url, protocols) as unknown as SocketLike)
  result.client = client
  client.on((message) => {
    if (message.type === 'run-event') {
      const run = client.runs.get(message.runId)
      if (run && run.key) state.runsByKey.set(run.key, run)
      state.runsByKey = new Map(state.runsByKey)
      version.value++
      triggerRef(version)
    } else if (message.type === 'containers') {
      state.containers = message.containers
    } else if (message.type === 'lifecycle') {
      state.lifecycle = [...state.lifecycle, message.event].slice(-MAX_LIFECYCLE_EVENTS)
    } else if (message.type === 'engine') {
      state.engine = message.engine
    }
  })
  client.connect('*').then((hello) => {
    state.status = 'live'
    state.engine = hello.engine
    state.containers = hello.containers
  }, (error: Error) => {
    state.status = 'no-runner'
    state.message = `${error.message} Start it with \`npm start\` and open the address it prints.`
  })
  return result
}
