// The engine's view as the oracle for every line the policy plans (threat
// model rows 24, 32 and 34). A stand-in daemon holds a world: the deck's
// containers, image, volume and network, and the lecturer's own beside them,
// one container named like a deck container's short ID. The policy sees that
// world through the runner's own DeckContainers and the real docker CLI;
// each plan then runs with the real docker CLI (the `$(…)` listing first,
// `then` parts after) against a lane of its own, and every request the
// engine would receive must touch only the deck's objects, a listing the
// chapter shows, a scoped prune, a create inside the envelope, or a pull of
// an image the deck names. The docker CLI trims names and cleans the request
// path, and dockerd matches an exact name before an ID prefix: a policy that
// lets such a word through unresolved is caught here by what the engine sees.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OWNED_LABEL, RUN_LABEL } from '../../lib/labels.ts'
import { DockerCli } from '../../runner/docker/docker-cli.ts'
import { dockerPath } from '../../runner/docker/docker-commands.ts'
import { DeckContainers } from '../../runner/engine/deck-containers.ts'
import { DEMO_IMAGE } from '../../runner/engine/demo-image.ts'
import { planCommand } from '../../runner/policy/policy.ts'
import { STEPS } from '../../runner/policy/steps.ts'
import { deckRunBlocks } from '../support/deck-blocks.ts'
import { createWorld, SHADOWED_DECK_ID, WORLD } from '../support/engine-world.ts'
import { checkLines, findingsReport, reportLines, type OracleReport } from '../support/line-oracle.ts'
import { COMMANDS, generatedLines, SHADOW_NAME, THREAT_MODEL_LINES, variantLines, type OracleLine } from '../support/oracle-lines.ts'
import { runPlan, type Lane } from '../support/plan-execution.ts'
import { RememberingDockerCli } from '../support/remembering-docker-cli.ts'
import { describeRequest, requestViolations } from '../support/request-oracle.ts'
import { startStandInDaemon, type StandInDaemon } from '../support/stand-in-daemon.ts'

/** Generated lines; ORACLE_LINES and ORACLE_SEED reproduce or widen a run, ORACLE_COMMANDS=rm,stop narrows it. */
const LINES = Number(process.env.ORACLE_LINES ?? 5_000)
const SEED = Number(process.env.ORACLE_SEED ?? randomBytes(4).readUInt32BE() >>> 1)
const ONLY = process.env.ORACLE_COMMANDS?.split(',').map((name) => name.trim()).filter(Boolean)
/** docker CLI processes at once, each lane with its own stand-in daemon. */
const LANES = 6
const RUN_ID = 'request-oracle'
const CLI_TIMEOUT_MS = 20_000

const docker = dockerPath()
let work: string
let planning: StandInDaemon
let planningCli: RememberingDockerCli
let view: DeckContainers
let lanes: Lane[] = []

/** The environment the runner's DockerCli is built from to reach `daemon`, which must be a stand-in socket, never a real engine. */
function standInSource(daemon: StandInDaemon): NodeJS.ProcessEnv {
  if (!daemon.host.startsWith('unix://') || !daemon.socketPath.startsWith(tmpdir())) throw new Error(`refusing to point the docker CLI at ${daemon.host}: only a stand-in socket under ${tmpdir()} is allowed`)
  return { HOME: work, DOCKER_HOST: daemon.host }
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'request-oracle-'))
  planning = await startStandInDaemon({ world: createWorld })
  planningCli = new RememberingDockerCli(docker, standInSource(planning))
  view = new DeckContainers(planningCli)
  await view.load()
  // Half the lanes answer like Debian's engine 20.10, half like an engine newer than the client.
  const daemons = await Promise.all(Array.from({ length: LANES }, (_, i) => startStandInDaemon({ apiVersion: i % 2 === 0 ? '1.41' : '1.52', world: createWorld })))
  // The runner's own child environment (runner/docker/child-env.ts keeps DOCKER_HOST).
  lanes = daemons.map((daemon) => ({ daemon, env: new DockerCli(docker, standInSource(daemon)).env, cwd: work }))
}, 60_000)

afterAll(async () => {
  await Promise.all([planning, ...lanes.map((lane) => lane.daemon)].filter(Boolean).map((daemon) => daemon.close()))
  if (work) rmSync(work, { recursive: true, force: true })
})

