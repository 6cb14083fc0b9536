// The classroom in Chromium: the lecturer's live deck (npm start's) and two
// students, each in a browser context of their own, over the share server's
// address. Students get in with the room code, follow the lecturer's slide,
// see the lecturer's run stream into the block while it runs (and a late
// student sees it whole at once), and have no Run, Edit, Stop or reset.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { QUESTIONS_KEY } from '../../lib/self-study/settings.ts'
import { readState } from '../../runner/transport/state-file.ts'
import { lineKey } from '../../setup/run-blocks.ts'
import { writeShareFile } from '../../scripts/deck-server/classroom-share.ts'
import { startShare, type ShareServer } from '../../share/share-server.ts'
import { covered } from './blocks.ts'
import { DeckPage, launchChromium, openLiveDeck, removeContainersOfRuns, textOf } from './deck-page.ts'

const deck = inject('deck')
const HELLO = covered('docker run hello-world')
/** The block's key, as the transformer names a block without an explicit one. */
const HELLO_KEY = lineKey(HELLO.line)
const HELLO_LS = covered('docker run hello-world ls')
const HELLO_LS_KEY = lineKey(HELLO_LS.line)
const PROJECT = path.resolve(import.meta.dirname, '../..')

let browser: Browser
let lecturer: DeckPage
let share: ShareServer
let buildDir: string
const contexts: BrowserContext[] = []

beforeAll(async () => {
  buildDir = mkdtempSync(path.join(tmpdir(), 'classroom-deck-'))
  await execa('npx', ['slidev', 'build', '--out', buildDir], { cwd: PROJECT })
  const state = readState(deck.stateDir)
  if (!state?.followToken) throw new Error(`npm start's runner wrote no follow token to ${deck.stateDir}/runner.json`)
  // As npm start -- --share does: share.json tells the lecturer's windows (through the runner) the address, the code and who joined.
  share = await startShare({
    address: '127.0.0.1', deckDir: buildDir, runner: { url: `http://127.0.0.1:${state.port}`, followToken: state.followToken },
    onFollowers: (followers) => writeShareFile(deck.stateDir, { url: share.joinUrl, code: share.code, followers }),
  })
  writeShareFile(deck.stateDir, { url: share.joinUrl, code: share.code, followers: 0 })
  browser = await launchChromium()
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
  contexts.push(context)
  // A lecture: the lecturer's own windows do not ask the questions; the students' do.
  await context.addInitScript((key) => localStorage.setItem(key, 'off'), QUESTIONS_KEY)
  lecturer = await openLiveDeck(context, deck)
})

afterAll(async () => {
  rmSync(path.join(deck.stateDir, 'share.json'), { force: true })
  await browser?.close()
  await share?.close()
  await removeContainersOfRuns(lecturer?.startedRuns ?? [])
  if (buildDir) rmSync(buildDir, { recursive: true, force: true })
})

/** A student's laptop: a fresh browser context that opens the address with the room code in it. */
async function student(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
  contexts.push(context)
  const page = await context.newPage()
  await page.goto(share.joinUrl)
  await expect.poll(() => textOf(page.locator('.runner-badge')), { timeout: 20_000 }).toContain('수업 따라가는 중')
  return page
}

const slideOf = (page: Page) => Number(new URL(page.url()).pathname.slice(1))
const block = (page: Page, key: string) => page.locator(`.run-block[data-key="${key}"]`)

describe('the lecturer while sharing', () => {
  test('the title slide shows the students\' address, the room code and a QR code; the badge says sharing', async () => {
    await lecturer.go(1)
    const invite = lecturer.slide(1).locator('.share-invite')
    await invite.waitFor({ state: 'visible', timeout: 15_000 })
    expect(await textOf(invite.locator('.share-url'))).toBe(share.joinUrl)
    expect(await textOf(invite.locator('.share-code strong'))).toBe(share.code)
    await invite.locator('.share-qr svg').waitFor({ state: 'visible' })
    expect(await textOf(lecturer.page.locator('.runner-sharing'))).toContain(`공유 중 · 방 코드 ${share.code}`)
    await lecturer.checkLayout(1, 'the title slide while sharing')
    await lecturer.screenshot('classroom-title-slide')
  })
})

