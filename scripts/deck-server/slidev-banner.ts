// Slidev's start banner lists its own addresses (`public slide show >
// http://localhost:3030/`), and the most visible of them opens the deck
// without the runner's key. npm start prints the one address to open
// itself, so the banner's lines are dropped and everything else Slidev
// says (warnings, errors) passes through.

/** Colour and style codes, which Slidev puts around every word of its banner. */
const ANSI = /\u001b\[[0-9;]*m/g

/** The banner's lines: its logo and name, settings, and each address it offers. */
const BANNER = [
  /^\s*[●■▲]+\s*$/,
  /^\s*Slidev\s+v\d/,
  /^\s*(theme|css engine|entry)\s{2,}/,
  /^\s*(public slide show|private slide show|presenter mode|slides overview|export slides|mcp server|vite inspector|remote control|remote via tunnel|shortcuts)\s*>/,
]

/** Whether `line` (as Slidev printed it, colours included) belongs to its start banner. */
export function isSlidevBannerLine(line: string): boolean {
  const plain = line.replace(ANSI, '')
  return BANNER.some((pattern) => pattern.test(plain))
}

/** Slidev's output without its banner, and without the blank lines the banner leaves. */
export function withoutBanner(text: string): string {
  return text.split('\n').filter((line) => !isSlidevBannerLine(line) && line.replace(ANSI, '').trim() !== '').map((line) => `${line}\n`).join('')
}
