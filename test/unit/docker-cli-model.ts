// How the docker CLI (28.2) reads the words after `docker`, written down from
// the CLI itself rather than from the runner: which words name which command
// (`docker X --help`, "Aliases"), which options take a value and their
// letters (the options `--help` lists, plus the hidden ones the CLI still
// accepts, each tried against it), and pflag's rules for spelling them. The
// policy's property tests read every plan back with this model, so the
// policy's own option parser is never the oracle of its own output.

export interface CliOption {
  /** Long name, without dashes. */
  name: string
  /** The value given; for a boolean only when spelled `--name=value`. */
  value?: string
}

export type CliReading =
  /** Not a command the deck allows, or global options before it: the plan itself is wrong. */
  | { notACommand: string }
  /** docker prints its usage or an error and runs nothing. */
  | { command: string; cliRefuses: string }
  | { command: string; options: CliOption[]; positionals: string[]; endOfOptions: boolean }

interface CommandSpec {
  /** The name the runner's plans give the command. */
  name: string
  /** The words that call it: the command and its aliases. */
  spellings: readonly string[]
  /** Options taking a value, then boolean ones, then `letter=long` pairs, as `--help` lists them. */
  valued: string
  flags: string
  short: string
  /** Options `--help` leaves out that the CLI still accepts (deprecated, experimental, other platforms, newer engines). */
  hidden?: { valued?: string; flags?: string }
  /** run, create, exec and top stop reading options at the first positional (`docker top CONTAINER [ps OPTIONS]`). */
  stopsAtPositional?: true
}

const RUN_VALUED = 'add-host attach blkio-weight blkio-weight-device cap-add cap-drop cgroup-parent cgroupns cidfile cpu-period cpu-quota ' +
  'cpu-rt-period cpu-rt-runtime cpu-shares cpus cpuset-cpus cpuset-mems device device-cgroup-rule device-read-bps device-read-iops ' +
  'device-write-bps device-write-iops dns dns-option dns-search domainname entrypoint env env-file expose gpus group-add health-cmd ' +
  'health-interval health-retries health-start-period health-timeout hostname ip ip6 ipc isolation kernel-memory label label-file link ' +
  'link-local-ip log-driver log-opt mac-address memory memory-reservation memory-swap memory-swappiness mount name network network-alias ' +
  'oom-score-adj pid pids-limit platform publish pull restart runtime security-opt shm-size stop-signal stop-timeout storage-opt sysctl ' +
  'tmpfs ulimit user userns uts volume volume-driver volumes-from workdir'
const CREATE_FLAGS = 'disable-content-trust help init interactive no-healthcheck oom-kill-disable privileged publish-all quiet read-only rm tty use-api-socket'
const RUN_SHORT = 'a=attach c=cpu-shares e=env h=hostname i=interactive l=label m=memory p=publish P=publish-all q=quiet t=tty u=user v=volume w=workdir'
const RUN_HIDDEN = { valued: 'net net-alias dns-opt annotation health-start-interval cpu-count cpu-percent io-maxbandwidth io-maxiops' }

