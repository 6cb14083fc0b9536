// A newcomer's first five minutes: npm start prints one address to open, last
// (Slidev's own addresses, which carry no runner key, are not printed), and a
// tab opened anywhere else says why it shows recorded output and what to do:
// no runner, a runner this tab has no key for (with the page to open, and a
// button that takes the key from an open deck tab), a key the runner refused,
// or a runner of another version.
import { createServer, type Server } from 'node:http'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { execa, type ResultPromise } from 'execa'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { PROTOCOL_VERSION } from '../../lib/protocol.ts'
import { answers } from '../../scripts/deck-server/npm-start-process.ts'
import { ADDRESS_RULE } from '../../scripts/deck-server/open-address-text.ts'
import { launchChromium, openLiveDeck, SCREENSHOTS } from '../support/deck-page.ts'

const PROJECT = fileURLToPath(new URL('../..', import.meta.url))

/** Waits until the badge of `page` says `status`, and returns its text. */
async function badgeSays(page: Page, status: string): Promise<string> {
  await page.waitForFunction((wanted) => document.querySelector('.runner-badge')?.getAttribute('data-status') === wanted, status, { timeout: 30_000, polling: 100 })
  return (await page.locator('.runner-badge').textContent()) ?? ''
}

/** A free TCP port on loopback. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('npm start\'s output', () => {
  test('ends with the one address to open, framed, Korean first; Slidev\'s addresses without the key are not printed', () => {
    const output = inject('startOutput')
    const deck = inject('deck')
    const framed = output.split(ADDRESS_RULE)
    expect(framed.length).toBeGreaterThan(2)
    const block = framed.at(-2)!
    expect(block).toContain(deck.openPage)
    expect(block.indexOf('이 주소를 브라우저에서 여세요')).toBeLessThan(block.indexOf('Open this address in a browser'))
    expect(output).not.toMatch(/public slide show|presenter mode|slides overview|mcp server/)
    // Nothing but the frame's end comes after the block.
    expect(framed.at(-1)!.trim()).toBe('')
    console.info(`[first five minutes] npm start printed:\n${output}`)
  })
})

describe('a tab opened at the deck\'s own address while npm start runs', () => {
  const deck = inject('deck')
  let browser: Browser
  let context: BrowserContext

  beforeAll(async () => {
    browser = await launchChromium()
    context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
  })

  test('says the runner is running but this tab has no key, and names the page to open', async () => {
    const page = await context.newPage()
    await page.goto(`${deck.origin}/`)
    const text = await badgeSays(page, 'no-key')
    expect(text).toContain('러너는 실행 중이지만 이 탭에는 러너 키가 없습니다')
    expect(text).toContain(deck.openPage)
    expect(text).not.toContain('러너가 실행 중이 아닙니다')
    await page.screenshot({ path: path.join(SCREENSHOTS, 'badge-no-key.png') })
    await page.close()
  })

  test('takes the key from an open live deck tab with one click, and goes live', async () => {
    const live = await openLiveDeck(context, deck)
    const page = await context.newPage()
    await page.goto(`${deck.origin}/2`)
    // Opened after a live tab, the keyless tab finds the key by itself.
    await badgeSays(page, 'live')
    await page.close()

    // Opened with no live tab, it offers the button; the button takes the key from a live tab opened later.
    await live.page.close()
    const keyless = await context.newPage()
    await keyless.goto(`${deck.origin}/3`)
    await badgeSays(keyless, 'no-key')
    const takeKey = keyless.getByRole('button', { name: '열린 슬라이드 탭에서 키 가져오기' })
    await takeKey.waitFor({ state: 'visible' })
    const helper = await openLiveDeck(context, deck)
    // The keyless tab also asks again at each check (every 5 s) and may have gone live by itself meanwhile.
    await keyless.bringToFront()
    await takeKey.click({ timeout: 5_000 }).catch(async (error: Error) => {
      if ((await keyless.locator('.runner-badge').getAttribute('data-status')) !== 'live') throw error
    })
    await badgeSays(keyless, 'live')
    await keyless.close()
    await helper.page.close()

    // Opened with no live tab and left alone, it goes live by itself once a live tab is open: no click.
    const unattended = await context.newPage()
    await unattended.goto(`${deck.origin}/4`)
    await badgeSays(unattended, 'no-key')
    const later = await openLiveDeck(context, deck)
    await badgeSays(unattended, 'live')
    await later.page.close()
    await unattended.close()
  }, 180_000)

  test('says the runner refused the key, when the page carries one it does not know', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })).newPage()
    await page.goto(`${deck.origin}/#runner=${deck.runnerPort}&token=${'0'.repeat(64)}`)
    expect(await badgeSays(page, 'token-refused')).toContain('러너가 이 페이지의 키를 거부했습니다')
    await page.screenshot({ path: path.join(SCREENSHOTS, 'badge-token-refused.png') })
    await page.context().close()
  })
})

describe('a deck whose runner port has no runner, then a runner of another version', () => {
  let slidev: ResultPromise | undefined
  let fakeRunner: Server | undefined
  let browser: Browser
  let deckPort: number
  let runnerPort: number

  beforeAll(async () => {
    ;[deckPort, runnerPort] = [await freePort(), await freePort()]
    // Slidev alone, as a newcomer who ran `npm run dev`: nothing listens on the runner port it was told.
    slidev = execa('npx', ['slidev', '--port', String(deckPort), '--log', 'warn'], {
      cwd: PROJECT, env: { VITE_DOCKER_DECK_RUNNER_PORT: String(runnerPort) }, detached: true, stdin: 'ignore', reject: false,
    })
    const deadline = Date.now() + 150_000
    while (!(await answers(deckPort, '/'))) {
      if (Date.now() > deadline) throw new Error(`Slidev did not answer on port ${deckPort} within 150 s`)
      await sleep(500)
    }
    browser = await launchChromium()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => (fakeRunner ? fakeRunner.close(resolve) : resolve(undefined)))
    if (slidev?.pid) process.kill(-slidev.pid, 'SIGTERM')
    await slidev
  })

  test('says no runner is running and what to start; then, once a runner of another version answers, says so', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })).newPage()
    const origin = `http://localhost:${deckPort}`
    await page.goto(`${origin}/`)
    expect(await badgeSays(page, 'no-runner')).toContain('러너가 실행 중이 아닙니다: 실시간으로 실행하려면 터미널에서 `npm start`를 실행')
    await page.screenshot({ path: path.join(SCREENSHOTS, 'badge-no-runner.png') })

    // A runner of a later version on that port: its /health says so, and the badge follows within its next look.
    fakeRunner = createServer((request, response) => {
      response.writeHead(request.url === '/health' ? 200 : 404, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': origin })
      response.end(JSON.stringify({ ok: true, protocol: PROTOCOL_VERSION + 1, runnerVersion: '9.9.9', instance: 'other', engine: { reachable: true }, activeRuns: 0 }))
    })
    await new Promise<void>((resolve) => fakeRunner!.listen(runnerPort, '127.0.0.1', resolve))
    expect(await badgeSays(page, 'other-version')).toContain('다른 버전의 러너(9.9.9)가 실행 중입니다')
    await page.screenshot({ path: path.join(SCREENSHOTS, 'badge-other-version.png') })
    await page.context().close()
  })
})
