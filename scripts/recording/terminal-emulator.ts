// A headless xterm.js for the recorder: a terminal program (redis-cli, sh)
// may ask its terminal questions (`ESC [6n`, where is the cursor?) and wait
// for the answer, as the deck's xterm.js gives. This one answers the same way
// and keeps the final screen for the PDF.
import xterm from '@xterm/headless'
import type { RunnerClient } from '../../lib/client/client.ts'

export interface Emulator {
  /** The visible screen as lines of text, trailing blanks trimmed. */
  screen(): Promise<string[]>
  dispose(): void
}

/** Attaches an emulator to a tty run: output in, terminal replies out as input. */
export function emulate(client: RunnerClient, runId: string, size: { cols: number; rows: number }): Emulator {
  const terminal = new xterm.Terminal({ cols: size.cols, rows: size.rows, allowProposedApi: true })
  const reply = terminal.onData((data) => client.input(runId, data))
  const off = client.on((message) => {
    if (message.type === 'run-event' && message.runId === runId && message.event.kind === 'output') terminal.write(message.event.data)
  })
  return {
    screen: () => new Promise((resolve) => terminal.write('', () => {
      const buffer = terminal.buffer.active
      const lines: string[] = []
      for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '')
      while (lines.length && lines.at(-1) === '') lines.pop()
      resolve(lines.slice(-size.rows))
    })),
    dispose() {
      off()
      reply.dispose()
      terminal.dispose()
    },
  }
}