const COMMANDS: readonly CommandSpec[] = [
  { name: 'run', spellings: ['run', 'container run'], valued: `${RUN_VALUED} detach-keys`, flags: `${CREATE_FLAGS} detach sig-proxy`, short: `${RUN_SHORT} d=detach`, hidden: RUN_HIDDEN, stopsAtPositional: true },
  { name: 'create', spellings: ['create', 'container create'], valued: RUN_VALUED, flags: CREATE_FLAGS, short: RUN_SHORT, hidden: RUN_HIDDEN, stopsAtPositional: true },
  { name: 'exec', spellings: ['exec', 'container exec'], valued: 'detach-keys env env-file user workdir', flags: 'detach interactive privileged tty', short: 'd=detach e=env i=interactive t=tty u=user w=workdir', stopsAtPositional: true },
  { name: 'start', spellings: ['start', 'container start'], valued: 'detach-keys', flags: 'attach interactive', short: 'a=attach i=interactive', hidden: { valued: 'checkpoint checkpoint-dir' } },
  { name: 'stop', spellings: ['stop', 'container stop'], valued: 'signal timeout', flags: '', short: 's=signal t=timeout', hidden: { valued: 'time' } },
  { name: 'restart', spellings: ['restart', 'container restart'], valued: 'signal timeout', flags: '', short: 's=signal t=timeout', hidden: { valued: 'time' } },
  { name: 'kill', spellings: ['kill', 'container kill'], valued: 'signal', flags: '', short: 's=signal' },
  { name: 'rm', spellings: ['rm', 'container rm', 'container remove'], valued: '', flags: 'force link volumes', short: 'f=force l=link v=volumes' },
  { name: 'rmi', spellings: ['rmi', 'image rm', 'image remove'], valued: '', flags: 'force no-prune', short: 'f=force', hidden: { valued: 'platform' } },
  { name: 'ps', spellings: ['ps', 'container ls', 'container list', 'container ps'], valued: 'filter format last', flags: 'all latest no-trunc quiet size', short: 'a=all f=filter n=last l=latest q=quiet s=size' },
  { name: 'images', spellings: ['images', 'image ls', 'image list'], valued: 'filter format', flags: 'all digests no-trunc quiet', short: 'a=all f=filter q=quiet', hidden: { flags: 'tree' } },
  { name: 'logs', spellings: ['logs', 'container logs'], valued: 'since tail until', flags: 'details follow timestamps', short: 'f=follow n=tail t=timestamps' },
  { name: 'inspect', spellings: ['inspect'], valued: 'format type', flags: 'size', short: 'f=format s=size' },
  { name: 'inspect', spellings: ['container inspect'], valued: 'format', flags: 'size', short: 'f=format s=size' },
  { name: 'port', spellings: ['port', 'container port'], valued: '', flags: '', short: '' },
  { name: 'top', spellings: ['top', 'container top'], valued: '', flags: '', short: '', stopsAtPositional: true },
  { name: 'wait', spellings: ['wait', 'container wait'], valued: '', flags: '', short: '' },
  { name: 'diff', spellings: ['diff', 'container diff'], valued: '', flags: '', short: '' },
  { name: 'stats', spellings: ['stats', 'container stats'], valued: 'format', flags: 'all no-stream no-trunc', short: 'a=all' },
  { name: 'pause', spellings: ['pause', 'container pause'], valued: '', flags: '', short: '' },
  { name: 'unpause', spellings: ['unpause', 'container unpause'], valued: '', flags: '', short: '' },
  { name: 'pull', spellings: ['pull', 'image pull'], valued: 'platform', flags: 'all-tags disable-content-trust quiet', short: 'a=all-tags q=quiet' },
  { name: 'version', spellings: ['version'], valued: 'format', flags: '', short: 'f=format' },
  { name: 'info', spellings: ['info', 'system info'], valued: 'format', flags: '', short: 'f=format' },
  { name: 'image inspect', spellings: ['image inspect'], valued: 'format', flags: '', short: 'f=format', hidden: { valued: 'platform' } },
  { name: 'system prune', spellings: ['system prune'], valued: 'filter', flags: 'all force volumes', short: 'a=all f=force' },
  { name: 'system df', spellings: ['system df'], valued: 'format', flags: 'verbose', short: 'v=verbose' },
  { name: 'container prune', spellings: ['container prune'], valued: 'filter', flags: 'force', short: 'f=force' },
  { name: 'image prune', spellings: ['image prune'], valued: 'filter', flags: 'all force', short: 'a=all f=force' },
  // Not a command the deck takes from a slide: the runner runs it as one part of system prune.
  { name: 'network prune', spellings: ['network prune'], valued: 'filter', flags: 'force', short: 'f=force' },
]

const words = (text: string | undefined) => (text ? text.split(' ') : [])

/** A command's options as sets: every command also takes `--help`, and `-h` for it where the letter is free. */
function optionsOf(spec: CommandSpec) {
  const valued = new Set([...words(spec.valued), ...words(spec.hidden?.valued)])
  const flags = new Set([...words(spec.flags), ...words(spec.hidden?.flags), 'help'])
  const short = new Map(words(spec.short).map((pair) => pair.split('=') as [string, string]))
  if (!short.has('h')) short.set('h', 'help')
  return { valued, flags, short }
}