/** Runs `argv` on a lane as a one-command plan (no policy) and judges what the engine received. */
async function judgeArgv(argv: string[]) {
  const run = await runPlan(docker, lanes[0]!, { subcommand: argv[0]!, argv, tty: false, stdin: false, notices: [], resolvedLine: '', attachesTo: [] }, CLI_TIMEOUT_MS)
  const before = createWorld()
  return {
    run,
    violations: run.requests.flatMap((request) => requestViolations(request, before, RUN_ID).map((why) => `${describeRequest(request)}: ${why}`)),
  }
}

const setup = () => ({ view, lanes, docker, runId: RUN_ID, cliTimeoutMs: CLI_TIMEOUT_MS })

/** Prints the report and fails on anything that leaves the deck's reach. */
function expectNoViolations(title: string, report: OracleReport, atLeastPlanned: number) {
  console.info(reportLines(title, report).join('\n'))
  if (report.findings.length > 0) console.info(`[${title}] violations by reason:\n${findingsReport(report.findings)}`)
  expect.soft(report.problems, 'the stand-in, the CLI and the policy worked').toEqual([])
  expect.soft(report.planned, 'enough lines were planned to mean something').toBeGreaterThanOrEqual(atLeastPlanned)
  expect(report.violatingLines.length, `planned lines whose requests leave the deck's reach:\n${findingsReport(report.findings, 1)}`).toBe(0)
}

// ── The oracle can fail ──────────────────────────────────────────────────────

describe('the request oracle, on argv sent straight to the docker CLI', () => {
  it.each([
    [['rm', '-f', ' lecturer-db'], 'DELETE', 'container lecturer-db'],
    [['rm', 'a b/../../volumes/lecturer_pgdata'], 'DELETE', 'volume lecturer_pgdata'],
    [['rm', '-f', 'a b/../../images/postgres:16'], 'DELETE', 'image docker.io/library/postgres:16'],
    [['rm', 'a b/../../networks/lecturer_app_default'], 'DELETE', 'network lecturer_app_default'],
    [['container', 'remove', '\u3000lecturer-db\u00a0'], 'DELETE', 'container lecturer-db'],
    [['stop', 'a b/../lecturer-db'], 'POST', 'container lecturer-db'],
    [['rm', '-f', SHADOW_NAME], 'DELETE', `container ${SHADOW_NAME}`],
  ])('flags docker %j as a %s that reaches the lecturer\'s %s', async (argv, method, object) => {
    const { violations } = await judgeArgv(argv)
    expect(violations).toEqual([expect.stringMatching(new RegExp(`^${method} `))])
    expect(violations[0]).toContain(`: reaches ${object}`)
  })

  it('flags endpoints outside the chapter: plugins, secrets, a volume prune, a prune without the deck\'s label', async () => {
    for (const argv of [['rm', 'a b/../../plugins/sshfs'], ['rm', 'a b/../../secrets/db-password'], ['volume', 'prune', '-f'], ['container', 'prune', '-f']]) {
      const { violations } = await judgeArgv(argv)
      expect(violations, `docker ${argv.join(' ')}`).toHaveLength(1)
    }
  })

  it('flags a create that mounts the lecturer\'s volume and runs the lecturer\'s image', async () => {
    const inside = ['--label', `${OWNED_LABEL}=true`, '--label', `${RUN_LABEL}=${RUN_ID}`, '--pids-limit', '256', '--memory', '512m', '--cpus', '1']
    const { violations } = await judgeArgv(['create', ...inside, '-v', `${WORLD.lecturerVolume}:/d`, 'postgres:16'])
    expect(violations).toEqual([expect.stringContaining('HostConfig.Binds'), expect.stringContaining('Config.Image')])
  })

  it('passes what a slide may do: removing a deck container by full ID, the chapter\'s listings, a scoped prune, a pull of alpine', async () => {
    for (const argv of [['rm', '-f', SHADOWED_DECK_ID], ['ps', '-a'], ['images'], ['system', 'df'], ['info'], ['container', 'prune', '-f', '--filter', `label=${OWNED_LABEL}=true`], ['pull', 'alpine']]) {
      const { run, violations } = await judgeArgv(argv)
      expect(run.processes[0]!.exitCode, run.processes[0]!.output).toBe(0)
      expect(violations, `docker ${argv.join(' ')}`).toEqual([])
    }
  })
})

// ── The policy sees the same world ───────────────────────────────────────────

