// Puts the runner together: clean up what a crashed runner left, load the
// deck's containers, watch the engine, listen, and write the state file.
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { removeDeckContainers, removeRunContainers } from './execution/cleanup.ts'
import { DeckContainers } from './engine/deck-containers.ts'
import { ensureDemoImage, namesDemoImage } from './engine/demo-image.ts'
import { watchEngine } from './engine/engine-watch.ts'
import { dockerEventStream } from './engine/event-stream.ts'
import { DockerCli } from './docker/docker-cli.ts'
import { readEndpoint, unsafeEndpoint } from './docker/engine-endpoint.ts'
import { describeError } from './transport/fault-log.ts'
import { DECK_PORT, RUNNER_PORT } from '../lib/ports.ts'
import type { ServerMessage, ShareInfo } from '../lib/protocol.ts'
import { readShareInfo, watchShareInfo } from './transport/share-info.ts'
import { Runs } from './execution/runs.ts'
import { openPageFile } from './transport/open-page.ts'
import { listen } from './transport/server.ts'
import { assertOutsideProject, clearState, newToken, stateDir as defaultStateDir, writeState } from './transport/state-file.ts'
import type { DeckConnection } from './transport/connection.ts'

export interface RunnerOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. @default RUNNER_PORT (lib/ports.ts) */
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
  /** The read-only follow token (the classroom's share server). @default a new 256-bit token */
  followToken?: string
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
  /** Open TCP sockets at most (WebSockets included). @default 128 */
  maxSockets?: number
  cli?: DockerCli
  /** Told of a request handler that threw (the request got a 500; the runner goes on). @default writes to stderr */
  onFault?: (error: unknown, where: string) => void
}

export interface Runner {
  port: number
  url: string
  token: string
  /** Follows runs and the lecturer's position read-only: what the classroom's share server connects with. */
  followToken: string
  /** This runner process's random id (in `hello` and `/health`). */
  instance: string
  /** IDs of deck containers a previous runner left behind and this start removed. */
  removedAtStart: string[]
  close(): Promise<void>
}

/** The runner's version: the package's, so a release names one version everywhere. */
export const RUNNER_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version

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
  const followToken = options.followToken ?? newToken()
  if (followToken === token) throw new TypeError('startRunner: option followToken must differ from the token.')
  const instance = randomUUID()
  const onFault = options.onFault ?? reportFault
  const version = await cli.text(['version', '--format', '{{.Server.Version}}'], 10_000)
  // Named on the badge before anything runs; an engine anyone on its network could drive is refused here.
  const endpoint = await readEndpoint(cli, version !== undefined)
  const unsafe = endpoint && unsafeEndpoint(endpoint)
  if (unsafe) throw new Error(unsafe)
  const removedAtStart = version ? await removeDeckContainers(cli) : []
  const containers = new DeckContainers(cli)
  if (version) await Promise.all([containers.load(), ensureDemoImage(cli)])

  const connections = new Set<DeckConnection>()
  const broadcast = (message: ServerMessage) => connections.forEach((connection) => connection.send(message))
  // The deck's own ports: `-p` may not take them (the runner's own joins once it listens).
  const reservedPorts = [...new Set([DECK_PORT, RUNNER_PORT, ...options.origins.map((origin) => Number(new URL(origin).port || 80))])]
  const runs = new Runs(cli, containers, {
    reservedPorts,
    timeoutMs: options.timeoutMs ?? 30 * 60_000,
    outputCapBytes: options.outputCapBytes ?? 1024 * 1024,
    ttyIdleMs: options.ttyIdleMs ?? 10 * 60_000,
    congestionMs: options.congestionMs ?? 5_000,
    reattachMs: options.reattachMs ?? 10_000,
    maxConcurrentRuns: options.maxConcurrentRuns ?? 8,
    keepFinished: 100,
    // The rmi slide and the escape-room exercise remove the demo image; a later create of it gets it back.
    beforeCreate: async (plan) => {
      if (namesDemoImage(plan.argv)) await ensureDemoImage(cli)
    },
    onFault,
  })
  const watch = watchEngine({
    openStream: dockerEventStream(cli),
    runs,
    containers,
    removeRunContainers: (runId) => removeRunContainers(cli, runId),
    broadcast,
    onFault,
    version,
    ...(endpoint ? { endpoint } : {}),
  })

  // The classroom share npm start runs, for the deck's own windows (share.json in the state folder).
  const share: { current: ShareInfo | undefined } = { current: stateDir !== undefined ? readShareInfo(stateDir) : undefined }
  const stopWatchingShare = stateDir !== undefined
    ? watchShareInfo(stateDir, (next) => {
      share.current = next
      for (const connection of connections) if (connection.capability === 'full') connection.send({ type: 'share', share: next ?? null })
    })
    : () => {}

  let server
  try {
    server = await listen(
      { port: options.port ?? RUNNER_PORT, origins: options.origins, token, followToken, maxConnections: options.maxConnections ?? 32, maxSockets: options.maxSockets ?? 128, onFault },
      { runs, containers, cli, engine: () => watch.engine, runnerVersion: RUNNER_VERSION, instance, connections, position: { current: undefined }, share, revealed: new Set(), onFault, openPage: () => openPageAddress(stateDir) },
    )
  } catch (error) {
    // Not listening (the port is taken): an open event stream would keep the process alive.
    watch.stop()
    stopWatchingShare()
    throw error
  }
  reservedPorts.push(server.port)
  const session = options.session ? { session: options.session } : {}
  if (stateDir !== undefined) writeState({ port: server.port, token, followToken, pid: process.pid, origins: options.origins, startedAt: new Date().toISOString(), ...session }, stateDir)

  return {
    port: server.port,
    url: `http://127.0.0.1:${server.port}`,
    token,
    followToken,
    instance,
    removedAtStart,
    async close() {
      await runs.stopAll('Stopped: the runner is shutting down.')
      // Leave the engine as the deck found it: the lecturer's containers only.
      await removeDeckContainers(cli)
      watch.stop()
      stopWatchingShare()
      await server.close()
      // A session's state file is npm start's to remove: a restarted runner takes the token from it.
      if (stateDir !== undefined && !options.session) clearState(process.pid, stateDir)
    },
  }
}

/** The page that hands a deck the key, as a keyless tab should open it; undefined when `npm start` wrote none. */
function openPageAddress(stateDir: string | undefined): string | undefined {
  if (stateDir === undefined) return undefined
  const file = openPageFile(stateDir)
  // Written as npm start prints it.
  return existsSync(file) ? `file://${file}` : undefined
}
