// One docker CLI process for the stand-in tests: piped, or under a PTY when
// the runner would give it a terminal (`run -t`, `exec -t`, `start -i`),
// ended with SIGKILL if it outlives its time limit.
import { spawn } from 'node:child_process'
import { spawn as spawnPty } from 'node-pty'

export interface DockerProcessOptions {
  env: Record<string, string>
  cwd: string
  /** Under a pseudo-terminal, as the runner starts `-t` commands. */
  tty: boolean
  timeoutMs: number
}

export interface DockerProcessResult {
  /** undefined when the time limit ended it. */
  exitCode: number | undefined
  /** stdout and stderr (or the terminal's output) together. */
  output: string
  /** stdout alone; empty under a PTY. */
  stdout: string
}

/** Runs `docker argv` and resolves when it has ended. */
export function runDockerProcess(docker: string, argv: readonly string[], options: DockerProcessOptions): Promise<DockerProcessResult> {
  return options.tty ? underPty(docker, argv, options) : piped(docker, argv, options)
}

function underPty(docker: string, argv: readonly string[], { env, cwd, timeoutMs }: DockerProcessOptions): Promise<DockerProcessResult> {
  const terminal = spawnPty(docker, [...argv], { name: 'xterm-256color', cols: 80, rows: 24, cwd, env })
  let output = ''
  terminal.onData((text) => void (output += text))
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      terminal.kill()
      resolve({ exitCode: undefined, output, stdout: '' })
    }, timeoutMs)
    terminal.onExit((exit) => {
      clearTimeout(timer)
      resolve({ exitCode: exit.exitCode, output, stdout: '' })
    })
  })
}

function piped(docker: string, argv: readonly string[], { env, cwd, timeoutMs }: DockerProcessOptions): Promise<DockerProcessResult> {
  // node's spawn rather than execa: thousands of calls, and the CLI dominates the time anyway.
  const child = spawn(docker, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8')
    stdout += chunk.toString('utf8')
  })
  child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString('utf8')))
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      resolve({ exitCode: undefined, output, stdout })
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      resolve({ exitCode: -1, output: output + String(error), stdout })
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ exitCode: code ?? -1, output, stdout })
    })
  })
}
