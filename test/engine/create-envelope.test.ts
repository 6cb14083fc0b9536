// The engine's own view of what `docker run` / `docker create` may do (threat
// model, "The strongest check of this list is the engine's own view"):
// fast-check writes thousands of lines, harmless and hostile, in every
// spelling the CLI accepts; the policy plans or refuses each; every planned
// argv goes to the REAL docker CLI, pointed at a recording stand-in daemon on
// a private socket (never the real engine), and the create request the CLI
// sends must stay inside the envelope (test/support/create-envelope.ts).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHAPTER_IMAGES, OWNED_LABEL, RUN_LABEL } from '../../lib/labels.ts'
import { dockerPath } from '../../runner/docker/docker-commands.ts'
import { planCommand, type EngineView, type Plan } from '../../runner/policy/policy.ts'
import { Refused } from '../../runner/policy/refusal.ts'
import { envelopeViolations, type Envelope, type Violation } from '../support/create-envelope.ts'
import { startStandInDaemon, type RecordedRequest, type StandInDaemon } from '../support/stand-in-daemon.ts'
import { DECK, DECK_NETWORK, DECK_VOLUME, fakeEngine, FOREIGN_CONTAINER, FOREIGN_NETWORK, FOREIGN_VOLUME, IMAGES } from '../unit/fake-engine.ts'
import { valuedSpellings } from '../support/option-spellings.ts'
import { runDockerProcess } from '../support/docker-process.ts'
import { quotedLine } from '../support/shell-quoting.ts'

/** Generated lines; ENVELOPE_LINES and ENVELOPE_SEED reproduce or widen a run. */
const LINES = Number(process.env.ENVELOPE_LINES ?? 5_000)
const SEED = Number(process.env.ENVELOPE_SEED ?? randomBytes(4).readUInt32BE() >>> 1)
/** docker CLI processes at once, each on its own stand-in daemon. */
const LANES = 8
const RUN_ID = 'envelope-test'
const CLI_TIMEOUT_MS = 20_000
/** In the CLI's environment as RUNNER_TOKEN; `-e RUNNER_TOKEN` would copy it into the container. */
const SECRET = `envelope-canary-${randomBytes(8).toString('hex')}`

// ── The engine the policy sees, and the envelope ────────────────────────────

const DECK_REDIS = DECK.redisRunning.name

/** IDs and names the fake engine vouched for as the deck's, by kind (the policy plans full IDs instead of names). */
const VOUCHED = { container: new Set<string>(), image: new Set<string>(), network: new Set<string>(), volume: new Set<string>() }

/**
 * The unit tests' fake engine (its deck containers, images, volume and
 * network), with every answer of a `…Deck<Kind>…` method recorded in
 * VOUCHED, so the envelope accepts exactly what the view called the deck's,
 * by name or by the ID the policy pinned, whatever the interface looks like.
 */
function envelopeView(): EngineView {
  const view: Record<string, unknown> = { ...fakeEngine() }
  for (const [key, method] of Object.entries(view)) {
    const kind = (Object.keys(VOUCHED) as Array<keyof typeof VOUCHED>).find((k) => key.toLowerCase().includes(`deck${k}`))
    if (typeof method !== 'function' || !kind) continue
    const note = (answer: unknown, ref: unknown) => {
      if (typeof answer === 'string') VOUCHED[kind].add(answer)
      if (answer === true && typeof ref === 'string') VOUCHED[kind].add(ref)
      const id = (answer as { id?: unknown } | undefined)?.id
      if (typeof id === 'string') VOUCHED[kind].add(id)
      return answer
    }
    view[key] = (...args: unknown[]) => {
      const answer: unknown = method(...args)
      return answer instanceof Promise ? answer.then((value) => note(value, args[0])) : note(answer, args[0])
    }
  }
  return view as unknown as EngineView
}

const vouchedFor = (kind: keyof typeof VOUCHED, ref: string) =>
  VOUCHED[kind].has(ref) || (ref.length >= 12 && [...VOUCHED[kind]].some((id) => /^[0-9a-f]{64}$/.test(id) && id.startsWith(ref.replace(/^sha256:/, ''))))

const isDeckContainer = (ref: string) => Object.values(DECK).some((c) => c.name === ref || (ref.length >= 4 && c.id.startsWith(ref))) || vouchedFor('container', ref)

