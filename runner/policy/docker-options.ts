// What the docker CLI accepts, per subcommand: which options take a value,
// their short letters, and whether options may follow positionals. Knowing
// this exactly is what lets the policy find the image, the container and the
// container's own command, and see a flag hidden in a bundle such as `-itv`.

export interface OptionTable {
  /** Long names of options that take a value. */
  valued: readonly string[]
  /** Long names of boolean options (`--rm`, `--rm=false`). */
  flags: readonly string[]
  /** Short letter → long name. */
  short: Readonly<Record<string, string>>
  /**
   * false for `run`, `create`, `exec`: options stop at the first positional,
   * everything after belongs to the container's command.
   */
  interspersed: boolean
  /**
   * Spellings (`-d`, `--detach`) of options a sibling command has and this
   * one lacks, each with why: the refusal then says more than "unknown".
   */
  lacks?: ReadonlyMap<string, string>
}

const RUN_VALUED = [
  'add-host', 'annotation', 'attach', 'blkio-weight', 'blkio-weight-device', 'cap-add', 'cap-drop',
  'cgroup-parent', 'cgroupns', 'cidfile', 'cpu-count', 'cpu-percent', 'cpu-period', 'cpu-quota',
  'cpu-rt-period', 'cpu-rt-runtime', 'cpu-shares', 'cpus', 'cpuset-cpus', 'cpuset-mems', 'detach-keys',
  'device', 'device-cgroup-rule', 'device-read-bps', 'device-read-iops', 'device-write-bps',
  'device-write-iops', 'dns', 'dns-opt', 'dns-option', 'dns-search', 'domainname', 'entrypoint', 'env',
  'env-file', 'expose', 'gpus', 'group-add', 'health-cmd', 'health-interval', 'health-retries',
  'health-start-interval', 'health-start-period', 'health-timeout', 'hostname', 'ip', 'ip6', 'ipc',
  'isolation', 'kernel-memory', 'label', 'label-file', 'link', 'link-local-ip', 'log-driver', 'log-opt',
  'mac-address', 'memory', 'memory-reservation', 'memory-swap', 'memory-swappiness', 'mount', 'name',
  'net', 'net-alias', 'network', 'network-alias', 'oom-score-adj', 'pid', 'pids-limit', 'platform',
  'publish', 'pull', 'restart', 'runtime', 'security-opt', 'shm-size', 'stop-signal', 'stop-timeout',
  'storage-opt', 'sysctl', 'tmpfs', 'ulimit', 'user', 'userns', 'uts', 'volume', 'volume-driver',
  'volumes-from', 'workdir',
  // Windows-only and hidden on Linux, yet the CLI parses them: known here so they are refused by name.
  'io-maxbandwidth', 'io-maxiops',
] as const

const RUN_FLAGS = [
  'detach', 'disable-content-trust', 'help', 'init', 'interactive', 'no-healthcheck', 'oom-kill-disable',
  'privileged', 'publish-all', 'quiet', 'read-only', 'rm', 'sig-proxy', 'tty', 'use-api-socket',
] as const

const RUN_SHORT = {
  a: 'attach', c: 'cpu-shares', d: 'detach', e: 'env', h: 'hostname', i: 'interactive', l: 'label',
  m: 'memory', p: 'publish', P: 'publish-all', q: 'quiet', t: 'tty', u: 'user', v: 'volume', w: 'workdir',
} as const

const run: OptionTable = { valued: RUN_VALUED, flags: RUN_FLAGS, short: RUN_SHORT, interspersed: false }

/**
 * `docker create` takes run's options except these: it makes the container
 * without starting it, so there is nothing to detach from or pass signals to
 * (docker 28 answers "unknown shorthand flag: 'd'").
 */
const RUN_ONLY = new Set(['detach', 'detach-keys', 'sig-proxy'])
const RUN_ONLY_WHY = 'only docker run has it, because docker create makes the container without starting it; leave it out (docker start starts the container later)'
const create: OptionTable = {
  valued: RUN_VALUED.filter((name) => !RUN_ONLY.has(name)),
  flags: RUN_FLAGS.filter((name) => !RUN_ONLY.has(name)),
  short: Object.fromEntries(Object.entries(RUN_SHORT).filter(([, name]) => !RUN_ONLY.has(name))),
  interspersed: false,
  lacks: new Map([
    ...[...RUN_ONLY].map((name) => [`--${name}`, RUN_ONLY_WHY] as const),
    ...Object.entries(RUN_SHORT).filter(([, name]) => RUN_ONLY.has(name)).map(([letter]) => [`-${letter}`, RUN_ONLY_WHY] as const),
  ]),
}

const table = (valued: readonly string[], flags: readonly string[], short: Record<string, string> = {}, interspersed = true): OptionTable =>
  ({ valued, flags: [...flags, 'help'], short, interspersed })

const ps = table(['filter', 'format', 'last'], ['all', 'latest', 'no-trunc', 'quiet', 'size'],
  { a: 'all', f: 'filter', n: 'last', l: 'latest', q: 'quiet', s: 'size' })
