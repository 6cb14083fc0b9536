// What npm start prints and advises: Slidev's banner (whose addresses have no
// runner key) quieted, one address last in the lecturer's language, and
// advice that fits the computer it runs on.
import { describe, expect, it } from 'vitest'
import { openAddressText, terminalLanguage } from '../../scripts/deck-server/open-address-text.ts'
import { isSlidevBannerLine, withoutBanner } from '../../scripts/deck-server/slidev-banner.ts'
import { platformAdvice, platformKind } from '../../scripts/engine-setup/platform-advice.ts'

const c = (code: number, text: string) => `\u001b[${code}m${text}\u001b[39m`

/** Slidev 52's start banner as it prints it, colours included. */
const BANNER = [
  '', '',
  `  ${c(36, '●')}${c(34, '■')}${c(33, '▲')}`,
  `\u001b[1m  Slidev\u001b[22m  ${c(34, 'v52.20.1')} `,
  '',
  `\u001b[2m  theme       \u001b[22m${c(32, '@slidev/theme-default')}`,
  `\u001b[2m  css engine  \u001b[22m${c(34, 'unocss')}`,
  `\u001b[2m  entry       \u001b[22m\u001b[2m/work/main/\u001b[22mslides.md`,
  '',
  `\u001b[2m  public slide show \u001b[22m  > ${c(36, 'http://localhost:\u001b[1m3030\u001b[22m/')}`,
  `\u001b[2m  presenter mode \u001b[22m     > ${c(34, 'http://localhost:3030/presenter/')}`,
  `\u001b[2m  slides overview \u001b[22m    > ${c(34, 'http://localhost:3030/overview/')}`,
  `\u001b[2m  export slides\u001b[22m       > ${c(34, 'http://localhost:3030/export/')}`,
  `\u001b[2m  mcp server    \u001b[22m     > ${c(34, 'http://localhost:3030/__mcp')}`,
  `\u001b[2m  remote control \u001b[22m     > \u001b[2mpass --remote to enable\u001b[22m`,
  '',
  `\u001b[2m  shortcuts \u001b[22m          > ${c(1, 'r')}estart | ${c(1, 'o')}pen | ${c(1, 'e')}dit | ${c(1, 'q')}uit`,
].join('\n')

describe('withoutBanner', () => {
  it('drops every line of Slidev\'s banner, so no address without the key is printed', () => {
    expect(withoutBanner(BANNER)).toBe('')
  })

  it.each(['  ! Unknown layout "x"', '[vite] hmr update /slides.md', 'Error: something failed', 'the entry point moved'])('passes %j through', (line) => {
    expect(isSlidevBannerLine(line)).toBe(false)
    expect(withoutBanner(`${line}\n`)).toBe(`${line}\n`)
  })
})

describe('openAddressText', () => {
  const live = { address: 'file:///home/me/.docker-live-deck/open.html', deckUrl: 'http://localhost:3030', live: true }

  it('puts the address on a line of its own, Korean first, English second, and warns against the deck\'s own address', () => {
    const lines = openAddressText(live, 'ko').split('\n')
    const heading = lines.findIndex((line) => line.includes('이 주소를 브라우저에서 여세요'))
    expect(heading).toBeGreaterThan(0)
    expect(lines[heading + 1]).toContain('Open this address in a browser')
    expect(lines).toContain(`      ${live.address}`)
    expect(lines.join('\n')).toContain('http://localhost:3030 를 바로 열면 키가 없어')
  })

  it('leads in English when the terminal is English', () => {
    const text = openAddressText(live, 'en')
    expect(text.indexOf('Open this address')).toBeLessThan(text.indexOf('이 주소를'))
    expect(text).toContain('Ctrl-C stops the deck')
  })

  it('says the output is recorded when there is no engine', () => {
    const text = openAddressText({ address: 'http://localhost:3030', deckUrl: 'http://localhost:3030', live: false }, 'ko')
    expect(text).toContain('녹화된 출력')
    expect(text).not.toContain('바로 열면')
  })

  it.each([[{ LANG: 'en_US.UTF-8' }, 'en'], [{ LC_ALL: 'en_GB' }, 'en'], [{ LANG: 'ko_KR.UTF-8' }, 'ko'], [{ LANG: 'C.UTF-8' }, 'ko'], [{}, 'ko'], [{ LANG: 'ko_KR', LC_ALL: 'en' }, 'en']])('reads %j as %s', (env, language) => {
    expect(terminalLanguage(env)).toBe(language)
  })
})

describe('platformAdvice', () => {
  it.each([['darwin', false, 'macos'], ['win32', false, 'windows'], ['linux', true, 'debian'], ['linux', false, 'linux'], ['freebsd', false, 'linux']] as const)('reads %s (Debian-like: %s) as %s', (platform, debian, kind) => {
    expect(platformKind(platform, debian)).toBe(kind)
  })

  it('tells a Mac user about Docker Desktop, Colima and Homebrew, never apt-get', () => {
    const advice = Object.values(platformAdvice('macos')).join(' ')
    expect(advice).toMatch(/Docker Desktop/)
    expect(advice).toMatch(/colima/i)
    expect(advice).not.toMatch(/apt-get|systemctl/)
  })

  it('tells Windows users about Docker Desktop and WSL, never apt-get', () => {
    expect(Object.values(platformAdvice('windows')).join(' ')).not.toMatch(/apt-get|brew|systemctl/)
  })

  it('gives Debian its own packages, and other Linux no Debian command', () => {
    expect(platformAdvice('debian').installDocker).toContain('apt-get install docker.io')
    expect(Object.values(platformAdvice('linux')).join(' ')).not.toMatch(/apt-get|brew/)
  })
})
