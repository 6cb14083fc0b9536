// A student alone with the live deck, in Chromium against `npm start` and the
// real engine: a run block asks its prediction first and holds its output
// back; a wrong answer, then the right one; an exercise done wrong (the hint
// says what the engine showed), then right (pass); a reload keeps it all.
// The same in the static build is in static-build.test.ts.
import type { Browser, BrowserContext, Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { attemptKey, solutionKey } from '../../lib/self-study/names.ts'
import { deckSelfStudy } from '../../setup/self-study-inventory.ts'
import { slideContaining } from '../support/deck-blocks.ts'
import { covered } from '../support/blocks.ts'
import { DeckPage, launchChromium, openLiveDeck, removeContainersOfRuns, removeExerciseContainers, textOf, waitLive } from '../support/deck-page.ts'
import { overflowOf } from '../support/overflow.ts'

const deck = inject('deck')
let browser: Browser
let context: BrowserContext
let d: DeckPage

const HELLO_LS = covered('docker run hello-world ls')
const ECHO_HI_SLIDE = slideContaining('id: echo-hi')
const ATTEMPT = attemptKey('echo-hi', 1)

const live = (page: DeckPage, timeout?: number) => waitLive(page.page, timeout)

/** The exercise's own command block, edited to `line` and run to its end. */
const runAttempt = (block: Locator, line: string) => d.runEdited(block, line)

beforeAll(async () => {
  browser = await launchChromium()
  context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
  d = await openLiveDeck(context, deck)
}, 180_000)

afterAll(async () => {
  await browser?.close()
  // The student's attempts and the exercises' starts made containers; the test removes them, as a student would with rm.
  await removeContainersOfRuns(d?.startedRuns ?? [])
  await removeExerciseContainers()
})

describe('predict, then run', () => {
  test('the block asks first and holds its output; a wrong answer shows the right one and why; then the output is there', async () => {
    await d.go(HELLO_LS.slide)
    const block = d.block(HELLO_LS)
    expect(await block.getAttribute('data-prediction')).toBe('pending')
    const question = block.locator('.predict-question')
    expect(await textOf(question)).toContain('어떤 종료 코드로 끝날까?')

    // It runs before the answer; only what it shows waits.
    await d.run(HELLO_LS)
    await expect.poll(() => block.getAttribute('data-phase'), { timeout: 20_000 }).toBe('exited')
    expect(await block.locator('.run-output').count()).toBe(0)
    expect(await block.locator('.run-exit').count()).toBe(0)
    await d.screenshot('self-study-06-asked')

    await block.locator('.predict-choice', { hasText: /^\s*0\s*$/ }).click()
    await block.locator('.predict-submit').click()
    expect(await block.getAttribute('data-prediction')).toBe('answered')
    const result = await textOf(block.locator('.predict-result'))
    expect(result).toMatch(/^아쉽네요\. 정답: 127 \(내 예측: 0\) 이유: .*127/)
    expect(await d.exitCode(HELLO_LS)).toBe('127')
    expect(await d.output(HELLO_LS)).toContain('executable file not found')
    await d.screenshot('self-study-06-wrong')

    await block.locator('.predict-again').click()
    await block.locator('.predict-choice', { hasText: '127' }).click()
    await block.locator('.predict-submit').click()
    expect(await textOf(block.locator('.predict-result'))).toMatch(/^맞았습니다! 정답: 127 \(내 예측: 127\)/)
    await d.screenshot('self-study-06-right')
  })
})

describe('try it yourself', () => {
  test('a wrong attempt gets a hint naming what the engine has; the right one passes', async () => {
    await d.go(ECHO_HI_SLIDE)
    const exercise = d.slide(ECHO_HI_SLIDE).locator('.exercise-block[data-exercise="echo-hi"]')
    const block = exercise.locator(`.run-block[data-key="${ATTEMPT}"]`)

    await runAttempt(block, 'docker run hello-world')
    await exercise.locator('.exercise-check').click()
    const verdict = exercise.locator('.exercise-verdict')
    await expect.poll(() => verdict.getAttribute('data-pass'), { timeout: 20_000 }).toBe('no')
    const hint = await textOf(verdict)
    expect(hint).toMatch(/^아직입니다\. alpine 이미지로 실행해야 합니다/)
    expect(hint, 'the hint says what it saw').toContain('hello-world')
    await d.screenshot('self-study-07-hint')

    await runAttempt(block, 'docker run alpine echo hi')
    expect(await textOf(block.locator('.run-output'))).toBe('hi')
    await exercise.locator('.exercise-check').click()
    await expect.poll(() => verdict.getAttribute('data-pass'), { timeout: 20_000 }).toBe('yes')
    expect(await textOf(verdict)).toBe('통과! 엔진의 실제 상태가 과제와 맞습니다.')
    expect(await textOf(exercise.locator('.exercise-passed'))).toBe('✔ 통과함')
    expect(await textOf(exercise.locator('.study-progress-row[data-section="run"] .study-progress-count'))).toBe('2/3')
    await d.screenshot('self-study-07-pass')
  })

  test('a stuck student climbs the help: 힌트 1, 힌트 2, the reference solution, then 풀이 실행 runs it on the engine and the check passes; the slide still fits', async () => {
    const slide = slideContaining('id: stop-143')
    const stop143 = deckSelfStudy().exercises.find((exercise) => exercise.id === 'stop-143')!
    await d.go(slide)
    const exercise = d.slide(slide).locator('.exercise-block[data-exercise="stop-143"]')
    expect(await exercise.locator('.exercise-solution-toggle').count(), 'the solution waits until both hints are read').toBe(0)
    await exercise.locator('.exercise-next-hint').click()
    await exercise.locator('.exercise-next-hint').click()
    expect(await exercise.locator('.exercise-hint-step').allTextContents()).toEqual(stop143.hintSteps.map((hint, i) => `힌트 ${i + 1} ${hint}`))
    await exercise.locator('.exercise-solution-toggle').click()
    const solution = exercise.locator('.exercise-solution .run-block')
    expect(await solution.evaluateAll((blocks) => blocks.map((block) => block.getAttribute('data-key')))).toEqual(stop143.solution.map((_, i) => solutionKey('stop-143', i + 1)))
    expect(await overflowOf(d.page, slide)).toEqual([])
    await d.screenshot('self-study-08-help-climbed')

    // 풀이 실행: the solution runs on the engine, block by block, and the check passes for real.
    await exercise.locator('.exercise-run-solution').click()
    const verdict = exercise.locator('.exercise-verdict')
    await expect.poll(() => verdict.getAttribute('data-pass'), { timeout: 60_000 }).toBe('yes')
    for (const block of await solution.all()) {
      const runId = await block.getAttribute('data-run-id')
      expect(runId, 'every solution line ran').toBeTruthy()
      d.startedRuns.add(runId!)
    }
    expect(await solution.last().locator('.run-exit').getAttribute('data-exit')).toBe('0')
    expect(await overflowOf(d.page, slide)).toEqual([])
    await d.screenshot('self-study-09-solution-ran')
  })

  test('처음부터 다시 sets up the known start, so the check sees only this exercise\'s work; again, it puts back what was removed', async () => {
    const slide = slideContaining('id: keep-running')
    await d.go(slide)
    const exercise = d.slide(slide).locator('.exercise-block[data-exercise="keep-running"]')
    expect(await textOf(exercise.locator('.exercise-start'))).toContain('docker run -d --name ex-keep alpine sleep 300')
    const note = exercise.locator('.exercise-reset-note')
    const verdict = exercise.locator('.exercise-verdict')

    await exercise.locator('.exercise-reset').click()
    await expect.poll(() => textOf(note), { timeout: 60_000 }).toMatch(/ 시작 상태를 만들었습니다\.$/)
    await exercise.locator('.exercise-check').click()
    await expect.poll(() => verdict.getAttribute('data-pass'), { timeout: 20_000 }).toBe('no')
    expect(await textOf(verdict), 'the start\'s ended containers are the ones left').toMatch(/echo (one|two)/)

    await runAttempt(exercise.locator(`.run-block[data-key="${attemptKey('keep-running', 1)}"]`), 'docker rm ex-one ex-two')
    await exercise.locator('.exercise-check').click()
    await expect.poll(() => verdict.getAttribute('data-pass'), { timeout: 20_000 }).toBe('yes')
    expect(await overflowOf(d.page, slide)).toEqual([])
    await d.screenshot('self-study-10-reset-passed')

    await exercise.locator('.exercise-reset').click()
    await expect.poll(() => textOf(note), { timeout: 60_000 }).toBe('이 연습의 컨테이너 1개를 지웠습니다. 시작 상태를 만들었습니다.')
    expect(await verdict.count(), 'the old verdict goes with the old state').toBe(0)
    await exercise.locator('.exercise-check').click()
    await expect.poll(() => verdict.getAttribute('data-pass'), { timeout: 20_000 }).toBe('no')
    expect(await textOf(verdict)).toMatch(/echo (one|two)/)
  })

  test('the exit-code lab marks each code made on the engine, and leaves the rest open', async () => {
    const slide = slideContaining('id: exit-codes')
    await d.go(slide)
    const exercise = d.slide(slide).locator('.exercise-block[data-exercise="exit-codes"]')
    await exercise.locator('.exercise-reset').click()
    await expect.poll(() => textOf(exercise.locator('.exercise-reset-note')), { timeout: 60_000 }).toMatch(/ 처음 상태입니다\.$/)
    const block = exercise.locator(`.run-block[data-key="${attemptKey('exit-codes', 1)}"]`)
    await runAttempt(block, 'docker run alpine nosuchcommand')
    expect(await block.locator('.run-exit').getAttribute('data-exit')).toBe('127')
    await exercise.locator('.exercise-check').click()
    const verdict = exercise.locator('.exercise-verdict')
    await expect.poll(() => verdict.getAttribute('data-pass'), { timeout: 20_000 }).toBe('no')
    expect(await textOf(verdict)).toBe('아직입니다. 아직 만들지 못한 종료 코드: 0, 1, 125, 126, 137, 143. 만든 코드: 127')
    const chips = exercise.locator('.exercise-lab li')
    expect(await chips.evaluateAll((items) => items.map((item) => `${item.getAttribute('data-code')}${item.hasAttribute('data-made') ? '✔' : ''}`)))
      .toEqual(['0', '1', '125', '126', '127✔', '137', '143'])
    expect(await overflowOf(d.page, slide)).toEqual([])
    await d.screenshot('self-study-11-exit-code-lab')
  })

  test('a reload keeps the answers, the passes and the hints read, in this browser only', async () => {
    await d.page.reload()
    await live(d)
    await d.go(HELLO_LS.slide)
    expect(await d.block(HELLO_LS).getAttribute('data-prediction')).toBe('answered')
    expect(await textOf(d.block(HELLO_LS).locator('.predict-result'))).toMatch(/^맞았습니다! 정답: 127/)
    await d.go(ECHO_HI_SLIDE)
    expect(await textOf(d.slide(ECHO_HI_SLIDE).locator('.exercise-passed'))).toBe('✔ 통과함')
    const stopSlide = slideContaining('id: stop-143')
    await d.go(stopSlide)
    expect(await d.slide(stopSlide).locator('.exercise-hint-step').count(), 'the hints read stay read').toBe(2)
    await d.go(1)
    const overall = d.slide(1).locator('.study-progress-row[data-section="overall"] .study-progress-count')
    expect(await textOf(overall)).toMatch(/^4\/\d+$/)
    const stored = await d.page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('docker-live-deck:study:')))
    expect(stored).toHaveLength(1)
  })
})