const images = table(['filter', 'format'], ['all', 'digests', 'no-trunc', 'quiet', 'tree'],
  { a: 'all', f: 'filter', q: 'quiet' })
const rm = table([], ['force', 'link', 'volumes'], { f: 'force', l: 'link', v: 'volumes' })
const rmi = table(['platform'], ['force', 'no-prune'], { f: 'force' })
const systemPrune = table(['filter'], ['all', 'force', 'volumes'], { a: 'all', f: 'force' })
// docker 28 names -t --timeout; --time is its deprecated spelling, still accepted.
const stop = table(['signal', 'time', 'timeout'], [], { s: 'signal', t: 'timeout' })
const logs = table(['since', 'tail', 'until'], ['details', 'follow', 'timestamps'], { f: 'follow', n: 'tail', t: 'timestamps' })
const format = table(['format'], [], { f: 'format' })

/**
 * Subcommands the runner allows, by the canonical name it checks them under.
 * `docker container ls` and friends map onto these in `canonicalSubcommand`.
 * Look names up with `optionTable`, never by indexing: user input such as
 * `constructor` must not reach Object.prototype.
 */
export const SUBCOMMANDS: Readonly<Record<string, OptionTable>> = {
  run,
  create,
  exec: table(['detach-keys', 'env', 'env-file', 'user', 'workdir'], ['detach', 'interactive', 'privileged', 'tty'],
    { d: 'detach', e: 'env', i: 'interactive', t: 'tty', u: 'user', w: 'workdir' }, false),
  start: table(['checkpoint', 'checkpoint-dir', 'detach-keys'], ['attach', 'interactive'], { a: 'attach', i: 'interactive' }),
  stop,
  restart: stop,
  kill: table(['signal'], [], { s: 'signal' }),
  rm,
  rmi,
  ps,
  images,
  logs,
  inspect: table(['format', 'type'], ['size'], { f: 'format', s: 'size' }),
  port: table([], []),
  top: table([], [], {}, false),
  wait: table([], []),
  diff: table([], []),
  stats: table(['format'], ['all', 'no-stream', 'no-trunc'], { a: 'all' }),
  pause: table([], []),
  unpause: table([], []),
  pull: table(['platform'], ['all-tags', 'disable-content-trust', 'quiet'], { a: 'all-tags', q: 'quiet' }),
  version: format,
  info: format,
  'image inspect': table(['format', 'platform'], [], { f: 'format' }),
  'system prune': systemPrune,
  'system df': table(['format'], ['verbose'], { v: 'verbose' }),
  'container prune': table(['filter'], ['force'], { f: 'force' }),
  // No --volumes: docker image prune has none (system prune does).
  'image prune': table(['filter'], ['all', 'force'], { a: 'all', f: 'force' }),
}

/** The option table of a canonical subcommand name, looked up as an own property. */
export function optionTable(name: string): OptionTable | undefined {
  return Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined
}

/** The long name behind a short letter of `table`, looked up as an own property. */
export function shortName(table: OptionTable, letter: string): string | undefined {
  return Object.hasOwn(table.short, letter) ? table.short[letter] : undefined
}

const TOP_LEVEL = new Set(['run', 'create', 'exec', 'start', 'stop', 'restart', 'kill', 'rm', 'rmi', 'ps', 'images', 'logs', 'inspect',
  'port', 'top', 'wait', 'diff', 'stats', 'pause', 'unpause', 'pull', 'version', 'info'])

/** `docker GROUP WORD` → canonical name, for each management command group. */
const GROUPS = new Map<string, ReadonlyMap<string, string>>([
  ['container', new Map([
    ...['run', 'create', 'exec', 'start', 'stop', 'restart', 'kill', 'rm', 'logs', 'inspect', 'port', 'top', 'wait', 'diff', 'stats', 'pause', 'unpause']
      .map((name) => [name, name] as const),
    ['ls', 'ps'], ['list', 'ps'], ['ps', 'ps'], ['remove', 'rm'], ['prune', 'container prune'],
  ])],
  ['image', new Map([['ls', 'images'], ['list', 'images'], ['rm', 'rmi'], ['remove', 'rmi'], ['pull', 'pull'], ['inspect', 'image inspect'], ['prune', 'image prune']])],
  ['system', new Map([['prune', 'system prune'], ['df', 'system df']])],
])

/**
 * Maps `container X` / `image X` / `system X` onto the table name, or
 * undefined for a subcommand the runner does not allow.
 */
export function canonicalSubcommand(words: readonly string[]): { name: string; consumed: number } | undefined {
  const [first, second] = words
  if (first === undefined) return undefined
  const group = GROUPS.get(first)
  if (group) {
    const name = second === undefined ? undefined : group.get(second)
    return name === undefined ? undefined : { name, consumed: 2 }
  }
  return TOP_LEVEL.has(first) ? { name: first, consumed: 1 } : undefined
}
