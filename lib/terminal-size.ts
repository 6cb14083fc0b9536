// The size of every `-it` terminal: the PTY the runner opens, the xterm.js
// screen on the slide, and the asciicast a recording writes. One size, so a
// prompt recorded at the bottom of the screen is at the bottom on replay too.
import type { TerminalSize } from './protocol.ts'

/** 100 columns fit a slide's width at the terminal's font size; 14 rows fit under a title and a command. */
export const TERMINAL_SIZE: Readonly<TerminalSize> = Object.freeze({ cols: 100, rows: 14 })
