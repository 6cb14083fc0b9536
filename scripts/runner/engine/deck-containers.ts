// What the runner knows about the deck's containers: loaded once from
// `docker ps -a`, then kept current from lifecycle events (no polling). It
// answers the policy's questions, asking the engine where it must be exact.
import type { DockerCli } from '../../docker/docker-cli.ts'
import { OWNED_FILTER, OWNED_LABEL, RUN_LABEL } from '../../../lib/labels.ts'
import type { EngineView } from '../policy/policy.ts'
import type { ContainerInfo, LifecycleEvent } from '../../../lib/protocol.ts'

const STATE_BY_ACTION: Record<string, ContainerInfo['state']> = {
  create: 'created', start: 'running', restart: 'running', unpause: 'running', pause: 'paused', die: 'exited', destroy: 'removed',
}
const KEEP_REMOVED = 50

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

  constructor(private readonly cli: DockerCli) {}

  /** The deck's containers, newest first, removed ones last. */
  list(): ContainerInfo[] {
    return [...this.byId.values()].sort((a, b) => Number(a.state === 'removed') - Number(b.state === 'removed') || b.createdAt - a.createdAt)
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
  }

  private async list_(filter: string): Promise<ContainerInfo[]> {
    const text = await this.cli.text(['ps', '-a', '--no-trunc', '--filter', filter, '--format', '{{json .}}'])
    return (text ?? '').split('\n').filter(Boolean).map((line) => {
      const ps = JSON.parse(line) as PsLine
      const exited = /Exited \((\d+)\)/.exec(ps.Status)
      const state = (['created', 'running', 'paused'].includes(ps.State) ? ps.State : 'exited') as ContainerInfo['state']
      return {
        id: ps.ID, name: ps.Names, image: ps.Image, state, createdAt: Date.parse(ps.CreatedAt.replace(/ [A-Z]+$/, '')) || Date.now(),
        ...(exited ? { exitCode: Number(exited[1]) } : {}),
      }
    })
  }

  /** Applies one engine event; returns true when the list changed. */
  apply(event: LifecycleEvent): boolean {
    const state = STATE_BY_ACTION[event.action]
    if (!state) return false
    const known = this.byId.get(event.containerId)
    const info: ContainerInfo = known ?? {
      id: event.containerId, name: event.name ?? '', image: event.image ?? '', state, createdAt: Number(BigInt(event.timeNano) / 1_000_000n),
    }
    info.state = state
    if (state === 'exited' && event.exitCode !== undefined) info.exitCode = event.exitCode
    if (state === 'running') delete info.exitCode
    this.byId.set(info.id, info)
    this.forgetRemoved()
    return true
  }

  latestDeckContainer(query: { image?: string; prefer: 'running' | 'stopped' | 'any' }): ContainerInfo | undefined {
    const candidates = this.list().filter((c) => c.state !== 'removed' && (!query.image || sameImage(c.image, query.image)))
    const preferred = candidates.filter((c) => query.prefer === 'any' || (query.prefer === 'running' ? c.state === 'running' : c.state !== 'running'))
    return preferred[0] ?? candidates[0]
  }

  async isDeckContainer(ref: string): Promise<boolean> {
    return (await this.cli.text(['container', 'inspect', '--format', `{{index .Config.Labels "${OWNED_LABEL}"}}`, "--", ref])) === 'true'
  }

  async isDeckImage(ref: string): Promise<boolean> {
    return (await this.cli.text(['image', 'inspect', '--format', `{{index .Config.Labels "${OWNED_LABEL}"}}`, "--", ref])) === 'true'
  }

  async imageId(ref: string): Promise<string | undefined> {
    const id = await this.cli.text(['image', 'inspect', '--format', '{{.Id}}', "--", ref])
    return id ? id.replace(/^sha256:/, '').slice(0, 12) : undefined
  }

  private forgetRemoved(): void {
    const removed = this.list().filter((c) => c.state === 'removed')
    for (const c of removed.slice(KEEP_REMOVED)) this.byId.delete(c.id)
  }
}

/** `redis` matches `redis`, `redis:latest` and `library/redis`. */
function sameImage(actual: string, wanted: string): boolean {
  const normal = (name: string) => name.replace(/^(docker\.io\/)?(library\/)?/, '').replace(/:latest$/, '')
  return normal(actual) === normal(wanted)
}
