// Property-based tests of the policy: fast-check writes command lines by the
// thousand (denied flags in every spelling the docker CLI accepts, shell
// soup, substitutions) and each plan is checked against a model of what the
// docker CLI would do with its argv (docker-cli-model.ts, written from the
// CLI, never from the policy's own parser). The holes the properties found
// are kept at the end as explicit counterexamples.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OWNED_FILTER, OWNED_LABEL, RUN_LABEL } from '../../lib/labels.ts'
import { QUOTED_LISTING_DEMO } from '../../runner/policy/object-reference.ts'
import { parseLine } from '../../runner/policy/parse-line.ts'
import { planCommand, type Plan } from '../../runner/policy/policy.ts'
import { Refused } from '../../runner/policy/refusal.ts'
import { cliOptions, commandOf, readArgv, type CliOption } from './docker-cli-model.ts'
import { DECK, DECK_NETWORK, DECK_VOLUME, fakeEngine, FOREIGN_CONTAINER, FOREIGN_NETWORK, FOREIGN_VOLUME, IMAGES } from './fake-engine.ts'
import { valuedSpellings } from '../support/option-spellings.ts'

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
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"'
          i += 2
        }
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
function danger(subcommand: string, { name, value = '' }: CliOption): string | undefined {
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

const RUN_ALLOWS = ['detach', 'interactive', 'tty', 'rm', 'init', 'name', 'env', 'publish', 'volume', 'mount', 'network', 'net', 'entrypoint',
  'workdir', 'stop-signal', 'stop-timeout', 'pids-limit', 'memory', 'cpus']
/** The options the allow-list lets through (the runner's own `--label` aside); create has no -d. */
const ALLOW_LIST: Record<'run' | 'create' | 'exec', ReadonlySet<string>> = {
  run: new Set(RUN_ALLOWS),
  create: new Set(RUN_ALLOWS.filter((name) => name !== 'detach')),
  exec: new Set(['detach', 'interactive', 'tty', 'env', 'workdir', 'user']),
}

/** Why an option of a planned run/create/exec is off the allow-list or names an object that is not the deck's (pinned by full ID). */
function allowListProblem(subcommand: string, { name, value = '' }: CliOption): string | undefined {
  const allowed = Object.hasOwn(ALLOW_LIST, subcommand) ? ALLOW_LIST[subcommand as keyof typeof ALLOW_LIST] : undefined
  if (!allowed) return undefined
  if (name === 'label' && subcommand !== 'exec') return undefined
  if (!allowed.has(name)) return `--${name}, which is not on the allow-list`
  if ((name === 'network' || name === 'net') && !['bridge', 'none', DECK_NETWORK.id].includes(value)
    && !Object.values(DECK).some((c) => value === `container:${c.id}`)) return `--${name} ${value}, not bridge, none or a deck object's full ID`
  if (name === 'volume' && value.includes(':') && !value.startsWith(`${DECK_VOLUME}:`)) return `-v ${value}, not the deck's volume`
  if (name === 'mount' && /(^|,)(src|source)=/.test(value) && !new RegExp(`(^|,)(src|source)=${DECK_VOLUME}(,|$)`).test(value)) return `--mount ${value}, not the deck's volume`
  if (name === 'workdir' && /^\/(proc|sys|dev)(\/|$)/.test(value)) return `-w ${value}`
  return undefined
}

/** The images run, create and pull may name, as repositories. */
const DECK_REPOSITORIES = new Set(['hello-world', 'alpine', 'redis', 'docker-live-deck/rmi-demo'])
const repository = (image: string) => image.replace(/@.*$/, '').replace(/:[\w.-]+$/, '').replace(/^((index\.)?docker\.io\/)?(library\/)?/, '')

/** Which positionals name the command's targets, and what they must be: a deck container's or deck image's full ID. */
const TARGETS: Record<string, { first?: boolean; ids: readonly string[] }> = {
  ...Object.fromEntries(['start', 'stop', 'restart', 'kill', 'rm', 'pause', 'unpause', 'inspect', 'wait', 'stats']
    .map((name) => [name, { ids: Object.values(DECK).map((c) => c.id) }])),
  ...Object.fromEntries(['exec', 'logs', 'top', 'port', 'diff'].map((name) => [name, { first: true, ids: Object.values(DECK).map((c) => c.id) }])),
  'rmi': { ids: Object.values(IMAGES).filter((image) => image.deck).map((image) => image.full) },
  'image inspect': { ids: Object.values(IMAGES).filter((image) => image.deck).map((image) => image.full) },
}

/** Problems with the positionals of a plan: targets pinned to deck IDs, images from the deck's list. */
function positionalProblems(subcommand: string, positionals: readonly string[]): string[] {
  if (['run', 'create', 'pull'].includes(subcommand)) {
    const image = positionals[0]
    return image !== undefined && DECK_REPOSITORIES.has(repository(image)) ? [] : [`docker ${subcommand} of image ${image}, not one the deck names`]
  }
  const targets = Object.hasOwn(TARGETS, subcommand) ? TARGETS[subcommand]! : undefined
  if (!targets) return []
  const named = targets.first ? positionals.slice(0, 1) : positionals
  // Only the chapter's quoted demo goes through unresolved; any other word the CLI could trim or clean into another object's path.
  const namesNothing = (word: string) => subcommand === 'rm' && word === QUOTED_LISTING_DEMO
  return named.filter((word) => !targets.ids.includes(word) && !namesNothing(word)).map((word) => `docker ${subcommand} targets ${word}, not the full ID of a deck object`)
}

/** A prune runs only as container, image and network prunes, each filtered by the deck's label; never volumes, never build cache. */
function pruneProblems(parts: readonly string[][]): string[] {
  return parts.flatMap((part) => {
    const problems: string[] = []
    if (!['container prune', 'image prune', 'network prune'].includes(part.slice(0, 2).join(' '))) problems.push(`a part runs docker ${part.slice(0, 2).join(' ')}`)
    if (!part.some((word, i) => word === '--filter' && part[i + 1] === `label=${OWNED_LABEL}=true`)) problems.push(`docker ${part.join(' ')} is not filtered by the deck's label`)
    // Read as docker reads it, so a filter value such as `--volumes-from` is a value, not an option.
    const read = readArgv(part)
    if ('notACommand' in read) problems.push(`a part runs docker ${part.join(' ')}: ${read.notACommand}`)
    else if ('cliRefuses' in read) problems.push(usageError(part)!)
    else if (read.options.some((option) => option.name === 'volumes')) problems.push(`docker ${part.join(' ')} prunes volumes`)
    return problems
  })
}

/** A usage error (or `--help`) docker would answer `argv` with: the policy planned an option or value the command does not take. */
function usageError(argv: readonly string[]): string | undefined {
  const read = readArgv(argv)
  return 'cliRefuses' in read ? `docker ${read.command} refuses the planned ${JSON.stringify(argv)}: ${read.cliRefuses}` : undefined
}

/**
 * Problems with a plan, read back from its argv the way docker would: docker
 * accepts the argv (a usage error means the policy planned options the
 * command does not have), the program is an allowed subcommand, no option
 * reaches the host or leaves the allow-list, the deck's own labels are the
 * runner's, targets and images are the deck's (targets by full ID), and a
 * substitution lists only the deck's IDs.
 */
function planProblems(plan: Plan): string[] {
  if (['system prune', 'container prune', 'image prune'].includes(plan.subcommand)) return pruneProblems([plan.argv, ...(plan.then ?? [])])
  const read = readArgv(plan.argv)
  if ('notACommand' in read) return [`argv ${JSON.stringify(plan.argv.slice(0, 2))} is not the allowed subcommand ${plan.subcommand}: ${read.notACommand}`]
  if (read.command !== plan.subcommand) return [`argv runs docker ${read.command}, not the allowed subcommand ${plan.subcommand}`]
  const problems: string[] = []
  if ('cliRefuses' in read) {
    problems.push(usageError(plan.argv)!)
  } else {
    for (const option of read.options) {
      const why = danger(read.command, option) ?? allowListProblem(read.command, option)
      if (why) problems.push(`the plan keeps ${why}`)
    }
    if (read.command === 'run' || read.command === 'create') {
      const labels = read.options.filter((o) => o.name === 'label').map((o) => o.value)
      if (JSON.stringify(labels) !== JSON.stringify([`${OWNED_LABEL}=true`, `${RUN_LABEL}=${RUN_ID}`])) problems.push(`labels ${JSON.stringify(labels)}`)
    }
    problems.push(...positionalProblems(read.command, read.positionals))
  }
  if (plan.substitution) problems.push(...listingProblems(plan.substitution.argv))
  return problems
}

/** Problems with the argv of `$(…)`: a `ps`/`images` listing that prints only IDs, scoped to the deck. */
function listingProblems(argv: string[]): string[] {
  const read = readArgv(argv)
  if ('notACommand' in read || (read.command !== 'ps' && read.command !== 'images')) return [`$(…) runs docker ${argv.join(' ')}`]
  if ('cliRefuses' in read) return [usageError(argv)!]
  const quiet = read.options.filter((o) => o.name === 'quiet').at(-1)
  const problems: string[] = []
  if (!quiet || !['true', '1', 't', 'T', 'TRUE', 'True', undefined].includes(quiet.value)) problems.push('$(…) does not print only IDs')
  if (read.positionals.length > 0) problems.push(`$(…) names ${read.positionals.join(' ')}`)
  if (JSON.stringify(argv.slice(-3, -1)) !== JSON.stringify(['--filter', OWNED_FILTER])) problems.push('$(…) lacks the label filter at the end')
  // Short IDs could be shadowed by a container named like one (dockerd matches a name before an ID prefix).
  const noTrunc = read.options.filter((o) => o.name === 'no-trunc').at(-1)
  if (!noTrunc || !['true', '1', 't', 'T', 'TRUE', 'True', undefined].includes(noTrunc.value)) problems.push('$(…) lists short IDs')
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
  return valuedSpellings(long, short, value, bundle)
}

/** Options on the allow-list, some of them allowed values of denied flags. */
const RUN_ALLOWED: string[][] = [
  ['--rm'], ['-d'], ['-i'], ['-t'], ['-it'], ['-dit'], ['--init'], ['--rm=false'], ['-t=false'],
  ['--name', 'demo'], ['--name=demo2'], ['-e', 'A=b'], ['-eA=b'], ['--env=GREETING=hi'], ['-e', 'EMPTY='],
  ['-v', `${DECK_VOLUME}:/data`], ['-v', '/data'], ['-v', `${DECK_VOLUME}:/cache:ro`], ['--mount', `type=volume,src=${DECK_VOLUME},dst=/data`], ['--mount', 'type=tmpfs,dst=/t'],
  ['--memory', '256m'], ['-m', '128m'], ['--cpus', '0.5'], ['--pids-limit', '100'], ['-p', '8080:80'], ['-p', '127.0.0.1:8081:81'],
  ['--network', 'bridge'], ['--net=none'], ['--network', `container:${DECK.redisRunning.name}`], ['--network', DECK_NETWORK.name],
  ['-w', '/app'], ['--entrypoint', 'sh'], ['--stop-signal', 'SIGTERM'], ['--stop-timeout', '3'],
]
/** create has no -d (docker run's alone), so its lines draw from run's allowed options without it. */
const CREATE_ALLOWED = RUN_ALLOWED.filter(([first]) => first !== '-d' && first !== '-dit')
/** Boolean letters a denied or off-list short option may be bundled with. */
const BUNDLE_LETTERS = { run: ['d', 'i', 't'], create: ['i', 't'], exec: ['d', 'i', 't'] } as const
/** `run` or `create` for any spelling of either (`container create` …). */
const creatingTable = (sub: string): 'run' | 'create' => (sub.endsWith('create') ? 'create' : 'run')
const allowedOf = (sub: string) => (creatingTable(sub) === 'create' ? CREATE_ALLOWED : RUN_ALLOWED)

const EXEC_ALLOWED: string[][] = [['-d'], ['-i'], ['-t'], ['-it'], ['-u', 'root'], ['-w', '/data'], ['-e', 'A=b'], ['--env=B=c'], ['-u', '1000:1000']]

/** Allowed options and 1–3 denied ones (maybe the same one twice), shuffled, as argv words. */
function optionsWithDenial(denials: Denial[], allowed: string[][], letters: readonly string[]): fc.Arbitrary<string[]> {
  const denied = fc.constantFrom(...denials).chain((denial) => deniedSpelling(denial, letters))
  return fc.tuple(fc.array(fc.constantFrom(...allowed), { maxLength: 6 }), fc.array(denied, { minLength: 1, maxLength: 3 }))
    .chain(([good, bad]) => fc.shuffledSubarray([...good, ...bad], { minLength: good.length + bad.length, maxLength: good.length + bad.length }))
    .map((units) => units.flat())
}

const containerCommand = fc.array(fc.constantFrom('sh', '-c', 'echo hi', 'ls', '-v', '/', '--privileged', '-P', '--cap-add', 'SYS_ADMIN', '-e', 'HOME', '--'), { maxLength: 4 })
const image = fc.constantFrom('alpine', 'redis:7', 'nginx', 'ghcr.io/acme/app:1.0')

const deniedRunLine = fc.constantFrom('run', 'create', 'container run', 'container create')
  .chain((sub) => fc.tuple(fc.constant(sub), optionsWithDenial(RUN_DENIALS, allowedOf(sub), BUNDLE_LETTERS[creatingTable(sub)]), image, containerCommand))
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
    // The image before the denied words (`-- alpine --privileged`) makes them the container's command, which may be planned.
    const line = fc.constantFrom('run', 'create')
      .chain((sub) => fc.tuple(fc.constant(sub), fc.array(fc.constantFrom(...allowedOf(sub)), { maxLength: 4 }), optionsWithDenial(RUN_DENIALS, allowedOf(sub), BUNDLE_LETTERS[creatingTable(sub)]), image, fc.boolean()))
      .chain(([sub, before, after, img, imageFirst]) => quotedLine(['docker', sub, ...before.flat(), '--', ...(imageFirst ? [img, ...after] : [...after, img])]))
    await fc.assert(fc.asyncProperty(line, async (text) => {
      cases++
      const result = await outcome(text)
      if ('refused' in result) return void refused++
      const { argv } = result.plan
      expect(argv, text).toContain('--')
      expect(planProblems(result.plan), `${text}: ${describeOutcome(result)}`).toEqual([])
      // Everything after the kept `--` is a positional to docker.
      const read = readArgv(argv)
      expect(read, text).toMatchObject({ endOfOptions: true })
    }), { numRuns: RUNS })
    console.info(`[policy-properties] denied flags after --: ${cases} lines, ${refused} refused, ${cases - refused} planned with the -- kept`)
  }, TIMEOUT)
})

