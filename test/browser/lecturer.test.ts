// A lecturer in front of a room, in Chromium against `npm start` and the real
// engine: every slide passes axe-core's serious and critical checks, live; a
// runner that dies is started again by npm start and the open deck gets going
// by itself; no slide shows "Loading slide..."; a terminal block run three
// times shows each session from its first byte (the same for a window that
// follows the run: test/unit/run-terminal.test.ts); a connection that drops
// mid-run resumes with no line lost. The lecture tab stays the one on screen
// (a tab in the background gets no animation frames, and xterm draws on them).
// Recorded and print: static-build.test.ts.
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, onTestFinished, test } from 'vitest'
import { QUESTIONS_KEY } from '../../lib/self-study/settings.ts'
import { readState } from '../../runner/transport/state-file.ts'
import type { BlockRef } from '../support/deck-blocks.ts'
import { alive } from '../support/engine-state.ts'
import { axeViolations } from '../support/axe.ts'
import { covered, SLIDE_COUNT } from '../support/blocks.ts'
import { DeckPage, launchChromium, openLiveDeck, removeContainersOfRuns, textOf, waitLive } from '../support/deck-page.ts'
import { settled } from '../support/overflow.ts'

const deck = inject('deck')
let browser: Browser
let context: BrowserContext
let d: DeckPage

const PING_FOR_SH = covered('docker run alpine ping localhost', 'ping-for-shell')
const SH = covered('docker exec -it <id:alpine> sh')
const PING_FOR_EXEC = covered('docker run alpine ping localhost', 'ping-for-exec')
const HELLO = covered('docker run hello-world')

const live = (page: DeckPage, timeout?: number) => waitLive(page.page, timeout)

/** Starts a long-running block, and stops it after the test if the test did not. */
async function runLongLived(ref: BlockRef): Promise<string> {
  const runId = await d.run(ref)
  onTestFinished(async () => void await d.stopIfRunning(ref))
  return runId
}

/** The ping's sequence numbers in the block's output, in order. */
async function pingSequence(ref: BlockRef): Promise<number[]> {
  return [...(await d.output(ref)).matchAll(/seq=(\d+)/g)].map((match) => Number(match[1]))
}

beforeAll(async () => {
  browser = await launchChromium()
  context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
  // A lecture: questions off. Every socket the page opens is kept where the test can close it, as a network drop would.
  await context.addInitScript((key) => {
    localStorage.setItem(key, 'off')
    const sockets: WebSocket[] = []
    const Native = window.WebSocket
    window.WebSocket = class extends Native {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args)
        sockets.push(this)
      }
    }
    Object.assign(window, { deckSockets: sockets })
  }, QUESTIONS_KEY)
  d = await openLiveDeck(context, deck)
}, 180_000)

afterAll(async () => {
  await browser?.close()
  // `docker run hello-world` leaves its exited container, as docker does; the tests remove what their runs made.
  await removeContainersOfRuns(d?.startedRuns ?? [])
})

describe('accessibility', () => {
  test('axe-core finds no serious or critical violation on any slide, live', async () => {
    const found: string[] = []
    for (let no = 1; no <= SLIDE_COUNT; no++) {
      await d.go(no)
      await settled(d.page, no)
      for (const violation of await axeViolations(d.page, no)) found.push(`slide ${no}: ${violation}`)
    }
    expect(found).toEqual([])
  })
})

describe('a runner that dies', () => {
  test('a runner that dies is started again by npm start, and the open deck gets going by itself', async () => {
    const state = readState(deck.stateDir)!
    expect(alive(state.pid)).toBe(true)
    process.kill(state.pid, 'SIGKILL')
    await expect.poll(() => d.page.locator('.runner-badge').getAttribute('data-status'), { timeout: 10_000, interval: 50 }).not.toBe('live')
    await expect.poll(() => readState(deck.stateDir)?.pid, { timeout: 30_000 }).not.toBe(state.pid)
    await expect.poll(() => d.page.locator('.runner-badge').getAttribute('data-status'), { timeout: 45_000, interval: 100 }).toBe('restarted')
      .catch(async (error: Error) => {
        throw new Error(`The open deck did not get going again after the runner's restart: ${await d.diagnosis()}`, { cause: error })
      })
    expect(await textOf(d.page.locator('.runner-badge'))).toContain('러너가 다시 시작되어')
    // Same address, same key: nothing to reopen. Running a block just works.
    await d.run(HELLO)
    await d.waitForOutput(HELLO, 'Hello from Docker!')
    expect(await d.exitCode(HELLO)).toBe('0')
    expect(readState(deck.stateDir)?.port, 'the same address: nothing for the lecturer to reopen').toBe(deck.runnerPort)
  })
})

