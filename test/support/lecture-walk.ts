// The whole lecture in Chromium against `npm start`'s deck and a real engine,
// for either edition: open the address npm start prints, click each slide's
// Run buttons in the order of a lecture, and see what the engine did — output,
// exit codes, the lifecycle view, terminals — with every slide measured as the
// lecture leaves it. Each test stops what it leaves running, and the last
// slides' rm and prune remove the deck's stopped containers.
// test/browser/live-deck.test.ts walks the Korean edition, live-deck.en.test.ts the English.
import { readFileSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, onTestFinished, test } from 'vitest'
import { OWNED_FILTER, RUN_LABEL } from '../../lib/labels.ts'
import { DEMO_IMAGE } from '../../runner/engine/demo-image.ts'
import { QUESTIONS_KEY } from '../../lib/self-study/settings.ts'
import { blockName, type BlockRef } from './deck-blocks.ts'
import { DeckPage, launchChromium, textOf } from './deck-page.ts'
import { SOONER_THAN_GRACE_MS } from './alive.ts'
import { inspect } from './engine-state.ts'
import { overflowOf, settled, smallTextOf } from './overflow.ts'
import { covered, SLIDE_COUNT } from './blocks.ts'
import { shareFile, writeShareFile } from '../../scripts/deck-server/classroom-share.ts'
import type { Edition } from '../../setup/deck-editions.ts'
import type { DeckAddress } from './started-deck.ts'
import { englishUiWordsOn, koreanOn } from './ui-language.ts'

/** What each edition says where the walk reads the deck's own words (the browser is Korean for both: the edition decides). */
interface EditionWords {
  liveBadge: RegExp
  sharingBadge: string
  stoppedWithCtrlC: RegExp
  sigintNotice: string
  stopped: RegExp
  /** On the slide after `docker logs`: the greeting shows twice. */
  twice: string
}

const EDITION_WORDS: Record<Edition, EditionWords> = {
  ko: {
    liveBadge: /실시간 · Docker \d+\.\d+/,
    sharingBadge: '공유 중 · 방 코드 18hqzjav · 0명',
    stoppedWithCtrlC: /^Ctrl-C로 중지 · 종료 코드 0 · /,
    sigintNotice: 'Ctrl-C처럼 SIGINT를 보냈습니다',
    stopped: /^중지됨 · /,
    twice: '두 번',
  },
  en: {
    liveBadge: /live · Docker \d+\.\d+/,
    sharingBadge: 'sharing · room code 18hqzjav · 0 joined',
    stoppedWithCtrlC: /^stopped with Ctrl-C · exit 0 · /,
    sigintNotice: 'Sent SIGINT, as Ctrl-C in a terminal does',
    stopped: /^stopped · /,
    twice: 'twice',
  },
}

/** The Korean walk's screenshots keep their names; the English ones go beside them. */
const SCREENSHOT_PREFIX: Record<Edition, string> = { ko: '', en: 'en-' }

let deck: DeckAddress
let words: EditionWords
let browser: Browser
let context: BrowserContext
let d: DeckPage

// The blocks, by command line (and key where the deck repeats a line), all listed in ./blocks.ts; their slides come from slides.md.
const HELLO = covered('docker run hello-world')
const ALPINE_LS = covered('docker run alpine ls')
const HELLO_LS = covered('docker run hello-world ls')
const MY_PING = covered('docker run -d --name my-ping alpine ping localhost')
const PS = covered('docker ps')
const TOP = covered('docker top my-ping -o pid,ppid,args')
const PS_A = covered('docker ps -a')
const PS_TABLE = covered("docker ps -a --format 'table {{.ID}}\\t{{.Image}}\\t{{.Status}}\\t{{.Names}}'")
const CREATE = covered('docker create hello-world')
const START_A = covered('docker start -a <id:hello-world>')
const START = covered('docker start <id:hello-world>')
const LOGS = covered('docker logs <id:hello-world>', 'logs-twice')
const PING_FOR_STOP = covered('docker run --name stop-demo alpine ping localhost', 'ping-for-stop')
const STOP = covered('docker stop stop-demo')
const PING_FOR_KILL = covered('docker run --name kill-demo alpine ping localhost', 'ping-for-kill')
const KILL = covered('docker kill kill-demo', 'kill-demo')
const PING_WITH_INIT = covered('docker run --init --name init-demo alpine ping localhost', 'ping-with-init')
const STOP_GRACEFUL = covered('docker stop init-demo', 'stop-graceful')
const REDIS_FOR_STOP = covered('docker run --name stop-redis redis', 'redis-for-stop')
const STOP_REDIS = covered('docker stop stop-redis')
const RM_RUNNING = covered('docker rm my-ping', 'rm-running')
const RM_FORCE = covered('docker rm -f my-ping')
const PS_IDS = covered('docker ps -a -q', 'ps-ids')
const RM_ALL = covered('docker rm $(docker ps -a -q)')
const RM_QUOTED = covered("docker rm 'docker ps -a -q'", 'rm-quoted')
const IMAGES = covered('docker images')
const CREATE_RMI_USER = covered('docker create docker-live-deck/rmi-demo', 'create-rmi-user')
const RMI_IN_USE = covered('docker rmi <image-id:docker-live-deck/rmi-demo>', 'rmi-in-use')
const RM_RMI_USER = covered('docker rm <id>', 'rm-rmi-user')
const RMI = covered('docker rmi <image-id:docker-live-deck/rmi-demo>')
const CREATE_FOR_PRUNE = covered('docker create hello-world', 'create-for-prune')
const PRUNE = covered('docker system prune')
const PING_FOR_EXEC = covered('docker run alpine ping localhost', 'ping-for-exec')
const EXEC_LS = covered('docker exec <id:alpine> ls')
const REDIS = covered('docker run redis')
const REDIS_CLI_OUTSIDE = covered('docker run --rm redis redis-cli ping', 'redis-cli-outside')
const REDIS_CLI_NO_IT = covered('docker exec <id:redis> redis-cli', 'redis-cli-no-it')
const REDIS_CLI_PING = covered('docker exec <id:redis> redis-cli ping')
const REDIS_CLI = covered('docker exec -it <id:redis> redis-cli')
const REDIS_CLI_I_ONLY = covered('docker exec -i <id:redis> redis-cli', 'redis-cli-i-only')
const SH_T_ONLY = covered('docker exec -t <id:redis> sh', 'sh-t-only')
const PING_FOR_SH = covered('docker run alpine ping localhost', 'ping-for-shell')
const SH = covered('docker exec -it <id:alpine> sh')
const PS_AFTER_SHELL = covered("docker ps --format 'table {{.Names}}\\t{{.Command}}\\t{{.Status}}'", 'ps-after-shell')

