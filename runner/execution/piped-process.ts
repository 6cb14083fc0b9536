// Runs a non-interactive docker command with execa: no shell, argv array,
// stdout and stderr streamed chunk by chunk, in its own process group.
import { StringDecoder } from 'node:string_decoder'
import { execa } from 'execa'
import { killGroup, type OutputStream, type ProcessExit, type RunningProcess } from './running-process.ts'

const END_OF_INPUT = '\u0004'

/** Starts `docker argv` with pipes; with `stdin`, what `write` gets goes to its stdin, and Ctrl-D closes it. */
export function startPiped(docker: string, argv: readonly string[], env: Record<string, string>, options: { stdin?: boolean } = {}): RunningProcess {
  const child = execa(docker, argv, {
    env,
    extendEnv: false,
    stdin: options.stdin ? 'pipe' : 'ignore',
    buffer: false,
    reject: false,
    stripFinalNewline: false,
    // Its own process group, so cancel can kill everything it started.
    detached: true,
  })
  // A write after the command exited fails with EPIPE: the run is ending anyway, and the runner must not crash.
  child.stdin?.on('error', () => {})
  const listeners: Array<(stream: OutputStream, text: string) => void> = []
  const emit = (stream: OutputStream, text: string) => {
    if (text) for (const listener of listeners) listener(stream, text)
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    const decoder = new StringDecoder('utf8')
    child[stream]?.on('data', (chunk: Buffer) => emit(stream, decoder.write(chunk)))
    child[stream]?.on('end', () => emit(stream, decoder.end()))
  }
  const exited: Promise<ProcessExit> = child.then(
    (result) => ({ exitCode: result.exitCode ?? null, signal: result.signal ?? null }),
    (error: { exitCode?: number; signal?: string }) => ({ exitCode: error.exitCode ?? null, signal: error.signal ?? null }),
  )
  return {
    pid: child.pid,
    onOutput: (listener) => listeners.push(listener),
    exited,
    write: (data) => {
      const input = child.stdin
      if (!input || input.writableEnded || input.destroyed) return
      const end = data.indexOf(END_OF_INPUT)
      const text = end < 0 ? data : data.slice(0, end)
      if (text) input.write(text)
      if (end >= 0) input.end()
    },
    resize: () => {},
    // A terminal's Ctrl-C reaches its whole foreground group; the CLI is alone in its own.
    interrupt: () => killGroup(child.pid, 'SIGINT'),
    kill: () => killGroup(child.pid),
    pause: () => {
      child.stdout?.pause()
      child.stderr?.pause()
    },
    resume: () => {
      child.stdout?.resume()
      child.stderr?.resume()
    },
  }
}
