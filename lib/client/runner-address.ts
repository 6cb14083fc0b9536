// Where the deck finds its runner: the page opened by `npm start` carries
// `#runner=PORT&token=HEX` in the URL fragment (never sent over HTTP). The
// deck removes it from the address bar at once and keeps it in
// sessionStorage: per tab, gone when the tab closes, kept across reloads. A
// second deck window gets it from an open deck tab (runner-handoff.ts), never
// from localStorage, where older versions kept it and where it would
// outlive the lecture.

export interface RunnerAddress {
  url: string
  token: string
}

export const STORAGE_KEY = 'docker-live-deck:runner'
const TOKEN = /^[0-9a-f]{64}$/
const RUNNER_URL = /^http:\/\/127\.0\.0\.1:\d{1,5}$/

/** Parses `#runner=4123&token=…`; undefined for any other fragment. */
export function parseRunnerFragment(hash: string): RunnerAddress | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const portText = params.get('runner') ?? ''
  const port = Number(portText)
  const token = params.get('token') ?? ''
  if (!/^\d{1,5}$/.test(portText) || port <= 0 || port > 65535 || !TOKEN.test(token)) return undefined
  return { url: `http://127.0.0.1:${port}`, token }
}

/** The value as a runner address, or undefined unless it is exactly one (a loopback URL and a 64-hex token). */
export function asRunnerAddress(value: unknown): RunnerAddress | undefined {
  const candidate = value as Partial<RunnerAddress> | null
  if (typeof candidate?.url !== 'string' || typeof candidate.token !== 'string') return undefined
  return RUNNER_URL.test(candidate.url) && TOKEN.test(candidate.token) ? { url: candidate.url, token: candidate.token } : undefined
}

/** Takes the address from the fragment (and forgets the fragment) or from this tab's storage. */
export function takeRunnerAddress(location: Location, history: History, storage: Storage): RunnerAddress | undefined {
  const fromFragment = parseRunnerFragment(location.hash)
  if (fromFragment) {
    keepRunnerAddress(storage, fromFragment)
    history.replaceState(history.state, '', location.pathname + location.search)
    return fromFragment
  }
  try {
    return asRunnerAddress(JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null'))
  } catch {
    return undefined
  }
}

/** Keeps `address` in this tab's storage (sessionStorage). */
export function keepRunnerAddress(storage: Storage, address: RunnerAddress): void {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(address))
  } catch {
    // Storage full or disabled: the address lives as long as the page.
  }
}

/** Removes a token an older version left in localStorage. */
export function forgetLegacyAddress(storage: Pick<Storage, 'removeItem'>): void {
  try {
    storage.removeItem(STORAGE_KEY)
  } catch {
    // Storage disabled: nothing was kept there either.
  }
}