/** The containers (12-digit IDs) a run created, asked of the engine by the run's label. */
async function containersOf(runId: string): Promise<string[]> {
  const { stdout } = await execa('docker', ['ps', '-a', '-q', '--filter', `label=${RUN_LABEL}=${runId}`])
  return stdout.split('\n').filter(Boolean)
}

async function containerOf(runId: string): Promise<string> {
  const ids = await containersOf(runId)
  expect(ids, `run ${runId} should have made exactly one container`).toHaveLength(1)
  return ids[0]!
}

const lines = (text: string) => text.split('\n').map((line) => line.trim())

/** Starts a long-running block, and stops it after the test if the test did not. */
async function runLongLived(ref: Parameters<DeckPage['run']>[0]): Promise<string> {
  const runId = await d.run(ref)
  // Stop is Ctrl-C, which leaves the container exited: after a test that failed midway, it goes with the others at the end.
  onTestFinished(async () => {
    if (await d.stopIfRunning(ref)) leftByCtrlC.push(...await containersOf(runId))
  })
  return runId
}

/**
 * Starts `server` and waits for `ready`; runs `stop`, which names it `name`:
 * SIGTERM alone must end it before any grace period runs out, with `code`.
 * Resolves with the container's 12-digit ID.
 */
async function stopsOnSigtermAlone(server: BlockRef, ready: string, stop: BlockRef, name: string, code: string): Promise<string> {
  const serverRun = await runLongLived(server)
  await d.waitForOutput(server, ready, 20_000)
  const id = await containerOf(serverRun)
  const clicked = Date.now()
  await d.run(stop)
  expect(await d.resolvedId(stop, name), `${blockName(stop)} must reach this slide's container`).toBe(id)
  const row = d.slide(stop.slide).locator(`.lifecycle-row[data-container="${id}"]`)
  await expect.poll(() => row.getAttribute('data-state'), { timeout: 8_000 }).toBe('exited')
  expect(Date.now() - clicked, 'SIGTERM ends it before the grace period').toBeLessThan(SOONER_THAN_GRACE_MS)
  expect(await textOf(row.locator('.signal[data-signal="15"]'))).toMatch(/SIGTERM/)
  expect(await row.locator('.signal[data-signal="9"]').count()).toBe(0)
  expect(await textOf(row.locator('li.current'))).toContain(`(${code})`)
  expect(await d.exitCode(server)).toBe(code)
  expect(await d.exitCode(stop)).toBe('0')
  return id
}

/** Containers Stop (Ctrl-C) left exited, as a lecture leaves them; removed at the end. */
const leftByCtrlC: string[] = []

/**
 * Presses Stop on a foreground run: Ctrl-C. docker passes SIGINT to the
 * container's PID 1, which answers with `said` and exit 0; the container
 * stays, exited, where `docker ps -a` lists it, for the rest of the lecture.
 */
async function stopsWithCtrlC(ref: BlockRef, runId: string, said: string | RegExp): Promise<void> {
  const id = await containerOf(runId)
  await d.stop(ref)
  expect(await textOf(d.exit(ref))).toMatch(words.stoppedWithCtrlC)
  expect(await d.output(ref)).toMatch(said)
  expect(await d.output(ref)).toContain(words.sigintNotice)
  const state = (await inspect(id)).State
  expect({ status: state.Status, code: state.ExitCode }, 'the container stays, exited with 0, as after Ctrl-C in a terminal').toEqual({ status: 'exited', code: 0 })
  leftByCtrlC.push(id)
}

/** How many deck containers that this file's runs did not make were destroyed since `since` (ms). */
async function foreignRemovals(since: number): Promise<number> {
  const { stdout } = await execa('docker', ['events', '--since', String(Math.floor(since / 1000) - 1), '--until', '0s',
    '--filter', 'type=container', '--filter', 'event=destroy', '--filter', `label=${RUN_LABEL}`, '--format', `{{index .Actor.Attributes "${RUN_LABEL}"}}`], { reject: false })
  return stdout.split('\n').filter((runId) => runId && !d.startedRuns.has(runId)).length
}

/**
 * Registers the lecture, in order, as tests of the calling file: `edition`
 * names the UI words expected, `deckAt` the running deck (asked once the
 * calling file's own setup hooks have run). Returns the lecturer's tab, for
 * tests the file adds after the lecture (they remove what they run).
 * `stopDeck` runs last, even when the lecture's own cleanup fails: a deck
 * the calling file started must never outlive it.
 */
