// The deck's dev server answers its own pages only: the table of what Slidev
// never sees (threat-model rows 31 and 33), decided before any of its middlewares.
import { resolveConfig } from 'vite'
import { describe, expect, it } from 'vitest'
import { judgeDevRequest, type DevRequest } from '../../setup/dev-server-guard.ts'
import { DEV_SERVER_HOST, loopbackOnly } from '../../setup/vite-plugins.ts'
import { titled } from './table.ts'

const HOST = 'localhost:3030'
const OWN = 'http://localhost:3030'
const request = (fields: Partial<DevRequest>): DevRequest => ({ method: 'GET', url: '/', host: HOST, origin: undefined, secFetchSite: undefined, secFetchMode: undefined, ...fields })

const allowed: Array<[string, Partial<DevRequest>]> = [
  ['a typed address (GET, no Origin, Sec-Fetch-Site none)', { secFetchSite: 'none', secFetchMode: 'navigate' }],
  ['a module the deck imports (Origin is its own)', { url: '/@vite/client', origin: OWN, secFetchSite: 'same-origin', secFetchMode: 'cors' }],
  ['a link from another site that opens the deck', { url: '/3', secFetchSite: 'cross-site', secFetchMode: 'navigate' }],
  ['open.html (file://) forwarding to the deck', { url: '/1', secFetchSite: 'cross-site', secFetchMode: 'navigate' }],
  ['the deck reading a slide\'s data', { url: '/__slidev/slides/2.json', secFetchSite: 'same-origin' }],
  ['a tool without fetch metadata (curl, export)', { url: '/2' }],
  ['the presenter syncing its slide to the audience', { method: 'POST', url: '/@server-reactive/nav', origin: OWN, secFetchSite: 'same-origin' }],
  ['HEAD on a page', { method: 'HEAD', url: '/2' }],
]

const refused: Array<[string, Partial<DevRequest>]> = [
  ['a text/plain POST from a foreign page to rewrite a slide', { method: 'POST', url: '/__slidev/slides/2.json', origin: 'https://evil.example', secFetchSite: 'cross-site', secFetchMode: 'no-cors' }],
  ['the same from another local app (same-site)', { method: 'POST', url: '/__slidev/slides/2.json', origin: 'http://localhost:5173', secFetchSite: 'same-site', secFetchMode: 'no-cors' }],
  ['the same with a "null" Origin (sandboxed frame)', { method: 'POST', url: '/__slidev/slides/2.json', origin: 'null' }],
  ['the same with a query string', { method: 'POST', url: '/__slidev/slides/2.json?x=1', origin: 'https://evil.example' }],
  ['a slide write from the deck\'s own origin while editing is off', { method: 'POST', url: '/__slidev/slides/2.json', origin: OWN, secFetchSite: 'same-origin' }],
  ['a POST without any Origin', { method: 'POST', url: '/@server-reactive/nav' }],
  ['a foreign page moving the lecturer\'s slides', { method: 'POST', url: '/@server-reactive/nav', origin: 'https://evil.example', secFetchSite: 'cross-site' }],
  ['MCP from the deck\'s own origin', { method: 'POST', url: '/__mcp', origin: OWN, secFetchSite: 'same-origin' }],
  ['MCP with a trailing slash and a GET', { url: '/__mcp/' }],
  ['a foreign page reading a module with CORS', { url: '/@vite/client', origin: 'http://localhost:5173', secFetchSite: 'same-site', secFetchMode: 'cors' }],
  ['a foreign page loading a module as a script', { url: '/@vite/client', secFetchSite: 'cross-site', secFetchMode: 'no-cors' }],
  ['a CORS preflight from another site', { method: 'OPTIONS', url: '/__slidev/slides/2.json', origin: 'https://evil.example' }],
  ['a PUT from the deck\'s origin somewhere else', { method: 'PUT', url: '/slides.md', origin: OWN, secFetchSite: 'same-origin' }],
  ['a POST whose Origin is the deck\'s but sent cross-site', { method: 'POST', url: '/@server-reactive/nav', origin: OWN, secFetchSite: 'cross-site' }],
  ['the deck under another name (127.0.0.1 vs localhost)', { method: 'POST', url: '/@server-reactive/nav', origin: 'http://127.0.0.1:3030', secFetchSite: 'same-site' }],
  // Row 33: a browser that sends the deck's Origin sends Sec-Fetch-Site too; without it, only pages.
  ['server-ref sync with the deck\'s Origin but no fetch metadata', { method: 'POST', url: '/@server-ref/drawings', origin: OWN }],
  ['the editor opened from the deck\'s own page while editing is off', { url: '/__open-in-editor?file=slides.md', origin: OWN, secFetchSite: 'same-origin', secFetchMode: 'cors' }],
  ['the editor endpoint in capitals (connect matches it anyway)', { url: '/__OPEN-IN-EDITOR?file=slides.md', secFetchSite: 'same-origin' }],
  ['MCP in capitals from the deck\'s own origin', { method: 'POST', url: '/__MCP', origin: OWN, secFetchSite: 'same-origin' }],
  ['MCP as an absolute-form target from the deck\'s own origin', { method: 'POST', url: 'http://localhost:3030/__mcp', origin: OWN, secFetchSite: 'same-origin' }],
]

