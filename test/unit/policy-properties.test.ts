// Property-based tests of the policy: fast-check writes command lines by the
// thousand (denied flags in every spelling the docker CLI accepts, shell
// soup, substitutions) and each plan is checked against a model of what the
// docker CLI would do with its argv. The holes the properties found are
// kept at the end as explicit counterexamples.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalSubcommand, SUBCOMMANDS } from '../../scripts/runner/policy/docker-options.ts'
import { OWNED_FILTER, OWNED_LABEL, RUN_LABEL } from '../../lib/labels.ts'
import { parseLine } from '../../scripts/runner/policy/parse-line.ts'
import { planCommand, type Plan } from '../../scripts/runner/policy/policy.ts'
import { Refused } from '../../scripts/runner/policy/refusal.ts'
import { splitOptions, type ParsedOption } from '../../scripts/runner/policy/split-options.ts'
import { DECK, fakeEngine, FOREIGN_CONTAINER } from './fake-engine.ts'

/** Cases per property; each is one planCommand call against the fake engine. */
const RUNS = 5_000
const TIMEOUT = 120_000
const RUN_ID = 'run-1'

type Outcome = { plan: Plan } | { refused: Refused }

/** Plans `line`; a Refused is an outcome, any other error fails the property. */
async function outcome(line: string): Promise<Outcome> {
  try {
    return { plan: await planCommand(line, RUN_ID, fakeEngine()) }
  } catch (error) {
    if (error instanceof Refused) return { refused: error }
    throw error
  }
}

const describeOutcome = (result: Outcome) => ('plan' in result ? `accepted as ${JSON.stringify(result.plan.argv)}` : `refused (${result.refused.code})`)

// ── Quoting ──────────────────────────────────────────────────────────────────

type QuoteStyle = 'bare' | 'single' | 'double' | 'half'
const SAFE = /^[\w@%+=:,./-]+$/

