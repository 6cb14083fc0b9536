// @vitest-environment happy-dom
// The deck's connection as a page sees it: the token taken from the fragment
// into this tab's sessionStorage (never localStorage, and an old
// localStorage token removed), a second window getting it from an open deck
// tab over a BroadcastChannel, blocks that stay live while the connection is
// restored, and the badge's link states. The runner is a fake socket.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunnerState } from '../../composables/useRunner.ts'
import type { FakeSocket } from './fake-socket.ts'
import { stubPageGlobals } from './page-globals.ts'
import { PROTOCOL_VERSION } from '../../lib/protocol.ts'

const TOKEN = '0123456789abcdef'.repeat(4)
const KEY = 'docker-live-deck:runner'

let sockets: FakeSocket[] = []

beforeEach(() => {
  vi.resetModules()
  sockets = stubPageGlobals()
  sessionStorage.clear()
  localStorage.clear()
  history.replaceState(null, '', '/3')
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

/** A fresh page: the module state of a new tab (sessionStorage is the test's to set). */
async function openPage(options = {}): Promise<RunnerState & { client: unknown }> {
  const { useRunner } = await import('../../composables/useRunner.ts')
  const { state, client } = useRunner(options)
  return Object.assign(state, { client })
}

describe('the page npm start opens', () => {
  it('takes the token from the fragment into sessionStorage, strips the fragment, and connects with it', async () => {
    history.replaceState(null, '', `/3#runner=4123&token=${TOKEN}`)
    const state = await openPage()
    expect(location.hash).toBe('')
    expect(location.pathname).toBe('/3')
    expect(JSON.parse(sessionStorage.getItem(KEY)!)).toEqual({ url: 'http://127.0.0.1:4123', token: TOKEN })
    expect(localStorage.getItem(KEY)).toBeNull()
    expect(sockets).toHaveLength(1)
    expect(sockets[0]!.url).toBe('ws://127.0.0.1:4123/ws')
    expect(sockets[0]!.protocols).toContain(`token.${TOKEN}`)
    expect(state.status).toBe('connecting')
    sockets[0]!.accept('runner-1')
    expect(state.status).toBe('live')
    expect(state.connection).toEqual({ kind: 'live', instance: 'runner-1' })
    expect(state.engine).toEqual({ reachable: true, version: '29.0.0' })
  })

  it('removes a token an older version left in localStorage', async () => {
    localStorage.setItem(KEY, JSON.stringify({ url: 'http://127.0.0.1:4123', token: TOKEN }))
    localStorage.setItem('docker-live-deck:lang', 'en')
    history.replaceState(null, '', `/3#runner=4123&token=${TOKEN}`)
    await openPage()
    expect(localStorage.getItem(KEY)).toBeNull()
    expect(localStorage.getItem('docker-live-deck:lang')).toBe('en')
  })

  it('does not use a token left in localStorage', async () => {
    localStorage.setItem(KEY, JSON.stringify({ url: 'http://127.0.0.1:4123', token: TOKEN }))
    const state = await openPage({ handoffTimeoutMs: 50 })
    await vi.waitFor(() => expect(state.status).toBe('no-runner'))
    expect(sockets).toHaveLength(0)
  })

  it('keeps the token across a reload of the same tab (sessionStorage)', async () => {
    sessionStorage.setItem(KEY, JSON.stringify({ url: 'http://127.0.0.1:4123', token: TOKEN }))
    await openPage()
    expect(sockets).toHaveLength(1)
    expect(sockets[0]!.protocols).toContain(`token.${TOKEN}`)
  })
})

describe('a second deck window opened by hand', () => {
  it('gets the address from an open deck tab over the BroadcastChannel, and keeps it in its own sessionStorage', async () => {
    history.replaceState(null, '', `/3#runner=4123&token=${TOKEN}`)
    const first = await openPage()
    sockets[0]!.accept('runner-1')
    expect(first.status).toBe('live')

    // A new tab: its own (empty) sessionStorage, no fragment, a fresh module.
    sessionStorage.clear()
    vi.resetModules()
    history.replaceState(null, '', '/presenter/3')
    const second = await openPage({ handoffTimeoutMs: 2000 })
    expect(second.status).toBe('connecting')
    await vi.waitFor(() => expect(sockets).toHaveLength(2))
    expect(sockets[1]!.protocols).toContain(`token.${TOKEN}`)
    expect(JSON.parse(sessionStorage.getItem(KEY)!)).toEqual({ url: 'http://127.0.0.1:4123', token: TOKEN })
    expect(localStorage.getItem(KEY)).toBeNull()
    sockets[1]!.accept('runner-1')
    expect(second.status).toBe('live')
  })

  it('asks the open deck tabs again at each check while a runner runs that it has no key for: a tab gone live since hands its key over, with no click', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ ok: true, protocol: PROTOCOL_VERSION, runnerVersion: '0.1.0', instance: 'runner-1', engine: { reachable: true }, activeRuns: 0 }))))
    // Opened first, with no deck tab to answer: a runner runs, and this tab has no key for it.
    const keyless = await openPage({ handoffTimeoutMs: 50, keylessProbeMs: 100 })
    await vi.waitFor(() => expect(keyless.connection.kind).toBe('no-key'))
    expect(sockets).toHaveLength(0)

    // Then the page npm start printed is opened, in another tab, and goes live.
    vi.resetModules()
    history.replaceState(null, '', `/3#runner=4123&token=${TOKEN}`)
    const live = await openPage()
    sockets[0]!.accept('runner-1')
    expect(live.status).toBe('live')

    await vi.waitFor(() => expect(sockets).toHaveLength(2), { timeout: 2_000 })
    expect(sockets[1]!.protocols).toContain(`token.${TOKEN}`)
    sockets[1]!.accept('runner-1')
    expect(keyless.status).toBe('live')
  })

  it('finds no runner when no deck tab is open, and stores nothing', async () => {
    const state = await openPage({ handoffTimeoutMs: 50 })
    expect(state.status).toBe('connecting')
    await vi.waitFor(() => expect(state.status).toBe('no-runner'))
    expect(state.connection.kind).toBe('no-runner')
    expect(sockets).toHaveLength(0)
    expect(sessionStorage.getItem(KEY)).toBeNull()
  })
})

