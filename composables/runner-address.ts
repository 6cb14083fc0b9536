// Where the deck finds its runner: the page opened by `npm start` carries
// `#runner=PORT&token=HEX` in the URL fragment (never sent over HTTP). The
// deck keeps it in localStorage, so the presenter and audience windows of
// the same origin share it, and removes it from the address bar at once.

export interface RunnerAddress {
  url: string
  token: string
}

const STORAGE_KEY = 'docker-live-deck:runner'
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

/** Takes the address from the fragment (and forgets the fragment) or from storage. */
export function takeRunnerAddress(location: Location, history: History, storage: Storage): RunnerAddress | undefined {
  const fromFragment = parseRunnerFragment(location.hash)
  if (fromFragment) {
    storage.setItem(STORAGE_KEY, JSON.stringify(fromFragment))
    history.replaceState(history.state, '', location.pathname + location.search)
    return fromFragment
  }
  try {
    const stored = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as RunnerAddress | null
    return stored && TOKEN.test(stored.token) && RUNNER_URL.test(stored.url) ? stored : undefined
  } catch {
    return undefined
  }
}