/** `word` as a student could type it: bare, '…', "…", or half bare and half quoted (`--cap'-add'`). */
function quoteWord(word: string, style: QuoteStyle): string {
  if (style === 'bare' && SAFE.test(word)) return word
  if (style === 'double' && !/["\\$`!]/.test(word)) return `"${word}"`
  if (style === 'half' && word.length > 1 && SAFE.test(word)) {
    const cut = Math.ceil(word.length / 2)
    return `${word.slice(0, cut)}'${word.slice(cut)}'`
  }
  return `'${word.replaceAll("'", `'\\''`)}'`
}

const quoteStyle = fc.constantFrom<QuoteStyle>('bare', 'bare', 'single', 'double', 'half')

/** Joins words into a line, each quoted in a random style. */
const quotedLine = (words: readonly string[]): fc.Arbitrary<string> =>
  fc.tuple(...words.map((word) => quoteStyle.map((style) => quoteWord(word, style)))).map((quoted) => quoted.join(' '))

// ── A model of the docker CLI: what an option in a plan would do ─────────────

const isDeckRef = (ref: string) => Object.values(DECK).some((c) => c.name === ref || (ref.length >= 4 && c.id.startsWith(ref)))

/** Options that reach the host whatever their value. */
const HOST_REACHING = new Set([
  'privileged', 'cap-add', 'device', 'device-cgroup-rule', 'device-read-bps', 'device-read-iops', 'device-write-bps',
  'device-write-iops', 'blkio-weight-device', 'gpus', 'security-opt', 'cgroup-parent', 'sysctl', 'runtime', 'env-file',
  'label-file', 'cidfile', 'volumes-from', 'use-api-socket', 'publish-all', 'log-driver', 'log-opt', 'volume-driver',
  'oom-kill-disable',
])

/** Fields of a CSV record as Go's encoding/csv reads one; undefined where it would fail. */
function csvFields(text: string): string[] | undefined {
  const fields: string[] = []
  let i = 0
  while (i <= text.length) {
    if (text[i] === '"') {
      let field = ''
      i++
      for (;;) {
        if (i >= text.length) return undefined
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), (i += 2)
        else if (text[i] === '"') break
        else field += text[i++]
      }
      i++
      if (i < text.length && text[i] !== ',') return undefined
      fields.push(field)
    } else {
      const end = text.indexOf(',', i) === -1 ? text.length : text.indexOf(',', i)
      const field = text.slice(i, end)
      if (field.includes('"')) return undefined
      fields.push(field)
      i = end
    }
    i++
  }
  return fields
}

/** What `--network V` joins: docker reads `name=…,alias=…` (any `\w+=\w+` inside) as CSV. */
function networkTarget(value: string): string | undefined {
  if (!/\w+=\w+/.test(value)) return value
  const fields = csvFields(value)
  const name = fields?.map((field) => field.split('=')).find(([key]) => key?.trim().toLowerCase() === 'name')
  return name ? name.slice(1).join('=').trim() : undefined
}

/** True when joining `value` (`host`, `container:X`) would share the host's or a foreign container's namespace. */
const joinsOutside = (value: string | undefined) =>
  value === 'host' || (value?.startsWith('container:') === true && !isDeckRef(value.slice('container:'.length)))

const NAMED_VOLUME = /^[A-Za-z0-9][A-Za-z0-9_.-]+$/
const MiB = 1024 * 1024

/** Why docker would let `option` of `subcommand` reach the host or escape the deck's limits; undefined when harmless. */
function danger(subcommand: string, { name, value = '' }: ParsedOption): string | undefined {
  if (subcommand === 'exec') {
    if (name === 'privileged' || name === 'env-file') return `exec --${name}`
    if (name === 'env' && !value.includes('=')) return `exec -e ${value} copies the runner's environment`
    return undefined
  }
  if (subcommand !== 'run' && subcommand !== 'create') return undefined
  if (HOST_REACHING.has(name)) return `--${name}`
  switch (name) {
    case 'volume': {
      const parts = value.split(':')
      const anonymous = parts.length === 1 && value.startsWith('/')
      return anonymous || NAMED_VOLUME.test(parts[0]!) ? undefined : `-v ${value} mounts a host path`
    }
    case 'mount': {
      const fields = csvFields(value)
      if (!fields) return undefined
      const keys = new Map(fields.map((field) => [field.split('=')[0]!.trim().toLowerCase(), field.split('=').slice(1).join('=')]))
      const type = (keys.get('type') ?? 'volume').toLowerCase()
      if (type !== 'volume' && type !== 'tmpfs') return `--mount type=${type}`
      return [...keys.keys()].some((key) => key === 'volume-driver' || key.startsWith('volume-opt')) ? '--mount with a volume driver' : undefined
    }
    case 'network':
    case 'net':
      return joinsOutside(networkTarget(value)) ? `--${name} ${value}` : undefined
    case 'pid': case 'ipc': case 'uts': case 'userns': case 'cgroupns':
      return joinsOutside(value) ? `--${name} ${value}` : undefined
    case 'env':
      return value.includes('=') ? undefined : `-e ${value} copies the runner's environment`
    case 'restart':
      return /^(no|on-failure(:\d+)?)$/.test(value) ? undefined : `--restart ${value}`
    case 'publish':
      return value.startsWith('127.0.0.1:') ? undefined : `-p ${value} is not on loopback`
    case 'memory-swap':
      return value.trim() === '-1' ? '--memory-swap -1' : undefined
    case 'pids-limit':
      return Number(value) > 0 && Number(value) <= 256 ? undefined : `--pids-limit ${value}`
    case 'cpus':
      return Number(value) > 0 && Number(value) <= 1 ? undefined : `--cpus ${value}`
    case 'memory': {
      const match = /^(\d+(?:\.\d+)?)([bkmg]?)b?$/i.exec(value.trim())
      const bytes = match ? Number(match[1]) * ({ '': 1, b: 1, k: 1024, m: MiB, g: 1024 * MiB } as Record<string, number>)[match[2]!.toLowerCase()]! : Number.NaN
      return bytes >= 1 && bytes <= 512 * MiB ? undefined : `--memory ${value}`
    }
  }
  return undefined
}

/**
 * Problems with a plan, read back from its argv the way docker would: the
 * program is an allowed subcommand, no option reaches the host, the deck's
 * own labels are the runner's, and a substitution lists only the deck's IDs.
 */
function planProblems(plan: Plan): string[] {
  const problems: string[] = []
  const sub = canonicalSubcommand(plan.argv.slice(0, 2))
  if (!sub || sub.name !== plan.subcommand || plan.argv[0]!.startsWith('-')) return [`argv starts with ${JSON.stringify(plan.argv.slice(0, 2))}, not the allowed subcommand ${plan.subcommand}`]
  let split
  try {
    split = splitOptions(plan.argv.slice(sub.consumed), SUBCOMMANDS[sub.name]!, sub.name)
  } catch (error) {
    return [`docker would not parse the plan's argv: ${String(error)}`]
  }
  const options = split.units.flatMap((unit) => unit.options)
  for (const option of options) {
    const why = danger(sub.name, option)
    if (why) problems.push(`the plan keeps ${why}`)
  }
  if (sub.name === 'run' || sub.name === 'create') {
    const deckLabels = options.filter((o) => o.name === 'label' && o.value?.startsWith('docker-live-deck.')).map((o) => o.value)
    if (JSON.stringify(deckLabels) !== JSON.stringify([`${OWNED_LABEL}=true`, `${RUN_LABEL}=${RUN_ID}`])) problems.push(`deck labels ${JSON.stringify(deckLabels)}`)
  }
  if (plan.substitution) problems.push(...listingProblems(plan.substitution.argv))
  return problems
}

/** Problems with the argv of `$(…)`: a `ps`/`images` listing that prints only IDs, scoped to the deck. */
function listingProblems(argv: string[]): string[] {
  const sub = canonicalSubcommand(argv.slice(0, 2))
  if (!sub || (sub.name !== 'ps' && sub.name !== 'images')) return [`$(…) runs docker ${argv.join(' ')}`]
  const split = splitOptions(argv.slice(sub.consumed), SUBCOMMANDS[sub.name]!, sub.name)
  const options = split.units.flatMap((unit) => unit.options)
  const quiet = options.filter((o) => o.name === 'quiet').at(-1)
  const problems: string[] = []
  if (!quiet || !['true', '1', 't', 'T', 'TRUE', 'True', undefined].includes(quiet.value)) problems.push('$(…) does not print only IDs')
  if (split.positionals.length > 0) problems.push(`$(…) names ${split.positionals.join(' ')}`)
  if (JSON.stringify(argv.slice(-2)) !== JSON.stringify(['--filter', OWNED_FILTER])) problems.push('$(…) lacks the label filter at the end')
  return problems
}

// ── Denied flags, in every spelling ──────────────────────────────────────────

interface Denial {
  long: string
  short?: string
  /** Values that must be refused; absent for boolean flags. */
  value?: fc.Arbitrary<string>
}

const anyValue = fc.stringMatching(/^[A-Za-z0-9_.:/=,-]{1,24}$/).filter((v) => !v.startsWith('-') && !v.startsWith('='))
const hostSource = fc.oneof(
  fc.constantFrom('/', '/etc', '/var/run/docker.sock', '/home/lecturer', '.', './src', '..', '../x', ''),
  fc.stringMatching(/^\/[a-z0-9_./-]{0,16}$/),
  fc.stringMatching(/^\.\.?\/[a-z0-9_.-]{0,8}$/),
)
const hostVolume = fc.tuple(hostSource, fc.constantFrom('/h', '/host', '/var/run/docker.sock'), fc.constantFrom('', ':ro', ':rw', ':z', ':ro,z'))
  .map(([source, target, mode]) => `${source}:${target}${mode}`)
const mixedCase = (text: string) => fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length })
  .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''))
