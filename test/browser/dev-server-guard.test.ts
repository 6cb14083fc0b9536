// Threat-model row 31: Slidev's dev server writes for whoever asks. A POST to
// /__slidev/slides/N.json rewrites slides.md and hot-reloads it, and a simple
// cross-origin POST (text/plain, no preflight) from any tab reaches it. The
// attack here is the exact one: a page on another origin, in Chromium, sends
// that POST; the deck open in another tab must not reload, and slides.md on
// disk must not change. /__mcp is refused by default.
// Row 33: it also reads for whoever asks. An iframe on any site pointing at
// /__open-in-editor?file=… starts the lecturer's editor on that file (the
// runner's key, on the projector); /@fs/ serves files. Here too the attack is
// the exact one, against an editor stand-in that logs every start.
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import net from 'node:net'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { stateFile } from '../../runner/transport/state-file.ts'
import { editorLaunches } from '../support/editor-stand-in.ts'
import { rawRequest } from '../support/raw-http.ts'
import { launchChromium } from '../support/deck-page.ts'

const SLIDES = fileURLToPath(new URL('../../slides.md', import.meta.url))
const PROJECT = fileURLToPath(new URL('../..', import.meta.url))
const original = readFileSync(SLIDES, 'utf8')
const digest = () => createHash('sha256').update(readFileSync(SLIDES)).digest('hex')

/** A site on a foreign origin (another port of loopback) whose page is `html`; a test can add any script. */
async function foreignSite(html = '<!doctype html><title>another site</title>'): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' })
    response.end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

/** True when a TCP connection to `host`:`port` is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
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
    await expect.poll(() => deckTab.evaluate(async () => (await fetch('/__slidev/slides/2.json')).status)).toBe(200)
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

describe('33. a page opening files through the deck\'s dev server', () => {
  const deck = inject('deck')
  const editorLog = inject('editorLog')
  const port = Number(new URL(deck.origin).port)
  // The file the review named: the runner's key, which npm start keeps while it runs.
  const runnerJson = stateFile(deck.stateDir)
  const openInEditor = `/__open-in-editor?file=${encodeURIComponent(runnerJson)}`
  let browser: Browser
  let site: Awaited<ReturnType<typeof foreignSite>>

  beforeAll(async () => {
    browser = await launchChromium()
    site = await foreignSite(`<!doctype html><title>another site</title><iframe src="${deck.origin}${openInEditor}"></iframe>`)
  })

  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  test('a cross-site iframe to /__open-in-editor?file=…/runner.json gets 403, and no editor starts', async () => {
    // Vite would open only a file that exists: the attack names a real one.
    expect(readFileSync(runnerJson, 'utf8')).toMatch(/token/)
    const attacker = await browser.newPage()
    const framed = attacker.waitForResponse((response) => new URL(response.url()).pathname === '/__open-in-editor')
    await attacker.goto(site.origin)
    const answer = await framed
    expect((await answer.request().allHeaders())['sec-fetch-site']).toBe('cross-site')
    expect(answer.status()).toBe(403)
    expect(await answer.text()).toMatch(/GET \/__open-in-editor is refused for a request from another site/)
    // Vite spawns the editor before it answers; the stand-in logs within milliseconds, and the file's last test looks again.
    await attacker.waitForLoadState('load')
    expect(editorLaunches(editorLog)).toEqual([])
    await attacker.close()
  })

  // A plain Node request: no Sec-Fetch-*, no Origin, no Accept, as curl or an old browser would ask.
  test.each([
    ['the editor on the runner\'s key', () => openInEditor],
    ['/@fs/ on /etc/passwd', () => '/@fs/etc/passwd'],
    ['/@fs/ on a file of the project (Vite would serve it)', () => `/@fs${PROJECT}package.json`],
    ['the slides\' source', () => '/slides.md'],
    ['Slidev\'s slide data', () => '/__slidev/slides/2.json'],
    ['the inspector', () => '/__inspect/'],
    ['a module', () => '/@vite/client'],
  ])('a request without fetch metadata for %s gets 403, naming what was refused and why', async (_, target) => {
    const answer = await rawRequest(port, { path: target(), headers: { Host: `localhost:${port}` } })
    expect(answer.status).toBe(403)
    expect(answer.body).toMatch(/is refused for a request without a Sec-Fetch-Site header .* reach only the deck's pages/)
    expect(answer.body).not.toMatch(/root:|"token"|"name": "docker-live-deck"/)
  })

  test.each(['/', '/3', '/presenter/2'])('a request without fetch metadata for the page %s gets the deck\'s HTML', async (path) => {
    const answer = await rawRequest(port, { path, headers: { Host: `localhost:${port}` } })
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toMatch(/text\/html/)
    expect(answer.body).toMatch(/<div id="app">/)
  })

  test('the dev server listens on 127.0.0.1 only, and Chromium reaches it at localhost', async () => {
    const elsewhere = Object.values(os.networkInterfaces()).flat().filter((address) => address && !address.internal).map((address) => address!.address)
    const reached = Object.fromEntries(await Promise.all(['127.0.0.1', '::1', ...elsewhere].map(async (host) => [host, await accepts(host, port)] as const)))
    expect(reached).toEqual(Object.fromEntries([['127.0.0.1', true], ['::1', false], ...elsewhere.map((host) => [host, false])]))
    const page = await browser.newPage()
    const answer = await page.goto(`${deck.origin}/1`)
    expect(answer?.status()).toBe(200)
    expect((await answer?.serverAddr())?.ipAddress).toBe('127.0.0.1')
    await page.locator('.slidev-page-1 .slidev-layout').first().waitFor({ state: 'visible' })
    await page.close()
  })

  test('no test of this file started an editor', () => {
    expect(editorLaunches(editorLog)).toEqual([])
  })
})
