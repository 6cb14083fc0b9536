// What this host is (root on Debian/Ubuntu?) and how to add Debian packages to it.
// Only such hosts get things installed for them; everywhere else we explain.
import { readFileSync } from 'node:fs'
import { execa } from 'execa'

export type Log = (line: string) => void

/** Parses /etc/os-release text (KEY=value, optionally quoted) into a map. */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line)
    if (!match) continue
    let value = match[2]!
    const quote = value[0]
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1)
      if (quote === '"') value = value.replace(/\\(["\\$`])/g, '$1')
    }
    fields[match[1]!] = value
  }
  return fields
}

/** True when os-release fields name Debian, or a distribution like it (ID_LIKE). */
export function isDebianLike(fields: Record<string, string>): boolean {
  const ids = [fields.ID ?? '', ...(fields.ID_LIKE ?? '').split(/\s+/)]
  return ids.some((id) => id.toLowerCase() === 'debian')
}

/** True when this process runs as root on Debian/Ubuntu, so it may apt-get install. */
export function canProvision(): boolean {
  return process.getuid?.() === 0 && isDebianHost()
}

/** The Debian packages among `packages` that dpkg does not report as installed. */
export async function missingPackages(packages: readonly string[]): Promise<string[]> {
  const missing: string[] = []
  for (const name of packages) {
    const result = await execa('dpkg-query', ['-W', '--showformat=${db:Status-Status}', name], { reject: false })
    if (result.exitCode !== 0 || result.stdout.trim() !== 'installed') missing.push(name)
  }
  return missing
}

/** `apt-get update` then installs `packages` without recommends; throws with apt's own words on failure. */
export async function aptInstall(packages: readonly string[], options: { log?: Log } = {}): Promise<void> {
  if (packages.length === 0) return
  const log = options.log ?? (() => {})
  const env = { DEBIAN_FRONTEND: 'noninteractive' }
  const steps: string[][] = [
    ['update'],
    ['install', '-y', '--no-install-recommends', ...packages],
  ]
  for (const args of steps) {
    log(`apt-get ${args.join(' ')}`)
    const result = await execa('apt-get', args, { reject: false, env, all: true, timeout: 600_000 })
    if (result.exitCode !== 0) {
      const tail = (result.all ?? '').trim().split('\n').slice(-5).join('\n')
      throw new Error(
        `\`apt-get ${args.join(' ')}\` failed (exit ${result.exitCode ?? 'none'}${result.timedOut ? ', timed out' : ''}), ` +
          `so ${packages.join(', ')} could not be installed:\n${tail}\n` +
          `Install them yourself (\`sudo apt-get install -y --no-install-recommends ${packages.join(' ')}\`) and run again.`,
      )
    }
  }
}

/** True on Linux when /etc/os-release names Debian or a distribution like it (any user). */
export function isDebianHost(): boolean {
  if (process.platform !== 'linux') return false
  try {
    return isDebianLike(parseOsRelease(readFileSync('/etc/os-release', 'utf8')))
  } catch {
    return false
  }
}