/** Row 33: what a page of another site, a bookmark or a tool may open, and what stays behind the deck's own pages. */
const SENDERS: Array<[string, Partial<DevRequest>]> = [
  ['a cross-site navigation (a link or an iframe)', { secFetchSite: 'cross-site', secFetchMode: 'navigate' }],
  ['a same-site navigation (another local app)', { secFetchSite: 'same-site', secFetchMode: 'navigate' }],
  ['a typed address (Sec-Fetch-Site none)', { secFetchSite: 'none', secFetchMode: 'navigate' }],
  ['a request without fetch metadata (curl, an old browser)', {}],
  ['a request with an unknown Sec-Fetch-Site', { secFetchSite: 'same-origin, cross-site', secFetchMode: 'navigate' }],
]
const PAGES = ['/', '/1', '/3', '/42', '/3/', '/presenter', '/presenter/', '/presenter/2', '/presenter/print', '/overview', '/notes', '/notes-edit', '/print', '/export', '/export/', '/export/5', '/entry', '/index.html', '/3?clicks=2', '/#runner=4123&token=ab', '/?print']
const NOT_PAGES = [
  '/__open-in-editor?file=/home/lecturer/.local/state/docker-live-deck/runner.json',
  '/__open-in-editor?file=~/.ssh/id_rsa',
  '/__OPEN-IN-EDITOR?file=runner.json',
  '/__open-in-editor/3',
  '/@fs/etc/passwd',
  '/@fs/home/lecturer/.ssh/id_rsa',
  '/__inspect/',
  '/__slidev/slides/2.json',
  '/__slidev/configs',
  '/@vite/client',
  '/@id/virtual:deck-self-study',
  '/node_modules/.vite/deps/vue.js',
  '/slides.md',
  '/package.json',
  '/setup/main.ts',
  '/.env',
  '/%33',
  '/3/../@fs/etc/passwd',
  '//3',
  '/-1',
  '/presenter/print/1',
  '/index.htm',
  'http://localhost:3030/__open-in-editor?file=runner.json',
]
/** What the deck's page loads from its server, as Chromium sends it (Sec-Fetch-Site: same-origin). */
const OWN_PAGE_LOADS = ['/@vite/client', '/@id/virtual:deck-self-study', '/node_modules/.vite/deps/vue.js', '/@fs/home/lecturer/deck/node_modules/@slidev/client/main.ts', '/__slidev/slides/2.json', '/setup/main.ts', '/favicon.ico']
/** Every sender with every path, each titled as the sentence the test name completes. */
const bySenderAndPath = (paths: string[], verb: string) => titled(SENDERS.flatMap(([sender, fields]) => paths.map((url) => ({ sender, fields, url }))), ({ sender, url }) => `${sender} ${verb} ${url}`)

