// The three checks every request passes: Host (DNS rebinding), Origin
// (foreign pages) and the token (other local programs).
import { describe, expect, it } from 'vitest'
import { checkCapability, checkHost, checkOrigin, checkToken } from '../../runner/transport/auth.ts'
import { clientSubprotocols, followerSubprotocols, SUBPROTOCOL } from '../../lib/protocol.ts'

const PORT = 41234
const DECK_ORIGIN = 'http://localhost:3030'
const TOKEN = 'a3f1c0de9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817060f1e'
const OTHER_TOKEN = 'b3f1c0de9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817060f1e'

describe('checkHost', () => {
  it.each([`localhost:${PORT}`, `127.0.0.1:${PORT}`, `[::1]:${PORT}`, `LOCALHOST:${PORT}`])('accepts Host %s', (host) => {
    expect(checkHost(host, PORT)).toEqual({ ok: true })
  })

  it.each([
    [`evil.example:${PORT}`],
    [`localhost.evil.example:${PORT}`],
    [`127.0.0.1.nip.io:${PORT}`],
    [`localhost:${PORT + 1}`],
    [`127.0.0.1:80`],
    ['127.0.0.1'],
    ['localhost'],
    ['[::1]'],
    [`0.0.0.0:${PORT}`],
    [`192.168.1.10:${PORT}`],
    [`localhost:${PORT} `],
    [`user@localhost:${PORT}`],
    [''],
  ])('refuses Host %j with 403', (host) => {
    const verdict = checkHost(host, PORT)
    expect(verdict).toEqual({ ok: false, status: 403, reason: `Host ${JSON.stringify(host)} is not this runner (expected localhost:${PORT})` })
  })

  it('refuses a missing Host with 403', () => {
    expect(checkHost(undefined, PORT)).toEqual({ ok: false, status: 403, reason: `Host null is not this runner (expected localhost:${PORT})` })
  })
})

describe('checkOrigin', () => {
  it('accepts the deck\'s exact origin', () => {
    expect(checkOrigin(DECK_ORIGIN, [DECK_ORIGIN])).toEqual({ ok: true })
  })

  it('accepts any one of several allowed origins', () => {
    expect(checkOrigin('http://127.0.0.1:3030', [DECK_ORIGIN, 'http://127.0.0.1:3030'])).toEqual({ ok: true })
  })

  it.each([
    ['http://localhost:3030/'],
    ['http://localhost:3031'],
    ['http://localhost:5173'],
    ['https://localhost:3030'],
    ['http://127.0.0.1:3030'],
    ['HTTP://LOCALHOST:3030'],
    ['http://localhost:3030.evil.example'],
    ['http://evil.example'],
    ['http://localhost'],
    ['null'],
    [''],
  ])('refuses Origin %j with 403', (origin) => {
    const verdict = checkOrigin(origin, [DECK_ORIGIN])
    expect(verdict).toEqual({ ok: false, status: 403, reason: `Origin ${JSON.stringify(origin)} is not the deck's (${DECK_ORIGIN})` })
  })

  it('refuses a missing Origin with 403', () => {
    expect(checkOrigin(undefined, [DECK_ORIGIN])).toMatchObject({ ok: false, status: 403, reason: `Origin null is not the deck's (${DECK_ORIGIN})` })
  })

  it('refuses the literal "null" even when it was allowed by mistake', () => {
    expect(checkOrigin('null', [DECK_ORIGIN, 'null'])).toMatchObject({ ok: false, status: 403 })
  })
})