// ── The allow-list ───────────────────────────────────────────────────────────

/** Every option docker run / create / exec has (as the CLI lists and accepts them) that the allow-list leaves out. */
const OFF_LIST = {
  run: cliOptions('run').filter((option) => !ALLOW_LIST.run.has(option.name)),
  create: cliOptions('create').filter((option) => !ALLOW_LIST.create.has(option.name)),
  exec: cliOptions('exec').filter((option) => !ALLOW_LIST.exec.has(option.name)),
}
/** Options docker run has and docker create does not (-d, --detach-keys, --sig-proxy), by the model. */
const RUN_ONLY = cliOptions('run').filter((option) => !cliOptions('create').some((other) => other.name === option.name))
/** Values an off-list option might carry, harmless-looking ones included (they are refused all the same). */
const offListValue = fc.oneof(anyValue, fc.constantFrom('-1', '0', '64g', '-1000', 'rtprio=99', 'nofile=1024', 'true', 'false', 'no', 'private', 'box', '1'))

/** An off-list option in any spelling pflag accepts, bundled with boolean letters. */
function offListSpelling(table: 'run' | 'create' | 'exec', options = OFF_LIST[table]): fc.Arbitrary<{ name: string; letter?: string; words: string[] }> {
  return fc.constantFrom(...options).chain(({ name, letter, valued }) => {
    const denial: Denial = { long: name, ...(valued ? { value: offListValue } : {}), ...(letter ? { short: letter } : {}) }
    return deniedSpelling(denial, BUNDLE_LETTERS[table]).map((words) => ({ name, ...(letter ? { letter } : {}), words }))
  })
}

