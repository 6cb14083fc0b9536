// The English edition's lecture, given in order on one engine: `npm start --
// --lang en` (npm run start:en) of its own, in Chromium with a Korean
// browser, since the edition decides the UI's language. After the walk, an
// exercise done wrong gets its English hint naming what the engine has, and
// done right it passes.
import { rmSync } from 'node:fs'
import { beforeAll, describe, expect, test } from 'vitest'
import { attemptKey } from '../../lib/self-study/names.ts'
import { startNpmStart, type NpmStart } from '../../scripts/deck-server/npm-start-process.ts'
import { slideContaining } from '../support/deck-blocks.ts'
import { removeContainersOfRuns, textOf } from '../support/deck-page.ts'
import { walkTheLecture } from '../support/lecture-walk.ts'
import { overflowOf, smallTextOf } from '../support/overflow.ts'
import { deckAddressOf, stopLeavingNothing, type DeckAddress } from '../support/started-deck.ts'

let started: NpmStart | undefined
let address: DeckAddress

beforeAll(async () => {
  started = await startNpmStart({ args: ['--lang', 'en'] })
  address = deckAddressOf(started)
}, 240_000)

/** Ctrl-C to this file's npm start, checked to leave nothing behind; the walk calls it after its own cleanup, whatever happened. */
async function stopDeck(): Promise<void> {
  if (!started) return
  try {
    await stopLeavingNothing(started)
  } finally {
    rmSync(started.stateDir, { recursive: true, force: true })
    started = undefined
  }
}

const lecturerTab = walkTheLecture('en', () => address, { stopDeck })

describe('the English edition beyond the lecture', () => {
  test('the page declares English for screen readers and hyphenation', async () => {
    expect(await lecturerTab().page.evaluate(() => document.documentElement.lang)).toBe('en')
  })

  test('checks an exercise on the engine, with its English hint, then passes it', async () => {
    const d = lecturerTab()
    const slide = slideContaining('id: echo-hi')
    await d.go(slide)
    const exercise = d.slide(slide).locator('.exercise-block[data-exercise="echo-hi"]')
    const block = exercise.locator(`.run-block[data-key="${attemptKey('echo-hi', 1)}"]`)
    const verdict = exercise.locator('.exercise-verdict')
    const runs: string[] = []
    const attempt = async (line: string) => {
      runs.push(await d.runEdited(block, line))
      await exercise.locator('.exercise-check').click()
    }
    try {
      await attempt('docker run hello-world')
      await expect.poll(() => verdict.getAttribute('data-pass'), { timeout: 20_000 }).toBe('no')
      expect(await textOf(verdict)).toMatch(/^Not yet\. .*hello-world/)

      await attempt('docker run alpine echo hi')
      await expect.poll(() => verdict.getAttribute('data-pass'), { timeout: 20_000 }).toBe('yes')
      expect(await textOf(verdict)).toBe('Passed! The engine\'s real state matches the task.')
      expect(await overflowOf(d.page, slide)).toEqual([])
      expect(await smallTextOf(d.page, slide)).toEqual([])
      await d.screenshot('exercise-passed')
    } finally {
      await removeContainersOfRuns(runs)
    }
  })
})
