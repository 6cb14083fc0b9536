// The deck's dev server answers its own pages only: the table of what Slidev
// never sees (threat-model row 31), decided before any of its middlewares.
import { describe, expect, it } from 'vitest'
import { judgeDevRequest, type DevRequest } from '../../setup/dev-server-guard.ts'
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
  ['server-ref sync without fetch metadata but with the deck\'s Origin', { method: 'POST', url: '/@server-ref/drawings', origin: OWN }],
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
]

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

  it('names the switch in the refusal of an editing endpoint', () => {
    expect(judgeDevRequest(request({ method: 'POST', url: '/__slidev/slides/2.json', origin: OWN, secFetchSite: 'same-origin' }), false)).toMatchObject({ reason: expect.stringContaining('DOCKER_DECK_ALLOW_EDITING=1') })
  })
})