/** References to containers: the deck's by name, ID or prefix, and others. */
const containerRef = fc.oneof(
  fc.constantFrom(...Object.values(DECK)).chain((c) => fc.oneof(fc.constant(c.name), fc.integer({ min: 4, max: 64 }).map((n) => c.id.slice(0, n)))),
  fc.constantFrom(FOREIGN_CONTAINER, 'deck-redis2', 'deck', 'lecturer', '0123456789ab', 'ffffffffffff', 'abc', 'a', 'constructor', '__proto__', 'toString'),
  fc.stringMatching(/^[0-9a-f]{4,16}$/),
)
const deckIdOf = (ref: string) => Object.values(DECK).find((c) => c.id === ref)?.id ?? Object.values(DECK).find((c) => c.name === ref)?.id
  ?? (ref.length >= 4 ? Object.values(DECK).find((c) => c.id.startsWith(ref))?.id : undefined)

const TARGET_COMMANDS = ['stop', 'kill', 'rm', 'rm -f', 'start', 'start -a', 'restart', 'pause', 'unpause', 'inspect', 'wait', 'stats --no-stream',
  'container inspect', 'container stop', 'logs', 'logs -f', 'top', 'port', 'diff', 'container diff', 'container logs', 'exec']

/** Image references: the deck's in every spelling, and others. */
const imageRef = fc.tuple(
  fc.constantFrom('', '', 'docker.io/', 'docker.io/library/', 'library/', 'index.docker.io/library/', 'ghcr.io/', 'some.registry/x/', 'localhost:5000/', 'evil.example/library/'),
  fc.constantFrom('alpine', 'redis', 'hello-world', 'nginx', 'alpine2', 'redis-stack', 'docker-live-deck/rmi-demo', 'ubuntu', 'Alpine'),
  fc.constantFrom('', ':latest', ':7', ':3.20', '@sha256:' + 'a'.repeat(64), ':bad tag', '@sha256:abc'),
).map(([registry, name, tag]) => `${registry}${name}${tag}`)
/** Whether docker would read `ref` as one of the deck's images (the model, written independently of the policy). */
function deckImageModel(ref: string): boolean {
  const match = /^(?:(?:docker\.io|index\.docker\.io)\/)?(?:library\/)?([a-z][a-z0-9/-]*)(:[\w][\w.-]*|@sha256:[a-f0-9]{64})?$/.exec(ref)
  if (!match) return false
  if (match[1] === 'docker-live-deck/rmi-demo') return !ref.includes('library/') && (match[2] === undefined || match[2] === ':latest')
  return ['alpine', 'redis', 'hello-world'].includes(match[1]!)
}

