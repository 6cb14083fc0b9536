// The static build for self-study: served by a plain static server and opened
// in Chromium with no runner anywhere, every block shows its recorded output,
// Run replays it, the lifecycle view shows the recorded states, and nothing
// is fetched from another host.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deckBlocks } from '../../scripts/recording/deck-blocks.ts'
import { serveStatic } from '../support/static-server.ts'
import { SLIDE_COUNT } from './blocks.ts'
import { launchChromium, SCREENSHOTS } from './deck-page.ts'
import { overflowOf, settled } from './overflow.ts'

describe('the static build', () => {
  let out: string
  let site: Awaited<ReturnType<typeof serveStatic>>
  let browser: Browser
  let page: Page
  const foreign: string[] = []
  const blocks = deckBlocks()
  const keyOf = (line: string) => blocks.find((block) => block.line === line)!.key

  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'deck-static-'))
    await execa('npx', ['slidev', 'build', '--out', out], { cwd: path.resolve(import.meta.dirname, '../..') })
    site = await serveStatic(out)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (!['data:', 'blob:'].includes(url.protocol) && url.hostname !== '127.0.0.1') foreign.push(request.url())
    })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await site?.close()
    rmSync(out, { recursive: true, force: true })
  })

  it('says "녹화된 출력" (recorded) and shows hello-world\'s recorded greeting without a runner', async () => {
    await page.goto(`${site.url}/3`)
    await expect.poll(() => page.locator('.runner-badge').textContent(), { timeout: 15_000 }).toContain('녹화된 출력')
    const block = page.locator(`.run-block[data-key="${keyOf('docker run hello-world')}"]`)
    await expect.poll(() => block.locator('.run-output').textContent()).toContain('Hello from Docker!')
    expect(await block.getAttribute('data-mode')).toBe('recorded')
    expect(await block.locator('.run-exit').getAttribute('data-exit')).toBe('0')
  })

  it('replays a block with its real timing, and Skip jumps to the end', async () => {
    await page.goto(`${site.url}/13`)
    const ping = page.locator('.run-block[data-key="ping-for-stop"]')
    await ping.locator('.replay-button').click()
    // Mid-replay the output is shorter than the final one and the exit line is not there yet.
    await expect.poll(() => ping.locator('.skip-button').count()).toBe(1)
    expect(await ping.locator('.run-exit').count()).toBe(0)
    await ping.locator('.skip-button').click()
    await expect.poll(() => ping.locator('.run-exit').getAttribute('data-exit')).toBe('137')
    await page.screenshot({ path: path.join(SCREENSHOTS, 'static-stop-vs-kill.png') })
  })

  it('shows the recorded lifecycle of stop and kill: SIGTERM then SIGKILL, and SIGKILL alone', async () => {
    await page.goto(`${site.url}/13`)
    // Slidev keeps the neighbouring slides mounted; look at slide 13 only.
    const rows = page.locator('.slidev-page-13 .lifecycle-row')
    await expect.poll(() => rows.count()).toBe(2)
    const signals = await rows.evaluateAll((elements) => elements.map((element) => [...element.querySelectorAll('.signal')].map((s) => s.getAttribute('data-signal'))))
    expect(signals).toContainEqual(['9'])
    expect(signals).toContainEqual(['15', '9'])
    expect(await rows.first().locator('li.current').textContent()).toContain('(137)')
  })

  it('shows an interactive block\'s final terminal screen as text', async () => {
    await page.goto(`${site.url}/24`)
    const screen = page.locator(`.run-block[data-key="${keyOf('docker exec -it <id:redis> redis-cli')}"] .run-screen`)
    await expect.poll(() => screen.textContent()).toContain('"hello"')
  })

  it.each([['recorded', ''], ['print', '?print=true']])('fits every slide in its 16:9 frame at 1280×720 in %s mode', async (mode, query) => {
    const problems: string[] = []
    for (let no = 1; no <= SLIDE_COUNT; no++) {
      await page.goto(`${site.url}/${no}${query}`)
      await page.locator(`.slidev-page-${no} .slidev-layout`).first().waitFor({ state: 'visible' })
      await settled(page, no)
      await page.screenshot({ path: path.join(SCREENSHOTS, `${mode}-${String(no).padStart(2, '0')}.png`) })
      for (const problem of await overflowOf(page, no)) problems.push(`slide ${no}: ${problem}`)
    }
    expect(problems).toEqual([])
  })

  it('fetches nothing from another host', () => {
    expect(foreign).toEqual([])
  })
})
