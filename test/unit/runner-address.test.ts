// Where the deck finds its runner: `#runner=PORT&token=HEX` in the address
// `npm start` opens, kept in this tab's sessionStorage and removed from the
// address bar; a token older versions left in localStorage is removed.
import { describe, expect, it, vi } from 'vitest'
import { asRunnerAddress, forgetLegacyAddress, keepRunnerAddress, parseRunnerFragment, takeRunnerAddress } from '../../lib/client/runner-address.ts'

const TOKEN = '0123456789abcdef'.repeat(4)
const OTHER_TOKEN = 'fedcba9876543210'.repeat(4)
const STORAGE_KEY = 'docker-live-deck:runner'

describe('parseRunnerFragment', () => {
  it('reads the port and token into a loopback address', () => {
    expect(parseRunnerFragment(`#runner=4123&token=${TOKEN}`)).toEqual({ url: 'http://127.0.0.1:4123', token: TOKEN })
  })

  it('reads a fragment without its # and with the fields in either order', () => {
    expect(parseRunnerFragment(`runner=1&token=${TOKEN}`)).toEqual({ url: 'http://127.0.0.1:1', token: TOKEN })
    expect(parseRunnerFragment(`#token=${TOKEN}&runner=65535`)).toEqual({ url: 'http://127.0.0.1:65535', token: TOKEN })
  })

  it.each(['0', '65536', '-1', '41.5', 'abc', '', '99999999'])('refuses the port %j', (port) => {
    expect(parseRunnerFragment(`#runner=${port}&token=${TOKEN}`)).toBeUndefined()
  })

  it('refuses a fragment without a port', () => {
    expect(parseRunnerFragment(`#token=${TOKEN}`)).toBeUndefined()
  })

  it.each([
    ['short', TOKEN.slice(1)],
    ['long', TOKEN + 'a'],
    ['uppercase', TOKEN.toUpperCase()],
    ['non-hex', 'g'.repeat(64)],
    ['empty', ''],
  ])('refuses a %s token', (_, token) => {
    expect(parseRunnerFragment(`#runner=4123&token=${token}`)).toBeUndefined()
  })

  it.each(['', '#', '#/3', '#slide=3', '#runner=4123', `#${TOKEN}`])('ignores the fragment %j', (hash) => {
    expect(parseRunnerFragment(hash)).toBeUndefined()
  })
})

function fakes(hash: string, stored?: string) {
  const items = new Map<string, string>(stored === undefined ? [] : [[STORAGE_KEY, stored]])
  const storage = {
    getItem: vi.fn((key: string) => items.get(key) ?? null),
    setItem: vi.fn((key: string, value: string) => void items.set(key, value)),
  } as unknown as Storage & { getItem: ReturnType<typeof vi.fn>; setItem: ReturnType<typeof vi.fn> }
  const history = { state: { slide: 3 }, replaceState: vi.fn() } as unknown as History & { replaceState: ReturnType<typeof vi.fn> }
  const location = { hash, pathname: '/3', search: '?clicks=1' } as Location
  return { items, storage, history, location }
}