describe('the allow-list', () => {
  it('refuses every option it leaves out, in every spelling, on run, create and exec', async () => {
    let cases = 0
    const names = new Set<string>()
    const runLine = fc.constantFrom('run', 'create', 'container run', 'container create')
      .chain((sub) => fc.tuple(fc.constant(sub), fc.array(fc.constantFrom(...allowedOf(sub)), { maxLength: 3 }), offListSpelling(creatingTable(sub)), image, containerCommand))
      .chain(([sub, before, off, img, command]) => quotedLine(['docker', ...sub.split(' '), ...before.flat(), ...off.words, img, ...command]).map((line) => ({ line, name: off.name })))
    const execLine = fc.tuple(fc.array(fc.constantFrom(...EXEC_ALLOWED), { maxLength: 3 }), offListSpelling('exec'), containerCommand)
      .chain(([before, off, command]) => quotedLine(['docker', 'exec', ...before.flat(), ...off.words, DECK.redisRunning.name, 'sh', ...command]).map((line) => ({ line, name: off.name })))
    await fc.assert(fc.asyncProperty(fc.oneof({ arbitrary: runLine, weight: 4 }, { arbitrary: execLine, weight: 1 }), async ({ line, name }) => {
      cases++
      const result = await outcome(line)
      if (!('refused' in result)) throw new Error(`${line} was planned: ${describeOutcome(result)}`)
      expect(result.refused, line).toMatchObject({ code: 'denied-flag', subject: `--${name}` })
      expect(result.refused.message, line).toMatch(new RegExp(`^--${name}( \\S+)? is refused: it .+\\.$`))
      names.add(name)
    }), { numRuns: RUNS })
    console.info(`[policy-properties] allow-list: ${cases} lines with an option off the list, all refused, naming ${names.size} of the ${new Set([...OFF_LIST.run, ...OFF_LIST.create, ...OFF_LIST.exec].map((option) => option.name)).size} options left out`)
    expect(names.size).toBeGreaterThan(60)
  }, TIMEOUT)

  it('refuses run\'s own options on create, in every spelling, saying only docker run has them', async () => {
    expect(RUN_ONLY.map((option) => option.name).sort()).toEqual(['detach', 'detach-keys', 'sig-proxy'])
    let cases = 0
    const line = fc.tuple(fc.constantFrom('create', 'container create'), fc.array(fc.constantFrom(...CREATE_ALLOWED), { maxLength: 3 }), offListSpelling('create', RUN_ONLY), image, containerCommand)
      .chain(([sub, before, only, img, command]) => quotedLine(['docker', ...sub.split(' '), ...before.flat(), ...only.words, img, ...command]).map((text) => ({ text, only })))
    await fc.assert(fc.asyncProperty(line, async ({ text, only }) => {
      cases++
      const result = await outcome(text)
      if (!('refused' in result)) throw new Error(`${text} was planned: ${describeOutcome(result)}`)
      expect(result.refused, text).toMatchObject({ code: 'unknown-option' })
      expect([`--${only.name}`, ...(only.letter ? [`-${only.letter}`] : [])], text).toContain(result.refused.subject)
      expect(result.refused.message, text).toContain('only docker run has it')
    }), { numRuns: RUNS })
    console.info(`[policy-properties] run-only options on create: ${cases} lines, all refused as options create lacks`)
  }, TIMEOUT)

  it('plans lines of allowed options only, each within its grammar and the deck\'s objects', async () => {
    let cases = 0
    let accepted = 0
    const runLine = fc.constantFrom('run', 'create').chain((sub) => fc.tuple(fc.constant(sub), fc.array(fc.constantFrom(...allowedOf(sub)), { maxLength: 6 }),
      fc.array(fc.constantFrom(['-v', `${FOREIGN_VOLUME}:/d`], ['--network', FOREIGN_NETWORK], ['--mount', `src=${FOREIGN_VOLUME},dst=/d`], ['-w', '/proc/self/fd/8'], ['-w', '/dev/fd/3'], ['--name', 'x'], ['-p', '0.0.0.0:80:80']), { maxLength: 1 }),
      image, containerCommand))
      .chain(([sub, good, bad, img, command]) => fc.shuffledSubarray([...good, ...bad], { minLength: good.length + bad.length, maxLength: good.length + bad.length })
        .chain((units) => quotedLine(['docker', sub, ...units.flat(), img, ...command])).map((line) => ({ line, bad: bad.length > 0, img })))
    await fc.assert(fc.asyncProperty(runLine, async ({ line, bad, img }) => {
      cases++
      const result = await outcome(line)
      const expected = !bad && deckImageModel(img)
      expect('plan' in result, `${line}: ${describeOutcome(result)}`).toBe(expected)
      if (!('plan' in result)) return
      accepted++
      // Every allowed option is one the command takes (create's lines have no -d), so docker reads the whole plan (and the checks above see every option).
      expect(readArgv(result.plan.argv), line).not.toHaveProperty('cliRefuses')
      expect(planProblems(result.plan), `${line}: ${describeOutcome(result)}`).toEqual([])
    }), { numRuns: RUNS })
    console.info(`[policy-properties] allowed options: ${cases} lines, ${accepted} planned, ${cases - accepted} refused (a foreign object, a value off its grammar, or an image the deck does not name)`)
    // About a quarter get planned (24–28 % by seed); the floor shows only that planned lines are common.
    expect(accepted).toBeGreaterThan(cases / 5)
  }, TIMEOUT)
})