describe('judgeDevRequest', () => {
  it.each(titled(allowed, ([title]) => title))('lets through %s', (_, [, fields]) => {
    expect(judgeDevRequest(request(fields), false)).toEqual({ ok: true })
  })

  it.each(titled(refused, ([title]) => title))('refuses %s with 403 and a reason', (_, [, fields]) => {
    const verdict = judgeDevRequest(request(fields), false)
    expect(verdict).toMatchObject({ ok: false, status: 403, reason: expect.stringMatching(/\w+.*\./) })
  })

  it('with editing on, lets the deck\'s own pages write slides and reach MCP, but still no foreign page', () => {
    expect(judgeDevRequest(request({ method: 'POST', url: '/__slidev/slides/2.json', origin: OWN, secFetchSite: 'same-origin' }), true)).toEqual({ ok: true })
    expect(judgeDevRequest(request({ method: 'POST', url: '/__mcp', origin: OWN, secFetchSite: 'same-origin' }), true)).toEqual({ ok: true })
    expect(judgeDevRequest(request({ method: 'POST', url: '/__slidev/slides/2.json', origin: 'https://evil.example', secFetchSite: 'cross-site' }), true)).toMatchObject({ ok: false })
    expect(judgeDevRequest(request({ method: 'POST', url: '/__slidev/slides/2.json' }), true)).toMatchObject({ ok: false })
  })

  it.each(bySenderAndPath(PAGES, 'open the page'))('lets %s', (_, { fields, url }) => {
    expect(judgeDevRequest(request({ ...fields, url }), false)).toEqual({ ok: true })
  })

  it.each(bySenderAndPath(NOT_PAGES, 'the non-page path'))('refuses %s, naming the path and why, even with editing on', (_, { fields, url }) => {
    const verdict = judgeDevRequest(request({ ...fields, url }), true)
    expect(verdict).toMatchObject({ ok: false, status: 403, reason: expect.stringMatching(/reach only the deck's pages/) })
    expect(verdict.ok || verdict.reason).toContain(url.replace(/^http:\/\/[^/]+/, '').split('?', 1)[0])
  })

  it.each(OWN_PAGE_LOADS)('still lets the deck\'s own page (same-origin) load %s', (url) => {
    expect(judgeDevRequest(request({ url, origin: OWN, secFetchSite: 'same-origin', secFetchMode: 'cors' }), false)).toEqual({ ok: true })
  })

  it('says a request without fetch metadata was refused for that, and that a current browser sends it', () => {
    const verdict = judgeDevRequest(request({ url: '/@fs/etc/passwd' }), false)
    expect(verdict).toMatchObject({ reason: expect.stringMatching(/without a Sec-Fetch-Site header.*use a current one/) })
  })

  it('cuts a long path short in the reason', () => {
    const verdict = judgeDevRequest(request({ url: `/${'a'.repeat(5000)}` }), false)
    expect(verdict.ok || verdict.reason.length).toBeLessThan(600)
  })

  it('opens the editor for the deck\'s own pages only when the lecturer turned editing on, and never for another site', () => {
    const own = request({ url: '/__open-in-editor?file=slides.md', origin: OWN, secFetchSite: 'same-origin', secFetchMode: 'cors' })
    expect(judgeDevRequest(own, false)).toMatchObject({ ok: false, reason: expect.stringContaining('DOCKER_DECK_ALLOW_EDITING=1') })
    expect(judgeDevRequest(own, true)).toEqual({ ok: true })
    expect(judgeDevRequest(request({ url: '/__open-in-editor?file=slides.md', secFetchSite: 'cross-site', secFetchMode: 'navigate' }), true)).toMatchObject({ ok: false })
  })

  it('names the switch in the refusal of an editing endpoint', () => {
    expect(judgeDevRequest(request({ method: 'POST', url: '/__slidev/slides/2.json', origin: OWN, secFetchSite: 'same-origin' }), false)).toMatchObject({ reason: expect.stringContaining('DOCKER_DECK_ALLOW_EDITING=1') })
  })
})

describe('loopbackOnly', () => {
  // Slidev's CLI asks for `localhost` (or 0.0.0.0 with --remote); the plugin's answer must win in Vite's resolved config.
  it.each(['localhost', '0.0.0.0', '::'])('makes a dev server asked to listen on %s listen on 127.0.0.1', async (host) => {
    const config = await resolveConfig({ configFile: false, logLevel: 'silent', server: { host }, plugins: [loopbackOnly()] }, 'serve')
    expect(config.server.host).toBe(DEV_SERVER_HOST)
    expect(DEV_SERVER_HOST).toBe('127.0.0.1')
  })
})