const bindMount = fc.tuple(
  fc.tuple(mixedCase('type'), mixedCase('bind')).map(([key, type]) => `${key}=${type}`),
  fc.tuple(fc.constantFrom('src', 'source'), fc.constantFrom('/', '/etc', '/var/run/docker.sock')).map(([key, path]) => `${key}=${path}`),
  fc.tuple(fc.constantFrom('dst', 'target', 'destination'), fc.constantFrom('/h', '/mnt')).map(([key, path]) => `${key}=${path}`),
  fc.subarray(['readonly', 'bind-propagation=rprivate', 'consistency=cached']),
).chain(([type, source, target, extra]) => fc.shuffledSubarray([type, source, target, ...extra], { minLength: 3 + extra.length, maxLength: 3 + extra.length }))
  .map((fields) => fields.join(','))
const driverMount = fc.tuple(fc.constantFrom('volume-driver=local', 'volume-opt=type=none', 'volume-opt=o=bind', 'volume-opt=device=/'), fc.constantFrom('type=volume,', ''))
  .map(([field, type]) => `${type}src=x,dst=/d,${field}`)
const hostOrForeign = fc.constantFrom('host', `container:${FOREIGN_CONTAINER}`)
/** docker CLI 28 reads a --network value holding `\w+=\w+` as CSV: `name=host,alias=x`, key in any case, fields may be quoted. */
const longNetwork = fc.tuple(fc.constantFrom('name', 'NAME', 'Name'), fc.constantFrom('host', `container:${FOREIGN_CONTAINER}`), fc.constantFrom('', ',alias=web', ' '), fc.boolean())
  .map(([key, target, tail, quoted]) => (quoted ? `"${key}=${target}"${tail}` : `${key}=${target}${tail}`))
const envName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/)

const ALWAYS = ['cap-add', 'device', 'device-cgroup-rule', 'gpus', 'security-opt', 'cgroup-parent', 'sysctl', 'runtime', 'env-file',
  'label-file', 'cidfile', 'volumes-from', 'log-driver', 'log-opt', 'volume-driver', 'device-read-bps', 'blkio-weight-device']

const RUN_DENIALS: Denial[] = [
  { long: 'privileged' }, { long: 'use-api-socket' }, { long: 'oom-kill-disable' }, { long: 'publish-all', short: 'P' },
  ...ALWAYS.map((long) => ({ long, value: long === 'cap-add' ? fc.oneof(fc.constantFrom('SYS_ADMIN', 'ALL', 'NET_ADMIN', 'sys_ptrace'), anyValue) : anyValue })),
  { long: 'volume', short: 'v', value: hostVolume },
  { long: 'mount', value: fc.oneof(bindMount, driverMount) },
  ...['pid', 'ipc'].map((long) => ({ long, value: hostOrForeign })),
  ...['network', 'net'].map((long) => ({ long, value: fc.oneof(hostOrForeign, longNetwork) })),
  ...['uts', 'userns', 'cgroupns'].map((long) => ({ long, value: fc.constant('host') })),
  { long: 'env', short: 'e', value: envName },
  { long: 'restart', value: fc.constantFrom('always', 'unless-stopped', 'on-failure:-1') },
  { long: 'label', short: 'l', value: fc.constantFrom(`${OWNED_LABEL}=false`, `${RUN_LABEL}=other`, `${OWNED_LABEL}`) },
]
const EXEC_DENIALS: Denial[] = [{ long: 'privileged' }, { long: 'env-file', value: anyValue }, { long: 'env', short: 'e', value: envName }]

/** One denied option as argv words, in any spelling pflag accepts, bundled with boolean letters. */
function deniedSpelling(denial: Denial, letters: readonly string[]): fc.Arbitrary<string[]> {
  const { long, short, value } = denial
  const bundle = fc.array(fc.constantFrom(...letters), { maxLength: 3 }).map((chosen) => chosen.join(''))
  if (!value) {
    const forms: Array<fc.Arbitrary<string[]>> = [fc.constant([`--${long}`]), fc.constantFrom('true', '1', 't', 'TRUE').map((v) => [`--${long}=${v}`])]
    if (short) forms.push(fc.tuple(bundle, bundle).map(([before, after]) => [`-${before}${short}${after}`]), bundle.map((before) => [`-${before}${short}=true`]))
    return fc.oneof(...forms)
  }
  const forms: Array<fc.Arbitrary<string[]>> = [value.map((v) => [`--${long}`, v]), value.map((v) => [`--${long}=${v}`])]
  if (short) {
    forms.push(
      fc.tuple(bundle, value).map(([before, v]) => [`-${before}${short}`, v]),
      fc.tuple(bundle, value).map(([before, v]) => [`-${before}${short}${v}`]),
      fc.tuple(bundle, value).map(([before, v]) => [`-${before}${short}=${v}`]),
    )
  }
  return fc.oneof(...forms)
}

