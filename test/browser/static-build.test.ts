// The static build for self-study (`npm run build`): served by a plain static
// server that knows no routes, and opened from disk, in Chromium with no
// runner anywhere; every block shows its recorded output,
// Run replays it, the lifecycle view shows the recorded states, predictions
// are answered against the recordings, an exercise's help climbs (two hints)
// and it shows its reference solution's recording after a try, progress survives a reload, every slide
// fits and passes axe-core (asked, answered and printed), and nothing is
// fetched from another host. The English edition, built beside it in en/,
// speaks English throughout and fits as the Korean does.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { execa } from 'execa'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deckBlocks, SLIDES_PATH } from '../../scripts/recording/deck-blocks.ts'
import { readDeck } from '../../setup/deck-source.ts'
import { EDITION_PATHS, type Edition } from '../../setup/deck-editions.ts'
import { serveStatic } from '../support/static-server.ts'
import { covered, SLIDE_COUNT } from '../support/blocks.ts'
import { deckRunBlocks, slideContaining } from '../support/deck-blocks.ts'
import { emptyProgress, progressKey, STUDENT_KEY, withAnswer } from '../../lib/self-study/progress.ts'
import { QUESTIONS_KEY } from '../../lib/self-study/settings.ts'
import { deckSelfStudy } from '../../setup/self-study-inventory.ts'
import { axeViolations } from '../support/axe.ts'
import { launchChromium, SCREENSHOTS, textOf } from '../support/deck-page.ts'
import { overflowOf, settled, smallTextOf } from '../support/overflow.ts'
import { englishUiWordsOn, koreanOn } from '../support/ui-language.ts'

const STOP_SLIDE = covered('docker run --name stop-demo alpine ping localhost', 'ping-for-stop').slide
const HELLO_LS_SLIDE = covered('docker run hello-world ls').slide
const ECHO_HI_SLIDE = slideContaining('id: echo-hi')