/** docker's container name grammar, stated here on its own: a word outside it is refused before the engine is asked. */
const CONTAINER_GRAMMAR = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/

describe('targets', () => {
  it('are the deck\'s containers, pinned to their full ID; any other name or prefix is refused', async () => {
    let cases = 0
    let accepted = 0
    const line = fc.tuple(fc.constantFrom(...TARGET_COMMANDS), fc.array(containerRef, { minLength: 1, maxLength: 3 }))
      .map(([command, refs]) => ({ command, refs: command === 'exec' || ['logs', 'top', 'port', 'diff'].some((c) => command.endsWith(c) || command.startsWith(`${c} `)) ? refs.slice(0, 1) : refs }))
    await fc.assert(fc.asyncProperty(line, async ({ command, refs }) => {
      cases++
      const text = `docker ${command} ${refs.join(' ')}${command === 'exec' ? ' ls' : ''}`
      const result = await outcome(text)
      const ids = refs.map(deckIdOf)
      if (ids.some((id) => id === undefined)) {
        // The first word that is no deck container is what the refusal names.
        const first = refs[ids.indexOf(undefined)]!
        const outsideGrammar = !CONTAINER_GRAMMAR.test(first) || first.includes('..')
        expect('refused' in result && result.refused.code, `${text}: ${describeOutcome(result)}`).toBe(outsideGrammar ? 'reference' : 'not-deck-object')
        return
      }
      if (!('plan' in result)) throw new Error(`${text} names deck containers only but was refused: ${result.refused.message}`)
      accepted++
      expect(result.plan.argv.slice(-ids.length - (command === 'exec' ? 1 : 0)).slice(0, ids.length), text).toEqual(ids)
      for (const id of ids) expect(result.plan.resolvedLine).toContain(id!.slice(0, 12))
      expect(planProblems(result.plan), text).toEqual([])
    }), { numRuns: RUNS })
    console.info(`[policy-properties] targets: ${cases} lines, ${accepted} planned on full IDs, ${cases - accepted} refused as not the deck's`)
    expect(accepted).toBeGreaterThan(cases / 10)
  }, TIMEOUT)
})