/** The chapter's images and the fake engine's, by name (any tag) or ID. */
function isDeckImage(ref: string): boolean {
  const name = ref.replace(/^docker\.io\/(library\/)?/, '').replace(/@sha256:[0-9a-f]+$/, '').replace(/:[\w.-]+$/, '')
  const id = ref.replace(/^sha256:/, '')
  return (CHAPTER_IMAGES as readonly string[]).includes(name) || Object.hasOwn(IMAGES, name) || vouchedFor('image', ref)
    || (id.length >= 12 && Object.values(IMAGES).some((image) => id.startsWith(image.id) || image.id.startsWith(id)))
}

const ENVELOPE: Envelope = {
  runId: RUN_ID, ownedLabel: OWNED_LABEL, runLabel: RUN_LABEL, secret: SECRET,
  isDeckContainer, isDeckImage,
  isDeckVolume: (name) => name === DECK_VOLUME || vouchedFor('volume', name),
  isDeckNetwork: (ref) => ref === DECK_NETWORK.name || (ref.length >= 4 && DECK_NETWORK.id.startsWith(ref)) || vouchedFor('network', ref),
}

// ── Lines, in every spelling the CLI accepts ────────────────────────────────

/** An option of run/create: a boolean flag when `values` is absent. */
interface Spec {
  long: string
  short?: string
  values?: readonly string[]
  /** How often it is drawn among its kind. @default 1 */
  weight?: number
}

/**
 * Options that keep a container inside the envelope. The chapter's own
 * (weight 4) are what an allow-list plans; the rest are harmless too, and a
 * policy may plan them one day.
 */
const HARMLESS: Spec[] = [
  ...[{ long: 'rm' }, { long: 'init' }, { long: 'detach', short: 'd' }, { long: 'interactive', short: 'i' }, { long: 'tty', short: 't' }].map((spec) => ({ ...spec, weight: 4 })),
  ...[
    { long: 'name', values: ['demo', 'web-1'] },
    { long: 'env', short: 'e', values: ['A=b', 'GREETING=hello world', 'EMPTY='] },
    { long: 'volume', short: 'v', values: [`${DECK_VOLUME}:/data`, `${DECK_VOLUME}:/cache:ro`, '/anon'] },
    { long: 'mount', values: [`type=volume,src=${DECK_VOLUME},dst=/data`, 'type=tmpfs,dst=/t', 'type=tmpfs,dst=/t,tmpfs-size=64m', 'type=volume,dst=/anon2', `source=${DECK_VOLUME},target=/c,readonly`] },
    { long: 'publish', short: 'p', values: ['8080:80', '127.0.0.1:8081:81', '6379:6379', '8082:82/udp'] },
    { long: 'network', values: ['bridge', 'none', DECK_NETWORK.name, DECK_NETWORK.id.slice(0, 12), `container:${DECK_REDIS}`] },
    { long: 'net', values: ['bridge', 'none', DECK_NETWORK.name] },
    { long: 'memory', short: 'm', values: ['256m', '512m', '128M', '64mb', '536870912', '0.5g'] },
    { long: 'cpus', values: ['0.5', '1', '0.25'] },
    { long: 'pids-limit', values: ['100', '256', '1'] },
    { long: 'entrypoint', values: ['sh', '/bin/echo'] },
    { long: 'workdir', short: 'w', values: ['/app', '/data'] },
    { long: 'stop-signal', values: ['SIGTERM', 'SIGINT'] },
    { long: 'stop-timeout', values: ['5'] },
  ].map((spec) => ({ ...spec, weight: 4 })),
  { long: 'read-only' }, { long: 'quiet', short: 'q' }, { long: 'no-healthcheck' },
  { long: 'publish', short: 'p', values: ['6379', '127.0.0.1::83'] },
  { long: 'memory-swap', values: ['512m', '1g'] },
  { long: 'cpu-shares', short: 'c', values: ['512', '1024'] },
  { long: 'oom-score-adj', values: ['0', '500'] },
  { long: 'ulimit', values: ['nofile=1024:2048', 'nproc=64'] },
  { long: 'pid', values: [`container:${DECK_REDIS}`] },
  { long: 'ipc', values: ['private', 'shareable', `container:${DECK_REDIS}`] },
  { long: 'cap-drop', values: ['ALL', 'NET_RAW'] },
  { long: 'restart', values: ['no', 'on-failure:3'] },
  { long: 'user', short: 'u', values: ['1000', 'nobody'] },
  { long: 'hostname', short: 'h', values: ['box'] },
  { long: 'label', short: 'l', values: ['course=docker', 'a=b'] },
  { long: 'tmpfs', values: ['/tmp', '/run:size=64m'] },
  { long: 'link', values: [`${DECK_REDIS}:db`] },
  { long: 'add-host', values: ['db:10.0.0.2'] },
  { long: 'dns', values: ['1.1.1.1'] },
  { long: 'expose', values: ['80'] },
  { long: 'health-cmd', values: ['true'] },
  { long: 'memory-reservation', values: ['64m'] },
  { long: 'shm-size', values: ['64m'] },
]

