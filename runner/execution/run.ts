// One execution of one block's command: numbered events, a backlog for
// followers who join late, a time limit, an output cap, Ctrl-C (interrupt)
// that leaves what the run made, and cancel that kills the process group and
// removes what the run created.
import type { DockerCli } from '../docker/docker-cli.ts'
import { endExecProcess, removeRunContainers } from './cleanup.ts'
import { startPiped } from './piped-process.ts'
import { createsContainer } from '../policy/creates-container.ts'
import type { Plan } from '../policy/policy.ts'
import type { EndReason, Notice, RunEvent, TerminalSize } from '../../lib/protocol.ts'
import { TERMINAL_SIZE } from '../../lib/terminal-size.ts'
import { startPty } from './pty-process.ts'
import { nextTurn, startSlot } from '../docker/spawn-pacer.ts'
import type { OutputStream, RunningProcess } from './running-process.ts'

/** Somebody watching runs: a connected deck window. */
export interface Follower {
  deliver(runId: string, event: RunEvent): void
  /** True while this follower has more unsent data than it should. */
  readonly congested: boolean
  /** Cuts off a follower that stayed congested; it reconnects and resumes by sequence number. */
  drop(): void
}

export interface RunLimits {
  timeoutMs: number
  outputCapBytes: number
  /** A terminal nobody types in and that prints nothing for this long is closed. */
  ttyIdleMs: number
  /** How long output may wait for a slow window before that window is dropped. */
  congestionMs: number
}

/** Input held while the spawn pacer holds the process back: a few lines' worth; more is dropped. */
const EARLY_INPUT_CHARS = 64 * 1024

/** `$(…)` lists with --no-trunc: a full ID, never a prefix a name could shadow. */
const ID_LINE = /^(sha256:)?[0-9a-f]{64}$/

export class Run {
  readonly events: RunEvent[] = []
  readonly followers = new Set<Follower>()
  private process: RunningProcess | undefined
  private bytes = 0
  private stopping: EndReason | undefined
  /** Ctrl-C was sent: the command still runs and prints until it ends by itself. */
  private interrupted = false
  /** Input sent after `started` and before the process is spawned (the spawn pacer may hold it back). */
  private early: string[] = []
  /** Ctrl-D was sent to a piped run: later lines go nowhere, and are not echoed. */
  private inputEnded = false
  private size: TerminalSize
  private idleTimer: NodeJS.Timeout | undefined
  private timeLimit: NodeJS.Timeout | undefined
  private startedClock = performance.now()
  /** Runs after the process exits and before `ended` is sent. */
  beforeEnd: (() => Promise<void>) | undefined

  constructor(
    readonly id: string,
    readonly key: string,
    readonly line: string,
    readonly plan: Plan,
    private readonly cli: DockerCli,
    private readonly limits: RunLimits,
    size?: TerminalSize,
  ) {
    this.size = size ?? TERMINAL_SIZE
  }

  /** When the run ended (ms since epoch), or undefined while it runs. */
  endedAt: number | undefined

  get ended(): boolean {
    return this.events.at(-1)?.kind === 'ended'
  }

  /**
   * Runs to the end; resolves after the `ended` event has been sent. When a
   * step throws (the CLI cannot be spawned, cleanup fails), the run still ends,
   * as a spawn error, so no window waits for it; then the error is rethrown.
   */
  async execute(): Promise<void> {
    try {
      await this.steps()
    } catch (error) {
      this.fail(error)
      throw error
    }
  }

  private async steps(): Promise<void> {
    const startedAt = Date.now()
    const clock = performance.now()
    this.startedClock = clock
    const argv = await this.substitute()
    if (!argv) return
    const notices = argv.notices
    this.emit({ kind: 'started', seq: 0, key: this.key, line: this.line, resolvedLine: this.plan.resolvedLine, notices, tty: this.plan.tty, stdin: this.plan.stdin, startedAt })
    if (this.stopping) return this.finish({ exitCode: null, signal: null }, clock)

    const env = this.cli.env
    const started = await startSlot()
    await nextTurn()
    if (this.stopping) {
      started()
      return this.finish({ exitCode: null, signal: null }, clock)
    }
    this.process = this.plan.tty
      ? startPty(this.cli.path, argv.words, { ...env, TERM: 'xterm-256color' }, this.size)
      : startPiped(this.cli.path, argv.words, env, { stdin: this.plan.stdin })
    this.process.onOutput((stream, text) => {
      started()
      this.output(stream, text)
    })
    for (const data of this.early.splice(0)) this.process.write(data)
    this.timeLimit = setTimeout(() => this.stop('timeout', `Stopped: the run passed its time limit of ${Math.round(this.limits.timeoutMs / 1000)} s.`), this.limits.timeoutMs)
    this.touch()
    let exit = await this.process.exited
    started()
    exit = await this.runThen(exit)
    clearTimeout(this.timeLimit)
    clearTimeout(this.idleTimer)
    await this.finish(exit, clock)
  }