describe('while the connection is restored', () => {
  it('keeps the blocks live while reconnecting, and says "runner restarted" for a while after a new instance greets', async () => {
    history.replaceState(null, '', `/3#runner=4123&token=${TOKEN}`)
    const state = await openPage({ restartNoticeMs: 1000 })
    vi.useFakeTimers()
    sockets[0]!.accept('runner-1')
    sockets[0]!.drop()
    expect(state.status).toBe('live')
    expect(state.connection).toMatchObject({ kind: 'reconnecting', attempt: 1 })
    await vi.advanceTimersByTimeAsync(1000)
    sockets[1]!.accept('runner-2')
    expect(state.status).toBe('live')
    expect(state.connection).toEqual({ kind: 'restarted', instance: 'runner-2' })
    await vi.advanceTimersByTimeAsync(1000)
    expect(state.connection).toEqual({ kind: 'live', instance: 'runner-2' })
  })

  it('shows recordings and says "token refused" when a new runner refuses the token', async () => {
    history.replaceState(null, '', `/3#runner=4123&token=${TOKEN}`)
    const state = await openPage()
    sockets[0]!.accept('runner-1')
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ ok: true, protocol: 1, runnerVersion: '0.1.0', instance: 'runner-2', engine: { reachable: true }, activeRuns: 0 }))))
    vi.useFakeTimers()
    sockets[0]!.drop()
    await vi.advanceTimersByTimeAsync(1000)
    sockets[1]!.refuse()
    await vi.waitFor(() => expect(state.connection).toEqual({ kind: 'token-refused' }))
    expect(state.status).toBe('no-runner')
    expect(state.message).toMatch(/Open the address `npm start` printed/)
  })
})