describe('images', () => {
  it('run, create and pull only the images the deck names, in any spelling of them', async () => {
    let cases = 0
    let accepted = 0
    const line = fc.tuple(fc.constantFrom('run', 'create', 'pull', 'image pull', 'container run'), imageRef).map(([command, ref]) => ({ command, ref }))
    await fc.assert(fc.asyncProperty(line, async ({ command, ref }) => {
      cases++
      const text = `docker ${command} ${shellWordOf(ref)}`
      const result = await outcome(text)
      expect('plan' in result, `${text}: ${describeOutcome(result)}`).toBe(deckImageModel(ref))
      if ('refused' in result) {
        expect(result.refused.code).toBe('image')
        expect(result.refused.message).toContain('hello-world, alpine, redis, docker-live-deck/rmi-demo:latest')
        return
      }
      accepted++
      expect(planProblems(result.plan), text).toEqual([])
    }), { numRuns: RUNS })
    console.info(`[policy-properties] images: ${cases} lines, ${accepted} planned, ${cases - accepted} refused with the list of the deck's images`)
    expect(accepted).toBeGreaterThan(cases / 10)
  }, TIMEOUT)
})

const shellWordOf = (word: string) => quoteWord(word, 'single')

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
  const outerName = commandOf(outer)!.name
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
      expect(substitution?.argv).toEqual([...inner.slice(1), '--filter', OWNED_FILTER, '--no-trunc'])
      // The IDs go in at the end (where $(…) stood); argv itself holds no marker word.
      expect(substitution!.at).toBe(argv.length)
      expect(argv.some((word) => word.includes('$(') || word.includes('\u0002'))).toBe(false)
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
    expect(result.plan.substitution?.argv).toEqual(['ps', '-a', '-q=false', '-q', '--filter', OWNED_FILTER, '--no-trunc'])
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

  // Planned although docker answers each with a usage error and runs nothing:
  // the create table was run's ("unknown shorthand flag: 'd' in -d"), image
  // prune's had system prune's --volumes, and a boolean kept a value
  // strconv.ParseBool does not read.
  it.each([
    ['docker create -d alpine', 'unknown-option'],
    ['docker container create --sig-proxy=false alpine', 'unknown-option'],
    ['docker create --detach-keys ctrl-x alpine', 'unknown-option'],
    ['docker image prune --volumes', 'unknown-option'],
    ['docker rm -v=/:/h', 'invalid-value'],
    ['docker system df -v=yes', 'invalid-value'],
  ])('refuses %s, which docker would reject', async (line, code) => {
    expect(describeOutcome(await outcome(line))).toBe(`refused (${code})`)
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
