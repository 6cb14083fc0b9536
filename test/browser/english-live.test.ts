// The English edition live: `npm start -- --lang en` (npm run start:en) on the
// real engine, in Chromium with a Korean browser: the edition decides the
// UI's language. A block runs and streams docker's output; an exercise done
// wrong gets its English hint naming what the engine has, done right it
// passes; each slide fits after its blocks ran, with no Korean on it.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { attemptKey } from '../../lib/self-study/names.ts'
import { startNpmStart, type NpmStart } from '../../scripts/deck-server/npm-start-process.ts'
import { readState } from '../../runner/transport/state-file.ts'
import { deckUrlWithToken } from '../../runner/transport/open-page.ts'
import { covered } from '../support/blocks.ts'
import { slideContaining } from '../support/deck-blocks.ts'
import { DeckPage, launchChromium, openLiveDeck, removeContainersOfRuns, textOf } from '../support/deck-page.ts'
import { overflowOf, smallTextOf } from '../support/overflow.ts'

let deck: NpmStart
let browser: Browser
let d: DeckPage

/** Korean letters on slide `no` outside what docker printed and what is typed. */
const koreanOn = (page: DeckPage, no: number) => page.page.evaluate((slideNo) => {
  const copy = document.querySelector(`.slidev-page-${slideNo}`)!.cloneNode(true) as HTMLElement
  for (const element of copy.querySelectorAll('pre, code, .run-output, .xterm')) element.remove()
  return (copy.textContent ?? '').match(/.{0,30}[\uAC00-\uD7AF].{0,30}/)?.[0]
}, no)

beforeAll(async () => {
  deck = await startNpmStart({ args: ['--lang', 'en'] })
  const state = readState(deck.stateDir)!
  const origin = `http://localhost:${deck.deckPort}`
  browser = await launchChromium()
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
  d = await openLiveDeck(context, { origin, urlWithToken: deckUrlWithToken(origin, state.port, state.token) })
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await removeContainersOfRuns(d?.startedRuns ?? [])
  await deck?.stop()
})

describe('npm run start:en', () => {
  test('presents the English edition live: an English badge, and docker run hello-world streams its output', async () => {
    const hello = covered('docker run hello-world')
    await d.go(hello.slide)
    expect(await textOf(d.page.locator('.runner-badge'))).toMatch(/^● live · Docker /)
    expect(await d.page.evaluate(() => document.documentElement.lang)).toBe('en')
    const block = d.block(hello)
    await block.locator('.run-button').click()
    await expect.poll(() => block.getAttribute('data-phase'), { timeout: 60_000 }).toBe('exited')
    d.startedRuns.add((await block.getAttribute('data-run-id'))!)
    expect(await textOf(block.locator('.run-output'))).toContain('Hello from Docker!')
    expect(await textOf(block.locator('.run-exit'))).toMatch(/^exit 0 · success/)
    expect(await overflowOf(d.page, hello.slide)).toEqual([])
    expect(await smallTextOf(d.page, hello.slide)).toEqual([])
    expect(await koreanOn(d, hello.slide)).toBeUndefined()
    await d.screenshot('english-live-hello-world')
  })

  test('checks an exercise on the engine, with its English hint, then passes it', async () => {
    const slide = slideContaining('id: echo-hi')
    await d.go(slide)
    const exercise = d.slide(slide).locator('.exercise-block[data-exercise="echo-hi"]')
    const block = exercise.locator(`.run-block[data-key="${attemptKey('echo-hi', 1)}"]`)
    const verdict = exercise.locator('.exercise-verdict')
    const attempt = async (line: string) => {
      await d.runEdited(block, line)
      await exercise.locator('.exercise-check').click()
    }

    await attempt('docker run hello-world')
    await expect.poll(() => verdict.getAttribute('data-pass'), { timeout: 20_000 }).toBe('no')
    expect(await textOf(verdict)).toMatch(/^Not yet\. .*hello-world/)

    await attempt('docker run alpine echo hi')
    await expect.poll(() => verdict.getAttribute('data-pass'), { timeout: 20_000 }).toBe('yes')
    expect(await textOf(verdict)).toBe('Passed! The engine\'s real state matches the task.')
    expect(await overflowOf(d.page, slide)).toEqual([])
    expect(await koreanOn(d, slide)).toBeUndefined()
    await d.screenshot('english-live-exercise')
  })
})
