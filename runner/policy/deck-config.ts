// The lecturer's settings for the policy: `docker-live-deck.config.json` at
// the project root, e.g. `{ "images": ["nginx", "ghcr.io/acme/app:1.0"] }`
// to let slides run and pull more images than the chapter's, and
// `"hostPorts": { "from": 8000, "to": 8999 }` for the ports `-p` may
// publish on (by default 1024–65535, minus the deck's own). The file is
// optional; a bad one is an error naming the file, the field, what was
// expected and what was found.
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { parseImageName } from './image-names.ts'

/** The config's file name, at the project root. */
export const CONFIG_FILE = 'docker-live-deck.config.json'

/** Where the runner reads the config: the project root. */
export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL(`../../${CONFIG_FILE}`, import.meta.url))

const DeckConfig = z.object({
  images: z.array(z.string().refine((text) => parseImageName(text) !== undefined, 'an image name such as "nginx", "nginx:1.27" or "ghcr.io/acme/app:1.0"'))
    .max(100, 'at most 100 images')
    .default([]),
  hostPorts: z.object({ from: z.number().int().min(1).max(65535), to: z.number().int().min(1).max(65535) }).strict()
    .refine((range) => range.from <= range.to, 'a range { "from": 1024, "to": 65535 } with from no larger than to')
    .optional(),
}).strict()

/** The host ports `-p` may publish on when the config does not say. */
export const DEFAULT_HOST_PORTS = { from: 1024, to: 65535 } as const

/** The lecturer's settings, checked. */
export type DeckConfig = z.infer<typeof DeckConfig>

/** A config file the runner cannot use; the message says which file and field, and why. */
export class ConfigError extends Error {
  constructor(message: string, readonly file: string, readonly field?: string) {
    super(message)
  }
}

/** Reads and checks the config at `path`; an absent file is the empty config. */
export async function loadDeckConfig(path: string = DEFAULT_CONFIG_PATH): Promise<DeckConfig> {
  const file = basename(path)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { images: [] }
    throw new ConfigError(`${file} could not be read (${(error as Error).message}); fix its permissions or remove it.`, file)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON (${(error as Error).message}); write it as { "images": ["nginx"] }.`, file)
  }
  const parsed = DeckConfig.safeParse(json)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? ''
    throw new ConfigError(`${file}: "${key}" is not a field the runner reads; the fields are "images", a list of image names, and "hostPorts", { "from": 1024, "to": 65535 }.`, file, key)
  }
  const field = fieldName(issue.path)
  const expected = issue.code === 'custom' || issue.code === 'too_big' ? issue.message
    : field === '(top level)' ? 'an object such as { "images": ["nginx"] }'
      : field === 'images' ? 'a list of image names'
        : field.startsWith('hostPorts') ? 'a range { "from": 1024, "to": 65535 } of whole port numbers from 1 to 65535' : 'an image name (a string)'
  throw new ConfigError(`${file}: ${field} must be ${expected}, but it is ${shown(valueAt(json, issue.path))}.`, file, field)
}

function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)'
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('')
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let value = json
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

const shown = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}
