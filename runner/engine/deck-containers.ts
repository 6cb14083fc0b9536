// What the runner knows about the deck's containers: loaded once from
// `docker ps -a`, then kept current from lifecycle events (no polling). It
// answers the policy's questions, asking the engine where it must be exact,
// and never about a word outside docker's grammar (the CLI would rewrite it).
import type { DockerCli } from '../docker/docker-cli.ts'
import { OWNED_FILTER, OWNED_LABEL, RUN_LABEL } from '../../lib/labels.ts'
import type { EngineView } from '../policy/engine-view.ts'
import { isReference } from '../policy/object-reference.ts'
import type { ContainerInfo, LifecycleEvent } from '../../lib/protocol.ts'
import { stateAfter, type ContainerState } from '../../lib/container-state.ts'
import { msOfTimeNano } from '../../lib/event-time.ts'

const KEEP_REMOVED = 50
/** Exec sessions remembered per container (the newest), for an exercise check that counts them. */
const KEEP_EXECS = 50

interface PsLine {
  ID: string
  Names: string
  Image: string
  State: string
  Status: string
  CreatedAt: string
}

export class DeckContainers implements EngineView {
  private readonly byId = new Map<string, ContainerInfo>()
  /** Runs that hold a container slot and whose container the engine has not announced yet. */
  private readonly starting = new Set<string>()
  /** The exec sessions the engine started in each deck container (exec_start events), oldest first, with how each ended (exec_die). */
  private readonly execs = new Map<string, Array<{ execId: string | undefined; command: string; timeNano: string; exitCode?: number }>>()

  constructor(private readonly cli: DockerCli) {}

  /** The deck's containers, newest first, removed ones last. */
  list(): ContainerInfo[] {
    return [...this.byId.values()].sort((a, b) => Number(a.state === 'removed') - Number(b.state === 'removed') || b.createdAt - a.createdAt)
  }

  /** How many of the deck's containers are alive now (created, running or paused), counting starts in flight. */
  aliveDeckContainers(): number {
    return this.list().filter((c) => c.state === 'created' || c.state === 'running' || c.state === 'paused').length + this.starting.size
  }

  /**
   * Takes a container slot for run `runId` unless `cap` are alive or starting
   * already. Synchronous, so runs planned side by side cannot all pass the
   * cap before any of their containers exists.
   */
  reserveStart(runId: string, cap: number): boolean {
    if (this.aliveDeckContainers() >= cap) return false
    this.starting.add(runId)
    return true
  }

  /** Gives back run `runId`'s slot (its container is now counted, or it made none). */
  releaseStart(runId: string): void {
    this.starting.delete(runId)
  }

  /** Replaces what is known with the engine's current list. */
  async load(): Promise<void> {
    const listed = await this.list_(OWNED_FILTER)
    this.byId.clear()
    for (const info of listed) this.byId.set(info.id, info)
  }

  /**
   * Adds the containers one run created. Called before the run's end is
   * announced, so `<id>` in the next command already names them even when
   * the engine's event arrives later.
   */
  async learnRun(runId: string): Promise<void> {
    for (const info of await this.list_(`label=${RUN_LABEL}=${runId}`)) if (!this.byId.has(info.id)) this.byId.set(info.id, info)
    this.releaseStart(runId)
  }

  private async list_(filter: string): Promise<ContainerInfo[]> {
    const text = await this.cli.text(['ps', '-a', '--no-trunc', '--filter', filter, '--format', '{{json .}}'])
    return (text ?? '').split('\n').filter(Boolean).map((line) => {
      const ps = JSON.parse(line) as PsLine
      const exited = /Exited \((\d+)\)/.exec(ps.Status)
      const state = (['created', 'running', 'paused'].includes(ps.State) ? ps.State : 'exited') as ContainerState
      return {
        id: ps.ID, name: ps.Names, image: ps.Image, state, createdAt: Date.parse(ps.CreatedAt.replace(/ [A-Z]+$/, '')) || Date.now(),
        ...(exited ? { exitCode: Number(exited[1]) } : {}),
      }
    })
  }

  /**
   * The exec sessions the engine reported starting in container
   * `containerId`, oldest first, but for those that failed (an exec_die
   * with a code other than 0: a redis-cli that could not connect, say).
   */
  execSessions(containerId: string): Array<{ containerId: string; command: string; timeNano: string }> {
    return (this.execs.get(containerId) ?? []).filter((exec) => !exec.exitCode).map(({ command, timeNano }) => ({ containerId, command, timeNano }))
  }