  /** Ends the run at once after a step threw. */
  private fail(error: unknown): void {
    clearTimeout(this.timeLimit)
    clearTimeout(this.idleTimer)
    this.process?.kill()
    if (this.ended) return
    if (this.events.length === 0) {
      this.emit({ kind: 'started', seq: 0, key: this.key, line: this.line, resolvedLine: this.plan.resolvedLine, notices: this.plan.notices, tty: this.plan.tty, startedAt: Date.now() })
    }
    const why = error instanceof Error ? error.message : String(error)
    this.emit({ kind: 'notice', seq: 0, text: `Stopped: the runner failed while running this command (${why}). Run it again; if it fails again, run \`npm run doctor\`.`, reason: 'spawn-error' })
    this.endedAt = Date.now()
    this.emit({ kind: 'ended', seq: 0, exitCode: null, signal: null, durationMs: Math.round(performance.now() - this.startedClock), reason: 'spawn-error' })
    this.followers.clear()
  }

  /** The plan's further commands, one after another into the same output; the first failure's exit wins. */
  private async runThen(first: { exitCode: number | null; signal: string | null }): Promise<{ exitCode: number | null; signal: string | null }> {
    let exit = first
    for (const argv of this.plan.then ?? []) {
      if (this.stopping || this.interrupted) break
      const released = await startSlot()
      await nextTurn()
      this.process = startPiped(this.cli.path, argv, this.cli.env)
      this.process.onOutput((stream, text) => this.output(stream, text))
      const next = await this.process.exited
      released()
      if (exit.exitCode === 0 && exit.signal === null) exit = next
    }
    return exit
  }

  /** Ends the run early for `reason`, with a notice in the stream. */
  stop(reason: EndReason, text: string): void {
    if (this.stopping || this.ended) return
    this.stopping = reason
    this.emit({ kind: 'notice', seq: 0, text, reason })
    this.process?.kill()
  }

  /**
   * Ctrl-C, as in a terminal: SIGINT to the CLI, which passes it to the
   * container's main process (`run`, `start -a`) or ends (`logs -f`, `exec`).
   * The run keeps its output until the command ends; a second Ctrl-C is not
   * sent (three make the CLI leave the container running unattended), so a
   * main process that ignores SIGINT needs `cancel`.
   */
  interrupt(): void {
    if (this.stopping || this.ended || this.interrupted) return
    const text = 'Sent SIGINT, as Ctrl-C in a terminal does: docker passes it to the container\'s main process, and the container stays (docker ps -a lists it).'
    if (!this.process) return this.stop('interrupted', text)
    this.interrupted = true
    this.emit({ kind: 'notice', seq: 0, text, reason: 'interrupted' })
    this.process.interrupt()
  }

  /**
   * Keystrokes for a terminal; for a piped `-i` run, what a terminal in line
   * mode would pass on: Enter as a newline, the text echoed into the output
   * (as the terminal shows what was typed), Ctrl-D as the end of input.
   */
  input(data: string): void {
    // Without -i (or a terminal) docker reads no input: keys for such a run go nowhere, as they would.
    if (this.ended || this.stopping || (!this.plan.tty && !this.plan.stdin)) return
    this.touch()
    const piped = this.plan.stdin && !this.plan.tty
    const line = piped ? data.replaceAll('\r', '\n') : data
    if (piped) {
      const echoed = line.replaceAll('\u0004', '')
      if (echoed && !this.inputEnded) this.output('stdin', echoed)
      if (line.includes('\u0004')) this.inputEnded = true
    }
    if (this.process) this.process.write(line)
    else if (this.early.join('').length + line.length <= EARLY_INPUT_CHARS) this.early.push(line)
  }

  /** Restarts a terminal's idle clock. */
  private touch(): void {
    if (!this.plan.tty && !this.plan.stdin) return
    clearTimeout(this.idleTimer)
    this.idleTimer = setTimeout(() => this.stop('timeout', `Stopped: idle for ${Math.round(this.limits.ttyIdleMs / 1000)} s, with nothing typed and nothing printed.`), this.limits.ttyIdleMs)
  }

  resize(size: TerminalSize): void {
    this.size = size
    this.process?.resize(size)
  }