const HOSTILE: Spec[] = [
  { long: 'privileged' }, { long: 'publish-all', short: 'P' }, { long: 'use-api-socket' }, { long: 'oom-kill-disable' },
  { long: 'cap-add', values: ['SYS_ADMIN', 'ALL', 'NET_ADMIN', 'sys_ptrace'] },
  { long: 'device', values: ['/dev/sda', '/dev/kmsg:/dev/kmsg:rwm', '/dev/fuse'] },
  { long: 'device-cgroup-rule', values: ['a *:* rwm', 'c 1:3 rwm'] },
  { long: 'device-read-bps', values: ['/dev/sda:1mb'] },
  { long: 'blkio-weight-device', values: ['/dev/sda:1000'] },
  { long: 'gpus', values: ['all'] },
  { long: 'volume', short: 'v', values: ['/:/host', '/var/run/docker.sock:/s', '/etc:/etc:ro', './x:/x', '..:/up', `${FOREIGN_VOLUME}:/d`, '/home:/home:rw,z'] },
  { long: 'mount', values: [
    'type=bind,src=/,dst=/h', 'TYPE=Bind,source=/etc,target=/e,readonly', 'dst=/s,src=/var/run/docker.sock,type=bind', 'type=volume,src=/etc,dst=/h',
    `type=volume,src=${FOREIGN_VOLUME},dst=/d`, 'src=/,dst=/h', 'type=volume,src=x,dst=/d,volume-driver=local',
    `type=volume,src=${DECK_VOLUME},dst=/d,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/`, 'type=image,src=alpine,dst=/i', '"type=bind",src=/,dst=/h',
  ] },
  { long: 'pid', values: ['host', `container:${FOREIGN_CONTAINER}`] },
  { long: 'network', values: ['host', `container:${FOREIGN_CONTAINER}`, FOREIGN_NETWORK, 'name=host', 'NAME=host,alias=x', '"name=host"', 'Host', `name=${FOREIGN_NETWORK}`] },
  { long: 'ipc', values: ['host', `container:${FOREIGN_CONTAINER}`] },
  { long: 'uts', values: ['host'] },
  { long: 'userns', values: ['host'] },
  { long: 'cgroupns', values: ['host'] },
  { long: 'net', values: ['host', FOREIGN_NETWORK] },
  { long: 'publish', short: 'p', values: ['0.0.0.0:80:80', '[::]:80:80', 'published=80,target=80', 'target=81,published=8081,protocol=udp', '0.0.0.0::80', '::80'] },
  { long: 'security-opt', values: ['seccomp=unconfined', 'apparmor=unconfined', 'systempaths=unconfined', 'no-new-privileges=false', 'label=disable'] },
  { long: 'sysctl', values: ['net.ipv4.ip_forward=1', 'kernel.shm_rmid_forced=1'] },
  { long: 'runtime', values: ['runsc', 'io.containerd.runc.v2'] },
  { long: 'cpu-quota', values: ['-1', '200000', '1000000'] },
  { long: 'cpu-period', values: ['1000'] },
  { long: 'cpu-shares', short: 'c', values: ['262144', '2048'] },
  { long: 'cpu-rt-runtime', values: ['950000', '-1'] },
  { long: 'blkio-weight', values: ['1000'] },
  { long: 'memory', short: 'm', values: ['0', '1g', '600m', '-1', '4294967296', '0.4', '513m'] },
  { long: 'cpus', values: ['0', '2', '1.5', '-1'] },
  { long: 'pids-limit', values: ['-1', '0', '257', '100000'] },
  { long: 'memory-swap', values: ['-1', '64g', '2g'] },
  { long: 'oom-score-adj', values: ['-1000', '-1', '-500'] },
  { long: 'ulimit', values: ['rtprio=99', 'rtprio=99:99', 'nice=40', 'nice=-20:40', 'rtprio=1:1'] },
  { long: 'volumes-from', values: [FOREIGN_CONTAINER, DECK_REDIS] },
  { long: 'link', values: [`${FOREIGN_CONTAINER}:db`, FOREIGN_CONTAINER] },
  { long: 'env', short: 'e', values: ['RUNNER_TOKEN', 'HOME'] },
  { long: 'log-driver', values: ['syslog'] },
  { long: 'log-opt', values: ['syslog-address=udp://192.0.2.1:514'] },
  { long: 'cgroup-parent', values: ['/'] },
  { long: 'restart', values: ['always', 'unless-stopped'] },
  { long: 'label', short: 'l', values: [`${OWNED_LABEL}=false`, `${RUN_LABEL}=other`] },
]

