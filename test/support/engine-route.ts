// Which Engine API endpoint a request reaches, as dockerd's router sees it:
// the path percent-decoded and cleaned (`a b/../../volumes/x` is
// `/volumes/x`), the `/v1.xx` prefix dropped, and the object reference
// taken from the segment the route names. The stand-in answers by it and the
// request oracle judges by it.
import path from 'node:path'

/** What a container endpoint does; `remove` is `DELETE /containers/{ref}`. */
export const CONTAINER_ACTIONS = [
  'json', 'start', 'stop', 'restart', 'kill', 'pause', 'unpause', 'wait', 'resize', 'attach', 'logs', 'top', 'changes', 'stats', 'exec', 'remove',
] as const
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number]

export type Route =
  /** A read the chapter shows: `/_ping`, `/version`, `/info`, `/containers/json`, `/images/json`, `/system/df`, `/events`. */
  | { kind: 'listing'; what: string }
  | { kind: 'create' }
  | { kind: 'container'; ref: string; action: ContainerAction }
  | { kind: 'exec'; id: string; action: 'start' | 'json' | 'resize' }
  | { kind: 'image'; ref: string; action: 'json' | 'remove' }
  | { kind: 'pull' }
  | { kind: 'network'; ref: string; action: 'json' | 'remove' }
  | { kind: 'volume'; ref: string; action: 'json' | 'remove' }
  | { kind: 'prune'; of: 'containers' | 'images' | 'networks' | 'volumes' | 'build' }
  /** Any other endpoint: plugins, secrets, services, nodes, configs, swarm, build, commit, archive … */
  | { kind: 'other' }

const VERSIONED = /^\/v\d+\.\d+(\/.*|)$/s

/** The request target's path as dockerd routes it: percent-decoded, cleaned, without the API version. */
export function cleanRequestPath(rawPath: string): string {
  let decoded = rawPath
  try {
    decoded = decodeURIComponent(rawPath)
  } catch {
    // a malformed escape stays as it is, as Go's router would leave it unmatched
  }
  // gorilla/mux cleans the path (path.Clean, keeping a trailing slash) before routing.
  const clean = path.posix.normalize(`/${decoded}`)
  const versioned = VERSIONED.exec(clean)
  return versioned ? versioned[1] || '/' : clean
}

const LISTINGS = new Map([
  ['GET /_ping', '_ping'], ['HEAD /_ping', '_ping'], ['GET /version', 'version'], ['GET /info', 'info'], ['GET /containers/json', 'containers'],
  ['GET /images/json', 'images'], ['GET /system/df', 'system df'], ['GET /events', 'events'],
])

const PRUNES = new Map<string, Extract<Route, { kind: 'prune' }>['of']>([
  ['/containers/prune', 'containers'], ['/images/prune', 'images'], ['/networks/prune', 'networks'], ['/volumes/prune', 'volumes'], ['/build/prune', 'build'],
])

/** The endpoint `method cleanPath` reaches. */
export function routeOf(method: string, cleanPath: string): Route {
  const listing = LISTINGS.get(`${method} ${cleanPath}`)
  if (listing) return { kind: 'listing', what: listing }
  if (method === 'POST' && cleanPath === '/containers/create') return { kind: 'create' }
  if (method === 'POST' && cleanPath === '/images/create') return { kind: 'pull' }
  const prune = method === 'POST' ? PRUNES.get(cleanPath) : undefined
  if (prune) return { kind: 'prune', of: prune }

  const segments = cleanPath.split('/').slice(1)
  const [collection, ref = '', action, ...more] = segments
  if (collection === 'containers' && ref !== '' && more.length === 0) {
    if (action === undefined) return method === 'DELETE' ? { kind: 'container', ref, action: 'remove' } : { kind: 'other' }
    const wanted = CONTAINER_ACTIONS.find((a) => a === action && a !== 'remove')
    const reads = wanted === 'json' || wanted === 'logs' || wanted === 'top' || wanted === 'changes' || wanted === 'stats'
    if (wanted && (reads ? method === 'GET' : method === 'POST')) return { kind: 'container', ref, action: wanted }
    return { kind: 'other' }
  }
  if (collection === 'exec' && ref !== '' && more.length === 0) {
    if (method === 'POST' && (action === 'start' || action === 'resize')) return { kind: 'exec', id: ref, action }
    if (method === 'GET' && action === 'json') return { kind: 'exec', id: ref, action }
    return { kind: 'other' }
  }
  // Image routes take the rest of the path as the name: `/images/{name:.*}/json`, `DELETE /images/{name:.*}`.
  if (collection === 'images' && ref !== '') {
    const name = segments.slice(1).join('/')
    if (method === 'GET' && name.endsWith('/json')) return { kind: 'image', ref: name.slice(0, -'/json'.length), action: 'json' }
    if (method === 'DELETE') return { kind: 'image', ref: name, action: 'remove' }
    return { kind: 'other' }
  }
  if ((collection === 'networks' || collection === 'volumes') && ref !== '' && action === undefined) {
    const kind = collection === 'networks' ? 'network' : 'volume'
    if (method === 'GET') return { kind, ref, action: 'json' }
    if (method === 'DELETE') return { kind, ref, action: 'remove' }
  }
  return { kind: 'other' }
}
