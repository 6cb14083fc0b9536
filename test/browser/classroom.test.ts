// The classroom in Chromium: the lecturer's live deck (npm start's) and two
// students, each in a browser context of their own, over the share server's
// address. Students get in with the room code, follow the lecturer's slide,
// see the lecturer's run stream into the block while it runs (and a late
// student sees it whole at once), watch the lecturer's terminal, lose and
// repeat nothing when their stream drops, answer a question and see the
// answer when the lecturer reveals it, and have no Run, Edit, Stop or reset.
// Sharing is started as npm start -- --share does, and stopped from the badge.
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { QUESTIONS_KEY } from '../../lib/self-study/settings.ts'
import { lineKey } from '../../setup/run-blocks.ts'
import { shareFile, startClassroomShare } from '../../scripts/deck-server/classroom-share.ts'
import type { ShareServer } from '../../share/share-server.ts'
import { covered } from '../support/blocks.ts'
import { DeckPage, launchChromium, openLiveDeck, removeContainersOfRuns, textOf } from '../support/deck-page.ts'

const deck = inject('deck')
const HELLO = covered('docker run hello-world')
/** The block's key, as the transformer names a block without an explicit one. */
const HELLO_KEY = lineKey(HELLO.line)
const HELLO_LS = covered('docker run hello-world ls')
const HELLO_LS_KEY = lineKey(HELLO_LS.line)
const PING_FOR_SH = covered('docker run alpine ping localhost', 'ping-for-shell')
const SH = covered('docker exec -it <id:alpine> sh')
const SH_KEY = lineKey(SH.line)
const PROJECT = path.resolve(import.meta.dirname, '../..')

let browser: Browser
let lecturer: DeckPage
let share: ShareServer
let stopSharing: () => Promise<void>
const shareLog: string[] = []
const contexts: BrowserContext[] = []

beforeAll(async () => {
  // As npm start -- --share does: it builds the deck for the students, follows npm start's runner read-only,
  // and writes share.json, which tells the lecturer's windows (through the runner) the address, the code and who joined.
  const sharing = await startClassroomShare({ address: '127.0.0.1', port: 0, stateDir: deck.stateDir, log: (line) => shareLog.push(line) })
  share = sharing.server
  stopSharing = sharing.stop
  browser = await launchChromium()
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
  contexts.push(context)
  // A lecture: the lecturer's own windows do not ask the questions; the students' do.
  await context.addInitScript((key) => localStorage.setItem(key, 'off'), QUESTIONS_KEY)
  lecturer = await openLiveDeck(context, deck)
})

afterAll(async () => {
  await browser?.close()
  await stopSharing?.()
  await removeContainersOfRuns(lecturer?.startedRuns ?? [])
})

/**
 * A student's laptop: a fresh browser context that opens the address with the room code in it.
 * Its event streams are kept where the test can drop one (`dropStream()`), as a flaky Wi-Fi would.
 */