describe('students following the lecture', () => {
  test('a student without the code sees only the code form; with it, the deck following the lecturer\'s slide', async () => {
    const stranger = await (await browser.newContext({ locale: 'ko-KR' })).newPage()
    await stranger.goto(share.url)
    expect(await textOf(stranger.locator('h1'))).toBe('수업 따라가기')
    expect(await stranger.locator('.run-block').count()).toBe(0)
    await stranger.context().close()

    await lecturer.go(HELLO.slide)
    const first = await student()
    await expect.poll(() => textOf(lecturer.page.locator('.runner-sharing')), { timeout: 10_000 }).toContain('1명')
    await expect.poll(() => slideOf(first), { timeout: 10_000 }).toBe(HELLO.slide)
    await lecturer.go(HELLO.slide + 1)
    await expect.poll(() => slideOf(first), { timeout: 10_000 }).toBe(HELLO.slide + 1)
    await lecturer.go(HELLO.slide)
    await expect.poll(() => slideOf(first), { timeout: 10_000 }).toBe(HELLO.slide)
  })

  test('the lecturer\'s run streams into a student\'s block, read-only; a student who joins late sees it whole at once', async () => {
    const first = await student()
    await expect.poll(() => slideOf(first), { timeout: 10_000 }).toBe(HELLO.slide)
    // Another test file may have run this block on the same runner already: the student follows this run, whatever came before.
    const runId = await lecturer.run(HELLO)
    expect(await lecturer.exitCode(HELLO)).toBe('0')
    const watched = block(first, HELLO_KEY)
    await expect.poll(() => watched.getAttribute('data-run-id'), { timeout: 10_000 }).toBe(runId)
    expect(await watched.getAttribute('data-mode')).toBe('live')
    await expect.poll(() => textOf(watched.locator('.run-output')), { timeout: 10_000 }).toContain('Hello from Docker!')
    expect(await textOf(watched.locator('.run-watching'))).toBe('● 발표자의 실행')
    await expect.poll(() => watched.locator('.run-exit').getAttribute('data-exit')).toBe('0')
    for (const control of ['.run-button', '.stop-button', '.edit-button', '.run-stdin']) expect(await watched.locator(control).count(), control).toBe(0)
    expect(await first.locator('.runner-reset').count(), 'no reset on a student\'s page').toBe(0)
    expect(await first.locator('.run-block[data-mode="live"] .run-button').count(), 'no Run on any block the lecturer ran').toBe(0)
    await first.screenshot({ path: path.join(PROJECT, 'test-artifacts', 'screenshots', 'classroom-student-hello.png') })

    const late = await student()
    await expect.poll(() => textOf(block(late, HELLO_KEY).locator('.run-output')), { timeout: 10_000 }).toContain('Hello from Docker!')
    expect(await textOf(block(late, HELLO_KEY).locator('.run-output'))).toBe(await textOf(watched.locator('.run-output')))
  })

  test('a student who steps away stays there, and one button follows the lecturer again', async () => {
    const first = await student()
    await expect.poll(() => slideOf(first), { timeout: 10_000 }).toBe(HELLO.slide)
    await first.keyboard.press('ArrowRight')
    await expect.poll(() => slideOf(first)).toBe(HELLO.slide + 1)
    const follow = first.locator('.runner-follow')
    await follow.waitFor({ state: 'visible' })
    expect(await textOf(follow)).toBe('발표자 따라가기')
    await follow.click()
    await expect.poll(() => slideOf(first)).toBe(HELLO.slide)
    expect(await follow.count()).toBe(0)
  })

  test('the room answers a question together: each student\'s choice shows in the lecturer\'s histogram, the right one marked once the lecturer runs it', async () => {
    await lecturer.go(HELLO_LS.slide)
    const answers: Array<[Page, string]> = [[await student(), '127'], [await student(), '1']]
    for (const [page, choice] of answers) {
      await expect.poll(() => slideOf(page), { timeout: 10_000 }).toBe(HELLO_LS.slide)
      const form = block(page, HELLO_LS_KEY).locator('.predict-form')
      await form.locator(`input[value="${choice}"]`).check()
      await form.locator('.predict-submit').click()
    }
    const room = lecturer.block(HELLO_LS).locator('.room-answers')
    await expect.poll(() => textOf(room.locator('.room-title')), { timeout: 10_000 }).toBe('방의 답 (2명)')
    const counts = async () => Promise.all((await room.locator('.room-bar').all()).map(async (bar) => `${(await textOf(bar.locator('.room-choice'))).replace(/ ✓.*$/, '')}: ${await textOf(bar.locator('.room-count'))}`))
    expect(await counts()).toEqual(['0: 0명', '1: 1명', '126: 0명', '127: 1명'])
    // Whether it shows before the run depends on what other test files ran on this runner; the unit test pins that down.
    await lecturer.run(HELLO_LS)
    expect(await lecturer.exitCode(HELLO_LS)).toBe('127')
    expect(await textOf(room.locator('.room-bar[data-right] .room-choice'))).toBe('127 ✓ 정답')
    await lecturer.screenshot('classroom-room-answers')
  })

  test('nothing on a student\'s page can act: the page has no runner key, and a write to the share server is refused', async () => {
    const first = await student()
    const status = await first.evaluate(async () => (await fetch('/events', { method: 'POST', body: '{"type":"run","line":"docker run hello-world"}' })).status)
    expect(status).toBe(405)
    const stored = await first.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }))
    expect(stored).not.toMatch(/[0-9a-f]{64}/)
  })
})
