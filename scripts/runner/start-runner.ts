// Puts the runner together: clean up what a crashed runner left, load the
// deck's containers, follow engine events, listen, and write the state file.
import { randomUUID } from 'node:crypto'
import { removeDeckContainers, removeRunContainers } from './execution/cleanup.ts'
import { DeckContainers } from './engine/deck-containers.ts'
import { ensureDemoImage } from './engine/demo-image.ts'
import { DockerCli } from '../docker/docker-cli.ts'
import { describeError } from './transport/fault-log.ts'
import { followLifecycleEvents } from './engine/lifecycle-events.ts'
import type { EngineStatus, ServerMessage } from '../../lib/protocol.ts'
import { Runs } from './execution/runs.ts'
import { listen } from './transport/server.ts'
import { assertOutsideProject, clearState, newToken, stateDir as defaultStateDir, writeState } from './transport/state-file.ts'
import type { DeckConnection } from './transport/connection.ts'

export interface RunnerOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. @default 4123 */
  port?: number
  /** The deck's exact origins, e.g. `http://localhost:3030`. */
  origins: string[]
  /** Where runner.json goes (never inside the project); false writes none. @default ~/.docker-live-deck */
  stateDir?: string | false
  /**
   * The `npm start` session this runner belongs to. Its state file names the
   * session and outlives the runner (npm start removes it when it stops), so a
   * runner npm start restarts can take the session's token from it.
   */
  session?: string
  /** The token to require; only a runner restarted within its `npm start` session passes one. @default a new 256-bit token */
  token?: string
  /** @default 30 minutes: long demos such as `docker run redis` keep running until stopped. */
  timeoutMs?: number
  /** @default 1 MiB */
  outputCapBytes?: number
  /** A terminal idle this long is closed. @default 10 minutes */
  ttyIdleMs?: number
  /** A window that reads nothing for this long while output waits is dropped. @default 5 s */
  congestionMs?: number
  /** @default 10 s */
  reattachMs?: number
  /** @default 32 */
  maxConnections?: number
  /** @default 8 */
  maxConcurrentRuns?: number
  cli?: DockerCli
  /** Told of a request handler that threw (the request got a 500; the runner goes on). @default writes to stderr */
  onFault?: (error: unknown, where: string) => void
}

export interface Runner {
  port: number
  url: string
  token: string
  /** This runner process's random id (in `hello` and `/health`). */
  instance: string
  /** IDs of deck containers a previous runner left behind and this start removed. */
  removedAtStart: string[]
  close(): Promise<void>
}

export const RUNNER_VERSION = '0.1.0'
/** Runs that ended this long before the engine was seen gone are taken as ended by its going. */
const ENGINE_LOSS_WINDOW_MS = 15_000

const reportFault = (error: unknown, where: string) => process.stderr.write(`The runner failed while ${where} and goes on: ${describeError(error)}\n`)

/** Starts a runner; resolves once it is listening. */
export async function startRunner(options: RunnerOptions): Promise<Runner> {
  if (!Array.isArray(options.origins) || options.origins.length === 0) {
    throw new TypeError('startRunner: option origins must list the deck\'s origins (e.g. ["http://localhost:3030"]), received none.')
  }
  if (options.token !== undefined && !/^[0-9a-f]{64}$/.test(options.token)) {
    throw new TypeError('startRunner: option token must be 64 lowercase hex digits (a 256-bit token), received another value.')
  }
  const stateDir = options.stateDir === false ? undefined : (options.stateDir ?? defaultStateDir())
  if (stateDir !== undefined) assertOutsideProject(stateDir)
  const cli = options.cli ?? new DockerCli()
  const token = options.token ?? newToken()
  const instance = randomUUID()
  const version = await cli.text(['version', '--format', '{{.Server.Version}}'], 10_000)
  let engine: EngineStatus = version ? { reachable: true, version } : { reachable: false, message: 'The Docker engine is not reachable; run `npm run doctor`.' }
  const removedAtStart = version ? await removeDeckContainers(cli) : []
  const containers = new DeckContainers(cli)
  if (version) await Promise.all([containers.load(), ensureDemoImage(cli)])

  const connections = new Set<DeckConnection>()
  const lostRuns: string[] = []
  const broadcast = (message: ServerMessage) => connections.forEach((connection) => connection.send(message))
  const runs = new Runs(cli, containers, {
    timeoutMs: options.timeoutMs ?? 30 * 60_000,
    outputCapBytes: options.outputCapBytes ?? 1024 * 1024,
    ttyIdleMs: options.ttyIdleMs ?? 10 * 60_000,
    congestionMs: options.congestionMs ?? 5_000,
    reattachMs: options.reattachMs ?? 10_000,
    maxConcurrentRuns: options.maxConcurrentRuns ?? 8,
    keepFinished: 100,
  })
  const events = followLifecycleEvents(cli, (event) => {
    broadcast({ type: 'lifecycle', event })
    if (containers.apply(event)) broadcast({ type: 'containers', containers: containers.list() })
  }, (reachable, message) => {
    if (reachable === engine.reachable) return
    engine = reachable ? { reachable: true, ...(engine.version ? { version: engine.version } : {}) } : { reachable: false, message: `The Docker engine went away: ${message}` }
    broadcast({ type: 'engine', engine })
    if (!reachable) {
      // The runs cannot go on; what they created is removed once the engine is back. Runs
      // that ended just before count too: a stopping engine ends containers before it goes.
      lostRuns.push(...runs.endedSince(Date.now() - ENGINE_LOSS_WINDOW_MS))
      void runs.stopAll('Stopped: the Docker engine went away. Start it again; the deck reconnects by itself.', 'engine-lost').then((ids) => lostRuns.push(...ids))
      return
    }
    void (async () => {
      for (const id of lostRuns.splice(0)) await removeRunContainers(cli, id)
      await containers.load()
      broadcast({ type: 'containers', containers: containers.list() })
    })()
  })

  const server = await listen(
    { port: options.port ?? 4123, origins: options.origins, token, maxConnections: options.maxConnections ?? 32, onFault: options.onFault ?? reportFault },
    { runs, containers, cli, engine: () => engine, runnerVersion: RUNNER_VERSION, instance, connections },
  )
  const session = options.session ? { session: options.session } : {}
  if (stateDir !== undefined) writeState({ port: server.port, token, pid: process.pid, origins: options.origins, startedAt: new Date().toISOString(), ...session }, stateDir)

  return {
    port: server.port,
    url: `http://127.0.0.1:${server.port}`,
    token,
    instance,
    removedAtStart,
    async close() {
      await runs.stopAll('Stopped: the runner is shutting down.')
      // Leave the engine as the deck found it: the lecturer's containers only.
      await removeDeckContainers(cli)
      events.stop()
      await server.close()
      // A session's state file is npm start's to remove: a restarted runner takes the token from it.
      if (stateDir !== undefined && !options.session) clearState(process.pid, stateDir)
    },
  }
}