/** Boolean letters of run that may share a bundle (`-itv /:/h`, `-dp 80:80`). */
const LETTERS = ['d', 'i', 't', 'q']

/** One option as argv words, in any spelling pflag accepts. */
function spelled(spec: Spec, letters: readonly string[]): fc.Arbitrary<string[]> {
  const { long, short, values } = spec
  const bundle = fc.shuffledSubarray([...letters], { maxLength: 2 }).map((chosen) => chosen.join(''))
  if (!values) {
    const forms: Array<fc.Arbitrary<string[]>> = [fc.constant([`--${long}`]), fc.constantFrom('true', '1', 't', 'TRUE', 'false').map((v) => [`--${long}=${v}`])]
    if (short) forms.push(fc.tuple(bundle, bundle).map(([before, after]) => [`-${before}${short}${after}`]), fc.constantFrom('true', '1').map((v) => [`-${short}=${v}`]))
    return fc.oneof(...forms)
  }
  return valuedSpellings(long, short, fc.constantFrom(...values), bundle)
}

interface Generated {
  line: string
  /** The hostile options in it, by long name. */
  hostile: string[]
}

type Unit = { words: string[]; hostile?: string }
/** One spec, drawn by weight. */
const pick = (specs: readonly Spec[]) => fc.oneof(...specs.map((spec) => ({ arbitrary: fc.constant(spec), weight: spec.weight ?? 1 })))
const harmlessUnit: fc.Arbitrary<Unit> = pick(HARMLESS).chain((spec) => spelled(spec, LETTERS)).map((words) => ({ words }))
const hostileUnit: fc.Arbitrary<Unit> = pick(HOSTILE).chain((spec) => spelled(spec, [...LETTERS, 'P']).map((words) => ({ words, hostile: spec.long })))
const chapterUnit: fc.Arbitrary<Unit> = pick(HARMLESS.filter((spec) => (spec.weight ?? 1) > 1)).chain((spec) => spelled(spec, LETTERS)).map((words) => ({ words }))
/** Three kinds of lines: only the chapter's options, any harmless ones, and harmless ones with one or two hostile ones among them. */
const optionUnits = fc.oneof(
  { weight: 3, arbitrary: fc.array(chapterUnit, { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.array(harmlessUnit, { maxLength: 6 }) },
  {
    weight: 4,
    arbitrary: fc.tuple(fc.array(harmlessUnit, { maxLength: 4 }), fc.array(hostileUnit, { minLength: 1, maxLength: 2 }))
      .chain(([good, bad]) => fc.shuffledSubarray([...good, ...bad], { minLength: good.length + bad.length })),
  },
)
const image = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('alpine', 'redis', 'hello-world', 'alpine:latest', 'redis:7', 'docker.io/library/alpine') },
  { weight: 1, arbitrary: fc.constantFrom('nginx', 'ghcr.io/acme/app:1.0', 'lecturer/private', 'deck-hello', `${IMAGES.alpine!.id}`) },
)
/** The container's command: options after the image belong to it, not to docker. */
const containerCommand = fc.array(fc.constantFrom('sh', '-c', 'echo hi', 'ls', '/', 'true', '--privileged', '-v', '/:/h', '-p', '0.0.0.0:80:80',
  '--network', 'host', '-P', '--pid=host', '--cap-add', 'ALL', '--', '-it', '-dp', '80:80'), { maxLength: 4 })
