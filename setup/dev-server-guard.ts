// What the deck's own dev server answers, decided before Slidev sees the
// request. Slidev's dev server writes for whoever asks: a POST to
// /__slidev/slides/N.json rewrites slides.md and hot-reloads it, /__mcp edits
// slides, and a simple cross-origin POST (text/plain, no preflight) from any
// open tab reaches both. Code injected that way would run in the deck's
// origin, next to the runner's token. Pure, so the table is unit-tested.

export interface DevRequest {
  method: string
  url: string
  /** The Host header; the deck's own origin is `http://<host>`. */
  host: string | undefined
  origin: string | undefined
  secFetchSite: string | undefined
  secFetchMode: string | undefined
}

export type DevVerdict = { ok: true } | { ok: false; status: 403; reason: string }

/** Presenter and audience windows keep their slide in step by posting here. */
const SYNC_PREFIXES = ['/@server-ref/', '/@server-reactive/']
/** Slidev's endpoints that edit the deck: slide files, notes, and the MCP server. */
const EDITING_PREFIXES = ['/__slidev/', '/__mcp']
/** The environment variable that turns editing from the browser on. */
export const EDITING_SWITCH = 'DOCKER_DECK_ALLOW_EDITING'

const refuse = (reason: string): DevVerdict => ({ ok: false, status: 403, reason })
const pathOf = (url: string) => url.split(/[?#]/, 1)[0] ?? ''

/** Decides one request to the dev server; `editing` is the lecturer's switch for Slidev's editing endpoints. */
export function judgeDevRequest(request: DevRequest, editing: boolean): DevVerdict {
  const own = request.host ? `http://${request.host.toLowerCase()}` : undefined
  const method = request.method.toUpperCase()
  const path = pathOf(request.url)
  const read = method === 'GET' || method === 'HEAD'
  if (request.origin !== undefined && request.origin !== own) {
    return refuse(`Origin ${request.origin} is not the deck's (${own ?? 'no Host header'}): the deck's server answers only its own pages.`)
  }
  const site = request.secFetchSite
  const navigation = read && request.secFetchMode === 'navigate'
  if ((site === 'cross-site' || site === 'same-site') && !navigation) {
    return refuse(`A ${site} ${method} request is refused: only the deck's own pages may call its server (a link that opens the deck is fine).`)
  }
  if (EDITING_PREFIXES.some((prefix) => path.startsWith(prefix)) && !editing && !(read && path.startsWith('/__slidev/'))) {
    return refuse(`Editing the slides through the deck's server is off. Edit slides.md, or start the deck with ${EDITING_SWITCH}=1 to allow it from the deck's own pages.`)
  }
  if (read) return { ok: true }
  if (request.origin === undefined || (site !== undefined && site !== 'same-origin')) {
    return refuse(`${method} ${path} without the deck's Origin is refused: writes come only from the deck's own pages.`)
  }
  if (SYNC_PREFIXES.some((prefix) => path.startsWith(prefix)) || editing) return { ok: true }
  return refuse(`${method} ${path} is refused: the deck's server takes no writes there.`)
}