/** Options that are fine on run/create, some of them allowed values of denied flags. */
const RUN_ALLOWED: string[][] = [
  ['--rm'], ['-d'], ['-i'], ['-t'], ['-it'], ['-dit'], ['--init'], ['--read-only'], ['-q'], ['--sig-proxy=false'],
  ['--name', 'demo'], ['--name=demo2'], ['-e', 'A=b'], ['-eA=b'], ['--env=GREETING=hi'], ['-e', 'EMPTY='],
  ['-v', 'data:/data'], ['-v', '/data'], ['-v', 'cache:/cache:ro'], ['--mount', 'type=volume,src=data,dst=/data'], ['--mount', 'type=tmpfs,dst=/t'],
  ['--memory', '256m'], ['-m', '128m'], ['--cpus', '0.5'], ['--pids-limit', '100'], ['-p', '8080:80'], ['-p', '127.0.0.1:8081:81'],
  ['--network', 'bridge'], ['--net=none'], ['--network', `container:${DECK.redisRunning.name}`], ['--pid', `container:${DECK.redisRunning.name}`],
  ['--ipc', 'private'], ['--cap-drop', 'ALL'], ['--restart', 'no'], ['--restart=on-failure:3'], ['-w', '/app'], ['-u', '1000'],
  ['--hostname', 'box'], ['-h', 'box'], ['--label', 'course=docker'], ['-l', 'a=b'], ['--tmpfs', '/tmp'], ['--entrypoint', 'sh'],
  ['--stop-signal', 'SIGTERM'], ['--add-host', 'db:10.0.0.2'], ['--dns', '1.1.1.1'], ['--ulimit', 'nofile=1024'], ['--pull', 'missing'],
]
const EXEC_ALLOWED: string[][] = [['-d'], ['-i'], ['-t'], ['-it'], ['-u', 'root'], ['-w', '/data'], ['-e', 'A=b'], ['--env=B=c'], ['--detach-keys', 'ctrl-x']]

/** Allowed options and 1–3 denied ones (maybe the same one twice), shuffled, as argv words. */
function optionsWithDenial(denials: Denial[], allowed: string[][], letters: readonly string[]): fc.Arbitrary<string[]> {
  const denied = fc.constantFrom(...denials).chain((denial) => deniedSpelling(denial, letters))
  return fc.tuple(fc.array(fc.constantFrom(...allowed), { maxLength: 6 }), fc.array(denied, { minLength: 1, maxLength: 3 }))
    .chain(([good, bad]) => fc.shuffledSubarray([...good, ...bad], { minLength: good.length + bad.length, maxLength: good.length + bad.length }))
    .map((units) => units.flat())
}

const containerCommand = fc.array(fc.constantFrom('sh', '-c', 'echo hi', 'ls', '-v', '/', '--privileged', '-P', '--cap-add', 'SYS_ADMIN', '-e', 'HOME', '--'), { maxLength: 4 })
const image = fc.constantFrom('alpine', 'redis:7', 'nginx', 'ghcr.io/acme/app:1.0')

const deniedRunLine = fc.tuple(fc.constantFrom('run', 'create', 'container run', 'container create'), optionsWithDenial(RUN_DENIALS, RUN_ALLOWED, ['d', 'i', 't', 'q']), image, containerCommand)
  .chain(([sub, options, img, command]) => quotedLine(['docker', ...sub.split(' '), ...options, img, ...command]))
const deniedExecLine = fc.tuple(fc.constantFrom('exec', 'container exec'), optionsWithDenial(EXEC_DENIALS, EXEC_ALLOWED, ['d', 'i', 't']), containerCommand)
  .chain(([sub, options, command]) => quotedLine(['docker', ...sub.split(' '), ...options, DECK.redisRunning.name, 'sh', ...command]))

