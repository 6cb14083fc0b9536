// The chapter in Chromium against `npm start`'s deck and a real engine: open
// the address npm start prints, click each slide's Run buttons, and see what
// the engine did — output, exit codes, the lifecycle view, terminals. Tests
// run in the order of a lecture; each stops what it leaves running, and the
// last slides' rm and prune remove the deck's stopped containers.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, onTestFinished, test } from 'vitest'
import { RUN_LABEL } from '../../lib/labels.ts'
import { blockName } from '../support/deck-blocks.ts'
import { DeckPage, launchChromium, textOf } from './deck-page.ts'
import { SOONER_THAN_GRACE_MS } from '../support/alive.ts'

const deck = inject('deck')
let browser: Browser
let context: BrowserContext
let d: DeckPage

// The blocks, by slide and command line (all listed in ./blocks.ts).
const HELLO = { slide: 3, line: 'docker run hello-world' }
const ALPINE_LS = { slide: 5, line: 'docker run alpine ls' }
const HELLO_LS = { slide: 6, line: 'docker run hello-world ls' }
const PS = { slide: 7, line: 'docker ps' }
const PS_A = { slide: 7, line: 'docker ps -a' }
const PS_TABLE = { slide: 7, line: "docker ps -a --format 'table {{.ID}}\\t{{.Image}}\\t{{.Status}}\\t{{.Names}}'" }
const CREATE = { slide: 9, line: 'docker create hello-world' }
const START_A = { slide: 9, line: 'docker start -a <id:hello-world>' }
const START = { slide: 9, line: 'docker start <id:hello-world>' }
const PING_FOR_STOP = { slide: 10, line: 'docker run alpine ping localhost', key: 'ping-for-stop' }
const STOP = { slide: 10, line: 'docker stop <id:alpine>' }
const PING_FOR_KILL = { slide: 10, line: 'docker run alpine ping localhost', key: 'ping-for-kill' }
const KILL = { slide: 10, line: 'docker kill <id:alpine>' }
const PS_A_RM = { slide: 11, line: 'docker ps -a' }
const RM = { slide: 11, line: 'docker rm <id>' }
const RM_ALL = { slide: 11, line: 'docker rm $(docker ps -a -q)' }
const RMI = { slide: 12, line: 'docker rmi <image-id:docker-live-deck/rmi-demo>' }
const PRUNE = { slide: 12, line: 'docker system prune' }
const PING_FOR_EXEC = { slide: 13, line: 'docker run alpine ping localhost' }
const EXEC_LS = { slide: 13, line: 'docker exec <id:alpine> ls' }
const REDIS = { slide: 14, line: 'docker run redis' }
const REDIS_CLI_OUTSIDE = { slide: 14, line: 'redis-cli' }
const REDIS_CLI = { slide: 15, line: 'docker exec -it <id:redis> redis-cli' }
const PING_FOR_SH = { slide: 16, line: 'docker run alpine ping localhost' }
const SH = { slide: 16, line: 'docker exec -it <id:alpine> sh' }

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
  onTestFinished(() => d.stopIfRunning(ref))
  return runId
}