describe('checkToken', () => {
  const offered = (...protocols: string[]) => protocols.join(', ')

  it('accepts the subprotocol list the client offers', () => {
    expect(clientSubprotocols(TOKEN)).toEqual([SUBPROTOCOL, `token.${TOKEN}`])
    expect(checkToken(clientSubprotocols(TOKEN).join(', '), TOKEN)).toEqual({ ok: true })
  })

  it.each([
    ['token first', offered(`token.${TOKEN}`, SUBPROTOCOL)],
    ['no spaces', `${SUBPROTOCOL},token.${TOKEN}`],
    ['another protocol besides', offered('chat', SUBPROTOCOL, `token.${TOKEN}`)],
  ])('accepts the right token with %s', (_, header) => {
    expect(checkToken(header, TOKEN)).toEqual({ ok: true })
  })

  it.each([
    ['no header at all', undefined, `the ${SUBPROTOCOL} subprotocol was not offered`],
    ['only our subprotocol', SUBPROTOCOL, 'missing or wrong token'],
    ['a wrong token of the same length', offered(SUBPROTOCOL, `token.${OTHER_TOKEN}`), 'missing or wrong token'],
    ['an empty token', offered(SUBPROTOCOL, 'token.'), 'missing or wrong token'],
    ['a truncated token', offered(SUBPROTOCOL, `token.${TOKEN.slice(0, -1)}`), 'missing or wrong token'],
    ['a token cut in half', offered(SUBPROTOCOL, `token.${TOKEN.slice(0, 32)}`), 'missing or wrong token'],
    ['an over-long token', offered(SUBPROTOCOL, `token.${TOKEN}0`), 'missing or wrong token'],
    ['the token twice', offered(SUBPROTOCOL, `token.${TOKEN}`, `token.${TOKEN}`), 'missing or wrong token'],
    ['the right and a wrong token', offered(SUBPROTOCOL, `token.${OTHER_TOKEN}`, `token.${TOKEN}`), 'missing or wrong token'],
    ['the token upper-cased', offered(SUBPROTOCOL, `token.${TOKEN.toUpperCase()}`), 'missing or wrong token'],
    ['the token under another prefix', offered(SUBPROTOCOL, `Token.${TOKEN}`), 'missing or wrong token'],
    ['the bare token', offered(SUBPROTOCOL, TOKEN), 'missing or wrong token'],
    ['the token without our subprotocol', `token.${TOKEN}`, `the ${SUBPROTOCOL} subprotocol was not offered`],
    ['the token with another protocol version', offered('docker-live-deck.v2', `token.${TOKEN}`), `the ${SUBPROTOCOL} subprotocol was not offered`],
    ['an empty header', '', `the ${SUBPROTOCOL} subprotocol was not offered`],
  ])('refuses %s with 401', (_, header, reason) => {
    expect(checkToken(header, TOKEN)).toEqual({ ok: false, status: 401, reason })
  })
})

describe('checkCapability', () => {
  const FOLLOW = 'c3f1c0de9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817060f1e'
  const offered = (...protocols: string[]) => protocols.join(', ')

  it('gives the token the full capability and the follow token the read-only one', () => {
    expect(checkCapability(clientSubprotocols(TOKEN).join(', '), TOKEN, FOLLOW)).toEqual({ ok: true, capability: 'full' })
    expect(checkCapability(followerSubprotocols(FOLLOW).join(', '), TOKEN, FOLLOW)).toEqual({ ok: true, capability: 'read-only' })
  })

  it.each([
    ['the follow token offered as the token', offered(SUBPROTOCOL, `token.${FOLLOW}`)],
    ['the token offered as the follow token', offered(SUBPROTOCOL, `follow.${TOKEN}`)],
    ['both credentials at once', offered(SUBPROTOCOL, `follow.${FOLLOW}`, `token.${TOKEN}`)],
    ['the follow token twice', offered(SUBPROTOCOL, `follow.${FOLLOW}`, `follow.${FOLLOW}`)],
    ['a truncated follow token', offered(SUBPROTOCOL, `follow.${FOLLOW.slice(0, -1)}`)],
    ['an empty follow token', offered(SUBPROTOCOL, 'follow.')],
  ])('refuses %s with 401', (_, header) => {
    expect(checkCapability(header, TOKEN, FOLLOW)).toEqual({ ok: false, status: 401, reason: 'missing or wrong token' })
  })

  it('refuses the follow token without our subprotocol', () => {
    expect(checkCapability(`follow.${FOLLOW}`, TOKEN, FOLLOW)).toEqual({ ok: false, status: 401, reason: `the ${SUBPROTOCOL} subprotocol was not offered` })
  })
})
