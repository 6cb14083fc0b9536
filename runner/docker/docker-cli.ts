// The runner's handle on the docker client: one absolute path resolved at
// start (so PATH changes later cannot swap the program) and the minimal env.
import { execa } from 'execa'
import { dockerPath } from './docker-commands.ts'
import { childEnv } from './child-env.ts'
import { nextTurn } from './spawn-pacer.ts'

export interface CliResult {
  exitCode: number | undefined
  stdout: string
  stderr: string
}

export class DockerCli {
  readonly env: Record<string, string>

  constructor(readonly path: string = dockerPath(), env: NodeJS.ProcessEnv = process.env) {
    this.env = childEnv(env)
  }

  /** Runs a short control command (inspect, rm -f, ps) and returns its outcome. */
  async run(args: readonly string[], timeoutMs = 15_000): Promise<CliResult> {
    await nextTurn()
    const result = await execa(this.path, args, { env: this.env, extendEnv: false, stdin: 'ignore', reject: false, timeout: timeoutMs })
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }
  }

  /** Like `run`, but only the trimmed stdout, or undefined when the command failed. */
  async text(args: readonly string[], timeoutMs?: number): Promise<string | undefined> {
    const result = await this.run(args, timeoutMs)
    return result.exitCode === 0 ? result.stdout.trim() : undefined
  }
}
