// Runs a policy plan with the real docker CLI the way the runner's Run does
// (runner/execution/run.ts): the `$(…)` listing first, its output
// lines as IDs inserted where `$(…)` stood; the argv, under a PTY when the
// plan asks for a terminal; then each `then` command. All of it against one
// stand-in daemon, reset to a fresh world first, whose requests are returned.
import type { Plan } from '../../runner/policy/policy.ts'
import { runDockerProcess } from './docker-process.ts'
import type { RecordedRequest, StandInDaemon } from './stand-in-daemon.ts'

/** One stand-in daemon and the environment that points the CLI at it. */
export interface Lane {
  daemon: StandInDaemon
  /** The runner's child environment (DOCKER_HOST is the lane's socket). */
  env: Record<string, string>
  cwd: string
}

export interface PlanRun {
  /** Each docker process: its argv and how it ended (undefined: it outlived the time limit). */
  processes: Array<{ argv: string[]; exitCode: number | undefined; output: string }>
  requests: RecordedRequest[]
}

/** The plan's processes on `lane`, from a fresh world. */
export async function runPlan(docker: string, lane: Lane, plan: Plan, timeoutMs: number): Promise<PlanRun> {
  lane.daemon.reset()
  const processes: PlanRun['processes'] = []
  const run = async (argv: string[], tty: boolean) => {
    const result = await runDockerProcess(docker, argv, { env: tty ? { ...lane.env, TERM: 'xterm-256color' } : lane.env, cwd: lane.cwd, tty, timeoutMs })
    processes.push({ argv, exitCode: result.exitCode, output: result.output })
    return result
  }
  let argv = plan.argv
  if (plan.substitution) {
    const listed = await run(plan.substitution.argv, false)
    // The runner runs nothing more when the listing fails.
    if (listed.exitCode !== 0) return { processes, requests: [...lane.daemon.requests] }
    const ids = listed.stdout.split('\n').map((line) => line.trim()).filter(Boolean)
    argv = [...argv.slice(0, plan.substitution.at), ...ids, ...argv.slice(plan.substitution.at)]
  }
  await run(argv, plan.tty)
  for (const next of plan.then ?? []) await run(next, false)
  return { processes, requests: [...lane.daemon.requests] }
}
