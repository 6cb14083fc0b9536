// @vitest-environment happy-dom
// The deck's language is chosen once, in Slidev's app setup (setup/main.ts):
// ?lang=en switches (and is kept), the browser's preference counts, Korean
// otherwise; a printed or exported deck ignores the exporting browser.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { en } from '../../lib/i18n/en.ts'
import { chooseLanguage, initLanguage, language, setLanguage } from '../../lib/i18n/index.ts'
import { ko } from '../../lib/i18n/ko.ts'
import setupMain, { editionOf, isPrintAddress } from '../../setup/main.ts'

const HANGUL = /[\uac00-\ud7a3]/
/** What Slidev hands the app setup, as far as it is used: a router that is ready. */
const APP = { router: { isReady: () => Promise.resolve() } } as never

afterEach(() => {
  vi.restoreAllMocks()
  window.localStorage.clear()
  window.history.replaceState(null, '', '/')
  setLanguage('ko')
})

function browse(address: string, languages: string[]): void {
  window.history.replaceState(null, '', address)
  vi.spyOn(window.navigator, 'languages', 'get').mockReturnValue(languages)
}

describe('isPrintAddress', () => {
  it.each([
    ['/3?print=true', true], ['/3?print', true], ['/print', true], ['/export/', true], ['/export/5', true], ['/deck/export', true],
    ['/3', false], ['/presenter/3', false], ['/3?clicks=2', false], ['/exports-of-docker', false],
  ])('%s → %s', (address, printed) => {
    const url = new URL(address, 'http://127.0.0.1:3030')
    expect(isPrintAddress({ pathname: url.pathname, search: url.search })).toBe(printed)
  })
})

describe('the app setup', () => {
  it('follows the browser\'s language on screen', async () => {
    browse('/3', ['en-US', 'en'])
    await setupMain(APP)
    expect(language()).toBe('en')
    expect(document.documentElement.lang).toBe('ko')
  })

  it('prefers Korean in a Korean browser, and by default', async () => {
    browse('/3', ['ko-KR'])
    await setupMain(APP)
    expect(language()).toBe('ko')
    browse('/3', ['fr-FR'])
    await setupMain(APP)
    expect(language()).toBe('ko')
  })

  it('switches to English with ?lang=en and keeps the choice', async () => {
    browse('/3?lang=en', ['ko-KR'])
    await setupMain(APP)
    expect(language()).toBe('en')
    browse('/4', ['ko-KR'])
    await setupMain(APP)
    expect(language()).toBe('en')
  })

  it('prints in Korean whatever the exporting browser prefers, unless ?lang= says otherwise', async () => {
    browse('/3?print=true', ['en-US'])
    await setupMain(APP)
    expect(language()).toBe('ko')
    browse('/3?print=true&lang=en', ['ko-KR'])
    await setupMain(APP)
    expect(language()).toBe('en')
  })

  it('leaves initLanguage\'s default (the browser counts) as it was', () => {
    browse('/3', ['en'])
    expect(initLanguage()).toBe('en')
  })
})

describe('the edition decides the UI language, unless the student chose', () => {
  it('the English edition speaks English, even to a Korean browser and in print', () => {
    expect(chooseLanguage('', null, ['ko-KR'], 'en')).toBe('en')
    expect(chooseLanguage('?print=true', null, [], 'en')).toBe('en')
  })

  it('an explicit ?lang= or a stored choice wins over the edition', () => {
    expect(chooseLanguage('?lang=ko', null, ['en-US'], 'en')).toBe('ko')
    expect(chooseLanguage('', 'ko', [], 'en')).toBe('ko')
  })

  it('the headmatter names the edition: `edition: en` is English; the Korean deck names none', () => {
    expect(editionOf({ title: 'Working with Docker containers', edition: 'en' })).toBe('en')
    expect(editionOf({ title: '도커 컨테이너 다루기' })).toBe('ko')
    expect(editionOf({ edition: 'fr' })).toBe('ko')
  })
})

describe('the messages', () => {
  it('have the same keys in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ko).sort())
  })

  // The components' messages (other parts of the deck add their own keys).
  const COMPONENT_KEYS = /^(run|exit|ended|streamNotice|notice|noticeKind|refusal|duration|lifecycle|table|terminal)\./
  const sample = (message: unknown) => (typeof message === 'function' ? (message as (p: unknown) => string)(new Proxy({}, { get: () => '1' })) : String(message))

  it('are Korean in ko.ts and free of Korean in en.ts', () => {
    const mine = (messages: Record<string, unknown>) => Object.entries(messages).filter(([key]) => COMPONENT_KEYS.test(key))
    expect(mine(ko).length).toBeGreaterThan(100)
    // "85ms" needs no translation.
    expect(mine(ko).filter(([key, message]) => key !== 'duration.ms' && !HANGUL.test(sample(message))).map(([key]) => key)).toEqual([])
    expect(mine(en).filter(([, message]) => HANGUL.test(sample(message))).map(([key]) => key)).toEqual([])
  })
})

describe('preloading the slides', () => {
  it('loads every slide after the app setup, on screen but not when printing', async () => {
    const { loads } = await import('./slidev-slides-stub.ts')
    // The setups above preloaded too: let them finish first.
    await new Promise((resolve) => setTimeout(resolve, 100))
    loads.length = 0
    browse('/2', ['ko-KR'])
    await setupMain(APP)
    await expect.poll(() => [...loads].sort()).toEqual([1, 2, 3])
    expect(loads[0]).toBe(3)
    loads.length = 0
    browse('/2?print=true', ['ko-KR'])
    await setupMain(APP)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(loads).toEqual([])
  })
})