describe('slides appear at once', () => {
  test('stepping through the whole deck with the arrow key never shows "Loading slide..."', async () => {
    // A browser of its own: tabs of one browser follow each other's slide, and the lecture tab must stay where it is.
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
    const page = await fresh.newPage()
    try {
      // Slidev mounts a slide's loading placeholder when its module takes over 300 ms (hidden slides too, while they load
      // in the background): count the frames in which one is on screen.
      await page.addInitScript(() => {
        const seen = { frames: 0, watching: false }
        Object.assign(window, { slideLoading: seen })
        const sample = () => {
          if (seen.watching && [...document.querySelectorAll('.slidev-slide-loading')].some((element) => element.checkVisibility())) seen.frames++
          requestAnimationFrame(sample)
        }
        requestAnimationFrame(sample)
      })
      const requested = new Set<number>()
      page.on('request', (request) => {
        const slide = /\/@slidev\/slides\/(\d+)\/md/.exec(new URL(request.url()).pathname)?.[1]
        if (slide) requested.add(Number(slide))
      })
      await page.goto(`${deck.origin}/1`)
      await page.locator('.slidev-page-1 .slidev-layout').first().waitFor({ state: 'visible' })
      // The lecturer opens the deck and starts talking: every other slide loads meanwhile, before any key is pressed.
      await expect.poll(() => requested.size, { timeout: 60_000 }).toBe(SLIDE_COUNT)
      await page.evaluate(() => ((window as unknown as { slideLoading: { watching: boolean } }).slideLoading.watching = true))
      for (let no = 2; no <= SLIDE_COUNT; no++) {
        await page.keyboard.press('ArrowRight')
        await page.waitForURL((url) => url.pathname === `/${no}`)
        await page.locator(`.slidev-page-${no} .slidev-layout`).first().waitFor({ state: 'visible' })
      }
      expect(await page.evaluate(() => (window as unknown as { slideLoading: { frames: number } }).slideLoading.frames), 'frames with a loading placeholder on screen').toBe(0)
    } finally {
      await fresh.close()
      await d.page.bringToFront()
    }
  })
})

describe('terminals on every run', () => {
  test('a terminal block run three times shows each session from its first byte', async () => {
    await runLongLived(PING_FOR_SH)
    await d.waitForOutput(PING_FOR_SH, 'bytes from')
    for (const session of [1, 2, 3]) {
      await d.run(SH)
      const terminal = d.block(SH).locator('.run-terminal')
      await expect.poll(() => d.terminal(SH), { timeout: 15_000 }).toMatch(/^\/ #/m)
      expect(await d.terminal(SH), `session ${session} starts on a fresh screen`).not.toContain('session-')
      await terminal.click()
      await d.page.keyboard.type(`echo session-${session}`)
      await d.page.keyboard.press('Enter')
      await expect.poll(() => d.terminal(SH)).toMatch(new RegExp(`^session-${session}$`, 'm'))
      await d.page.keyboard.type('exit')
      await d.page.keyboard.press('Enter')
      expect(await d.exitCode(SH)).toBe('0')
    }
    await d.screenshot('lecturer-25-third-session')
    await d.stop(PING_FOR_SH)
  })
})

describe('a dropped connection', () => {
  test('a socket dropped mid-run: the badge says it reconnects, and the output goes on with no line lost or repeated', async () => {
    await runLongLived(PING_FOR_EXEC)
    await expect.poll(() => pingSequence(PING_FOR_EXEC), { timeout: 15_000 }).toEqual(expect.arrayContaining([2]))
    const dropped = await d.page.evaluate(() => {
      // The runner's sockets only: closing Vite's own HMR socket could make the dev server's client reload the page.
      const sockets = (window as unknown as { deckSockets: WebSocket[] }).deckSockets
        .filter((socket) => socket.readyState === WebSocket.OPEN && socket.protocol.startsWith('docker-live-deck'))
      for (const socket of sockets) socket.close(4001, 'dropped by the test')
      return sockets.length
    })
    expect(dropped).toBeGreaterThan(0)
    const before = Math.max(...await pingSequence(PING_FOR_EXEC))
    await expect.poll(() => d.page.locator('.runner-badge').getAttribute('data-status'), { timeout: 5_000, interval: 50 }).not.toBe('live')
    await live(d, 15_000)
    await expect.poll(async () => Math.max(...await pingSequence(PING_FOR_EXEC)), { timeout: 15_000 }).toBeGreaterThanOrEqual(before + 3)
    const sequence = await pingSequence(PING_FOR_EXEC)
    expect(sequence, 'every ping line once, in order').toEqual(sequence.map((_, i) => sequence[0]! + i))
    await d.stop(PING_FOR_EXEC)
  })
})
