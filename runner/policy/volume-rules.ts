// `-v` and `--mount` on run and create: only an anonymous volume, a tmpfs, or
// a named volume the deck created. Host paths, bind mounts, volume drivers
// and their options never pass; the grammar is checked first, the volume's
// owner afterwards (it needs the engine).
import type { EngineView } from './engine-view.ts'
import { resolveDeckObject } from './object-reference.ts'
import { memoryBytes } from './resource-limits.ts'
import { Refused } from './refusal.ts'

/** docker's volume name grammar (two or more characters, so `c:/x` is never a drive letter). */
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/

/** An absolute path of plain segments (the path inside the container). */
const isContainerPath = (path: string) =>
  path === '/' || (path.startsWith('/') && path.slice(1).split('/').every((segment) => /^[\w.@+-]+$/.test(segment) && segment !== '.' && segment !== '..'))

const denied = (message: string, subject: string) => new Refused('denied-flag', message, subject)
const invalid = (message: string, subject: string) => new Refused('invalid-value', message, subject)

/** Checks a `-v` value; returns the named volume it mounts, if it names one. */
export function checkVolume(value: string): string | undefined {
  const parts = value.split(':')
  const [source = '', target = '', mode] = parts
  if (parts.length === 1 && value.startsWith('/')) {
    if (!isContainerPath(value)) throw invalid(`-v ${value} is refused: an anonymous volume is one absolute path of plain names, for example -v /data.`, `-v ${value}`)
    return undefined
  }
  if (!VOLUME_NAME.test(source)) {
    throw denied(`-v ${value} is refused: mounting a host path gives the container the host's files (and / or the Docker socket is root on the host); use an anonymous volume such as -v /data.`, `-v ${value}`)
  }
  if (parts.length > 3 || !isContainerPath(target) || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) {
    throw invalid(`-v ${value} is refused: a volume mount is NAME:/PATH, optionally :ro or :rw, for example -v data:/data.`, `-v ${value}`)
  }
  return source
}

const MOUNT_KEYS = new Set(['type', 'src', 'source', 'dst', 'destination', 'target', 'readonly', 'ro', 'tmpfs-size', 'tmpfs-mode'])

/** Checks a `--mount` value (docker reads it as CSV); returns the named volume it mounts, if any. */
export function checkMount(value: string): string | undefined {
  // docker reads --mount as CSV; a quoted field could hide `type=bind` from a plain split.
  if (/["']/.test(value)) throw denied(`--mount ${value} is refused: quoted fields in --mount are not supported here; write type=volume,src=NAME,dst=/PATH without quotes.`, '--mount')
  const fields = value.split(',').map((field) => {
    const eq = field.indexOf('=')
    return eq === -1 ? { key: field.trim().toLowerCase(), value: undefined } : { key: field.slice(0, eq).trim().toLowerCase(), value: field.slice(eq + 1) }
  })
  // Kinds of mount first: a bind mount or a driver is refused whatever else the value holds.
  for (const { key, value: field = '' } of fields) {
    if (key === 'type' && field === 'bind') throw denied(`--mount ${value} is refused: a bind mount gives the container the host's files; use type=volume or type=tmpfs.`, '--mount type=bind')
    if (key === 'type' && field !== 'volume' && field !== 'tmpfs') throw denied(`--mount type=${field} is refused: only volume and tmpfs mounts are allowed.`, `--mount type=${field}`)
    if (key === 'volume-driver' || key.startsWith('volume-opt')) {
      throw denied(`--mount with ${key} is refused: volume drivers and their options can mount host paths or remote storage.`, `--mount ${key}`)
    }
    if (!MOUNT_KEYS.has(key)) throw denied(`--mount with ${key} is refused: the deck reads only type, src, dst, readonly and tmpfs-size/tmpfs-mode; leave ${key} out.`, `--mount ${key}`)
  }
  const last = (...keys: string[]) => fields.filter((field) => keys.includes(field.key)).at(-1)?.value
  const type = last('type') ?? 'volume'
  const source = last('src', 'source')
  const target = last('dst', 'destination', 'target')
  if (source !== undefined && (type === 'tmpfs' || !VOLUME_NAME.test(source))) {
    throw denied(`--mount ${value} is refused: src=${source} is not a volume name, and a path would mount the host's files; use src=NAME of a volume the deck created, or leave src out.`, '--mount src')
  }
  if (target === undefined || !isContainerPath(target)) throw invalid(`--mount ${value} is refused: dst= must be an absolute path inside the container, for example dst=/data.`, '--mount dst')
  const size = last('tmpfs-size')
  if (size !== undefined && !(type === 'tmpfs' && memoryBytes(size) >= 1)) throw invalid(`--mount ${value} is refused: tmpfs-size goes with type=tmpfs and is a size such as 64m.`, '--mount tmpfs-size')
  const mode = last('tmpfs-mode')
  if (mode !== undefined && !(type === 'tmpfs' && /^[0-7]{3,4}$/.test(mode))) throw invalid(`--mount ${value} is refused: tmpfs-mode goes with type=tmpfs and is octal such as 1777.`, '--mount tmpfs-mode')
  const readonly = last('readonly', 'ro')
  if (readonly !== undefined && !/^(1|0|true|false)$/i.test(readonly)) throw invalid(`--mount ${value} is refused: readonly takes no value, or true or false.`, '--mount readonly')
  return source
}

/** Refuses a named volume the deck did not create (docker would mount it, or create it unlabelled). */
export async function requireDeckVolume(name: string, shown: string, view: EngineView): Promise<void> {
  if (await resolveDeckObject('volume', name, view, shown.split(' ')[0]!)) return
  throw new Refused('denied-flag', `${shown} is refused: ${name} is not a volume the deck created, so it may be one of yours (and docker would create a missing one outside the deck's reach); use an anonymous volume such as -v /data.`, shown.split(' ')[0])
}
