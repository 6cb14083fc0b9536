// The built deck's files for the classroom: a request path maps to a regular
// file inside the build folder, or to nothing. No `..`, no dotfiles, no
// symlink out of the folder; a slide route (`/5`) is the app's index.html,
// which is told it is a follower's page.
import { readFileSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import { FOLLOWER_META_CONTENT, FOLLOWER_META_NAME } from '../lib/follower-marker.ts'

/** The marker the deck reads to follow the lecture instead of looking for a runner (composables/useRunner). */
export const FOLLOWER_META = `<meta name="${FOLLOWER_META_NAME}" content="${FOLLOWER_META_CONTENT}">`

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.cast': 'application/x-asciicast; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
}

export interface StaticFile {
  body: Buffer
  type: string
  /** index.html changes with each build; hashed assets never do. */
  cache: string
}

export class StaticFiles {
  private readonly root: string
  private readonly index: Buffer

  constructor(folder: string) {
    this.root = realpathSync(folder)
    const html = readFileSync(path.join(this.root, 'index.html'), 'utf8')
    if (!html.includes('</head>')) throw new Error(`${folder}/index.html has no </head>: is it a built deck (npx slidev build)?`)
    this.index = Buffer.from(html.replace('</head>', `${FOLLOWER_META}\n</head>`))
  }

  /** The file for request path `pathname` (already decoded by the URL parser), or undefined. */
  get(pathname: string): StaticFile | undefined {
    const relative = decodeSafely(pathname)
    if (relative === undefined) return undefined
    if (relative === '' || relative === 'index.html' || isSlideRoute(relative)) return { body: this.index, type: TYPES['.html']!, cache: 'no-store' }
    const file = path.join(this.root, relative)
    let real: string
    try {
      real = realpathSync(file)
      if (!statSync(real).isFile()) return undefined
    } catch {
      return undefined
    }
    const inside = path.relative(this.root, real)
    if (inside.startsWith('..') || path.isAbsolute(inside)) return undefined
    const type = TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream'
    return { body: readFileSync(real), type, cache: relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' }
  }
}

/** The path without its leading slash, or undefined when it could leave the folder or names a dotfile. */
function decodeSafely(pathname: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return undefined
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return undefined
  const parts = decoded.slice(1).split('/')
  if (parts.some((part) => part === '..' || part.startsWith('.'))) return undefined
  return parts.join('/')
}

/** A slide's route: its number. A follower has no presenter view. */
const isSlideRoute = (relative: string) => /^\d{1,4}$/.test(relative)