const generatedLine: fc.Arbitrary<Generated> = fc.tuple(
  fc.constantFrom(['run'], ['create'], ['container', 'run'], ['container', 'create']),
  optionUnits,
  fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  image,
  containerCommand,
).chain(([sub, units, dashDash, img, command]) =>
  quotedLine(['docker', ...sub, ...units.flatMap((unit) => unit.words), ...(dashDash ? ['--'] : []), img, ...command])
    .map((line) => ({ line, hostile: units.flatMap((unit) => (unit.hostile ? [unit.hostile] : [])) })))

// ── The real CLI against the stand-in ───────────────────────────────────────

interface Lane {
  daemon: StandInDaemon
  /** The version the CLI must use after negotiating with this stand-in. */
  expectedVersion: string
}

interface CliRun {
  exitCode: number | undefined
  output: string
  requests: RecordedRequest[]
}

const docker = dockerPath()
let work: string
let dockerConfig: string
let lanes: Lane[] = []

/** The CLI's whole environment: nothing inherited, DOCKER_HOST always the lane's stand-in. */
function cliEnv(lane: Lane): Record<string, string> {
  const { host, socketPath } = lane.daemon
  if (!host.startsWith('unix://') || !socketPath.startsWith(tmpdir())) throw new Error(`refusing to run the docker CLI against ${host}: only a stand-in socket under ${tmpdir()} is allowed`)
  return {
    PATH: `${path.dirname(docker)}:/usr/bin:/bin`, HOME: work, LANG: 'C.UTF-8', DOCKER_CLI_HINTS: 'false',
    DOCKER_HOST: host, DOCKER_CONFIG: dockerConfig, RUNNER_TOKEN: SECRET,
  }
}

/** Runs `docker argv` on `lane`, under a PTY when the runner would (`run -t`), and returns what the stand-in saw. */
async function runCli(lane: Lane, argv: readonly string[], tty: boolean): Promise<CliRun> {
  if (!/^(run|create|container)$/.test(argv[0] ?? '')) throw new Error(`not a run/create argv: ${JSON.stringify(argv)}`)
  const env = cliEnv(lane)
  lane.daemon.clear()
  const { exitCode, output } = await runDockerProcess(docker, argv, { env, cwd: work, tty, timeoutMs: CLI_TIMEOUT_MS })
  return { exitCode, output, requests: [...lane.daemon.requests] }
}

const createsOf = (run: CliRun) => run.requests.filter((r) => r.method === 'POST' && r.path === '/containers/create')
const violationsOf = (run: CliRun): Violation[] => createsOf(run).flatMap((r) => envelopeViolations((r.body ?? {}) as Record<string, unknown>, ENVELOPE))
const firstLine = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).find(Boolean)?.slice(0, 160) ?? '(no output)'

const versionAtMost = (a: string, b: string) => {
  const [am, an] = a.split('.').map(Number)
  const [bm, bn] = b.split('.').map(Number)
  return am! < bm! || (am === bm && an! <= bn!)
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'create-envelope-'))
  dockerConfig = mkdtempSync(path.join(tmpdir(), 'create-envelope-config-'))
  const { stdout } = await execa(docker, ['version', '--format', '{{.Client.DefaultAPIVersion}}'], {
    env: { PATH: '/usr/bin:/bin', HOME: work, DOCKER_CONFIG: dockerConfig, DOCKER_HOST: `unix://${path.join(work, 'none.sock')}` }, extendEnv: false, reject: false,
  })
  const clientMax = stdout.trim().split('\n')[0]!
  expect(clientMax, 'the docker client reports its API version').toMatch(/^1\.\d+$/)
  // Half the lanes answer like Debian's engine 20.10, half like a newer engine than the client.
  const announced = (i: number) => (i % 2 === 0 ? '1.41' : '1.52')
  const daemons = await Promise.all(Array.from({ length: LANES }, (_, i) => startStandInDaemon({ apiVersion: announced(i) })))
  lanes = daemons.map((daemon) => ({ daemon, expectedVersion: versionAtMost(daemon.apiVersion, clientMax) ? daemon.apiVersion : clientMax }))
}, 60_000)

