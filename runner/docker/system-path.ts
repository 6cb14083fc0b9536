// The system's program folders, in one place: the PATH docker processes get,
// the folders searched for tools root runs from /usr/sbin, and finding a
// program on a PATH.
import { accessSync, constants, statSync } from 'node:fs'
import path from 'node:path'

/** The usual system program folders, most specific first. */
export const SYSTEM_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'] as const

/** SYSTEM_DIRS as a PATH value. */
export const SYSTEM_PATH = SYSTEM_DIRS.join(':')

/** PATH plus the system folders (deduplicated), for tools root runs from /usr/sbin and friends. */
export function pathWithSystemDirs(searchPath = process.env.PATH ?? ''): string {
  return [...new Set([...searchPath.split(path.delimiter), ...SYSTEM_DIRS].filter(Boolean))].join(path.delimiter)
}

/** Absolute path of the first executable `name` on `searchPath`, or undefined. */
export function findOnPath(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name]
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue
    for (const file of names) {
      const candidate = path.resolve(dir, file)
      try {
        accessSync(candidate, constants.X_OK)
        if (statSync(candidate).isFile()) return candidate
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined
}