beforeAll(async () => {
  browser = await launchChromium()
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  d = new DeckPage(page, deck.origin)
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

/** How many deck containers that this file's runs did not make were destroyed since `since` (ms). */
async function foreignRemovals(since: number): Promise<number> {
  const { stdout } = await execa('docker', ['events', '--since', String(Math.floor(since / 1000) - 1), '--until', '0s',
    '--filter', 'type=container', '--filter', 'event=destroy', '--filter', `label=${RUN_LABEL}`, '--format', `{{index .Actor.Attributes "${RUN_LABEL}"}}`], { reject: false })
  return stdout.split('\n').filter((runId) => runId && !d.startedRuns.has(runId)).length
}

afterAll(async () => {
  await browser?.close()
  // Every test removed what it made through the deck; if a container of
  // this file's runs is still there, remove it now and fail.
  const left = (await Promise.all([...(d?.startedRuns ?? [])].map(containersOf))).flat()
  if (left.length) {
    await execa('docker', ['rm', '-f', ...left], { reject: false })
    throw new Error(`The browser tests left these deck containers behind (now force-removed): ${left.join(' ')}`)
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
    expect(await textOf(badge)).toMatch(/live · Docker \d+\.\d+/)
    expect(new URL(d.page.url()).origin).toBe(deck.origin)
    expect(d.page.url()).not.toContain('#')
    expect(d.page.url()).not.toContain('token')
    // Kept for the audience window of the same origin, not in the address bar.
    const stored = await d.page.evaluate(() => localStorage.getItem('docker-live-deck:runner'))
    expect(JSON.parse(stored ?? '{}')).toEqual({ url: `http://127.0.0.1:${deck.runnerPort}`, token: new URL(deck.urlWithToken).hash.split('token=')[1] })
    await d.go(1)
    await d.slide(1).locator('h1').waitFor({ state: 'visible' })
    await d.screenshot('01-title-live')
  }, 180_000)

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
    const audience = new DeckPage(await context.newPage(), deck.origin)
    try {
      await audience.page.goto(`${deck.origin}/${HELLO.slide}`)
      await expect.poll(() => audience.page.locator('.runner-badge').getAttribute('data-status'), { timeout: 60_000 }).toBe('live')
      await audience.block(HELLO).waitFor({ state: 'visible' })

      const runId = await d.run(HELLO)
      await d.waitForOutput(HELLO, 'Hello from Docker!')
      const exit = await d.exitLine(HELLO)
      expect(exit).toMatch(/^exit 0 · success · /)

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
    }
  })

  test('docker run alpine ls lists the image\'s file snapshot', async () => {
    await d.run(ALPINE_LS)
    expect(await d.exitLine(ALPINE_LS)).toMatch(/^exit 0 · success/)
    expect(lines(await d.output(ALPINE_LS))).toEqual(expect.arrayContaining(['bin', 'dev', 'etc']))
    await d.screenshot('05-alpine-ls')
  })

  test('docker run hello-world ls fails with exit 127, and the block says what 127 means', async () => {
    await d.run(HELLO_LS)
    const exit = await d.exitLine(HELLO_LS)
    expect(exit).toMatch(/^exit 127 · the command was not found in the container/)
    expect(await d.exit(HELLO_LS).getAttribute('data-exit')).toBe('127')
    expect(await d.output(HELLO_LS)).toContain('executable file not found')
    await d.screenshot('06-hello-world-ls')
  })
})

describe('docker ps', () => {
  test('docker ps, ps -a and the --format table list the containers just made', async () => {
    await d.run(PS)
    expect(await d.exitLine(PS)).toMatch(/^exit 0/)
    expect(await d.output(PS)).toContain('CONTAINER ID')

    const made = (await Promise.all([...d.startedRuns].map(containersOf))).flat()
    expect(made.length).toBeGreaterThanOrEqual(3)
    await d.run(PS_A)
    expect(await d.exitLine(PS_A)).toMatch(/^exit 0/)
    const listing = await d.output(PS_A)
    for (const id of made) expect(listing).toContain(id)
    // The deck's own table, kept current from engine events, shows them too.
    const table = await textOf(d.slide(PS_A.slide).locator('.container-table tbody'))
    expect(made.some((id) => table.includes(id))).toBe(true)

    await d.run(PS_TABLE)
    expect(await d.exitLine(PS_TABLE)).toMatch(/^exit 0/)
    const formatted = await d.output(PS_TABLE)
    expect(formatted).toMatch(/CONTAINER ID\s+IMAGE\s+STATUS\s+NAMES/)
    for (const id of made) expect(formatted).toContain(id)
    expect(formatted).toMatch(/hello-world\s+Exited \(0\)/)
    await d.screenshot('07-ps')
  })
})

describe('docker create + docker start', () => {
  test('create prints an ID; start -a <id:hello-world> resolves to it and shows the greeting; start alone prints the ID', async () => {
    const created = await d.run(CREATE)
    expect(await d.exitLine(CREATE)).toMatch(/^exit 0/)
    const output = (await d.output(CREATE)).trim()
    expect(output).toMatch(/^[0-9a-f]{64}$/)
    const id = output.slice(0, 12)
    expect(await containerOf(created)).toBe(id)

    await d.run(START_A)
    expect(await d.resolvedId(START_A, '<id:hello-world>')).toBe(id)
    await d.waitForOutput(START_A, 'Hello from Docker!')
    expect(await d.exitLine(START_A)).toMatch(/^exit 0 · success/)

    await d.run(START)
    expect(await d.resolvedId(START, '<id:hello-world>')).toBe(id)
    expect(await d.exitLine(START)).toMatch(/^exit 0/)
    expect((await d.output(START)).trim()).toBe(id)

    const row = d.slide(CREATE.slide).locator(`.lifecycle-row[data-container="${id}"]`)
    await expect.poll(() => row.getAttribute('data-state')).toBe('exited')
    expect(await textOf(row.locator('li.current'))).toMatch(/exited \(0\)/)
    await d.checkOnScreen(row.locator('li.current'), `slide ${CREATE.slide}: lifecycle state of the started container`)
    await d.screenshot('09-create-start')
  })
})