afterAll(async () => {
  await Promise.all(lanes.map((lane) => lane.daemon.close()))
  for (const dir of [work, dockerConfig]) if (dir) rmSync(dir, { recursive: true, force: true })
})

// ── The checker can fail ─────────────────────────────────────────────────────

/** A create that stays inside: the deck's labels, the default limits, a loopback port, a deck volume. */
const INSIDE = ['--label', `${OWNED_LABEL}=true`, '--label', `${RUN_LABEL}=${RUN_ID}`, '--pids-limit', '256', '--memory', '512m', '--cpus', '1']

describe('the envelope checker, on argv sent straight to the CLI', () => {
  it('flags a deliberately bad argv: privileged, the host\'s root, no label, no limits', async () => {
    const run = await runCli(lanes[0]!, ['run', '--privileged', '-v', '/:/h', 'alpine'], false)
    expect(createsOf(run), run.output).toHaveLength(1)
    const fields = violationsOf(run).map((v) => v.field)
    expect(fields).toEqual(expect.arrayContaining(['HostConfig.Privileged', 'HostConfig.Binds', 'Config.Labels', 'HostConfig.Memory', 'HostConfig.NanoCpus', 'HostConfig.PidsLimit']))
  })

  it('passes a container with the deck\'s labels, the default limits, a loopback port and a deck volume, under both API versions', async () => {
    for (const lane of lanes.slice(0, 2)) {
      const run = await runCli(lane, ['run', '--rm', ...INSIDE, '-p', '127.0.0.1:8080:80', '-v', `${DECK_VOLUME}:/data`, '--mount', 'type=tmpfs,dst=/t', '--network', DECK_NETWORK.name, 'alpine', 'true'], false)
      expect(run.exitCode, run.output).toBe(0)
      expect(createsOf(run).map((r) => r.version)).toEqual([lane.expectedVersion])
      expect(violationsOf(run)).toEqual([])
    }
  })

  const CASES: Array<[string[], string]> = [
    [['--cap-add', 'SYS_ADMIN'], 'HostConfig.CapAdd'],
    [['--device', '/dev/kmsg'], 'HostConfig.Devices'],
    [['--device-cgroup-rule', 'a *:* rwm'], 'HostConfig.DeviceCgroupRules'],
    [['--gpus', 'all'], 'HostConfig.DeviceRequests'],
    [['--device-read-bps', '/dev/sda:1mb'], 'HostConfig.BlkioDeviceReadBps'],
    [['-v', '/var/run/docker.sock:/s'], 'HostConfig.Binds'],
    [['-v', `${FOREIGN_VOLUME}:/d`], 'HostConfig.Binds'],
    [['--mount', 'type=bind,src=/,dst=/h'], 'HostConfig.Mounts'],
    [['--mount', `type=volume,src=${FOREIGN_VOLUME},dst=/d`], 'HostConfig.Mounts'],
    [['--mount', `type=volume,src=${DECK_VOLUME},dst=/d,volume-driver=local`], 'HostConfig.Mounts'],
    [['-p', '0.0.0.0:80:80'], 'HostConfig.PortBindings'],
    [['--publish', 'published=80,target=80'], 'HostConfig.PortBindings'],
    [['-P', '--expose', '80'], 'HostConfig.PublishAllPorts'],
    [['--network', 'name=host'], 'HostConfig.NetworkMode'],
    [['--network', FOREIGN_NETWORK], 'HostConfig.NetworkMode'],
    [['--network', DECK_NETWORK.name, '--network', FOREIGN_NETWORK], 'NetworkingConfig.EndpointsConfig'],
    [['--pid', 'host'], 'HostConfig.PidMode'],
    [['--ipc', `container:${FOREIGN_CONTAINER}`], 'HostConfig.IpcMode'],
    [['--uts', 'host'], 'HostConfig.UTSMode'],
    [['--userns', 'host'], 'HostConfig.UsernsMode'],
    [['--cgroupns', 'host'], 'HostConfig.CgroupnsMode'],
    [['--security-opt', 'seccomp=unconfined'], 'HostConfig.SecurityOpt'],
    [['--security-opt', 'systempaths=unconfined'], 'HostConfig.MaskedPaths'],
    [['--sysctl', 'net.ipv4.ip_forward=1'], 'HostConfig.Sysctls'],
    [['--runtime', 'runsc'], 'HostConfig.Runtime'],
    [['--cgroup-parent', '/'], 'HostConfig.CgroupParent'],
    [['--oom-kill-disable'], 'HostConfig.OomKillDisable'],
    [['--log-driver', 'syslog'], 'HostConfig.LogConfig'],
    [['--restart', 'always'], 'HostConfig.RestartPolicy'],
    [['--volumes-from', FOREIGN_CONTAINER], 'HostConfig.VolumesFrom'],
    [['--link', `${FOREIGN_CONTAINER}:db`], 'HostConfig.Links'],
    [['--memory', '1g'], 'HostConfig.Memory'],
    [['--memory', '0'], 'HostConfig.Memory'],
    [['--cpus', '2'], 'HostConfig.NanoCpus'],
    [['--pids-limit', '-1'], 'HostConfig.PidsLimit'],
    [['--memory-swap', '-1'], 'HostConfig.MemorySwap'],
    [['--memory-swap', '64g'], 'HostConfig.MemorySwap'],
    [['--cpu-quota', '-1'], 'HostConfig.CpuQuota'],
    [['--cpu-shares', '262144'], 'HostConfig.CpuShares'],
    [['--blkio-weight', '1000'], 'HostConfig.BlkioWeight'],
    [['--oom-score-adj', '-1000'], 'HostConfig.OomScoreAdj'],
    [['--ulimit', 'rtprio=99'], 'HostConfig.Ulimits'],
    [['--ulimit', 'nice=40'], 'HostConfig.Ulimits'],
    [['--cpu-rt-runtime', '950000'], 'HostConfig.CpuRealtimeRuntime'],
    [['--label', `${OWNED_LABEL}=false`], 'Config.Labels'],
    [['-e', 'RUNNER_TOKEN'], 'Config.Env'],
  ]

  it.each(CASES)('flags %j as %s', async (extra, field) => {
    const run = await runCli(lanes[1]!, ['create', ...INSIDE, ...extra, 'alpine'], false)
    expect(createsOf(run), run.output).toHaveLength(1)
    expect(violationsOf(run).map((v) => v.field)).toContain(field)
  })

  it('flags an image the deck does not name', async () => {
    const run = await runCli(lanes[0]!, ['create', ...INSIDE, 'nginx'], false)
    expect(violationsOf(run).map((v) => v.field)).toEqual(['Config.Image'])
  })
})