  /** Sends a follower everything after `afterSeq`, then keeps it following. */
  attach(follower: Follower, afterSeq = -1): void {
    for (const event of this.events) if (event.seq > afterSeq) follower.deliver(this.id, event)
    if (!this.ended) this.followers.add(follower)
  }

  private async substitute(): Promise<{ words: string[]; notices: Notice[] } | undefined> {
    const { argv, substitution, notices } = this.plan
    if (!substitution) return { words: argv, notices }
    const listed = await this.cli.run(substitution.argv)
    const ids = listed.stdout.split('\n').map((line) => line.trim()).filter(Boolean)
    const odd = ids.find((id) => !ID_LINE.test(id))
    if (listed.exitCode !== 0 || odd !== undefined) {
      const why = listed.exitCode !== 0 ? listed.stderr.trim() : `it printed "${odd}", which is not an ID`
      this.emit({ kind: 'started', seq: 0, key: this.key, line: this.line, resolvedLine: this.plan.resolvedLine, notices, tty: false, startedAt: Date.now() })
      this.emit({ kind: 'notice', seq: 0, text: `The listing inside $(…) failed, so nothing was removed: ${why}`, reason: 'spawn-error' })
      this.emit({ kind: 'ended', seq: 0, exitCode: listed.exitCode ?? null, signal: null, durationMs: 0, reason: 'spawn-error' })
      return undefined
    }
    const shown = ids.length ? ids.map((id) => id.slice(0, 12)).join(' ') : 'nothing'
    return {
      // `at` is where $(…) stood: the IDs go in before the word there (argv holds no word for $(…) itself).
      words: [...argv.slice(0, substitution.at), ...ids, ...argv.slice(substitution.at)],
      notices: [...notices, { kind: 'scoped', text: `$(…) listed ${ids.length} of the deck's IDs: ${shown}` }],
    }
  }

  private output(stream: OutputStream, text: string): void {
    if (this.stopping) return
    const at = performance.timeOrigin + performance.now()
    const room = this.limits.outputCapBytes - this.bytes
    this.bytes += Buffer.byteLength(text)
    if (this.bytes > this.limits.outputCapBytes) {
      const kept = Buffer.from(text).subarray(0, Math.max(0, room)).toString('utf8')
      if (kept) this.emit({ kind: 'output', seq: 0, stream, data: kept, at })
      this.stop('output-cap', `Output passed the cap of ${Math.round(this.limits.outputCapBytes / 1024)} KiB, so the run was stopped; the output above is truncated.`)
      return
    }
    this.emit({ kind: 'output', seq: 0, stream, data: text, at })
    this.touch()
    this.applyBackpressure()
  }

  private applyBackpressure(): void {
    const process = this.process
    if (!process || ![...this.followers].some((follower) => follower.congested)) return
    process.pause()
    const since = Date.now()
    const poll = setInterval(() => {
      if (Date.now() - since > this.limits.congestionMs) {
        // One window that stopped reading must not freeze the lecture for the others.
        for (const follower of this.followers) {
          if (!follower.congested) continue
          this.followers.delete(follower)
          follower.drop()
        }
      }
      if (this.ended || ![...this.followers].some((follower) => follower.congested)) {
        clearInterval(poll)
        process.resume()
      }
    }, 20)
  }

  private async finish(exit: { exitCode: number | null; signal: string | null }, clock: number): Promise<void> {
    const durationMs = Math.round(performance.now() - clock)
    if (this.stopping) await this.cleanUp()
    // Ctrl-C on `docker exec` ends the CLI only; the process it started would run on in the container.
    else if (this.interrupted && this.plan.subcommand === 'exec') await endExecProcess(this.cli, this.plan.argv)
    await this.beforeEnd?.()
    this.endedAt = Date.now()
    this.emit({ kind: 'ended', seq: 0, exitCode: exit.exitCode, signal: exit.signal, durationMs, reason: this.stopping ?? (this.interrupted ? 'interrupted' : 'exited') })
    this.followers.clear()
  }

  /** Killing the CLI does not stop a container; remove the one this run made, end the process it exec'd, stop the one it attached to. */
  private async cleanUp(): Promise<void> {
    if (createsContainer(this.plan.subcommand)) await removeRunContainers(this.cli, this.id)
    if (this.plan.subcommand === 'exec') await endExecProcess(this.cli, this.plan.argv)
    if (this.plan.attachesTo.length > 0) await this.cli.run(['kill', ...this.plan.attachesTo])
  }

  private emit(event: RunEvent): void {
    const numbered = { ...event, seq: this.events.length }
    this.events.push(numbered)
    for (const follower of this.followers) follower.deliver(this.id, numbered)
  }
}
