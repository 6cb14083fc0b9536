// All runs of this runner: at most one live run per block key, a cap on
// concurrent runs, followers per key (presenter and audience see one
// execution), the latest finished run per key for late joiners, and the
// reattach window after which an unfollowed run is stopped.
import { randomUUID } from 'node:crypto'
import type { DockerCli } from '../docker/docker-cli.ts'
import { MAX_ALIVE_CONTAINERS, tooManyContainers } from '../policy/create-step.ts'
import { createsContainer } from '../policy/creates-container.ts'
import { planCommand, type Plan } from '../policy/policy.ts'
import type { DeckContainers } from '../engine/deck-containers.ts'
import type { TerminalSize } from '../../lib/protocol.ts'
import { Refused } from '../policy/refusal.ts'
import { Run, type Follower, type RunLimits } from './run.ts'

export interface RunsOptions extends RunLimits {
  maxConcurrentRuns: number
  /** How long a run survives with nobody following it (a reload, a dropped socket). */
  reattachMs: number
  /** How many finished runs to keep for late followers. */
  keepFinished: number
  /** Told of a run that failed inside the runner (it has ended as a spawn error). */
  onFault(error: unknown, where: string): void
  /** Host ports the deck listens on, which `-p` may not publish on. */
  reservedPorts: readonly number[]
  /** Readies what a planned create needs before it runs (the rmi slide's image, once removed). */
  beforeCreate?(plan: Plan): Promise<void>
}

interface Subscription {
  keys: '*' | Set<string>
}

export class Runs {
  private readonly byId = new Map<string, Run>()
  private readonly latestByKey = new Map<string, Run>()
  private readonly subscriptions = new Map<Follower, Subscription>()
  private readonly orphanTimers = new Map<Run, NodeJS.Timeout>()
  /** Keys being planned: they hold a slot, so requests arriving meanwhile see the cap. */
  private readonly planning = new Set<string>()

  constructor(private readonly cli: DockerCli, private readonly view: DeckContainers, private readonly options: RunsOptions) {}

  get active(): Run[] {
    return [...this.byId.values()].filter((run) => !run.ended)
  }

  get(runId: string): Run | undefined {
    return this.byId.get(runId)
  }

  /** Plans and starts `line` for `key`; throws Refused before anything runs. */
  async start(key: string, line: string, starter: Follower, options: { size?: TerminalSize; timeoutMs?: number } = {}): Promise<Run> {
    const current = this.latestByKey.get(key)
    if ((current && !current.ended) || this.planning.has(key)) throw new Refused('busy', 'This block is already running; stop it first or wait for it to end.')
    if (this.active.length + this.planning.size >= this.options.maxConcurrentRuns) {
      throw new Refused('busy', `The runner is busy: ${this.options.maxConcurrentRuns} commands are running already. Stop one (the Stop button) and try again.`)
    }
    const id = randomUUID().slice(0, 8)
    // Planning may ask the engine (inspect); the key holds its slot meanwhile.
    this.planning.add(key)
    const plan = await this.plan(line, id).finally(() => this.planning.delete(key))
    // No await between the plan and the slot: parallel starts see each other here.
    if (createsContainer(plan.subcommand) && !this.view.reserveStart(id, MAX_ALIVE_CONTAINERS)) {
      throw tooManyContainers(plan.subcommand, this.view.aliveDeckContainers())
    }
    const timeoutMs = Math.min(options.timeoutMs ?? this.options.timeoutMs, this.options.timeoutMs)
    const run = new Run(id, key, line, plan, this.cli, { ...this.options, timeoutMs }, options.size)
    if (createsContainer(plan.subcommand)) run.beforeEnd = () => this.view.learnRun(id)
    this.byId.set(id, run)
    this.latestByKey.set(key, run)
    for (const [follower, subscription] of this.subscriptions) if (follows(subscription, key)) run.followers.add(follower)
    run.followers.add(starter)
    run.execute().then(
      () => this.finished(run),
      (error: unknown) => {
        this.options.onFault(error, `running ${JSON.stringify(line)}`)
        this.finished(run)
      },
    )
    return run
  }

  /** The policy's plan of `line`, with what a create of it needs made ready. */
  private async plan(line: string, id: string): Promise<Plan> {
    const plan = await planCommand(line, id, this.view, { reservedPorts: this.options.reservedPorts })
    if (createsContainer(plan.subcommand)) await this.options.beforeCreate?.(plan)
    return plan
  }

  /** Subscribes a follower to keys and replays what it missed (after `after[runId]`). */
  follow(follower: Follower, keys: '*' | string[], after: Record<string, number> = {}): void {
    this.subscriptions.set(follower, { keys: keys === '*' ? '*' : new Set(keys) })
    for (const run of this.latestByKey.values()) {
      if (!follows(this.subscriptions.get(follower)!, run.key)) continue
      run.attach(follower, after[run.id] ?? -1)
      this.clearOrphanTimer(run)
    }
  }

  /** A follower left: runs nobody follows any more are stopped after the reattach window. */
  leave(follower: Follower): void {
    this.subscriptions.delete(follower)
    for (const run of this.active) {
      run.followers.delete(follower)
      if (run.followers.size === 0 && !this.orphanTimers.has(run)) {
        this.orphanTimers.set(run, setTimeout(() => {
          this.orphanTimers.delete(run)
          if (run.followers.size === 0) run.stop('disconnected', 'Stopped: every window following this run closed.')
        }, this.options.reattachMs))
      }
    }
  }

  /** Stops every live run (runner shutdown, engine gone) and waits until they have cleaned up; returns their ids. */
  async stopAll(text: string, reason: 'runner-stopped' | 'engine-lost' = 'runner-stopped'): Promise<string[]> {
    const runs = this.active
    const ended = runs.map((run) => new Promise<void>((resolve) => {
      run.followers.add({ congested: false, drop: () => {}, deliver: (_id, event) => event.kind === 'ended' && resolve() })
    }))
    for (const run of runs) run.stop(reason, text)
    await Promise.all(ended)
    return runs.map((run) => run.id)
  }

  /** The finished runs whose block key starts with `prefix`, newest first, with how the docker CLI ended. */
  finishedWithPrefix(prefix: string): Array<{ key: string; line: string; exitCode: number | null }> {
    return [...this.byId.values()].filter((run) => run.ended && run.key.startsWith(prefix)).reverse().map((run) => {
      const end = run.events.find((event) => event.kind === 'ended')
      return { key: run.key, line: run.line, exitCode: end?.kind === 'ended' ? end.exitCode : null }
    })
  }

  /** Runs that ended at or after `time` (ms since epoch). */
  endedSince(time: number): string[] {
    return [...this.byId.values()].filter((run) => run.endedAt !== undefined && run.endedAt >= time).map((run) => run.id)
  }

  private clearOrphanTimer(run: Run): void {
    clearTimeout(this.orphanTimers.get(run))
    this.orphanTimers.delete(run)
  }

  /** A run has ended: its container slot (if it still held one) goes back, old runs are forgotten. */
  private finished(run: Run): void {
    this.view.releaseStart(run.id)
    this.forgetOld()
  }

  private forgetOld(): void {
    const finished = [...this.byId.values()].filter((run) => run.ended)
    for (const run of finished.slice(0, Math.max(0, finished.length - this.options.keepFinished))) {
      this.byId.delete(run.id)
      if (this.latestByKey.get(run.key) === run) this.latestByKey.delete(run.key)
    }
  }
}

const follows = (subscription: Subscription, key: string) => subscription.keys === '*' || subscription.keys.has(key)