describe('docker stop vs docker kill', () => {
  test('stop sends SIGTERM, counts down the 10 s grace, then SIGKILL: exited (137)', async () => {
    const pingRun = await runLongLived(PING_FOR_STOP)
    await d.waitForOutput(PING_FOR_STOP, 'bytes from')
    const id = await containerOf(pingRun)

    await d.run(STOP)
    expect(await d.resolvedId(STOP, '<id:alpine>'), 'docker stop <id:alpine> must name this slide\'s ping').toBe(id)
    const row = d.slide(STOP.slide).locator(`.lifecycle-row[data-container="${id}"]`)
    await row.locator('.signal[data-signal="15"]', { hasText: 'SIGTERM' }).waitFor({ state: 'visible', timeout: 5_000 })
    const termSeen = Date.now()
    await d.checkOnScreen(row.locator('.signal[data-signal="15"]'), `slide ${STOP.slide}: SIGTERM in the lifecycle view`)

    // The grace period counts down while the container ignores SIGTERM; poll until SIGKILL ends it.
    const graces: number[] = []
    let screenshot: Promise<void> | undefined
    await expect.poll(async () => {
      const grace = /grace ([\d.]+) s/.exec(await textOf(row.locator('.grace')))
      if (grace) {
        graces.push(Number(grace[1]))
        screenshot ??= d.screenshot('10-stop-grace')
      }
      return textOf(row.locator('.signal[data-signal="9"]'))
    }, { timeout: 20_000, interval: 250 }).toBe('SIGKILL')
    const killSeen = Date.now()
    await screenshot
    expect(killSeen - termSeen, 'SIGKILL should come only after the grace period').toBeGreaterThan(8_000)
    expect(graces.length).toBeGreaterThan(3)
    expect(Math.max(...graces)).toBeGreaterThan(8)
    expect(Math.min(...graces)).toBeLessThan(2)
    expect(graces).toEqual([...graces].sort((a, b) => b - a))

    await expect.poll(() => row.getAttribute('data-state')).toBe('exited')
    expect(await textOf(row.locator('li.current'))).toMatch(/exited \(137\)/)
    await d.checkOnScreen(row.locator('li.current'), `slide ${STOP.slide}: lifecycle state of the stopped container`)
    expect(await d.exitLine(PING_FOR_STOP)).toMatch(/^exit 137 · killed by SIGKILL/)
    expect(await d.exitLine(STOP)).toMatch(/^exit 0/)
    expect((await d.output(STOP)).trim()).toBe(id)
  })

  test('kill sends SIGKILL at once: exited (137) with no SIGTERM and no grace period', async () => {
    const pingRun = await runLongLived(PING_FOR_KILL)
    await d.waitForOutput(PING_FOR_KILL, 'bytes from')
    const id = await containerOf(pingRun)

    const clicked = Date.now()
    await d.run(KILL)
    expect(await d.resolvedId(KILL, '<id:alpine>'), 'docker kill <id:alpine> must name this slide\'s second ping').toBe(id)
    const row = d.slide(KILL.slide).locator(`.lifecycle-row[data-container="${id}"]`)
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 5_000 }).toBe('exited')
    expect(Date.now() - clicked, 'kill should not wait for a grace period').toBeLessThan(SOONER_THAN_GRACE_MS)
    expect(await textOf(row.locator('.signal'))).toBe('SIGKILL')
    expect(await row.locator('.grace').count()).toBe(0)
    expect(await textOf(row.locator('li.current'))).toMatch(/exited \(137\)/)
    await d.checkOnScreen(row.locator('li.current'), `slide ${KILL.slide}: lifecycle state of the killed container`)
    expect(await d.exitLine(PING_FOR_KILL)).toMatch(/^exit 137 · killed by SIGKILL/)
    expect(await d.exitLine(KILL)).toMatch(/^exit 0/)
    await d.screenshot('10-stop-kill')
  })
})