describe('a line holding a denied flag', () => {
  it('quotes generated words so that the parser reads them back unchanged', () => {
    let cases = 0
    fc.assert(fc.property(fc.oneof(anyValue, hostVolume, bindMount, driverMount, fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }).filter((w) => !w.includes('<') && !w.includes('\\'))), quoteStyle, (word, style) => {
      cases++
      expect(parseLine(`docker ${quoteWord(word, style)}`)).toEqual([word])
    }), { numRuns: RUNS })
    console.info(`[policy-properties] quoting: ${cases} words read back unchanged`)
  }, TIMEOUT)

  it('is refused on run, create and exec in every spelling, order, quoting and repetition', async () => {
    let cases = 0
    const flags = new Set<string>()
    await fc.assert(fc.asyncProperty(fc.oneof({ arbitrary: deniedRunLine, weight: 4 }, { arbitrary: deniedExecLine, weight: 1 }), async (line) => {
      cases++
      const result = await outcome(line)
      expect('refused' in result && result.refused.code, `${line}: ${describeOutcome(result)}`).toBe('denied-flag')
      if ('refused' in result) flags.add(result.refused.subject!.split(' ')[0]!)
    }), { numRuns: RUNS * 2 })
    console.info(`[policy-properties] denied flags: ${cases} lines refused, naming ${flags.size} different flags: ${[...flags].sort().join(' ')}`)
    expect(flags.size).toBeGreaterThan(25)
  }, TIMEOUT)

  it('after `--` is refused or stays behind a `--` the plan keeps, where docker reads it as a positional', async () => {
    let cases = 0
    let refused = 0
    const line = fc.tuple(fc.constantFrom('run', 'create'), fc.array(fc.constantFrom(...RUN_ALLOWED), { maxLength: 4 }), optionsWithDenial(RUN_DENIALS, RUN_ALLOWED, ['d', 'i', 't']), image)
      .chain(([sub, before, after, img]) => quotedLine(['docker', sub, ...before.flat(), '--', ...after, img]))
    await fc.assert(fc.asyncProperty(line, async (text) => {
      cases++
      const result = await outcome(text)
      if ('refused' in result) return void refused++
      const { argv } = result.plan
      expect(argv, text).toContain('--')
      expect(planProblems(result.plan), `${text}: ${describeOutcome(result)}`).toEqual([])
      // Everything after the kept `--` is a positional to docker.
      expect(splitOptions(argv.slice(1), SUBCOMMANDS.run!, 'run').endOfOptions).toBe(true)
    }), { numRuns: RUNS })
    console.info(`[policy-properties] denied flags after --: ${cases} lines, ${refused} refused, ${cases - refused} planned with the -- kept`)
  }, TIMEOUT)
})

// ── Shell soup ───────────────────────────────────────────────────────────────

const SUBCOMMAND_WORDS = ['run', 'create', 'exec', 'start', 'stop', 'restart', 'kill', 'rm', 'rmi', 'ps', 'images', 'logs', 'inspect',
  'port', 'top', 'wait', 'pause', 'unpause', 'pull', 'version', 'info', 'system', 'container', 'image', 'prune', 'df', 'ls', 'list',
  'compose', 'build', 'cp', 'commit', 'export', 'save', 'load', 'login', 'plugin', 'network', 'volume', 'buildx', 'context', 'swarm']
const FLAG_WORDS = ['--privileged', '--privileged=false', '-P', '-dP', '-Pd', '-itv', '-v', '--volume', '-v=/:/h', '--mount', '--mount=type=bind,src=/,dst=/h',
  '--cap-add', '--cap-add=ALL', '--device', '--pid', '--pid=host', '--ipc', '--uts', '--userns', '--cgroupns', '--network', '--network=host', '--net',
  '--security-opt', '--env-file', '--cidfile', '-e', '-eHOME', '-e=PATH', '--env', '--volumes-from', '--use-api-socket', '--rm', '-d', '-it', '-a',
  '-q', '-aq', '-f', '--force', '--filter', '--format', '-H', '--host', '-c', '--context', '--config', '--tls', '--tlsverify', '-l',
  '--log-level', '--', '-', '-p', '--publish', '--name', '--label', '--restart', '--sysctl', '--runtime', '--gpus', '--pids-limit',
  '--memory', '--cpus', '-m', '-u', '--user', '--entrypoint', '-w', '--read-only', '--init', '--all', '--quiet', '-t', '--signal', '-s']
const VALUE_WORDS = ['name=host', 'NAME=host', 'alias=a,name=host', `name=container:${FOREIGN_CONTAINER}`, '/:/h', '/var/run/docker.sock:/var/run/docker.sock', './x:/x', 'data:/data', '/data', 'host', 'bridge', 'none',
  `container:${DECK.redisRunning.name}`, `container:${FOREIGN_CONTAINER}`, 'SYS_ADMIN', 'ALL', '/dev/sda', 'type=bind,src=/,dst=/h',
  'type=volume,src=d,dst=/d', 'type=tmpfs,dst=/t', 'seccomp=unconfined', 'HOME', 'A=b', 'alpine', 'redis', DECK.redisRunning.name,
  DECK.alpineExited.name, FOREIGN_CONTAINER, '0123456789ab', 'aaaaaaaaaaaa', 'bbbb', 'sh', 'echo', 'hi', '8080:80', '0.0.0.0:80:80',
  'always', 'no', '256', '512m', '1', '99999', '0', '-1', '1g', 'label=x', 'status=exited', '{{.ID}}', 'tcp://evil:2375',
  'unix:///var/run/docker.sock', 'true', 'false', 'deck-hello', '7e1d2c3b4a5f']
const META_WORDS = [';', '|', '||', '&', '&&', '>', '>>', '<', '2>&1', '`', '$', '$(', ')', '(', '*', '?', '[a]', '~', '~/x', '{a,b}',
  '{1..3}', '#', '#x', '\n', '\r', '\t', '\\', '"', "'", '$HOME', '${HOME}', '${', '${}', '${ x}', '$1', '!', '%', '^', '<<', '<<<', '<(ls)', '>(x)',
  '\u0000', '\u0001', '\u0001' + '0' + '\u0001', '\u0002$(…)', '\u001b[31m']
const PLACEHOLDER_WORDS = ['<id>', '<id:redis>', '<id:alpine>', '<id:nginx>', '<image-id>', '<image-id:alpine>', '<image-id:deck-hello>',
  '<image-id:nope>', '<ID>', '<id:>', '<id:redis:7>']
const SUBSTITUTION_WORDS = ['$(docker ps -a -q)', '`docker ps -q`', '$(docker images -q)', '$(docker ps)', '$(rm -rf /)',
  '$(docker run --privileged alpine)', '$(docker -H tcp://x ps -q)', '`id`', '$( docker ps -aq )', '$(docker ps -q $(id))']