async function student(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
  contexts.push(context)
  await context.addInitScript(() => {
    const Native = window.EventSource
    const opened: EventSource[] = []
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init)
        opened.push(this)
      }
    }
    Object.assign(window, {
      dropStream: () => {
        const source = opened.at(-1)!
        source.close()
        source.onerror?.(new Event('error'))
      },
      streamUrls: () => opened.map((source) => new URL(source.url).search),
    })
  })
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

  test('the room answers a question together: each student\'s choice shows in the lecturer\'s histogram; the answer and the run show on the laptops when the lecturer reveals them', async () => {
    await lecturer.go(HELLO_LS.slide)
    const answers: Array<[Page, string]> = [[await student(), '127'], [await student(), '1']]
    for (const [page, choice] of answers) {
      await expect.poll(() => slideOf(page), { timeout: 10_000 }).toBe(HELLO_LS.slide)
      const form = block(page, HELLO_LS_KEY).locator('.predict-form')
      await form.locator(`input[value="${choice}"]`).check()
      await form.locator('.predict-submit').click()
      await expect.poll(() => textOf(block(page, HELLO_LS_KEY).locator('.predict-result'))).toBe(`답을 보냈습니다: ${choice} 발표자가 정답을 공개하면 여기에 보입니다.`)
    }
    const room = lecturer.block(HELLO_LS).locator('.room-answers')
    await expect.poll(() => textOf(room.locator('.room-title')), { timeout: 10_000 }).toBe('방의 답 (2명) 정답 공개')
    const counts = async () => Promise.all((await room.locator('.room-bar').all()).map(async (bar) => `${(await textOf(bar.locator('.room-choice'))).replace(/ ✓.*$/, '')}: ${await textOf(bar.locator('.room-count'))}`))
    expect(await counts()).toEqual(['0: 0명', '1: 1명', '126: 0명', '127: 1명'])
    // The lecturer runs it: the students' laptops still wait, for the lecturer decides when the room sees it.
    const runId = await lecturer.run(HELLO_LS)
    expect(await lecturer.exitCode(HELLO_LS)).toBe('127')
    const [right, wrong] = answers.map(([page]) => block(page, HELLO_LS_KEY))
    await expect.poll(() => right!.getAttribute('data-run-id'), { timeout: 10_000 }).toBe(runId)
    expect(await right!.locator('.run-output, .run-exit').count(), 'no output before the reveal').toBe(0)
    expect(await room.locator('.room-bar[data-right]').count()).toBe(0)
    await lecturer.screenshot('classroom-room-answers')
    await lecturer.checkLayout(HELLO_LS.slide, 'the room\'s answers before the reveal')
    await room.locator('.room-reveal').click()
    await expect.poll(() => textOf(room.locator('.room-bar[data-right] .room-choice')), { timeout: 10_000 }).toBe('127 ✓ 정답')
    expect(await room.locator('.room-reveal').count()).toBe(0)
    await expect.poll(() => textOf(right!.locator('.predict-result')), { timeout: 10_000 }).toContain('맞았습니다! 정답: 127 (내 예측: 127)')
    await expect.poll(() => textOf(wrong!.locator('.predict-result'))).toContain('아쉽네요. 정답: 127 (내 예측: 1)')
    await expect.poll(() => right!.locator('.run-exit').getAttribute('data-exit')).toBe('127')
    expect(await textOf(right!.locator('.run-output'))).toBe(await textOf(lecturer.block(HELLO_LS).locator('.run-output')))
    await answers[0]![0].screenshot({ path: path.join(PROJECT, 'test-artifacts', 'screenshots', 'classroom-student-revealed.png') })
    await lecturer.checkLayout(HELLO_LS.slide, 'the reveal')
    expect([...lecturer.layoutProblems], 'the histogram leaves the slide its room').toEqual([])
  })

  test('the lecturer\'s streaming run and -it terminal show on a student\'s laptop; a dropped stream comes back losing and repeating no line', async () => {
    await lecturer.go(PING_FOR_SH.slide)
    const first = await student()
    await expect.poll(() => slideOf(first), { timeout: 10_000 }).toBe(PING_FOR_SH.slide)
    const pingRun = await lecturer.run(PING_FOR_SH)
    await lecturer.waitForOutput(PING_FOR_SH, 'seq=1 ')
    const watchedPing = block(first, PING_FOR_SH.key!)
    await expect.poll(() => textOf(watchedPing.locator('.run-output')), { timeout: 10_000 }).toContain('seq=1 ')
    // The stream drops mid-run (as flaky Wi-Fi would); the page reconnects by itself, asking for what came after the last message it saw.
    await first.evaluate(() => (window as unknown as { dropStream(): void }).dropStream())
    await expect.poll(() => first.evaluate(() => (window as unknown as { streamUrls(): string[] }).streamUrls().at(-1)), { timeout: 15_000 }).toMatch(/^\?after=\d+$/)
    await lecturer.waitForOutput(PING_FOR_SH, 'seq=4 ')

    // The lecturer's shell: a read-only screen on the student's laptop.
    const runId = await lecturer.run(SH)
    await expect.poll(() => lecturer.terminal(SH), { timeout: 15_000 }).toMatch(/^\/ #/m)
    await lecturer.block(SH).locator('.run-terminal').click()
    await lecturer.page.keyboard.type('echo classroom-$((6*7))')
    await lecturer.page.keyboard.press('Enter')
    await expect.poll(() => lecturer.terminal(SH)).toContain('classroom-42')
    await first.keyboard.press('ArrowRight')
    const watchedShell = block(first, SH_KEY)
    await expect.poll(() => watchedShell.getAttribute('data-run-id'), { timeout: 10_000 }).toBe(runId)
    await expect.poll(() => textOf(watchedShell.locator('.run-terminal .xterm-rows > div')), { timeout: 10_000 }).toContain('classroom-42')
    await first.locator('.runner-follow').click()
    await expect.poll(() => slideOf(first)).toBe(SH.slide)
    expect(await textOf(watchedShell.locator('.run-terminal-hint'))).toBe('발표자의 터미널입니다 (입력할 수 없음)')
    await first.screenshot({ path: path.join(PROJECT, 'test-artifacts', 'screenshots', 'classroom-student-terminal.png') })
    // What a student types goes nowhere: the screen is the lecturer's.
    await watchedShell.locator('.run-terminal').click()
    await first.keyboard.type('echo student-$((7*7))')
    await first.keyboard.press('Enter')
    await lecturer.page.keyboard.type('exit')
    await lecturer.page.keyboard.press('Enter')
    expect(await lecturer.exitCode(SH)).toBe('0')
    await expect.poll(() => watchedShell.locator('.run-exit').getAttribute('data-exit'), { timeout: 10_000 }).toBe('0')
    expect(await lecturer.terminal(SH)).not.toContain('student-49')
    expect(await textOf(watchedShell.locator('.run-terminal .xterm-rows > div'))).not.toContain('student-49')

    await lecturer.stop(PING_FOR_SH)
    expect(await lecturer.exitCode(PING_FOR_SH)).toBe('0')
    await expect.poll(() => watchedPing.locator('.run-exit').getAttribute('data-exit'), { timeout: 10_000 }).toBe('0')
    expect(await watchedPing.getAttribute('data-run-id')).toBe(pingRun)
    const shown = await textOf(watchedPing.locator('.run-output'))
    expect(shown, 'every line once, in order, across the drop').toBe(await textOf(lecturer.block(PING_FOR_SH).locator('.run-output')))
    expect(shown).toContain('ping statistics')
  })

  test('nothing on a student\'s page can act: the page has no runner key, and a write to the share server is refused', async () => {
    const first = await student()
    const status = await first.evaluate(async () => (await fetch('/events', { method: 'POST', body: '{"type":"run","line":"docker run hello-world"}' })).status)
    expect(status).toBe(405)
    const stored = await first.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }))
    expect(stored).not.toMatch(/[0-9a-f]{64}/)
  })
})