describe('takeRunnerAddress', () => {
  it('takes the address from the fragment, stores it and strips the fragment from the address bar', () => {
    const { items, storage, history, location } = fakes(`#runner=4123&token=${TOKEN}`)
    expect(takeRunnerAddress(location, history, storage)).toEqual({ url: 'http://127.0.0.1:4123', token: TOKEN })
    expect(JSON.parse(items.get(STORAGE_KEY)!)).toEqual({ url: 'http://127.0.0.1:4123', token: TOKEN })
    expect(history.replaceState).toHaveBeenCalledExactlyOnceWith({ slide: 3 }, '', '/3?clicks=1')
  })

  it('prefers a new fragment over what was stored', () => {
    const { items, storage, history, location } = fakes(`#runner=5000&token=${TOKEN}`, JSON.stringify({ url: 'http://127.0.0.1:4123', token: OTHER_TOKEN }))
    expect(takeRunnerAddress(location, history, storage)).toEqual({ url: 'http://127.0.0.1:5000', token: TOKEN })
    expect(JSON.parse(items.get(STORAGE_KEY)!).token).toBe(TOKEN)
  })

  it('falls back to the stored address, leaving the address bar alone', () => {
    const stored = { url: 'http://127.0.0.1:4123', token: TOKEN }
    const { storage, history, location } = fakes('#/3', JSON.stringify(stored))
    expect(takeRunnerAddress(location, history, storage)).toEqual(stored)
    expect(history.replaceState).not.toHaveBeenCalled()
    expect(storage.setItem).not.toHaveBeenCalled()
  })

  it('finds nothing with no fragment and nothing stored', () => {
    const { storage, history, location } = fakes('')
    expect(takeRunnerAddress(location, history, storage)).toBeUndefined()
    expect(storage.getItem).toHaveBeenCalledWith(STORAGE_KEY)
    expect(history.replaceState).not.toHaveBeenCalled()
  })

  it('does not store or strip a fragment that is not a runner address', () => {
    const { storage, history, location } = fakes(`#runner=4123&token=${TOKEN.toUpperCase()}`)
    expect(takeRunnerAddress(location, history, storage)).toBeUndefined()
    expect(storage.setItem).not.toHaveBeenCalled()
    expect(history.replaceState).not.toHaveBeenCalled()
  })

  it.each([
    ['not JSON', '{url:'],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['a bad token', JSON.stringify({ url: 'http://127.0.0.1:4123', token: 'short' })],
    ['an uppercase token', JSON.stringify({ url: 'http://127.0.0.1:4123', token: TOKEN.toUpperCase() })],
    ['no token', JSON.stringify({ url: 'http://127.0.0.1:4123' })],
  ])('ignores corrupt storage (%s)', (_, stored) => {
    const { storage, history, location } = fakes('', stored)
    expect(takeRunnerAddress(location, history, storage)).toBeUndefined()
  })

  // An entry without a url would make the client fail on undefined.
  it('ignores a stored entry without a url', () => {
    const { storage, history, location } = fakes('', JSON.stringify({ token: TOKEN }))
    expect(takeRunnerAddress(location, history, storage)).toBeUndefined()
  })
})

describe('keepRunnerAddress', () => {
  it('stores the address under the deck\'s key', () => {
    const { items, storage } = fakes('')
    keepRunnerAddress(storage, { url: 'http://127.0.0.1:4123', token: TOKEN })
    expect(JSON.parse(items.get(STORAGE_KEY)!)).toEqual({ url: 'http://127.0.0.1:4123', token: TOKEN })
  })

  it('keeps going when the storage refuses the write', () => {
    const storage = { setItem: () => { throw new Error('QuotaExceededError') } } as unknown as Storage
    expect(() => keepRunnerAddress(storage, { url: 'http://127.0.0.1:4123', token: TOKEN })).not.toThrow()
  })
})

describe('forgetLegacyAddress', () => {
  it('removes the token an older version left in localStorage, and nothing else', () => {
    const items = new Map([[STORAGE_KEY, JSON.stringify({ url: 'http://127.0.0.1:4123', token: TOKEN })], ['docker-live-deck:lang', 'ko']])
    forgetLegacyAddress({ removeItem: (key: string) => void items.delete(key) })
    expect([...items.keys()]).toEqual(['docker-live-deck:lang'])
  })

  it('keeps going when storage is disabled', () => {
    expect(() => forgetLegacyAddress({ removeItem: () => { throw new Error('SecurityError') } })).not.toThrow()
  })
})

describe('asRunnerAddress', () => {
  it('accepts exactly a loopback runner URL and a 64-hex token, and copies nothing else', () => {
    expect(asRunnerAddress({ url: 'http://127.0.0.1:4123', token: TOKEN, extra: 'x' })).toEqual({ url: 'http://127.0.0.1:4123', token: TOKEN })
  })

  it.each([
    ['another host', { url: 'http://evil.example:4123', token: TOKEN }],
    ['https', { url: 'https://127.0.0.1:4123', token: TOKEN }],
    ['a path', { url: 'http://127.0.0.1:4123/x', token: TOKEN }],
    ['a short token', { url: 'http://127.0.0.1:4123', token: 'abc' }],
    ['a number', 42],
    ['null', null],
  ])('refuses %s', (_, value) => {
    expect(asRunnerAddress(value)).toBeUndefined()
  })
})
