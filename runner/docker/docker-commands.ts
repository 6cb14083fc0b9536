// The `docker` client, found on PATH when it is needed and run with execa
// (argv arrays, no shell). Engine setup and the doctor go through here.
import { execa } from 'execa'
import { findOnPath } from './system-path.ts'

export interface DockerOptions {
  /** Kill the command after this many milliseconds. @default 60_000 */
  timeoutMs?: number
  /** Text written to the command's stdin. */
  input?: string
}

export interface DockerResult {
  exitCode: number | undefined
  stdout: string
  stderr: string
  timedOut: boolean
  /** The command line, for error messages. */
  command: string
}

/** Absolute path of the `docker` client on PATH right now; throws when there is none. */
export function dockerPath(): string {
  const found = findOnPath('docker')
  if (found) return found
  throw new Error(
    `The docker client was not found on PATH (${process.env.PATH ?? '<unset>'}). ` +
      'The deck runs every command through it. Install Docker (Docker Desktop, or ' +
      '`apt-get install docker.io` on Debian/Ubuntu) or add its folder to PATH, then run `npm run doctor`.',
  )
}

/** Runs `docker <args>` and resolves with the outcome; never rejects for a non-zero exit or a timeout. */
export async function dockerTry(args: readonly string[], options: DockerOptions = {}): Promise<DockerResult> {
  const { timeoutMs = 60_000, input } = options
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError(`dockerTry: option timeoutMs must be a positive integer, received ${String(timeoutMs)}.`)
  }
  const result = await execa(dockerPath(), args, {
    reject: false,
    timeout: timeoutMs,
    input,
    stdin: input === undefined ? 'ignore' : undefined,
    env: { DOCKER_CLI_HINTS: 'false' },
  })
  return {
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    timedOut: result.timedOut,
    command: `docker ${args.join(' ')}`,
  }
}

/** Describes why a docker command failed, with the engine's own words. */
export function describeFailure(result: DockerResult, timeoutMs?: number): string {
  if (result.timedOut) return `\`${result.command}\` did not finish within ${timeoutMs ?? '?'} ms`
  const said = (result.stderr.trim() || result.stdout.trim() || 'no output').replace(/[.\s]+$/, '')
  return `\`${result.command}\` exited with code ${result.exitCode ?? 'none'}: ${said}`
}

/** Runs `docker <args>` and returns its trimmed stdout; throws when it fails. */
export async function dockerText(args: readonly string[], options: DockerOptions = {}): Promise<string> {
  const result = await dockerTry(args, options)
  if (result.exitCode === 0 && !result.timedOut) return result.stdout.trim()
  throw new Error(`${describeFailure(result, options.timeoutMs ?? 60_000)}. Run \`npm run doctor\` to check the client and the engine.`)
}