describe('the lecturer stops sharing', () => {
  test('two presses on the badge end the share: the students\' pages say so and show the recordings, the address stops answering, share.json is gone', async () => {
    await lecturer.go(SH.slide)
    const first = await student()
    await expect.poll(() => slideOf(first), { timeout: 10_000 }).toBe(SH.slide)
    // The shell the lecturer opened earlier shows live; once the share ends, the recording does, as in the static site.
    await expect.poll(() => block(first, SH_KEY).getAttribute('data-mode'), { timeout: 10_000 }).toBe('live')
    const stop = lecturer.page.locator('.runner-stop-share')
    expect(await textOf(stop)).toBe('공유 끝내기')
    await stop.click()
    expect(await textOf(stop)).toBe('정말 끝낼까요? 한 번 더 누르세요')
    await stop.click()
    await expect.poll(() => textOf(first.locator('.runner-badge')), { timeout: 10_000 }).toContain('발표자가 공유를 끝냈습니다 · 녹화된 출력')
    expect(await block(first, SH_KEY).getAttribute('data-mode')).toBe('recorded')
    await first.screenshot({ path: path.join(PROJECT, 'test-artifacts', 'screenshots', 'classroom-student-share-ended.png') })
    await expect.poll(() => existsSync(shareFile(deck.stateDir)), { timeout: 10_000 }).toBe(false)
    await expect.poll(() => lecturer.page.locator('.runner-sharing').count(), { timeout: 10_000 }).toBe(0)
    expect(await stop.count()).toBe(0)
    expect(shareLog.join('\n')).toContain('수업 공유를 끝냈습니다')
    const again = await fetch(share.joinUrl).then(() => 'answered', (error: Error) => String((error.cause as Error | undefined)?.message ?? error))
    expect(again).toMatch(/ECONNREFUSED/)
  })
})