const soupToken = fc.oneof(
  { arbitrary: fc.constantFrom(...SUBCOMMAND_WORDS), weight: 3 },
  { arbitrary: fc.constantFrom(...FLAG_WORDS), weight: 5 },
  { arbitrary: fc.constantFrom(...VALUE_WORDS), weight: 5 },
  { arbitrary: fc.constantFrom(...META_WORDS), weight: 2 },
  { arbitrary: fc.constantFrom(...PLACEHOLDER_WORDS), weight: 1 },
  { arbitrary: fc.constantFrom(...SUBSTITUTION_WORDS), weight: 1 },
  { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
)
/** A token raw, or wrapped in quotes (which may well leave them unbalanced). */
const soupWord = fc.tuple(soupToken, fc.constantFrom('', '', '', "'", '"')).map(([token, quote]) => `${quote}${token}${quote}`)
const separator = fc.constantFrom(' ', ' ', ' ', ' ', '', '  ', '\t')
/** Words glued by random separators, usually after `docker` and a subcommand. */
const soup = (start: fc.Arbitrary<string>) => fc.tuple(start, fc.array(fc.tuple(soupWord, separator), { maxLength: 10 }))
  .map(([first, rest]) => first + rest.map(([word, sep]) => sep + word).join(''))
const soupLine = soup(fc.oneof(
  { arbitrary: fc.constantFrom(...SUBCOMMAND_WORDS).map((sub) => `docker ${sub}`), weight: 12 },
  { arbitrary: fc.constantFrom('docker', 'docker container', 'docker image', 'docker system'), weight: 3 },
  { arbitrary: fc.constantFrom('', 'sudo docker', 'DOCKER', '/usr/bin/docker', 'docker;', '"docker"', 'dockerd', 'podman'), weight: 1 },
))

/** Options and values only, each quoted in a random style: lines that often get planned. */
const optionSoupLine = fc.tuple(
  fc.constantFrom('run', 'create', 'container run', 'exec', 'start', 'stop', 'kill', 'rm', 'rmi', 'ps', 'images', 'logs', 'inspect', 'pull', 'system prune', 'container prune', 'image prune'),
  fc.array(fc.oneof({ arbitrary: fc.constantFrom(...FLAG_WORDS), weight: 3 }, { arbitrary: fc.constantFrom(...VALUE_WORDS), weight: 3 }, { arbitrary: fc.constantFrom(...PLACEHOLDER_WORDS), weight: 1 }), { maxLength: 8 }),
).chain(([sub, words]) => quotedLine(['docker', ...sub.split(' '), ...words]))

describe('any generated line', () => {
  it('is refused, or becomes a docker subcommand the runner allows, with nothing that reaches the host', async () => {
    let cases = 0
    const accepted = new Map<string, number>()
    const refused = new Map<string, number>()
    const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1)
    await fc.assert(fc.asyncProperty(fc.oneof(soupLine, optionSoupLine), async (line) => {
      cases++
      const result = await outcome(line)
      if ('refused' in result) return void count(refused, result.refused.code)
      count(accepted, result.plan.subcommand)
      expect(planProblems(result.plan), `${JSON.stringify(line)}: ${describeOutcome(result)}`).toEqual([])
    }), { numRuns: RUNS * 2 })
    const total = (map: Map<string, number>) => [...map.values()].reduce((a, b) => a + b, 0)
    const show = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${key} ${n}`).join(', ')
    console.info(`[policy-properties] shell soup: ${cases} lines; ${total(accepted)} planned (${show(accepted)}); ${total(refused)} refused (${show(refused)})`)
    expect(total(accepted)).toBeGreaterThan(cases / 20)
  }, TIMEOUT)
})

// ── The substitution form ────────────────────────────────────────────────────

interface Piece {
  words: string[]
  /** Long option names the piece sets; `?` for anything a listing must not hold, `quiet-off` for -q=false. */
  names: string[]
}

const piece = (words: string[], ...names: string[]): Piece => ({ words, names })
const LISTING_PIECES = [
  piece(['-a'], 'all'), piece(['--all'], 'all'), piece(['-q'], 'quiet'), piece(['--quiet'], 'quiet'), piece(['-aq'], 'all', 'quiet'),
  piece(['-qa'], 'all', 'quiet'), piece(['-q=true'], 'quiet'), piece(['--quiet=true'], 'quiet'), piece(['--no-trunc'], 'no-trunc'),
  piece(['-n', '2'], 'last'), piece(['--last=3'], 'last'), piece(['-l'], 'latest'), piece(['--latest'], 'latest'),
  piece(['--filter', 'status=exited'], 'filter'), piece(['-f', 'label=course'], 'filter'), piece(['--filter=name=web'], 'filter'),
  piece(['--filter', `label!=${OWNED_LABEL}`], 'filter'), piece(['--quiet=false'], 'quiet-off'), piece(['-q=0'], 'quiet-off'),
]
const OTHER_PIECES = [
  piece(['--format', '{{.ID}}'], 'format'), piece(['-s'], 'size'), piece(['--size'], 'size'), piece(['--digests'], 'digests'),
  piece(['--tree'], 'tree'), piece(['-H', 'tcp://x'], '?'), piece(['--privileged'], '?'), piece([DECK.redisRunning.name], '?'),
  piece(['x'], '?'), piece(['-aqs'], 'all', 'quiet', 'size'), piece(['--'], '?'),
]
const LISTINGS: Record<string, string[][]> = { ps: [['ps'], ['container', 'ls'], ['container', 'list'], ['container', 'ps']], images: [['images'], ['image', 'ls'], ['image', 'list']] }
const NOT_LISTINGS = [['rm'], ['rm', '-f'], ['run', '--rm', 'alpine'], ['inspect'], ['system', 'prune'], ['volume', 'ls'], ['network', 'ls'],
  ['-H', 'x', 'ps'], ['--context', 'x', 'ps'], ['ps2'], ['logs'], ['container', 'rm'], ['image', 'rm'], []]
const ALLOWED_IN_LISTING: Record<string, Set<string>> = {
  ps: new Set(['all', 'quiet', 'quiet-off', 'filter', 'no-trunc', 'last', 'latest']),
  images: new Set(['all', 'quiet', 'quiet-off', 'filter', 'no-trunc']),
}
const SUBSTITUTION_OK = new Set(['rm', 'rmi', 'stop', 'kill', 'start', 'restart', 'pause', 'unpause', 'inspect'])
const OUTERS = [['rm'], ['rm', '-f'], ['rm', '-fv'], ['rmi'], ['rmi', '-f'], ['stop'], ['stop', '-t', '1'], ['kill'], ['kill', '-s', 'KILL'],
  ['start'], ['restart'], ['pause'], ['unpause'], ['inspect'], ['container', 'rm'], ['image', 'rm'], ['ps'], ['logs'], ['run'], ['exec'], ['top']]

interface SubstitutionCase {
  line: string
  inner: string[]
  /** Whether the inner command is a listing the runner may run for this outer command. */
  listing: boolean
}

const substitutionCase: fc.Arbitrary<SubstitutionCase> = fc.record({
  outer: fc.constantFrom(...OUTERS),
  program: fc.oneof({ arbitrary: fc.constant('docker'), weight: 6 }, { arbitrary: fc.constantFrom('sh', 'rm', 'curl', 'bash', 'echo', 'env', 'xargs', 'sudo', '/usr/bin/docker', 'podman', 'Docker'), weight: 1 }),
  kind: fc.oneof({ arbitrary: fc.constantFrom('ps', 'images'), weight: 4 }, { arbitrary: fc.constant('other'), weight: 1 }),
  variant: fc.nat(),
  pieces: fc.array(fc.oneof({ arbitrary: fc.constantFrom(...LISTING_PIECES), weight: 6 }, { arbitrary: fc.constantFrom(...OTHER_PIECES), weight: 1 }), { maxLength: 5 }),
  backticks: fc.boolean(),
  padding: fc.constantFrom('', ' '),
}).chain(({ outer, program, kind, variant, pieces, backticks, padding }) => {
  const subWords = kind === 'other' ? NOT_LISTINGS[variant % NOT_LISTINGS.length]! : LISTINGS[kind]![variant % LISTINGS[kind]!.length]!
  const inner = [program, ...subWords, ...pieces.flatMap((p) => p.words)]
  const outerName = canonicalSubcommand(outer.slice(0, 2))!.name
  const expected = outerName === 'rmi' ? 'images' : 'ps'
  const names = pieces.flatMap((p) => p.names)
  // The last -q / -q=false decides, as in pflag.
  const quiet = names.reduce((on, name) => (name === 'quiet' ? true : name === 'quiet-off' ? false : on), false)
  const listing = program === 'docker' && kind === expected && SUBSTITUTION_OK.has(outerName)
    && names.every((name) => ALLOWED_IN_LISTING[kind]!.has(name)) && quiet
  return quotedLine(inner).map((text) => {
    const wrapped = backticks ? `\`${padding}${text}${padding}\`` : `$(${padding}${text}${padding})`
    return { line: `docker ${outer.join(' ')} ${wrapped}`, inner, listing }
  })
})