describe('docker exec', () => {
  test('docker exec <id:alpine> ls runs ls inside the running ping container', async () => {
    const pingRun = await runLongLived(PING_FOR_EXEC)
    await d.waitForOutput(PING_FOR_EXEC, 'bytes from')
    const id = await containerOf(pingRun)

    await d.run(EXEC_LS)
    expect(await d.resolvedId(EXEC_LS, '<id:alpine>')).toBe(id)
    expect(await d.exitLine(EXEC_LS)).toMatch(/^exit 0/)
    expect(lines(await d.output(EXEC_LS))).toEqual(expect.arrayContaining(['bin', 'etc']))
    expect(await d.block(PING_FOR_EXEC).getAttribute('data-phase')).toBe('running')
    await d.screenshot('13-exec-ls')

    await d.stop(PING_FOR_EXEC)
    expect(await d.block(PING_FOR_EXEC).getAttribute('data-phase')).toBe('stopped')
    expect(await containersOf(pingRun), 'Stop removes the container the run made').toEqual([])
  })

  test('redis-cli outside the container is refused; exec -it <id:redis> redis-cli opens a terminal inside it', async () => {
    const serverRun = await runLongLived(REDIS)
    await d.waitForOutput(REDIS, 'Ready to accept connections', 20_000)
    const id = await containerOf(serverRun)

    const refusal = await d.runRefused(REDIS_CLI_OUTSIDE)
    expect(refusal).toMatch(/^Refused: .*redis-cli/)
    await d.checkOnScreen(d.block(REDIS_CLI_OUTSIDE).locator('.run-refused'), `${blockName(REDIS_CLI_OUTSIDE)}: refusal`)
    await d.screenshot('14-redis-refused')

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
    await d.screenshot('15-redis-cli')

    await d.page.keyboard.type('quit')
    await d.page.keyboard.press('Enter')
    expect(await d.exitLine(REDIS_CLI)).toMatch(/^exit 0 · success/)

    await d.stop(REDIS)
    expect(await containersOf(serverRun), 'Stop removes the redis container').toEqual([])
  })

  test('docker exec -it <id:alpine> sh opens a shell; ls lists the files, Ctrl-D leaves it', async () => {
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
    await d.screenshot('16-exec-sh')
    await d.page.keyboard.press('Control+d')
    expect(await d.exitLine(SH)).toMatch(/^exit 0 · success/)

    await d.stop(PING_FOR_SH)
    expect(await containersOf(pingRun)).toEqual([])
  })
})

describe('removing containers and images', () => {
  test('docker rm <id> removes the latest container; rm $(docker ps -a -q) removes the rest, scoped to the deck', async () => {
    await d.run(PS_A_RM)
    expect(await d.exitLine(PS_A_RM)).toMatch(/^exit 0/)

    await d.run(RM)
    const id = await d.resolvedId(RM, '<id>')
    expect(await d.exitLine(RM)).toMatch(/^exit 0/)
    expect((await d.output(RM)).trim()).toBe(id)

    await d.run(RM_ALL)
    expect(await d.notices(RM_ALL, 'scoped')).toContain('lists only the deck\'s containers')
    expect(await d.exitLine(RM_ALL)).toMatch(/^exit 0/)
    expect((await Promise.all([...d.startedRuns].map(containersOf))).flat(), 'no container of these tests should be left').toEqual([])
    await d.screenshot('11-rm')
  })

  test('docker rmi <image-id:…> removes the deck\'s demo image; system prune is scoped and answered', async () => {
    await d.run(RMI)
    const imageId = await d.resolvedId(RMI, '<image-id:docker-live-deck/rmi-demo>')
    expect(await d.exitLine(RMI)).toMatch(/^exit 0/)
    expect(await d.output(RMI)).toContain(`Deleted: sha256:${imageId}`)

    await d.run(PRUNE)
    expect(await d.notices(PRUNE, 'scoped')).toContain('only the deck\'s objects are pruned')
    expect(await d.notices(PRUNE, 'confirm')).toContain('--force added')
    expect(await d.exitLine(PRUNE)).toMatch(/^exit 0/)
    expect(await d.output(PRUNE)).toContain('Total reclaimed space')
    await d.screenshot('12-rmi-prune')
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
