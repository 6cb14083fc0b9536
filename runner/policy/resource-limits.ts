// Default limits for every container the deck creates, so a fork bomb or a
// memory hog in a demo cannot take the lecturer's laptop down. A student may
// ask for stricter limits, never looser ones.
import type { ParsedOption } from './split-options.ts'
import { Refused } from './refusal.ts'

export const DEFAULT_LIMITS = { 'pids-limit': 256, 'memory': '512m', 'cpus': 1 } as const

const UNITS = new Map([['', 1], ['b', 1], ['k', 1024], ['m', 1024 ** 2], ['g', 1024 ** 3]])

/** Bytes from docker's memory syntax (`512m`, `1g`, `1048576`), or NaN. */
export function memoryBytes(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(text.trim())
  if (!match) return Number.NaN
  return Number(match[1]) * UNITS.get(match[2]!.toLowerCase())!
}

const LOOSER: Record<keyof typeof DEFAULT_LIMITS, (value: string) => boolean> = {
  'pids-limit': (value) => !(Number(value) > 0 && Number(value) <= DEFAULT_LIMITS['pids-limit']),
  // docker reads 0 (also 0.5 bytes, rounded down) as "no limit".
  'memory': (value) => !(Math.floor(memoryBytes(value)) >= 1 && memoryBytes(value) <= memoryBytes(DEFAULT_LIMITS.memory)),
  'cpus': (value) => !(Number(value) > 0 && Number(value) <= DEFAULT_LIMITS.cpus),
}

/**
 * Checks the limits the command sets and returns the argv words for the ones
 * it leaves out (`--pids-limit 256` …).
 */
export function limitWords(options: readonly ParsedOption[]): string[] {
  const words: string[] = []
  for (const name of Object.keys(DEFAULT_LIMITS) as Array<keyof typeof DEFAULT_LIMITS>) {
    const given = options.filter((option) => option.name === name)
    for (const option of given) {
      if (LOOSER[name](option.value ?? '')) {
        throw new Refused('limit', `--${name} ${option.value} is looser than the deck's limit of ${DEFAULT_LIMITS[name]}; ask for ${DEFAULT_LIMITS[name]} or less.`, `--${name}`)
      }
    }
    if (given.length === 0) words.push(`--${name}`, String(DEFAULT_LIMITS[name]))
  }
  return words
}
