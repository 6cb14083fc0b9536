// Which Node.js versions the deck supports, as `engines` in package.json says
// and the test command tests (the machine's Node and 22: unit suite; 24: the
// whole suite), and when each line reaches its end of life (the Node.js
// release schedule): `npm run doctor` says so, and warns past that date.

/** Release lines that are tested, their oldest supported minor, and their end of life. */
const LINES: Readonly<Record<number, { minimum: string; endOfLife: string }>> = {
  20: { minimum: '20.19.0', endOfLife: '2026-04-30' },
  22: { minimum: '22.12.0', endOfLife: '2027-04-30' },
  24: { minimum: '24.0.0', endOfLife: '2028-04-30' },
}
export const RECOMMENDED_MAJOR = 24

export interface NodeSupport {
  /** The deck runs on it (a tested line, at or above its minimum). */
  supported: boolean
  /** Past its end of life, or a line nothing here tests: worth a warning. */
  warning: boolean
  detail: string
}

const parts = (version: string) => version.replace(/^v/, '').split('.').map(Number) as [number, number, number]

function atLeast(version: string, minimum: string): boolean {
  const [a, b, c] = parts(version)
  const [x, y, z] = parts(minimum)
  return a !== x ? a > x : b !== y ? b > y : c >= z
}

/** What doctor says about Node.js `version` (e.g. process.versions.node) on `today`. */
export function nodeSupport(version: string, today: Date = new Date()): NodeSupport {
  const [major] = parts(version)
  const install = `install Node.js ${RECOMMENDED_MAJOR} LTS (recommended) or 22`
  const line = LINES[major]
  if (!line) {
    const newer = major > Math.max(...Object.keys(LINES).map(Number))
    return newer
      ? { supported: true, warning: true, detail: `${version}: a release line the deck is not tested on (tested: 20, 22, ${RECOMMENDED_MAJOR}) → if something fails, ${install}` }
      : { supported: false, warning: false, detail: `${version}: not supported → ${install}` }
  }
  if (!atLeast(version, line.minimum)) return { supported: false, warning: false, detail: `${version}: older than ${line.minimum} → ${install}` }
  if (today.toISOString().slice(0, 10) > line.endOfLife) {
    return { supported: true, warning: true, detail: `${version}: works, but Node.js ${major} reached its end of life on ${line.endOfLife} (no more security fixes) → ${install}` }
  }
  return { supported: true, warning: false, detail: `${version} (supported until ${line.endOfLife})` }
}
