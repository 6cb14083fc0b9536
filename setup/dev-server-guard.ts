// What the deck's own dev server answers, decided before Slidev sees the
// request. Slidev's dev server writes for whoever asks: a POST to
// /__slidev/slides/N.json rewrites slides.md and hot-reloads it, /__mcp edits
// slides, and a simple cross-origin POST (text/plain, no preflight) from any
// open tab reaches both (threat-model row 31). And it reads for whoever asks:
// a navigation from another site (a link, an iframe) to /__open-in-editor
// opens any file in the lecturer's editor, /@fs/ serves files (row 33). Pure,
// so the table is unit-tested.

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
/** Vite's endpoint that starts the lecturer's editor on any file it is given. */
const OPEN_IN_EDITOR = '/__open-in-editor'
/** The environment variable that turns editing from the browser on. */
export const EDITING_SWITCH = 'DOCKER_DECK_ALLOW_EDITING'

/**
 * The routes of Slidev's client router (@slidev/client/setup/routes.ts, 52.20):
 * `/`, `/:no`, `/entry`, `/overview`, `/notes`, `/notes-edit`, `/presenter`,
 * `/presenter/:no`, `/print`, `/presenter/print`, `/export/:no?`; Vite answers
 * each with the deck's HTML, as it does `/index.html`. A slide number is
 * digits only: a one-segment path like `/slides.md` is a file Vite would
 * serve. (This deck gives no slide a routeAlias; one would need listing here.)
 */
const PAGE_ROUTE = /^\/(?:index\.html|(?:entry|overview|notes|notes-edit|print|presenter(?:\/print|\/\d+)?|export(?:\/\d+)?|\d+)\/?)?$/

/** True for a path that only opens a page of the deck: what a link, a bookmark or a tool may ask for. */
export function isPageRoute(path: string): boolean {
  return PAGE_ROUTE.test(path)
}

const refuse = (reason: string): DevVerdict => ({ ok: false, status: 403, reason })

/** The path as connect routes it: without query or fragment, scheme and host (absolute-form targets), in any case. */
function routedPath(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? ''
  return path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') || '/'
}

/** A request's path as the reason quotes it: cut short, so a refusal never echoes a long target back. */
const quoted = (path: string) => (path.length > 80 ? `${path.slice(0, 80)}…` : path)

/** Who sent a request that is not same-origin, in the reader's words, and what they can do instead. */
function sender(site: string | undefined): { who: string; instead: string } {
  if (site === undefined) {
    return { who: 'a request without a Sec-Fetch-Site header (a tool, or a browser too old to send one)', instead: 'A tool may fetch the deck\'s pages; a browser that sends no Sec-Fetch-Site cannot run the deck, so use a current one.' }
  }
  const who = site === 'none' ? 'a typed address or bookmark' : site === 'cross-site' || site === 'same-site' ? 'a request from another site' : 'a request from an unknown sender'
  return { who: `${who} (Sec-Fetch-Site: ${site})`, instead: 'Open one of the deck\'s pages; it loads the rest itself.' }
}

/** Decides one request to the dev server; `editing` is the lecturer's switch for Slidev's editing endpoints. */
export function judgeDevRequest(request: DevRequest, editing: boolean): DevVerdict {
  const own = request.host ? `http://${request.host.toLowerCase()}` : undefined
  const method = request.method.toUpperCase()
  const path = routedPath(request.url)
  // connect matches its routes (/__open-in-editor, /__mcp …) case-insensitively.
  const lower = path.toLowerCase()
  const read = method === 'GET' || method === 'HEAD'
  if (request.origin !== undefined && request.origin !== own) {
    return refuse(`Origin ${request.origin} is not the deck's (${own ?? 'no Host header'}): the deck's server answers only its own pages.`)
  }
  const site = request.secFetchSite
  const navigation = read && request.secFetchMode === 'navigate'
  if ((site === 'cross-site' || site === 'same-site') && !navigation) {
    return refuse(`A ${site} ${method} request is refused: only the deck's own pages may call its server (a link that opens the deck is fine).`)
  }
  // Only the deck's own pages send Sec-Fetch-Site: same-origin (a browser sets it, no page can forge it);
  // everyone else may open a page of the deck, and nothing behind it.
  if (site !== 'same-origin' && !isPageRoute(path)) {
    const { who, instead } = sender(site)
    return refuse(`${method} ${quoted(path)} is refused for ${who}: such requests reach only the deck's pages (/, /N, /presenter/N, /overview …), ` +
      `not its files, modules or tools (/@fs/, /__open-in-editor …), which answer only the deck's own pages. ${instead}`)
  }
  if (lower.startsWith(OPEN_IN_EDITOR) && !editing) {
    return refuse(`Opening files in the editor through the deck's server is off: a page that reached it could open any file (the runner's key, ~/.ssh) ` +
      `on the projector. Open the file yourself, or start the deck with ${EDITING_SWITCH}=1 to allow it from the deck's own pages.`)
  }
  if (EDITING_PREFIXES.some((prefix) => lower.startsWith(prefix)) && !editing && !(read && lower.startsWith('/__slidev/'))) {
    return refuse(`Editing the slides through the deck's server is off. Edit slides.md, or start the deck with ${EDITING_SWITCH}=1 to allow it from the deck's own pages.`)
  }
  if (read) return { ok: true }
  if (request.origin === undefined || (site !== undefined && site !== 'same-origin')) {
    return refuse(`${method} ${quoted(path)} without the deck's Origin is refused: writes come only from the deck's own pages.`)
  }
  if (SYNC_PREFIXES.some((prefix) => lower.startsWith(prefix)) || editing) return { ok: true }
  return refuse(`${method} ${quoted(path)} is refused: the deck's server takes no writes there.`)
}
