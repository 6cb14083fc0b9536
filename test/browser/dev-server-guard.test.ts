// Threat-model row 31: Slidev's dev server writes for whoever asks. A POST to
// /__slidev/slides/N.json rewrites slides.md and hot-reloads it, and a simple
// cross-origin POST (text/plain, no preflight) from any tab reaches it. The
// attack here is the exact one: a page on another origin, in Chromium, sends
// that POST; the deck open in another tab must not reload, and slides.md on
// disk must not change. /__mcp is refused by default.
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { launchChromium } from './deck-page.ts'

const SLIDES = fileURLToPath(new URL('../../slides.md', import.meta.url))
const original = readFileSync(SLIDES, 'utf8')
const digest = () => createHash('sha256').update(readFileSync(SLIDES)).digest('hex')

/** A page on a foreign origin (another port of loopback) that a test can fill with any script. */
async function foreignSite(): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' })
    response.end('<!doctype html><title>another site</title>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

describe('31. a page writing through the deck\'s own dev server', () => {
  const deck = inject('deck')
  let browser: Browser
  let site: Awaited<ReturnType<typeof foreignSite>>
  let deckTab: Page
  const hotUpdates: string[] = []

  beforeAll(async () => {
    browser = await launchChromium()
    site = await foreignSite()
    deckTab = await browser.newPage()
    // UnoCSS updates its on-demand stylesheets as slides render; anything else would be the attack arriving.
    deckTab.on('console', (message) => /\[vite\] (hot updated|page reload)/.test(message.text()) && !/__uno/.test(message.text()) && hotUpdates.push(message.text()))
    await deckTab.goto(`${deck.origin}/2`)
    await deckTab.locator('.slidev-page-2 .slidev-layout').first().waitFor({ state: 'visible' })
  })

  afterAll(async () => {
    // Should the guard ever fail, the lecturer's file is put back.
    if (readFileSync(SLIDES, 'utf8') !== original) writeFileSync(SLIDES, original)
    await browser?.close()
    await site?.close()
  })

  test('a text/plain POST to /__slidev/slides/2.json from a foreign page gets 403, slides.md is unchanged and the open deck does not reload', async () => {
    const before = digest()
    const attacker = await browser.newPage()
    await attacker.goto(site.origin)
    // What any web page can do: a "simple" request, no preflight, answer unreadable (no-cors).
    const sent = await attacker.evaluate(async (target) => {
      await fetch(`${target}/__slidev/slides/2.json`, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ content: '# injected\n\n<script>alert(1)</script>' }) })
      return true
    }, deck.origin)
    expect(sent).toBe(true)
    // The same request where the answer can be read: from Node, with the headers Chromium sent.
    const answer = await fetch(`${deck.origin}/__slidev/slides/2.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: site.origin, 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'no-cors' },
      body: JSON.stringify({ content: '# injected' }),
    })
    expect(answer.status).toBe(403)
    expect(await answer.text()).toMatch(/not the deck's/)
    // Give a hot update every chance to arrive: the deck's own server still answers it after the attack.
    await expect.poll(async () => (await fetch(`${deck.origin}/__slidev/slides/2.json`)).status).toBe(200)
    expect(digest()).toBe(before)
    expect(readFileSync(SLIDES, 'utf8')).toBe(original)
    expect(hotUpdates).toEqual([])
    expect(await deckTab.locator('.slidev-page-2').textContent()).not.toMatch(/injected/)
    await attacker.close()
  })

  test('a foreign page cannot read the deck\'s modules (where the runner client lives)', async () => {
    const answer = await fetch(`${deck.origin}/@vite/client`, { headers: { Origin: site.origin, 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'cors' } })
    expect(answer.status).toBe(403)
  })

  test('/__mcp is unreachable by default, even from the deck\'s own origin', async () => {
    const own = await fetch(`${deck.origin}/__mcp`, { method: 'POST', headers: { Origin: deck.origin, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json' }, body: '{}' })
    expect(own.status).toBe(403)
    expect(await own.text()).toMatch(/DOCKER_DECK_ALLOW_EDITING=1/)
    const foreign = await fetch(`${deck.origin}/__mcp`, { method: 'POST', headers: { Origin: site.origin, 'Content-Type': 'text/plain' }, body: '{}' })
    expect(foreign.status).toBe(403)
  })

  test('the deck\'s own presenter sync still posts (same origin), and a link from another site still opens the deck', async () => {
    const navigated = await browser.newPage()
    await navigated.goto(site.origin)
    await navigated.evaluate((target) => (window.location.href = `${target}/3`), deck.origin)
    await navigated.locator('.slidev-page-3 .slidev-layout').first().waitFor({ state: 'visible' })
    const sync = await deckTab.evaluate(async () => (await fetch('/@server-reactive/nav', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ patch: {} }) })).status)
    expect(sync).toBe(200)
    await navigated.close()
  })
})