const junkInner = fc.oneof(
  soup(fc.constantFrom('docker ps -q', 'docker images -q', 'docker ps -a -q', 'docker', 'rm -rf', 'sh -c')),
  fc.constantFrom('docker ps -q; rm -rf /', 'docker ps -q | xargs docker rm', 'docker ps -q && id', 'docker ps -q > /tmp/x',
    'docker ps -q $(id)', 'docker ps -q `id`', 'docker ps -q )', 'docker ps -q #', 'docker ps -q\nid', 'docker ps -q ${HOME}'),
)

describe('the substitution form', () => {
  it('runs only a `docker ps … -q` / `docker images … -q` listing, always with the label filter', async () => {
    let cases = 0
    let accepted = 0
    await fc.assert(fc.asyncProperty(substitutionCase, async ({ line, inner, listing }) => {
      cases++
      const result = await outcome(line)
      if (!listing) {
        expect('refused' in result, `${line}: ${describeOutcome(result)}`).toBe(true)
        return
      }
      if (!('plan' in result)) throw new Error(`${line} is a deck listing but was refused: ${result.refused.message}`)
      accepted++
      const { argv, substitution } = result.plan
      expect(substitution?.argv).toEqual([...inner.slice(1), '--filter', OWNED_FILTER])
      expect(argv[substitution!.at]).toBe('\u0002$(…)')
      expect(result.plan.notices.map((n) => n.kind)).toContain('scoped')
      expect(planProblems(result.plan)).toEqual([])
    }), { numRuns: RUNS })
    console.info(`[policy-properties] substitution: ${cases} lines, ${accepted} deck listings planned with the filter, ${cases - accepted} refused`)
    expect(accepted).toBeGreaterThan(cases / 20)
  }, TIMEOUT)

  it('refuses arbitrary inner commands, or plans them as a scoped ID listing', async () => {
    let cases = 0
    let accepted = 0
    const line = fc.tuple(fc.constantFrom(...OUTERS), junkInner, fc.boolean()).map(([outer, inner, backticks]) => `docker ${outer.join(' ')} ${backticks ? `\`${inner}\`` : `$(${inner})`}`)
    await fc.assert(fc.asyncProperty(line, async (text) => {
      cases++
      const result = await outcome(text)
      if ('refused' in result) return
      accepted++
      expect(result.plan.substitution, text).toBeDefined()
      expect(planProblems(result.plan), `${JSON.stringify(text)}: ${describeOutcome(result)}`).toEqual([])
    }), { numRuns: RUNS })
    console.info(`[policy-properties] substitution soup: ${cases} lines, ${accepted} planned as scoped listings, ${cases - accepted} refused`)
  }, TIMEOUT)
})

// ── Holes the properties found ───────────────────────────────────────────────
// Each was accepted by the policy when these properties first ran; the
// runner has since been changed to refuse them. Kept as explicit cases.

describe('holes the properties found', () => {
  // docker CLI 28 reads `--network` values holding `\w+=\w+` as CSV
  // (`name=NET,alias=…`, key case-insensitive, fields may be CSV-quoted), so
  // each of these joined the host's network stack (checked on this engine:
  // `ip link` inside showed the host's docker0), or a foreign container's.
  it.each([
    'docker run --network name=host alpine ip link',
    'docker run --net=name=host alpine',
    'docker create --network NAME=host alpine',
    `docker run --network '"name=host"' alpine`,
    'docker run --network "name=host " alpine',
    `docker run --network name=container:${FOREIGN_CONTAINER} alpine`,
  ])('refuses the long --network syntax in %s', async (line) => {
    expect(describeOutcome(await outcome(line))).toBe('refused (denied-flag)')
  })

  // `--quiet=false` turns -q off: docker ps prints its table, not IDs. (The
  // runner's check that every listed line is an ID also stopped the outer
  // command at run time, so nothing was removed.)
  it.each([
    'docker rm $(docker ps -a --quiet=false)',
    'docker rm -f $(docker ps -a -q=false)',
    'docker rmi $(docker images -q=0)',
  ])('refuses a listing that switches -q off: %s', async (line) => {
    expect(describeOutcome(await outcome(line))).toBe('refused (substitution)')
  })

  it('still plans a listing whose last -q switches quiet back on', async () => {
    const result = await outcome('docker rm $(docker ps -a -q=false -q)')
    if (!('plan' in result)) throw new Error(`refused: ${result.refused.message}`)
    expect(result.plan.substitution?.argv).toEqual(['ps', '-a', '-q=false', '-q', '--filter', OWNED_FILTER])
  })

  // A `--` in the listing ended its options, so the label filter the runner
  // appends (`ps -q -- --filter label=…`) became two positionals: docker ps
  // then failed ("accepts no arguments"; images: "at most 1 argument") and
  // nothing was removed, but the filter was not applied as promised.
  it.each([
    'docker rm $(docker ps -q --)',
    'docker rm -f `docker ps -a -q --`',
    'docker rmi $(docker images -q --)',
  ])('refuses a listing that ends its options with --: %s', async (line) => {
    expect(describeOutcome(await outcome(line))).toBe('refused (substitution)')
  })

  // shell-quote throws `Error: Bad substitution` on a `${` without a proper
  // name and brace; planCommand rejected with that plain Error, so the
  // connection answered {type: 'error', code: 'internal'} without a
  // requestId and RunnerClient.run() never settled.
  it.each([
    'docker ps ${',
    'docker ps ${}',
    'docker run --rm alpine echo "${"',
  ])('refuses a malformed ${…} with a Refused that says why: %s', async (line) => {
    const refusal = await planCommand(line, RUN_ID, fakeEngine()).then(() => undefined, (error: unknown) => error)
    expect(refusal).toBeInstanceOf(Refused)
    expect((refusal as Refused).message).toMatch(/no shell/)
  })

  // Found by the quoting property (with backslashes in the generated words):
  // shell-quote 1.8.3 drops quoted whitespace that follows a single-quoted
  // part ending in a backslash. A shell reads '\'' ' as `\ ` (backslash,
  // space); the runner passes `\`. Not a way around the policy (it checks
  // the words that run), but not the command as typed either.
  it.fails(String.raw`reads '\'' ' as a backslash and a space, as a shell does`, () => {
    expect(parseLine(String.raw`docker echo '\'' '`)).toEqual(['echo', '\\ '])
  })

  // A placeholder where the subcommand goes was dropped without a word:
  // `docker <id> run --privileged alpine` planned `docker run … run
  // --privileged alpine` (image "run", command `--privileged alpine`). Not a
  // host escape, but the runner ran something other than what was typed.
  it.each([
    'docker <id> run --privileged alpine',
    'docker <id> ps',
    'docker $(docker ps -q) rm',
  ])('refuses a placeholder or $(…) in the subcommand\'s place: %s', async (line) => {
    expect('refused' in (await outcome(line))).toBe(true)
  })
})