export function walkTheLecture(edition: Edition, deckAt: () => DeckAddress, options: { stopDeck?: () => Promise<void> } = {}): () => DeckPage {
  beforeAll(async () => {
    deck = deckAt()
    words = EDITION_WORDS[edition]
    // The lecture is shared with a classroom, as in a real room: every question block of the lecturer's
    // windows carries the room's bars and the reveal button, and the layout checks below measure them too.
    writeShareFile(deck.stateDir, { url: 'http://192.0.2.10:3031/?code=18hqzjav', code: '18hqzjav', followers: 0 })
    browser = await launchChromium()
    context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'ko-KR' })
    // A lecture: the presenter has turned the prediction questions off (test/browser/self-study.test.ts asks them).
    await context.addInitScript((key) => localStorage.setItem(key, 'off'), QUESTIONS_KEY)
    const page = await context.newPage()
    page.setDefaultTimeout(20_000)
    d = new DeckPage(page, deck.origin, SCREENSHOT_PREFIX[edition])
  })

  let testStartedAt = 0
  beforeEach(() => {
    testStartedAt = Date.now()
  })

  // A failed test leaves a screenshot, and a word on whether someone else emptied the engine meanwhile.
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail' || !d) return
    await d.screenshot(`failed-${task.name.replace(/[^\w-]+/g, '-').slice(0, 60)}`).catch(() => undefined)
    const foreign = await foreignRemovals(testStartedAt)
    if (foreign > 0) {
      console.warn(`[${task.name}] While this test ran, ${foreign} deck container(s) that no run of this file made were removed from the engine: ` +
        'another runner or test run shares this engine, and a runner start or reset removes every deck-labelled container, ours included. Rerun when the engine is otherwise idle before concluding.')
    }
  })

  afterAll(async () => {
    try {
      rmSync(shareFile(deck.stateDir), { force: true })
      await browser?.close()
      if (leftByCtrlC.length) await execa('docker', ['rm', ...leftByCtrlC], { reject: false })
      // Every test removed what it made through the deck; if a container of
      // this file's runs is still there, remove it now and fail.
      const left = (await Promise.all([...(d?.startedRuns ?? [])].map(containersOf))).flat()
      if (left.length) {
        await execa('docker', ['rm', '-f', ...left], { reject: false })
        throw new Error(`The browser tests left these deck containers behind (now force-removed): ${left.join(' ')}`)
      }
    } finally {
      await options.stopDeck?.()
    }
  })

  describe('opening the deck', () => {
    test('the page npm start prints opens the deck live, and the token leaves the address bar', async () => {
      const openHtml = readFileSync(fileURLToPath(deck.openPage), 'utf8')
      expect(openHtml).toContain(`url=${deck.urlWithToken}`)

      await d.page.goto(deck.openPage)
      // The first load is slow on a fresh machine: Vite optimizes the deck's dependencies, then reloads.
      const badge = d.page.locator('.runner-badge')
      await expect.poll(async () => `${await badge.getAttribute('data-status', { timeout: 5_000 }).catch(() => 'no badge yet')}`, { timeout: 150_000, interval: 500 })
        .toBe('live')
        .catch(async (error: Error) => {
          throw new Error(`The deck did not turn live: ${await d.diagnosis()}`, { cause: error })
        })
      expect(await textOf(badge)).toMatch(words.liveBadge)
      // Shared with a classroom: the badge says so, and every question block carries the room's box (Slidev mounts every slide).
      await expect.poll(() => textOf(d.page.locator('.runner-sharing')), { timeout: 15_000 }).toContain(words.sharingBadge)
      await expect.poll(() => d.page.locator('.room-answers').count(), { timeout: 60_000 }).toBe(14)
      expect(new URL(d.page.url()).origin).toBe(deck.origin)
      expect(d.page.url()).not.toContain('#')
      expect(d.page.url()).not.toContain('token')
      // Kept for this tab only (an audience window asks an open deck tab for it), never in localStorage.
      const stored = await d.page.evaluate(() => ({ session: sessionStorage.getItem('docker-live-deck:runner'), local: localStorage.getItem('docker-live-deck:runner') }))
      expect(JSON.parse(stored.session ?? '{}')).toEqual({ url: `http://127.0.0.1:${deck.runnerPort}`, token: new URL(deck.urlWithToken).hash.split('token=')[1] })
      expect(stored.local).toBeNull()
      await d.go(1)
      await d.slide(1).locator('h1').waitFor({ state: 'visible' })
      await d.screenshot('01-title-live')
    }, 180_000)

    test('a lecture begins with ↺ reset on the badge: the deck\'s containers go, and the demo image the rmi slide removes is back', async () => {
      // As on an engine where the lecture was given before: its rmi slide removed the demo image.
      await execa('docker', ['rmi', DEMO_IMAGE], { reject: false })
      const reset = d.page.locator('.runner-reset:not(.runner-stop-share)')
      await reset.click()
      await expect.poll(async () => (await execa('docker', ['image', 'inspect', '--format', '{{.Id}}', DEMO_IMAGE], { reject: false })).exitCode, { timeout: 20_000 }).toBe(0)
      await expect.poll(() => reset.isEnabled()).toBe(true)
      expect((await execa('docker', ['ps', '-a', '-q', '--filter', OWNED_FILTER])).stdout).toBe('')
      expect(await d.page.locator('.runner-badge').getAttribute('data-status')).toBe('live')
    })

    test('arrow keys change slides while no block has focus', async () => {
      await d.go(5)
      await d.slide(5).locator('h1').click()
      await d.page.keyboard.press('ArrowRight')
      await d.page.waitForURL((url) => url.pathname === '/6')
      await d.page.keyboard.press('ArrowLeft')
      await d.page.waitForURL((url) => url.pathname === '/5')
    })
  })

  describe('docker run', () => {
    test('docker run hello-world prints the greeting, and the audience window shows the same run', async () => {
      await d.go(HELLO.slide)
      // The audience window: same browser profile (so the same stored runner address), same slide.
      const audience = new DeckPage(await context.newPage(), deck.origin, SCREENSHOT_PREFIX[edition])
      try {
        await audience.page.goto(`${deck.origin}/${HELLO.slide}`)
        await expect.poll(() => audience.page.locator('.runner-badge').getAttribute('data-status'), { timeout: 60_000 }).toBe('live')
        await audience.block(HELLO).waitFor({ state: 'visible' })

        const runId = await d.run(HELLO)
        await d.waitForOutput(HELLO, 'Hello from Docker!')
        expect(await d.exitCode(HELLO)).toBe('0')
        const exit = await d.exitLine(HELLO)

        // One execution, mirrored: the same run ID, output and exit line (with its duration).
        await expect.poll(() => audience.block(HELLO).getAttribute('data-run-id')).toBe(runId)
        await audience.waitForOutput(HELLO, 'Hello from Docker!')
        expect(await audience.output(HELLO)).toBe(await d.output(HELLO))
        expect(await audience.exitLine(HELLO)).toBe(exit)
        expect(await containersOf(runId)).toHaveLength(1)
        await d.screenshot('03-hello-world')
        await audience.screenshot('03-hello-world-audience')
      } finally {
        await audience.page.close()
        // The lecture tab is the one on screen again: a hidden tab gets no animation frames and slowed timers.
        await d.page.bringToFront()
      }
    })

    test('docker run alpine ls lists the image\'s file snapshot', async () => {
      await d.run(ALPINE_LS)
      expect(await d.exitCode(ALPINE_LS)).toBe('0')
      expect(lines(await d.output(ALPINE_LS))).toEqual(expect.arrayContaining(['bin', 'dev', 'etc']))
      await d.screenshot('05-alpine-ls')
    })

    test('docker run hello-world ls fails with exit 127, and the block says what 127 means', async () => {
      await d.run(HELLO_LS)
      expect(await d.exitCode(HELLO_LS)).toBe('127')
      expect(await d.exitLine(HELLO_LS)).toMatch(/127/)
      expect(await d.output(HELLO_LS)).toContain('executable file not found')
      await d.screenshot('06-hello-world-ls')
    })
  })

  describe('docker ps', () => {
    test('docker ps shows the container started on the slide as one row on one line, readable in full', async () => {
      const started = await d.run(MY_PING)
      expect(await d.exitCode(MY_PING)).toBe('0')
      const id = await containerOf(started)
      expect((await d.output(MY_PING)).trim()).toMatch(new RegExp(`^${id}[0-9a-f]{52}$`))

      await d.run(PS)
      expect(await d.exitCode(PS)).toBe('0')
      const rows = (await d.output(PS)).split('\n').filter(Boolean)
      expect(rows[0]).toMatch(/^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/)
      const row = rows.find((text) => text.startsWith(id))
      expect(row, `a row for ${id} in:\n${rows.join('\n')}`).toMatch(/alpine\s+"ping localhost"\s+.*\s+Up .*\s+my-ping$/)
      // One container per line, nothing wrapped, nothing cut off: the output box is as wide as its longest line.
      const fit = await d.block(PS).locator('.run-output').evaluate((pre) => ({
        whiteSpace: getComputedStyle(pre).whiteSpace,
        overflowing: pre.scrollWidth - pre.clientWidth,
      }))
      expect(fit).toEqual({ whiteSpace: 'pre', overflowing: 0 })
      await d.checkOnScreen(d.block(PS).locator('.run-output'), `${blockName(PS)}: output`)
      await d.screenshot('07-ps')
    })

    test('docker top my-ping shows the container\'s ping as a process of the host, with the host\'s PID', async () => {
      const myPing = (await Promise.all([...d.startedRuns].map(containersOf))).flat()
      await d.run(TOP)
      expect(await d.exitCode(TOP)).toBe('0')
      const rows = (await d.output(TOP)).split('\n').filter(Boolean)
      expect(rows[0]).toMatch(/^PID\s+PPID\s+COMMAND$/)
      const ping = rows.slice(1).map((row) => /^(\d+)\s+\d+\s+(.*)$/.exec(row)).find((match) => match?.[2] === 'ping localhost')
      expect(ping, rows.join('\n')).toBeDefined()
      // The PID is the host's: the engine reports the same process for my-ping.
      const pids = await Promise.all(myPing.map(async (id) => (await inspect(id)).State.Pid as number))
      expect(pids).toContain(Number(ping![1]))
      await d.screenshot('top')
    })

    test('docker ps -a and the --format table list every container made so far, and the deck\'s table agrees', async () => {
      const made = (await Promise.all([...d.startedRuns].map(containersOf))).flat()
      expect(made.length).toBeGreaterThanOrEqual(4)
      await d.run(PS_A)
      expect(await d.exitCode(PS_A)).toBe('0')
      const listing = await d.output(PS_A)
      for (const id of made) expect(listing).toContain(id)
      expect(listing).toMatch(/hello-world\s+"\/hello"\s+.*Exited \(0\)/)
      // The start that failed (hello-world ls) left its container Created, as the words shown after the run say.
      expect(listing).toMatch(/hello-world\s+"ls"\s+.*Created/)
      expect(await textOf(d.slide(PS_A.slide).locator('.after-run'))).toContain('Created')

      // The deck's own table, kept current from engine events, shows the same containers in the same states.
      await d.go(PS_TABLE.slide)
      const table = d.slide(PS_TABLE.slide).locator('.container-table tbody tr')
      await expect.poll(() => table.count()).toBe(made.length)
      for (const text of await table.allTextContents()) {
        const id = /[0-9a-f]{12}/.exec(text)?.[0]
        expect(id && listing.includes(id), `table row "${text}" should be a container of docker ps -a`).toBe(true)
        const status = /Exited \(\d+\)|Up|Created/.exec(text)?.[0]
        expect(listing.split('\n').find((line) => line.startsWith(id!)), `status of ${id}`).toContain(status!)
      }

      await d.run(PS_TABLE)
      expect(await d.exitCode(PS_TABLE)).toBe('0')
      const formatted = await d.output(PS_TABLE)
      expect(formatted).toMatch(/CONTAINER ID\s+IMAGE\s+STATUS\s+NAMES/)
      for (const id of made) expect(formatted).toContain(id)
      expect(formatted).toMatch(/hello-world\s+Exited \(0\)/)
      await d.screenshot('08-ps-a')
    })
  })

  describe('docker create + docker start', () => {
    test('create prints an ID; start -a <id:hello-world> shows the greeting; start alone prints the ID; logs shows what it printed', async () => {
      const created = await d.run(CREATE)
      expect(await d.exitCode(CREATE)).toBe('0')
      const output = (await d.output(CREATE)).trim()
      expect(output).toMatch(/^[0-9a-f]{64}$/)
      const id = output.slice(0, 12)
      expect(await containerOf(created)).toBe(id)

      await d.run(START_A)
      expect(await d.resolvedId(START_A, '<id:hello-world>')).toBe(id)
      await d.waitForOutput(START_A, 'Hello from Docker!')
      expect(await d.exitCode(START_A)).toBe('0')

      await d.run(START)
      expect(await d.resolvedId(START, '<id:hello-world>')).toBe(id)
      expect(await d.exitCode(START)).toBe('0')
      // The runner pinned the placeholder to the full ID, and docker echoes what it was given.
      expect((await d.output(START)).trim()).toMatch(new RegExp(`^${id}[0-9a-f]{52}$`))

      await d.run(LOGS)
      expect(await d.exitCode(LOGS)).toBe('0')
      // Two starts, two greetings: the log keeps everything the container printed, as the words shown after the run say.
      expect((await d.output(LOGS)).split('Hello from Docker!').length - 1).toBe(2)
      expect(await textOf(d.slide(LOGS.slide).locator('.after-run'))).toContain(words.twice)

      const row = d.slide(CREATE.slide).locator(`.lifecycle-row[data-container="${id}"]`)
      await expect.poll(() => row.getAttribute('data-state')).toBe('exited')
      expect(await textOf(row.locator('li.current'))).toMatch(/\(0\)/)
      await d.checkOnScreen(row.locator('li.current'), `slide ${CREATE.slide}: lifecycle state of the started container`)
      await d.screenshot('10-create-start')
    })
  })

  describe('docker stop vs docker kill', () => {
    test('stop sends SIGTERM, counts down the 10 s grace, then SIGKILL: exited (137)', async () => {
      const pingRun = await runLongLived(PING_FOR_STOP)
      await d.waitForOutput(PING_FOR_STOP, 'bytes from')
      const id = await containerOf(pingRun)

      await d.run(STOP)
      expect(await d.resolvedId(STOP, 'stop-demo'), 'docker stop stop-demo must reach this slide\'s ping').toBe(id)
      const row = d.slide(STOP.slide).locator(`.lifecycle-row[data-container="${id}"]`)
      await row.locator('.signal[data-signal="15"]').waitFor({ state: 'visible', timeout: 5_000 })
      const termSeen = Date.now()
      await d.checkOnScreen(row.locator('.signal[data-signal="15"]'), `slide ${STOP.slide}: SIGTERM in the lifecycle view`)
      expect(await textOf(row.locator('.signal[data-signal="15"]'))).toMatch(/SIGTERM/)

      // The grace period counts down while the container ignores SIGTERM; poll until SIGKILL ends it.
      const graces: number[] = []
      let screenshot: Promise<void> | undefined
      await expect.poll(async () => {
        const grace = /([\d.]+)\s*(s|초)/.exec(await textOf(row.locator('.grace')))
        if (grace) {
          graces.push(Number(grace[1]))
          screenshot ??= d.screenshot('11-stop-grace')
        }
        return row.locator('.signal[data-signal="9"]').count()
      }, { timeout: 20_000, interval: 250 }).toBe(1)
      const killSeen = Date.now()
      await screenshot
      expect(await textOf(row.locator('.signal[data-signal="9"]'))).toMatch(/SIGKILL/)
      expect(killSeen - termSeen, 'SIGKILL should come only after the grace period').toBeGreaterThan(8_000)
      expect(graces.length).toBeGreaterThan(3)
      expect(Math.max(...graces)).toBeGreaterThan(8)
      expect(Math.min(...graces)).toBeLessThan(2)
      expect(graces).toEqual([...graces].sort((a, b) => b - a))

      await expect.poll(() => row.getAttribute('data-state')).toBe('exited')
      expect(await textOf(row.locator('li.current'))).toMatch(/\(137\)/)
      await d.checkOnScreen(row.locator('li.current'), `slide ${STOP.slide}: lifecycle state of the stopped container`)
      expect(await d.exitCode(PING_FOR_STOP)).toBe('137')
      expect(await d.exitCode(STOP)).toBe('0')
      expect((await d.output(STOP)).trim()).toMatch(new RegExp(`^${id}[0-9a-f]{52}$`))
    })

    test('kill sends SIGKILL at once: exited (137) with no SIGTERM and no grace period', async () => {
      const pingRun = await runLongLived(PING_FOR_KILL)
      await d.waitForOutput(PING_FOR_KILL, 'bytes from')
      const id = await containerOf(pingRun)

      const clicked = Date.now()
      await d.run(KILL)
      expect(await d.resolvedId(KILL, 'kill-demo'), 'docker kill kill-demo must reach this slide\'s ping').toBe(id)
      const row = d.slide(KILL.slide).locator(`.lifecycle-row[data-container="${id}"]`)
      await expect.poll(() => row.getAttribute('data-state'), { timeout: 5_000 }).toBe('exited')
      expect(Date.now() - clicked, 'kill should not wait for a grace period').toBeLessThan(SOONER_THAN_GRACE_MS)
      expect(await row.locator('.signal[data-signal="15"]').count()).toBe(0)
      expect(await textOf(row.locator('.signal[data-signal="9"]'))).toMatch(/SIGKILL/)
      expect(await row.locator('.grace').count()).toBe(0)
      expect(await textOf(row.locator('li.current'))).toMatch(/\(137\)/)
      await d.checkOnScreen(row.locator('li.current'), `slide ${KILL.slide}: lifecycle state of the killed container`)
      expect(await d.exitCode(PING_FOR_KILL)).toBe('137')
      expect(await d.exitCode(KILL)).toBe('0')
      await d.screenshot('11-stop-kill')
    })

    test('ping under --init gets SIGTERM and dies of it at once: exit 143, no SIGKILL', async () => {
      await stopsOnSigtermAlone(PING_WITH_INIT, 'bytes from', STOP_GRACEFUL, 'init-demo', '143')
      await d.screenshot('12-stop-graceful')
    })

    test('redis handles SIGTERM: docker stop ends it at once with its shutdown log and exit 0, no SIGKILL', async () => {
      const id = await stopsOnSigtermAlone(REDIS_FOR_STOP, 'Ready to accept connections', STOP_REDIS, 'stop-redis', '0')
      // redis says it caught the signal and shut down: a process that handles SIGTERM.
      const log = await d.output(REDIS_FOR_STOP)
      expect(log).toMatch(/Received SIGTERM/)
      expect(log).toMatch(/ready to exit, bye bye/)
      expect((await inspect(id)).State.ExitCode).toBe(0)
      await d.screenshot('redis-stop')
    })
  })

  describe('removing containers and images', () => {
    test('rm of a running container fails with the engine\'s words; rm -f removes it by name', async () => {
      const myPing = (await Promise.all([...d.startedRuns].map(containersOf))).flat()
      await d.run(RM_RUNNING)
      expect(await d.exitCode(RM_RUNNING)).toBe('1')
      expect(await d.output(RM_RUNNING)).toMatch(/cannot remove a running container|container is running/i)

      await d.run(RM_FORCE)
      expect(await d.exitCode(RM_FORCE)).toBe('0')
      // The name was pinned to the deck container's full ID when the line was planned; docker echoes that ID.
      expect((await d.output(RM_FORCE)).trim()).toMatch(/^[0-9a-f]{64}$/)
      expect(await d.notices(RM_FORCE, 'resolved')).toContain('my-ping')
      const { stdout } = await execa('docker', ['ps', '-a', '--filter', 'name=^my-ping$', '-q'])
      expect(stdout, 'my-ping is gone').toBe('')
      expect(myPing.length).toBeGreaterThan(0)
      await d.screenshot('13-rm')
    })

    test('ps -a -q lists only IDs; rm $(docker ps -a -q) removes them, scoped to the deck; the quoted form fails as docker says', async () => {
      await d.run(PS_IDS)
      expect(await d.exitCode(PS_IDS)).toBe('0')
      const ids = lines(await d.output(PS_IDS)).filter(Boolean)
      expect(ids.length).toBeGreaterThan(0)
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{12}$/)

      await d.run(RM_ALL)
      expect(await d.notices(RM_ALL, 'scoped')).not.toBe('')
      expect(await d.exitCode(RM_ALL)).toBe('0')
      expect((await Promise.all([...d.startedRuns].map(containersOf))).flat(), 'no container of these tests should be left').toEqual([])

      await d.run(RM_QUOTED)
      expect(await d.exitCode(RM_QUOTED)).toBe('1')
      expect(await d.output(RM_QUOTED)).toContain('No such container: docker ps -a -q')
      await d.screenshot('14-rm-all')
    })

    test('docker images lists the demo image; rmi fails while a container uses it, then succeeds once it is removed', async () => {
      await d.run(IMAGES)
      expect(await d.exitCode(IMAGES)).toBe('0')
      expect(await d.output(IMAGES)).toMatch(/docker-live-deck\/rmi-demo\s+latest\s+[0-9a-f]{12}/)

      const created = await d.run(CREATE_RMI_USER)
      expect(await d.exitCode(CREATE_RMI_USER)).toBe('0')
      const user = await containerOf(created)

      await d.run(RMI_IN_USE)
      const imageId = await d.resolvedId(RMI_IN_USE, '<image-id:docker-live-deck/rmi-demo>')
      expect(await d.exitCode(RMI_IN_USE)).toBe('1')
      expect(await d.output(RMI_IN_USE)).toMatch(new RegExp(`conflict: unable to delete ${imageId} \\(must be forced\\) - image is being used by stopped container ${user}`))

      await d.run(RM_RMI_USER)
      expect(await d.resolvedId(RM_RMI_USER, '<id>')).toBe(user)
      expect(await d.exitCode(RM_RMI_USER)).toBe('0')

      await d.run(RMI)
      expect(await d.exitCode(RMI)).toBe('0')
      expect(await d.output(RMI)).toContain(`Deleted: sha256:${imageId}`)
      await d.screenshot('15-rmi')
    })

    test('system prune, with a stopped container to prune, lists what it deleted', async () => {
      const created = await d.run(CREATE_FOR_PRUNE)
      expect(await d.exitCode(CREATE_FOR_PRUNE)).toBe('0')
      const id = await containerOf(created)

      await d.run(PRUNE)
      expect(await d.notices(PRUNE, 'scoped')).not.toBe('')
      expect(await d.exitCode(PRUNE)).toBe('0')
      const output = await d.output(PRUNE)
      expect(output).toContain('Deleted Containers:')
      expect(output).toContain(id)
      expect(output).toContain('Total reclaimed space')
      expect(await containersOf(created)).toEqual([])
      await d.screenshot('17-prune')
    })
  })

  describe('docker exec', () => {
    test('docker exec <id:alpine> ls runs ls inside the running ping container', async () => {
      const pingRun = await runLongLived(PING_FOR_EXEC)
      await d.waitForOutput(PING_FOR_EXEC, 'bytes from')
      const id = await containerOf(pingRun)
      // Before Run, the preview names the container the run will use: the ping just started, not an older alpine.
      await expect.poll(() => textOf(d.block(EXEC_LS).locator('.run-preview')), { timeout: 10_000 }).toMatch(new RegExp(`→ docker exec ${id}([0-9a-f]{52})? ls$`))

      await d.run(EXEC_LS)
      expect(await d.resolvedId(EXEC_LS, '<id:alpine>')).toBe(id)
      expect(await d.exitCode(EXEC_LS)).toBe('0')
      expect(lines(await d.output(EXEC_LS))).toEqual(expect.arrayContaining(['bin', 'etc']))
      expect(await d.block(PING_FOR_EXEC).getAttribute('data-phase')).toBe('running')
      await d.screenshot('18-exec-ls')

      await stopsWithCtrlC(PING_FOR_EXEC, pingRun, '--- localhost ping statistics ---')
      expect(await d.block(PING_FOR_EXEC).getAttribute('data-phase')).toBe('stopped')
    })

    test('redis-cli in another container cannot reach the server; exec without -it returns at once, with ping answers PONG, with -it opens a terminal', async () => {
      const serverRun = await runLongLived(REDIS)
      await d.waitForOutput(REDIS, 'Ready to accept connections', 20_000)
      const id = await containerOf(serverRun)

      const outside = await d.run(REDIS_CLI_OUTSIDE)
      expect(await d.exitCode(REDIS_CLI_OUTSIDE)).toBe('1')
      expect(await d.output(REDIS_CLI_OUTSIDE)).toContain('Could not connect to Redis at 127.0.0.1:6379: Connection refused')
      expect(await containersOf(outside), '--rm removed the client container').toEqual([])
      await d.screenshot('19-redis-outside')

      await d.run(REDIS_CLI_NO_IT)
      expect(await d.resolvedId(REDIS_CLI_NO_IT, '<id:redis>')).toBe(id)
      expect(await d.exitCode(REDIS_CLI_NO_IT)).toBe('0')
      expect((await d.output(REDIS_CLI_NO_IT)).trim()).toBe('')

      await d.run(REDIS_CLI_PING)
      expect(await d.exitCode(REDIS_CLI_PING)).toBe('0')
      expect((await d.output(REDIS_CLI_PING)).trim()).toBe('PONG')

      // -i alone: lines typed under the block reach redis-cli, which answers with no prompt; Ctrl-D ends it.
      await d.run(REDIS_CLI_I_ONLY)
      const stdin = d.block(REDIS_CLI_I_ONLY).locator('.run-stdin-line')
      await stdin.waitFor({ state: 'visible' })
      await d.checkOnScreen(stdin, `${blockName(REDIS_CLI_I_ONLY)}: stdin line`)
      for (const [line, answer] of [['ping', 'PONG'], ['set course docker', 'OK'], ['get course', 'docker']] as const) {
        await stdin.fill(line)
        await stdin.press('Enter')
        await d.waitForOutput(REDIS_CLI_I_ONLY, new RegExp(`(^|\n)${line}\n${answer}(\n|$)`))
      }
      expect(d.slideNo(), 'Enter in the stdin line sends the line, it does not change the slide').toBe(REDIS_CLI_I_ONLY.slide)
      await d.checkLayout(REDIS_CLI_I_ONLY.slide, `${blockName(REDIS_CLI_I_ONLY)}: three answers`)
      await stdin.press('Control+d')
      expect(await d.exitCode(REDIS_CLI_I_ONLY)).toBe('0')
      expect(await d.output(REDIS_CLI_I_ONLY)).not.toContain('6379>')
      expect(await d.block(REDIS_CLI_I_ONLY).locator('.run-typed').count()).toBe(3)
      await d.screenshot('19b-redis-cli-i-only')

      // -t alone: a terminal and a prompt, but what is typed never reaches the shell; Stop closes it.
      await d.run(SH_T_ONLY)
      const tOnly = d.block(SH_T_ONLY).locator('.run-terminal')
      await tOnly.waitFor({ state: 'visible' })
      // The prompt, at the end of its line (the terminal's text has no trailing spaces).
      await expect.poll(() => d.terminal(SH_T_ONLY), { timeout: 15_000 }).toMatch(/#( |$)/m)
      await tOnly.click()
      await d.page.keyboard.type('echo reached-$((6*7))')
      await d.page.keyboard.press('Enter')
      await expect.poll(() => d.terminal(SH_T_ONLY)).toContain('echo reached-$((6*7))')
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      expect(await d.terminal(SH_T_ONLY), 'a shell that got the line would have printed reached-42').not.toContain('reached-42')
      await d.screenshot('19c-sh-t-only')
      await d.stop(SH_T_ONLY)
      expect(await textOf(d.exit(SH_T_ONLY))).toMatch(words.stopped)

      await d.run(REDIS_CLI)
      expect(await d.resolvedId(REDIS_CLI, '<id:redis>')).toBe(id)
      const terminal = d.block(REDIS_CLI).locator('.run-terminal')
      await terminal.waitFor({ state: 'visible' })
      await d.checkOnScreen(terminal, `${blockName(REDIS_CLI)}: terminal`)
      await expect.poll(() => d.terminal(REDIS_CLI), { timeout: 15_000 }).toContain('127.0.0.1:6379>')
      await terminal.click()
      await d.page.keyboard.type('set greeting hello')
      await d.page.keyboard.press('Enter')
      await expect.poll(() => d.terminal(REDIS_CLI)).toContain('OK')
      // Arrow keys belong to the terminal while it has focus: the slide stays.
      await d.page.keyboard.press('ArrowRight')
      await d.page.keyboard.press('ArrowLeft')
      await d.page.keyboard.type('get greeting')
      await d.page.keyboard.press('Enter')
      await expect.poll(() => d.terminal(REDIS_CLI)).toContain('"hello"')
      expect(d.slideNo()).toBe(REDIS_CLI.slide)
      await d.screenshot('20-redis-cli')

      await d.page.keyboard.type('quit')
      await d.page.keyboard.press('Enter')
      expect(await d.exitCode(REDIS_CLI)).toBe('0')

      await stopsWithCtrlC(REDIS, serverRun, /Received SIGINT scheduling shutdown[\s\S]*Redis is now ready to exit, bye bye/)
    })

    test('docker exec -it <id:alpine> sh opens a shell; exit leaves it, and the container keeps running', async () => {
      const pingRun = await runLongLived(PING_FOR_SH)
      await d.waitForOutput(PING_FOR_SH, 'bytes from')
      const id = await containerOf(pingRun)

      await d.run(SH)
      expect(await d.resolvedId(SH, '<id:alpine>')).toBe(id)
      const terminal = d.block(SH).locator('.run-terminal')
      await terminal.waitFor({ state: 'visible' })
      await d.checkOnScreen(terminal, `${blockName(SH)}: terminal`)
      await expect.poll(() => d.terminal(SH), { timeout: 15_000 }).toMatch(/^\/ #/m)
      await terminal.click()
      await d.page.keyboard.type('ls')
      await d.page.keyboard.press('Enter')
      await expect.poll(() => d.terminal(SH)).toMatch(/\bbin\b[\s\S]*\betc\b/)
      await d.screenshot('21-exec-sh')
      await d.page.keyboard.type('exit')
      await d.page.keyboard.press('Enter')
      expect(await d.exitCode(SH)).toBe('0')

      await d.run(PS_AFTER_SHELL)
      expect(await d.exitCode(PS_AFTER_SHELL)).toBe('0')
      const name = (await inspect(id)).Name.replace(/^\//, '')
      expect(await d.output(PS_AFTER_SHELL)).toMatch(new RegExp(`^${name}\\s+"ping localhost"\\s+Up `, 'm'))

      await stopsWithCtrlC(PING_FOR_SH, pingRun, 'ping statistics')
    })
  })

  describe('offline', () => {
    test('the live deck fetched nothing from another host while the chapter ran', () => {
      expect(d.foreignRequests).toEqual([])
    })
  })

  describe('the slides\' layout', () => {
    test('every Run button, exit line and lifecycle state the tests used was on screen, where a lecturer can click and read it', () => {
      expect(d.offScreen, 'clipped by the slide\'s edge or covered by Slidev\'s controls').toEqual([])
    })
  })

  describe('every slide fits its frame', () => {
    test('after every block of the lecture, given in order on one engine, its slide had nothing outside the frame and no text too small to read', () => {
      expect([...d.layoutProblems]).toEqual([])
    })

    test(`after the chapter ran, no slide has anything outside its 16:9 frame at 1280×720 or text below 15 px (prose 20 px), and no ${edition === 'ko' ? 'English UI word' : 'Korean'} shows in a Korean browser`, async () => {
      const problems: string[] = []
      const otherLanguage: string[] = []
      for (let no = 1; no <= SLIDE_COUNT; no++) {
        await d.go(no)
        await settled(d.page, no)
        await d.screenshot(`live-${String(no).padStart(2, '0')}`)
        for (const problem of [...await overflowOf(d.page, no), ...await smallTextOf(d.page, no)]) problems.push(`slide ${no}: ${problem}`)
        otherLanguage.push(...(edition === 'ko' ? await englishUiWordsOn(d.page, no) : await koreanOn(d.page, no)).map((found) => `slide ${no}: ${found}`))
      }
      expect(problems).toEqual([])
      expect(otherLanguage).toEqual([])
    })
  })

  return () => d
}