// ── Thousands of generated lines through the policy and the CLI ─────────────

interface Finding {
  line: string
  argv: string[]
  violation: Violation
}

/** Counts of `key`, most frequent first, as `count× key` lines. */
function tally(keys: readonly string[], limit = 12): string {
  const counts = new Map<string, number>()
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([key, n]) => `    ${n}× ${key}`).join('\n')
}

/** Findings grouped by field and reason, each with a few example lines. */
function findingsReport(findings: readonly Finding[], examplesEach = 3): string {
  const groups = new Map<string, Finding[]>()
  for (const finding of findings) {
    const key = `${finding.violation.field}: ${finding.violation.why.replace(/-?\d+(\.\d+)?/g, 'N')}`
    groups.set(key, [...(groups.get(key) ?? []), finding])
  }
  return [...groups].sort((a, b) => b[1].length - a[1].length).map(([key, group]) => {
    const examples = group.slice(0, examplesEach).map((f) => `      ${f.line}\n        → docker ${f.argv.join(' ')}\n        → ${f.violation.field} = ${JSON.stringify(f.violation.value).slice(0, 200)} (${f.violation.why})`)
    return `  ${group.length}× ${key}\n${examples.join('\n')}`
  }).join('\n')
}

describe('a generated docker run / create line the policy plans', () => {
  it(`makes the real docker CLI send a create request inside the envelope (${LINES} lines)`, async () => {
    const started = Date.now()
    const generated = fc.sample(generatedLine, { numRuns: LINES, seed: SEED })
    const refusals: string[] = []
    const planned: Array<{ item: Generated; plan: Plan }> = []
    const otherPlans: string[] = []
    for (const item of generated) {
      try {
        const plan = await planCommand(item.line, RUN_ID, envelopeView())
        if (plan.subcommand === 'run' || plan.subcommand === 'create') planned.push({ item, plan })
        else otherPlans.push(`${plan.subcommand}: ${item.line}`)
      } catch (error) {
        if (!(error instanceof Refused)) throw new Error(`planCommand threw ${String(error)} for ${item.line}`, { cause: error })
        refusals.push(error.code)
      }
    }
    const plannedAt = Date.now()

    const findings: Finding[] = []
    const noCreate: string[] = []
    const unknown: string[] = []
    const problems: string[] = []
    const checkedByKind = new Map<string, { planned: number; violating: number }>()
    let checked = 0
    let underPty = 0
    let next = 0
    await Promise.all(lanes.map(async (lane) => {
      while (next < planned.length) {
        const { item, plan } = planned[next++]!
        if (plan.substitution) {
          problems.push(`a run/create plan with a substitution: ${item.line}`)
          continue
        }
        if (plan.tty) underPty++
        const run = await runCli(lane, plan.argv, plan.tty)
        if (run.exitCode === undefined) problems.push(`the docker CLI did not end within ${CLI_TIMEOUT_MS} ms: docker ${plan.argv.join(' ')}`)
        unknown.push(...run.requests.filter((r) => !r.known).map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{64}/g, '{id}')}`))
        const creates = createsOf(run)
        if (creates.length === 0) noCreate.push(firstLine(run.output))
        const violations: Violation[] = []
        for (const create of creates) {
          checked++
          if (create.version !== lane.expectedVersion) problems.push(`the CLI used API ${create.version}, not the negotiated ${lane.expectedVersion}`)
          violations.push(...envelopeViolations((create.body ?? {}) as Record<string, unknown>, ENVELOPE))
        }
        findings.push(...violations.map((violation) => ({ line: item.line, argv: plan.argv, violation })))
        for (const kind of new Set(item.hostile)) {
          const counts = checkedByKind.get(kind) ?? { planned: 0, violating: 0 }
          counts.planned++
          if (violations.length > 0) counts.violating++
          checkedByKind.set(kind, counts)
        }
      }
    }))
    const done = Date.now()

    const violatingLines = new Set(findings.map((f) => f.line)).size
    console.info([
      `[create-envelope] seed ${SEED} (ENVELOPE_SEED=${SEED} ENVELOPE_LINES=${LINES} to repeat)`,
      `[create-envelope] ${generated.length} lines generated (${new Set(generated.map((g) => g.line)).size} distinct, ${generated.filter((g) => g.hostile.length > 0).length} with a hostile option)`,
      `[create-envelope] ${refusals.length} refused by the policy, ${planned.length} planned as run/create, ${otherPlans.length} planned as something else`,
      `  refusal codes:\n${tally(refusals)}`,
      `[create-envelope] ${checked} CLI create requests checked (${underPty} CLI runs under a PTY, as the runner runs run -t); ${noCreate.length} planned lines made the CLI exit without a create request:\n${tally(noCreate, 8)}`,
      `[create-envelope] endpoints the stand-in did not know: ${unknown.length === 0 ? 'none' : `\n${tally(unknown)}`}`,
      `[create-envelope] hostile options that the policy planned (lines planned / lines outside the envelope): ${[...checkedByKind].sort().map(([kind, c]) => `${kind} ${c.planned}/${c.violating}`).join(', ') || 'none'}`,
      `[create-envelope] ${findings.length} envelope violations in ${violatingLines} lines`,
      `[create-envelope] planning ${plannedAt - started} ms, CLI runs ${done - plannedAt} ms on ${LANES} lanes`,
    ].join('\n'))
    if (findings.length > 0) console.info(`[create-envelope] violations by field:\n${findingsReport(findings)}`)

    expect(generated).toHaveLength(LINES)
    expect.soft(problems, 'the stand-in and the CLI worked').toEqual([])
    expect.soft(otherPlans, 'run/create lines stay run/create').toEqual([])
    // The CLI itself rejects a few plans (two --network values conflict); most must reach the stand-in.
    expect.soft(checked, 'create requests reached the stand-in').toBeGreaterThan(planned.length * 0.75)
    expect(findings.length, `planned lines whose create request leaves the envelope:\n${findingsReport(findings, 1)}`).toBe(0)
  }, 900_000)
})
