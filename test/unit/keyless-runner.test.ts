// A tab opened without the runner's key (at the deck's own address) still
// says why it shows recorded output: no runner, a runner it has no key for
// (and the page to open), or a runner of another version.
import { describe, expect, it } from 'vitest'
import { classifyFailure, type RunnerHealth } from '../../lib/client/connection-status.ts'
import { PROTOCOL_VERSION } from '../../lib/protocol.ts'
import { keylessRunnerUrl, keylessStatus } from '../../lib/client/keyless-runner.ts'
import { runnerBadge } from '../../components/model/runner-badge.ts'
import { setLanguage } from '../../lib/i18n/index.ts'

const answering = (health: RunnerHealth | undefined) => async () => health
const OPEN_PAGE = 'file:///home/me/.docker-live-deck/open.html'

describe('keylessStatus', () => {
  it('says no runner when nothing answers /health', async () => {
    expect(await keylessStatus('http://127.0.0.1:4123', answering(undefined))).toEqual({ kind: 'no-runner', attempt: 0 })
    expect(await keylessStatus('http://127.0.0.1:4123', async () => Promise.reject(new Error('refused')))).toEqual({ kind: 'no-runner', attempt: 0 })
  })

  it('says no key, with the page npm start wrote, when a runner of this version answers', async () => {
    expect(await keylessStatus('x', answering({ instance: 'a', protocol: PROTOCOL_VERSION, openPage: OPEN_PAGE }))).toEqual({ kind: 'no-key', openPage: OPEN_PAGE })
    expect(await keylessStatus('x', answering({ instance: 'a', protocol: PROTOCOL_VERSION }))).toEqual({ kind: 'no-key' })
  })

  it('says another version when the runner speaks another protocol', async () => {
    expect(await keylessStatus('x', answering({ instance: 'a', protocol: PROTOCOL_VERSION + 1, runnerVersion: '9.0.0' }))).toEqual({ kind: 'other-version', runnerVersion: '9.0.0' })
  })

  it.each([['5555', 'http://127.0.0.1:5555'], [undefined, 'http://127.0.0.1:4123'], ['x', 'http://127.0.0.1:4123'], ['70000', 'http://127.0.0.1:4123']])('asks the runner port npm start named (%s)', (port, url) => {
    expect(keylessRunnerUrl(port)).toBe(url)
  })
})

describe('classifyFailure with a key', () => {
  it('tells a runner of another version from one that refused the key', async () => {
    expect(await classifyFailure(undefined, undefined, answering({ instance: 'b', protocol: PROTOCOL_VERSION + 1 }))).toBe('other-version')
    expect(await classifyFailure(undefined, undefined, answering({ instance: 'b', protocol: PROTOCOL_VERSION }))).toBe('refused')
    expect(await classifyFailure(undefined, 'b', answering({ instance: 'b', protocol: PROTOCOL_VERSION }))).toBe('busy')
    expect(await classifyFailure(undefined, undefined, answering(undefined))).toBe('absent')
  })
})

describe('the badge of a keyless tab', () => {
  const badgeOf = (connection: Parameters<typeof runnerBadge>[0]['connection']) => runnerBadge({ connection, engine: undefined }, false)

  it('names the page to open and offers to take the key from an open deck tab, in Korean', () => {
    setLanguage('ko')
    const badge = badgeOf({ kind: 'no-key', openPage: OPEN_PAGE })
    expect(badge).toMatchObject({ kind: 'no-key', canTakeKey: true, canReset: false })
    expect(badge.text).toContain('러너는 실행 중이지만 이 탭에는 러너 키가 없습니다')
    expect(badge.text).toContain(OPEN_PAGE)
  })

  it('says what to start when no runner runs, and what to restart for another version', () => {
    setLanguage('ko')
    expect(badgeOf({ kind: 'no-runner', attempt: 0 }).text).toContain('러너가 실행 중이 아닙니다')
    expect(badgeOf({ kind: 'no-runner', attempt: 0 }).canTakeKey).toBe(false)
    expect(badgeOf({ kind: 'other-version', runnerVersion: '9.0.0' }).text).toContain('다른 버전의 러너(9.0.0)')
  })

  it('speaks English as the second language', () => {
    setLanguage('en')
    expect(badgeOf({ kind: 'no-key', openPage: OPEN_PAGE }).text).toContain('this tab has no key')
    setLanguage('ko')
  })
})
