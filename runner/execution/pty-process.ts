// Runs `docker run -it` / `docker exec -it` under a real pseudo-terminal
// (node-pty): execa has no TTY, and the CLI refuses -t without one.
import { spawn } from 'node-pty'
import type { TerminalSize } from '../../lib/protocol.ts'
import { signalName } from '../../lib/signals.ts'
import { killGroup, type OutputStream, type ProcessExit, type RunningProcess } from './running-process.ts'

/** Starts `docker argv` on a new terminal of `size`. */
export function startPty(docker: string, argv: readonly string[], env: Record<string, string>, size: TerminalSize): RunningProcess {
  const terminal = spawn(docker, [...argv], { name: 'xterm-256color', cols: size.cols, rows: size.rows, env, cwd: '/' })
  const listeners: Array<(stream: OutputStream, text: string) => void> = []
  terminal.onData((text) => {
    for (const listener of listeners) listener('pty', text)
  })
  // Writes and resizes stop when the process exits; set in the exit handler
  // itself, so no promise chain is left whose rejection nobody handles.
  let open = true
  const exited = new Promise<ProcessExit>((resolve) => {
    terminal.onExit(({ exitCode, signal }) => {
      open = false
      resolve(signal ? { exitCode: null, signal: signalName(signal) ?? `signal ${signal}` } : { exitCode, signal: null })
    })
  })
  return {
    pid: terminal.pid,
    onOutput: (listener) => listeners.push(listener),
    exited,
    write: (data) => open && terminal.write(data),
    resize: (next) => open && terminal.resize(next.cols, next.rows),
    // The terminal's own Ctrl-C: its line discipline signals whatever runs in the foreground.
    interrupt: () => open && terminal.write('\x03'),
    // node-pty makes the child a session leader, so its pid is the group id.
    kill: () => killGroup(terminal.pid),
    pause: () => terminal.pause(),
    resume: () => terminal.resume(),
  }
}