describe('the policy\'s view of the stand-in world, through DeckContainers and the real docker CLI', () => {
  it('loads the deck\'s containers and resolves references as dockerd does, name before ID prefix', async () => {
    expect(view.list().map((c) => c.name).sort()).toEqual(WORLD.deckContainers.map((c) => c.name).sort())
    expect(await view.resolveDeckContainer('my-ping')).toBe(SHADOWED_DECK_ID)
    expect(await view.resolveDeckContainer(SHADOWED_DECK_ID.slice(0, 20))).toBe(SHADOWED_DECK_ID)
    expect(await view.resolveDeckContainer(SHADOW_NAME), 'the exact name wins: the lecturer\'s container').toBeUndefined()
    expect(await view.resolveDeckContainer('lecturer-db')).toBeUndefined()
    expect(await view.resolveDeckImage(DEMO_IMAGE)).toBe(WORLD.deckImage.id.slice('sha256:'.length))
    expect(await view.resolveDeckImage('postgres:16')).toBeUndefined()
    expect(await view.resolveDeckNetwork(WORLD.deckNetwork.name)).toBe(WORLD.deckNetwork.id)
    expect(await view.resolveDeckNetwork(WORLD.lecturerNetwork.name)).toBeUndefined()
    expect(await view.isDeckVolume(WORLD.deckVolume)).toBe(true)
    expect(await view.isDeckVolume(WORLD.lecturerVolume)).toBe(false)
  })
})

// ── Every planned line ───────────────────────────────────────────────────────

describe('the chapter\'s quoted demo, docker rm \'docker ps -a -q\'', () => {
  it('is planned, and the engine receives one DELETE of a container named "docker ps -a -q", which names no object', async () => {
    const plan = await planCommand("docker rm 'docker ps -a -q'", RUN_ID, view, { config: async () => ({ images: [] }) })
    const run = await runPlan(docker, lanes[1]!, plan, CLI_TIMEOUT_MS)
    const changes = run.requests.filter((r) => r.method !== 'HEAD' && r.method !== 'GET')
    expect(changes.map((r) => `${r.method} ${r.rawPath.replace(/^\/v\d+\.\d+/, '')}`)).toEqual(['DELETE /containers/docker%20ps%20-a%20-q'])
    expect(changes[0]!.target, 'no object has that name').toBeUndefined()
    expect(run.processes[0]!.output).toContain('No such container')
  })
})

describe('every line the policy plans, run by the real docker CLI against the stand-in world', () => {
  it('draws lines for every subcommand the policy\'s steps table knows', () => {
    expect([...STEPS.keys()].filter((name) => !COMMANDS.some((command) => command.name === name))).toEqual([])
  })

  it('reaches only the deck\'s objects for the threat model\'s lines, their spelling variants and the chapter\'s own lines', async () => {
    const chapter = deckRunBlocks().map((block): OracleLine => ({ line: block.line, family: `chapter: slide ${block.slide}` }))
    const fixed = [...THREAT_MODEL_LINES.map((line) => ({ line, family: 'threat model' })), ...variantLines(), ...chapter]
    const report = await checkLines(fixed, setup())
    const refusedChapter = report.refusedLines.filter((r) => r.line.family.startsWith('chapter:')).map((r) => `${r.line.family}: ${r.line.line} → ${r.message}`)
    expect.soft(refusedChapter, 'the world holds what every chapter line needs, so each is planned and run').toEqual([])
    expectNoViolations('request-oracle fixed', report, chapter.length)
  }, 300_000)

  it(`reaches only the deck's objects for ${LINES} generated lines over ${ONLY ? ONLY.join(', ') : 'every subcommand the policy knows'}`, async () => {
    const commands = ONLY ? COMMANDS.filter((command) => ONLY.includes(command.name)) : COMMANDS
    expect(commands.length, `ORACLE_COMMANDS names commands of oracle-lines.ts: ${COMMANDS.map((c) => c.name).join(', ')}`).toBeGreaterThan(0)
    const lines = fc.sample(generatedLines(commands), { numRuns: LINES, seed: SEED })
    console.info(`[request-oracle] seed ${SEED} (ORACLE_SEED=${SEED} ORACLE_LINES=${LINES}${ONLY ? ` ORACLE_COMMANDS=${ONLY.join(',')}` : ''} to repeat)`)
    const report = await checkLines(lines, setup())
    console.info(`[request-oracle] the policy's view asked the docker CLI ${planningCli.processes} distinct questions`)
    expect(lines).toHaveLength(LINES)
    expectNoViolations('request-oracle generated', report, Math.floor(LINES / 10))
  }, 900_000)
})