  /** Applies one engine event; returns true when the list changed. */
  apply(event: LifecycleEvent): boolean {
    if (event.action === 'exec_start' || event.action === 'exec_die') this.rememberExec(event)
    const state = stateAfter(event.action)
    if (!state) return false
    // From here the container counts itself; its run's slot would count it twice.
    if (event.runId !== undefined) this.releaseStart(event.runId)
    const known = this.byId.get(event.containerId)
    const info: ContainerInfo = known ?? {
      id: event.containerId, name: event.name ?? '', image: event.image ?? '', state, createdAt: msOfTimeNano(event.timeNano),
    }
    info.state = state
    if (state === 'exited' && event.exitCode !== undefined) info.exitCode = event.exitCode
    if (state === 'running') delete info.exitCode
    this.byId.set(info.id, info)
    this.forgetRemoved()
    return true
  }

  private rememberExec(event: LifecycleEvent): void {
    const sessions = this.execs.get(event.containerId) ?? []
    if (event.action === 'exec_die') {
      const session = sessions.find((exec) => exec.execId !== undefined && exec.execId === event.execId)
      if (session && event.exitCode !== undefined) session.exitCode = event.exitCode
      return
    }
    sessions.push({ execId: event.execId, command: (event.execCommand ?? '').slice(0, 2000), timeNano: event.timeNano })
    this.execs.set(event.containerId, sessions.slice(-KEEP_EXECS))
  }

  latestDeckContainer(query: { image?: string; prefer: 'running' | 'stopped' | 'any' }): ContainerInfo | undefined {
    const candidates = this.list().filter((c) => c.state !== 'removed' && (!query.image || sameImage(c.image, query.image)))
    const preferred = candidates.filter((c) => query.prefer === 'any' || (query.prefer === 'running' ? c.state === 'running' : c.state !== 'running'))
    return preferred[0] ?? candidates[0]
  }

  /** Asks the engine which container `ref` names (as `docker` resolves it) and returns its full ID if it is the deck's. */
  async resolveDeckContainer(ref: string): Promise<string | undefined> {
    if (!isReference('container', ref)) return undefined
    return ownedId(await this.cli.text(['container', 'inspect', '--format', `{{.Id}} {{index .Config.Labels "${OWNED_LABEL}"}}`, '--', ref]))
  }

  /** The full ID of the deck image `ref` names, from the engine. */
  async resolveDeckImage(ref: string): Promise<string | undefined> {
    if (!isReference('image', ref)) return undefined
    return ownedId(await this.cli.text(['image', 'inspect', '--format', `{{.Id}} {{index .Config.Labels "${OWNED_LABEL}"}}`, '--', ref]))
  }

  /** The full ID of the deck network `ref` names, from the engine. */
  async resolveDeckNetwork(ref: string): Promise<string | undefined> {
    if (!isReference('network', ref)) return undefined
    return ownedId(await this.cli.text(['network', 'inspect', '--format', `{{.Id}} {{index .Labels "${OWNED_LABEL}"}}`, '--', ref]))
  }

  /** Whether the engine has a volume `name` carrying the deck's label. */
  async isDeckVolume(name: string): Promise<boolean> {
    if (!isReference('volume', name)) return false
    const answer = await this.cli.text(['volume', 'inspect', '--format', `{{.Name}} {{index .Labels "${OWNED_LABEL}"}}`, '--', name])
    return answer === `${name} true`
  }

  async imageId(ref: string): Promise<string | undefined> {
    if (!isReference('image', ref)) return undefined
    const id = await this.cli.text(['image', 'inspect', '--format', '{{.Id}}', "--", ref])
    return /^sha256:[0-9a-f]{64}$/.test(id ?? '') ? id!.slice('sha256:'.length) : undefined
  }

  private forgetRemoved(): void {
    const removed = this.list().filter((c) => c.state === 'removed')
    for (const c of removed.slice(KEEP_REMOVED)) this.byId.delete(c.id)
    // A removed container's sessions go with it: no check reads them any more.
    for (const id of this.execs.keys()) if (this.byId.get(id)?.state === 'removed' || !this.byId.has(id)) this.execs.delete(id)
  }
}

/** The ID in an inspect answer `ID LABEL` when the label says the deck owns it; one object only. */
function ownedId(answer: string | undefined): string | undefined {
  const match = /^(?:sha256:)?([0-9a-f]{64}) true$/.exec(answer ?? '')
  return match?.[1]
}

/** `redis` matches `redis`, `redis:latest` and `library/redis`. */
function sameImage(actual: string, wanted: string): boolean {
  const normal = (name: string) => name.replace(/^(docker\.io\/)?(library\/)?/, '').replace(/:latest$/, '')
  return normal(actual) === normal(wanted)
}