describe('the static build', () => {
  let out: string
  let site: Awaited<ReturnType<typeof serveStatic>>
  let browser: Browser
  let page: Page
  const foreign: string[] = []
  const blocks = deckBlocks()
  const keyOf = (line: string) => blocks.find((block) => block.line === line)!.key
  /** Slide `no` of the site (the English edition's under en/): hash routing, so the server only ever serves the folder's index.html. */
  const at = (no: number, query = '', edition: Edition = 'ko') => `${site.url}/${edition === 'ko' ? '' : `${edition}/`}${query}#/${no}`

  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'deck-static-'))
    await execa('npx', ['tsx', 'scripts/bin/build.ts', '--out', out, '--no-pdf'], { cwd: path.resolve(import.meta.dirname, '../..') })
    site = await serveStatic(out)
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
    // These tests look at the recordings as a lecture shows them: questions off (the prediction test turns them on with ?questions=on).
    await page.addInitScript((key) => localStorage.setItem(key, 'off'), QUESTIONS_KEY)
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
    await page.goto(at(covered('docker run hello-world').slide))
    await expect.poll(() => page.locator('.runner-badge').textContent(), { timeout: 15_000 }).toContain('녹화된 출력')
    // Recorded by design, not "no runner found": the built site never looks for one.
    expect(await page.locator('.runner-badge').getAttribute('data-status')).toBe('recorded')
    const block = page.locator(`.run-block[data-key="${keyOf('docker run hello-world')}"]`)
    await expect.poll(() => block.locator('.run-output').textContent()).toContain('Hello from Docker!')
    expect(await block.getAttribute('data-mode')).toBe('recorded')
    expect(await block.locator('.run-exit').getAttribute('data-exit')).toBe('0')
  })

  it('is served by a static server that knows no routes: /N is a 404 there, #/N is the slide', async () => {
    const hello = covered('docker run hello-world').slide
    expect((await fetch(`${site.url}/${hello}`)).status).toBe(404)
    await page.goto(at(hello))
    await expect.poll(() => page.locator(`.slidev-page-${hello} .run-block[data-key="${keyOf('docker run hello-world')}"] .run-output`).textContent()).toContain('Hello from Docker!')
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/${hello + 1}`)
  })

  it('opens from a folder on disk (file://): the recordings, a replay and the next slide, with nothing fetched from another host', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
    await context.addInitScript((key) => localStorage.setItem(key, 'off'), QUESTIONS_KEY)
    const fetched: string[] = []
    context.on('request', (request) => { if (!/^(data|blob):/.test(request.url())) fetched.push(request.url().replace(/[?#].*$/, '')) })
    const view = await context.newPage()
    try {
      const entry = pathToFileURL(path.join(out, 'index.html')).href
      await view.goto(`${entry}#/${STOP_SLIDE}`)
      await expect.poll(() => view.locator('.runner-badge').textContent(), { timeout: 15_000 }).toContain('녹화된 출력')
      expect(await view.locator('.runner-badge').getAttribute('data-status')).toBe('recorded')
      const ping = view.locator(`.slidev-page-${STOP_SLIDE} .run-block[data-key="ping-for-stop"]`)
      await ping.locator('.replay-button').click()
      await ping.locator('.skip-button').click()
      await expect.poll(() => ping.locator('.run-exit').getAttribute('data-exit')).toBe('137')
      await view.keyboard.press('ArrowRight')
      await expect.poll(() => new URL(view.url()).hash).toBe(`#/${STOP_SLIDE + 1}`)
      await view.locator(`.slidev-page-${STOP_SLIDE + 1} .slidev-layout`).first().waitFor({ state: 'visible' })
      await view.screenshot({ path: path.join(SCREENSHOTS, 'static-from-disk.png') })
      // The folder's own files only: the built site does not even look for a runner.
      const folder = pathToFileURL(out).href
      expect(fetched.filter((url) => !url.startsWith(`${folder}/`))).toEqual([])
      expect(fetched).toContain(entry)
    } finally {
      await context.close()
    }
  })

  it('opens the nav bar\'s "More Options" menu with the keyboard and the mouse: its toggle is one button, no longer nested in another', async () => {
    // A page of its own: the menu's settings (dark mode and the like) stay out of the other tests' pages.
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
    const view = await context.newPage()
    try {
      await view.goto(at(covered('docker run hello-world').slide))
      await view.mouse.move(30, 705)
      const toggle = view.getByRole('button', { name: 'More Options' })
      expect(await toggle.evaluate((button) => button.parentElement?.closest('button') ?? null)).toBeNull()
      await toggle.click()
      const menu = view.locator('nav .z-menu')
      await expect.poll(() => menu.count()).toBe(1)
      await toggle.click()
      await expect.poll(() => menu.count()).toBe(0)
      await toggle.focus()
      await view.keyboard.press('Enter')
      await expect.poll(() => menu.count()).toBe(1)
    } finally {
      await context.close()
    }
  })

  it('replays a block with its real timing, and Skip jumps to the end', async () => {
    await page.goto(at(STOP_SLIDE))
    const ping = page.locator('.run-block[data-key="ping-for-stop"]')
    await ping.locator('.replay-button').click()
    // Mid-replay the output is shorter than the final one and the exit line is not there yet.
    await expect.poll(() => ping.locator('.skip-button').count()).toBe(1)
    expect(await ping.locator('.run-exit').count()).toBe(0)
    await ping.locator('.skip-button').click()
    await expect.poll(() => ping.locator('.run-exit').getAttribute('data-exit')).toBe('137')
    await page.screenshot({ path: path.join(SCREENSHOTS, 'static-stop-vs-kill.png') })
  })

  it.each([
    ['stop', 'ping-for-stop', ['15', '9'], '(137)'],
    ['kill', 'ping-for-kill', ['9'], '(137)'],
    ['--init and stop', 'ping-with-init', ['15'], '(143)'],
    ['redis and stop', 'redis-for-stop', ['15'], '(0)'],
  ])('shows the recorded lifecycle of %s to its end: its signals and the exit code it ended with', async (_, key, signals, code) => {
    const no = deckRunBlocks().find((block) => block.key === key)!.slide
    await page.goto(at(no))
    // Slidev keeps the neighbouring slides mounted; look at this slide only.
    const rows = page.locator(`.slidev-page-${no} .lifecycle-row`)
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().locator('.signal').evaluateAll((elements) => elements.map((s) => s.getAttribute('data-signal')))).toEqual(signals)
    expect(await rows.first().getAttribute('data-state')).toBe('exited')
    expect(await rows.first().locator('li.current').textContent()).toContain(code)
  })

  it('shows an interactive block\'s final terminal screen as text', async () => {
    await page.goto(at(covered('docker exec -it <id:redis> redis-cli').slide))
    const screen = page.locator(`.run-block[data-key="${keyOf('docker exec -it <id:redis> redis-cli')}"] .run-screen`)
    await expect.poll(() => screen.textContent()).toContain('"hello"')
  })

  it('answers a prediction against the recording: the block holds its recorded output until then', async () => {
    await page.goto(at(HELLO_LS_SLIDE, '?questions=on'))
    const block = page.locator(`.slidev-page-${HELLO_LS_SLIDE} .run-block[data-key="${keyOf('docker run hello-world ls')}"]`)
    await expect.poll(() => block.getAttribute('data-prediction')).toBe('pending')
    expect(await block.locator('.run-output').count()).toBe(0)
    await block.locator('.predict-choice', { hasText: '127' }).click()
    await block.locator('.predict-submit').click()
    expect(await block.locator('.predict-result').textContent()).toMatch(/^맞았습니다! 정답: 127 \(내 예측: 127\)/)
    expect(await block.locator('.run-output').textContent()).toContain('executable file not found')
    expect(await block.locator('.run-exit').getAttribute('data-exit')).toBe('127')
  })

  it.each([['recorded', ''], ['print', '?print=true']])('opens redis\'s recorded log at its end in %s mode (show=end): the shutdown lines show, the start-up banner is scrolled away', async (_, query) => {
    const slide = covered('docker run --name stop-redis redis', 'redis-for-stop').slide
    await page.goto(at(slide, query))
    const output = page.locator('.run-block[data-key="redis-for-stop"] pre.run-output')
    await expect.poll(() => output.getAttribute('data-show-end'), { timeout: 15_000 }).toBe('')
    await settled(page, slide)
    // Whether the box shows a line: the line's rectangle against the box's, as drawn.
    const shows = (text: string) => output.evaluate((box, wanted) => {
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(wanted)
        if (at < 0) continue
        const range = document.createRange()
        range.setStart(node, at)
        range.setEnd(node, at + wanted.length)
        const line = range.getBoundingClientRect()
        const frame = box.getBoundingClientRect()
        return line.top >= frame.top - 1 && line.bottom <= frame.bottom + 1
      }
      return undefined
    }, text)
    expect(await shows('Redis is now ready to exit, bye bye')).toBe(true)
    expect(await shows('oO0OoO0OoO0Oo Redis is starting')).toBe(false)
  })

  it.each([['recorded', ''], ['print', '?print=true']])('shows, in %s mode, the container table the recorded docker ps -a --format beside it lists', async (_, query) => {
    const format = covered("docker ps -a --format 'table {{.ID}}\\t{{.Image}}\\t{{.Status}}\\t{{.Names}}'")
    await page.goto(at(format.slide, query))
    const slide = page.locator(`.slidev-page-${format.slide}`)
    const output = slide.locator(`.run-block[data-key="${keyOf(format.line)}"] .run-output`)
    await expect.poll(() => output.textContent(), { timeout: 15_000 }).toMatch(/CONTAINER ID/)
    const listed = ((await output.textContent()) ?? '').split('\n').slice(1).filter(Boolean).map((row) => row.split(/\s+/)[0]!)
    expect(listed.length).toBeGreaterThan(0)
    const rows = await slide.locator('.container-table tbody tr').allTextContents()
    const shown = rows.map((row) => /^[0-9a-f]{12}/.exec(row.trim())?.[0])
    expect(shown, `table rows: ${rows.join(' | ')}`).toEqual(listed.slice(0, 6))
  })

  it('keeps the words that answer a prediction hidden until it is answered, then shows them', async () => {
    const markdown = readFileSync(SLIDES_PATH, 'utf8')
    const explained = [...markdown.matchAll(/<AfterRun block="([^"]+)">/g)].map((match) => match[1]!)
    const asked = deckSelfStudy().predictions.filter((prediction) => explained.includes(prediction.for))
    expect(asked.length, 'slides.md has predictions whose explanation waits for the answer').toBeGreaterThanOrEqual(6)
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
    const view = await context.newPage()
    try {
      for (const prediction of asked) {
        const explanationSlide = slideContaining(`<AfterRun block="${prediction.for}">`)
        const explanation = view.locator(`.slidev-page-${explanationSlide} .after-run[data-block="${prediction.for}"]`)
        await view.goto(at(explanationSlide, '?questions=on'))
        await view.locator(`.slidev-page-${explanationSlide} .slidev-layout`).first().waitFor({ state: 'visible' })
        expect(await explanation.count(), `${prediction.for}: explained before it is answered`).toBe(0)
        // A slide that is only the explanation says where it will come from, rather than stand blank.
        if (explanationSlide !== prediction.slide) expect(await textOf(view.locator(`.slidev-page-${explanationSlide} .after-run-waiting`))).toContain('앞 슬라이드의 블록을 실행하면')
        await view.goto(at(prediction.slide, '?questions=on'))
        const question = view.locator(`.slidev-page-${prediction.slide} .predict-block[data-for="${prediction.for}"]`)
        if (prediction.choices) await question.locator('.predict-choice').first().click()
        else await question.locator('.predict-input').fill('모르겠다')
        await question.locator('.predict-submit').click()
        await question.locator('.predict-result').waitFor({ state: 'visible' })
        await view.goto(at(explanationSlide, '?questions=on'))
        await expect.poll(() => explanation.count(), { timeout: 10_000 }).toBe(1)
      }
    } finally {
      await context.close()
    }
  })

  it('shows an exercise\'s reference solution as recorded runs after a try, and keeps progress across a reload', async () => {
    await page.goto(at(ECHO_HI_SLIDE))
    const exercise = page.locator(`.slidev-page-${ECHO_HI_SLIDE} .exercise-block[data-exercise="echo-hi"]`)
    expect(await exercise.getAttribute('data-mode')).toBe('recorded')
    // The help climbs here too, without an engine: 힌트 1, then 힌트 2.
    const echoHi = deckSelfStudy().exercises.find((candidate) => candidate.id === 'echo-hi')!
    await exercise.locator('.exercise-next-hint').click()
    expect(await exercise.locator('.exercise-hint-step').allTextContents()).toEqual([`힌트 1 ${echoHi.hintSteps[0]}`])
    await exercise.locator('.exercise-next-hint').click()
    expect(await exercise.locator('.exercise-hint-step').allTextContents()).toEqual(echoHi.hintSteps.map((hint, i) => `힌트 ${i + 1} ${hint}`))
    expect(await exercise.locator('.exercise-next-hint').count()).toBe(0)
    expect(await overflowOf(page, ECHO_HI_SLIDE)).toEqual([])
    await exercise.locator('.exercise-draft').fill('docker run alpine echo hi')
    await exercise.locator('.exercise-compare').click()
    const solution = exercise.locator('.exercise-solution .run-block')
    await expect.poll(async () => (await solution.locator('.run-output').textContent())?.trim()).toBe('hi')
    expect(await solution.locator('.run-exit').getAttribute('data-exit')).toBe('0')
    await exercise.locator('.exercise-self-check').click()
    expect(await exercise.locator('.exercise-passed').textContent()).toBe('✔ 스스로 확인함')
    await page.screenshot({ path: path.join(SCREENSHOTS, 'static-exercise-echo-hi.png') })
    expect(await overflowOf(page, ECHO_HI_SLIDE)).toEqual([])
    await page.reload()
    await expect.poll(() => page.locator(`.slidev-page-${ECHO_HI_SLIDE} .exercise-passed`).textContent()).toBe('✔ 스스로 확인함')
    expect(await page.locator(`.slidev-page-${ECHO_HI_SLIDE} .exercise-hint-step`).count(), 'the hints read stay read after a reload').toBe(2)
    await page.goto(at(HELLO_LS_SLIDE, '?questions=on'))
    expect(await page.locator(`.slidev-page-${HELLO_LS_SLIDE} .predict-result`).textContent()).toMatch(/^맞았습니다!/)
  })

  /** Every slide of edition `edition` of the site in `mode`, with what overflows, is too small, or fails axe-core; screenshots each. */
  async function layoutProblems(edition: Edition, mode: string, query: string): Promise<string[]> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: edition === 'en' ? 'en-US' : 'ko-KR' })
    const { predictions } = deckSelfStudy(EDITION_PATHS[edition])
    if (mode === 'answered') {
      const progress = predictions.reduce((sum, p) => withAnswer(sum, p.id, String(p.choices?.[0] ?? 'wrong answer'), false), emptyProgress())
      const title = readDeck(EDITION_PATHS[edition])[0]!.frontmatter.title as string
      await context.addInitScript(({ student, key, value }) => {
        localStorage.setItem(student, 'layout-check-student')
        localStorage.setItem(key, value)
      }, { student: STUDENT_KEY, key: progressKey(title, 'layout-check-student'), value: JSON.stringify(progress) })
    }
    const view = await context.newPage()
    const problems: string[] = []
    let answersShown = 0
    const prefix = edition === 'ko' ? '' : `${edition}-`
    try {
      for (let no = 1; no <= SLIDE_COUNT; no++) {
        await view.goto(at(no, query, edition))
        await view.locator(`.slidev-page-${no} .slidev-layout`).first().waitFor({ state: 'visible' })
        await settled(view, no)
        await view.screenshot({ path: path.join(SCREENSHOTS, `${prefix}${mode}-${String(no).padStart(2, '0')}.png`) })
        for (const problem of [...await overflowOf(view, no), ...await smallTextOf(view, no)]) problems.push(`slide ${no}: ${problem}`)
        if (mode !== 'print') for (const violation of await axeViolations(view, no)) problems.push(`slide ${no}: ${violation}`)
        answersShown += await view.locator(`.slidev-page-${no} .predict-result`).count()
      }
      if (mode === 'answered') expect(answersShown, 'the answered mode shows every answer').toBe(predictions.length)
    } finally {
      await context.close()
    }
    return problems
  }

  // asked: every prediction waiting for its answer; answered: every one answered (wrongly, the longest line); print: the document.
  it.each([['recorded', ''], ['answered', ''], ['print', '?print=true']])('fits every slide in its 16:9 frame at 1280×720 in %s mode, no text below 15 px (prose 20 px), with no serious or critical axe-core violation', async (mode, query) => {
    expect(await layoutProblems('ko', mode, query)).toEqual([])
  }, 300_000)

  // A Korean browser; an English one gets the English UI on the Korean slides (the second UI language), as test/unit/language-setup.test.ts says.
  it('speaks Korean to a Korean browser: no English UI word on any slide\'s buttons, exit lines, notices or badge', async () => {
    const english: string[] = []
    for (let no = 1; no <= SLIDE_COUNT; no++) {
      await page.goto(at(no))
      await page.locator(`.slidev-page-${no} .slidev-layout`).first().waitFor({ state: 'visible' })
      await settled(page, no)
      english.push(...(await englishUiWordsOn(page, no)).map((found) => `slide ${no}: ${found}`))
    }
    expect(await textOf(page.locator('.runner-badge'))).toContain('녹화된 출력')
    expect(english).toEqual([])
  }, 300_000)

  describe('the English edition (en/)', () => {
    it('speaks English: its slides, its badge and every word its components show, with no Korean outside what docker printed', async () => {
      const hello = covered('docker run hello-world').slide
      const view = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
      try {
        // A Korean browser still gets the English edition's UI: the edition decides, unless the student chose.
        await view.goto(at(hello, '', 'en'))
        await expect.poll(() => view.locator('.runner-badge').textContent(), { timeout: 15_000 }).toContain('recorded')
        expect(await view.evaluate(() => document.documentElement.lang)).toBe('en')
        const block = view.locator(`.slidev-page-${hello} .run-block[data-key="${keyOf('docker run hello-world')}"]`)
        await expect.poll(() => block.locator('.run-output').textContent()).toContain('Hello from Docker!')
        for (let no = 1; no <= SLIDE_COUNT; no++) {
          await view.goto(at(no, '', 'en'))
          await view.locator(`.slidev-page-${no} .slidev-layout`).first().waitFor({ state: 'visible' })
          await settled(view, no)
          const langs = await view.evaluate((page) => [...new Set([...document.querySelectorAll(`.slidev-page-${page} [lang]`)].map((element) => element.getAttribute('lang')))], no)
          expect(langs.filter((lang) => lang !== 'en'), `slide ${no}: component words in another language`).toEqual([])
          expect(await koreanOn(view, no), `slide ${no}: Korean on the English slide`).toEqual([])
        }
      } finally {
        await view.close()
      }
    }, 300_000)

    it.each([['recorded', ''], ['answered', ''], ['print', '?print=true']])('fits every slide in its 16:9 frame at 1280×720 in %s mode, as the Korean does', async (mode, query) => {
      expect(await layoutProblems('en', mode, query)).toEqual([])
    }, 300_000)
  })

  it('fetches nothing from another host', () => {
    expect(foreign).toEqual([])
  })
})