/** The command `argv` starts with (two words before one), as docker finds it. */
export function commandOf(argv: readonly string[]): { name: string; consumed: number; spec: CommandSpec } | undefined {
  for (const consumed of [2, 1]) {
    const called = argv.slice(0, consumed).join(' ')
    const spec = argv.length >= consumed ? COMMANDS.find((command) => command.spellings.includes(called)) : undefined
    if (spec) return { name: spec.name, consumed, spec }
  }
  return undefined
}

/** Every option docker `spelling` takes, with its letter: what a generator may draw from. */
export function cliOptions(spelling: string): Array<{ name: string; letter?: string; valued: boolean }> {
  const spec = commandOf(spelling.split(' '))?.spec
  if (!spec) throw new Error(`docker-cli-model: no command ${spelling}`)
  const { valued, flags, short } = optionsOf(spec)
  const letterOf = new Map([...short].map(([letter, name]) => [name, letter]))
  return [...valued, ...flags].filter((name) => name !== 'help').map((name) => ({ name, valued: valued.has(name), ...(letterOf.has(name) ? { letter: letterOf.get(name)! } : {}) }))
}

/** strconv.ParseBool, which pflag uses for `--flag=value`. */
const BOOL_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'])

/** Reads `argv` (the words after `docker`) as the docker CLI does. */
export function readArgv(argv: readonly string[]): CliReading {
  if (argv[0]?.startsWith('-')) return { notACommand: `global option ${argv[0]} before the command` }
  const found = commandOf(argv)
  if (!found) return { notACommand: `docker ${argv.slice(0, 2).join(' ')} is not a command the deck allows` }
  const { valued, flags, short } = optionsOf(found.spec)
  const command = found.name
  const args = argv.slice(found.consumed)
  const options: CliOption[] = []
  const positionals: string[] = []
  const refuse = (why: string): CliReading => ({ command, cliRefuses: why })
  let i = 0
  while (i < args.length) {
    const word = args[i]!
    if (word === '--') return { command, options, positionals: [...positionals, ...args.slice(i + 1)], endOfOptions: true }
    if (!word.startsWith('-') || word === '-') {
      if (found.spec.stopsAtPositional) return { command, options, positionals: [...positionals, ...args.slice(i)], endOfOptions: false }
      positionals.push(word)
      i++
      continue
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=')
      const name = word.slice(2, eq === -1 ? undefined : eq)
      const inline = eq === -1 ? undefined : word.slice(eq + 1)
      if (name === '' || name.startsWith('-')) return refuse(`bad flag syntax: ${word}`)
      if (name === 'help') return refuse('prints its usage')
      if (valued.has(name)) {
        const value = inline ?? args[i + 1]
        if (value === undefined) return refuse(`flag needs an argument: --${name}`)
        options.push({ name, value })
        i += inline === undefined ? 2 : 1
        continue
      }
      if (!flags.has(name)) return refuse(`unknown flag: --${name}`)
      if (inline !== undefined && !BOOL_WORDS.has(inline)) return refuse(`invalid argument "${inline}" for "--${name}"`)
      options.push({ name, ...(inline === undefined ? {} : { value: inline }) })
      i++
      continue
    }
    let consumed = 1
    for (let j = 1; j < word.length; j++) {
      const letter = word[j]!
      const name = short.get(letter)
      if (name === undefined) return refuse(`unknown shorthand flag: '${letter}' in ${word}`)
      if (name === 'help') return refuse('prints its usage')
      const rest = word.slice(j + 1)
      if (valued.has(name)) {
        const value = rest.startsWith('=') ? rest.slice(1) : rest !== '' ? rest : args[i + 1]
        if (value === undefined) return refuse(`flag needs an argument: '${letter}' in ${word}`)
        if (rest === '') consumed = 2
        options.push({ name, value })
        break
      }
      if (rest.startsWith('=')) {
        if (!BOOL_WORDS.has(rest.slice(1))) return refuse(`invalid argument "${rest.slice(1)}" for "-${letter}"`)
        options.push({ name, value: rest.slice(1) })
        break
      }
      options.push({ name })
    }
    i += consumed
  }
  return { command, options, positionals, endOfOptions: false }
}
