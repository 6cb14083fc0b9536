// The threat model's "Flags refused by default" list, in every spelling the
// docker CLI (pflag) accepts, on run, create and (where it applies) exec.
// Since the allow-list replaced the deny list, each stays refused because it
// is not on the list (or its value is outside the option's grammar); the
// allow-list itself is tested in allow-list.test.ts.
import { describe, expect, it } from 'vitest'
import { planCommand } from '../../runner/policy/policy.ts'
import { DECK, DECK_VOLUME, fakeEngine, FOREIGN_CONTAINER, refusalOf } from './fake-engine.ts'
import { titled } from './table.ts'

interface DeniedFlag {
  /** Long name with dashes, e.g. `--cap-add`. */
  flag: string
  /** A value that must be refused; absent for boolean flags. */
  value?: string
  /** The short letter docker also accepts, if any. */
  short?: string
  /** A value the same flag may take, used to show that repeating does not hide the bad one. */
  allowed?: string
  /** The `subject` the refusal carries. */
  subject: string
  /** Words the refusal message must contain (besides the subject's flag). */
  mentions: string[]
}

const DENIED: DeniedFlag[] = [
  { flag: '--privileged', subject: '--privileged', mentions: ['--privileged', 'root on the host'] },
  { flag: '--cap-add', value: 'SYS_ADMIN', subject: '--cap-add', mentions: ['--cap-add', 'capabilities'] },
  { flag: '--cap-add', value: 'ALL', subject: '--cap-add', mentions: ['--cap-add'] },
  { flag: '--device', value: '/dev/sda', subject: '--device', mentions: ['--device', 'host device'] },
  { flag: '--device-cgroup-rule', value: 'c 1:3 mr', subject: '--device-cgroup-rule', mentions: ['--device-cgroup-rule'] },
  { flag: '--gpus', value: 'all', subject: '--gpus', mentions: ['--gpus', 'GPU'] },
  { flag: '--volume', short: 'v', value: '/:/h', allowed: 'data:/data', subject: '-v /:/h', mentions: ['-v /:/h', 'host path'] },
  { flag: '--volume', short: 'v', value: '/var/run/docker.sock:/var/run/docker.sock', allowed: 'data:/data', subject: '-v /var/run/docker.sock:/var/run/docker.sock', mentions: ['/var/run/docker.sock'] },
  { flag: '--volume', short: 'v', value: '/etc:/etc:ro', allowed: '/data', subject: '-v /etc:/etc:ro', mentions: ['-v /etc:/etc:ro'] },
  { flag: '--volume', short: 'v', value: './src:/src', allowed: 'data:/data', subject: '-v ./src:/src', mentions: ['-v ./src:/src'] },
  { flag: '--mount', value: 'type=bind,src=/,dst=/h', allowed: 'type=volume,src=data,dst=/data', subject: '--mount type=bind', mentions: ['--mount', 'bind mount'] },
  { flag: '--mount', value: 'source=/var/run/docker.sock,target=/s,type=bind', allowed: 'type=tmpfs,dst=/t', subject: '--mount type=bind', mentions: ['--mount', 'bind mount'] },
  { flag: '--mount', value: 'type=volume,src=x,dst=/d,volume-driver=local', allowed: 'type=volume,src=data,dst=/data', subject: '--mount volume-driver', mentions: ['--mount', 'volume-driver'] },
  { flag: '--mount', value: 'type=volume,src=x,dst=/d,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=/', subject: '--mount volume-opt', mentions: ['--mount', 'volume-opt'] },
  { flag: '--volumes-from', value: FOREIGN_CONTAINER, subject: '--volumes-from', mentions: ['--volumes-from'] },
  { flag: '--pid', value: 'host', allowed: `container:${DECK.redisRunning.name}`, subject: '--pid', mentions: ['--pid', '"host"'] },
  { flag: '--pid', value: `container:${FOREIGN_CONTAINER}`, subject: '--pid', mentions: ['--pid', FOREIGN_CONTAINER] },
  { flag: '--ipc', value: 'host', allowed: 'private', subject: '--ipc', mentions: ['--ipc', '"host"'] },
  { flag: '--uts', value: 'host', subject: '--uts', mentions: ['--uts', '"host"'] },
  { flag: '--userns', value: 'host', subject: '--userns', mentions: ['--userns', '"host"'] },
  { flag: '--cgroupns', value: 'host', allowed: 'private', subject: '--cgroupns', mentions: ['--cgroupns', '"host"'] },
  { flag: '--network', value: 'host', allowed: 'bridge', subject: '--network', mentions: ['--network', '"host"'] },
  { flag: '--net', value: 'host', allowed: 'none', subject: '--net', mentions: ['--net', '"host"'] },
  { flag: '--network', value: `container:${FOREIGN_CONTAINER}`, allowed: `container:${DECK.redisRunning.name}`, subject: '--network', mentions: ['--network', FOREIGN_CONTAINER] },
  { flag: '--net', value: `container:${FOREIGN_CONTAINER}`, subject: '--net', mentions: ['--net', FOREIGN_CONTAINER] },
  { flag: '--security-opt', value: 'seccomp=unconfined', subject: '--security-opt', mentions: ['--security-opt'] },
  { flag: '--security-opt', value: 'no-new-privileges', subject: '--security-opt', mentions: ['--security-opt'] },
  { flag: '--cgroup-parent', value: '/', subject: '--cgroup-parent', mentions: ['--cgroup-parent'] },
  { flag: '--sysctl', value: 'net.ipv4.ip_forward=1', subject: '--sysctl', mentions: ['--sysctl'] },
  { flag: '--runtime', value: 'runc', subject: '--runtime', mentions: ['--runtime'] },
  { flag: '--env-file', value: '/etc/passwd', subject: '--env-file', mentions: ['--env-file', 'reads a file'] },
  { flag: '--label-file', value: '/etc/passwd', subject: '--label-file', mentions: ['--label-file', 'reads a file'] },
  { flag: '--cidfile', value: '/tmp/cid', subject: '--cidfile', mentions: ['--cidfile', 'writes a file'] },
  { flag: '--env', short: 'e', value: 'HOME', allowed: 'A=b', subject: '-e HOME', mentions: ['-e HOME', 'HOME=VALUE'] },
  { flag: '--env', short: 'e', value: 'RUNNER_TOKEN', allowed: 'A=', subject: '-e RUNNER_TOKEN', mentions: ['-e RUNNER_TOKEN'] },
  { flag: '--restart', value: 'always', allowed: 'no', subject: '--restart', mentions: ['--restart', '"always"'] },
  { flag: '--restart', value: 'unless-stopped', allowed: 'on-failure:3', subject: '--restart', mentions: ['--restart', '"unless-stopped"'] },
  { flag: '--log-driver', value: 'syslog', subject: '--log-driver', mentions: ['--log-driver'] },
  { flag: '--log-opt', value: 'syslog-address=udp://10.0.0.1:514', subject: '--log-opt', mentions: ['--log-opt'] },
  { flag: '--publish-all', short: 'P', subject: '--publish-all', mentions: ['--publish-all', 'all network interfaces'] },
]

/** The denied flags `docker exec` also has. */
const DENIED_ON_EXEC = new Set(['--privileged', '--env-file', '--env'])

/** Quotes a word the way a student would, only when the shell needs it. */
const q = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word}'`)

interface Spelling {
  syntax: string
  words: string
}

/** Every way the docker CLI accepts to write `entry`. */
function spellings(entry: DeniedFlag): Spelling[] {
  const { flag, value, short, allowed } = entry
  if (value === undefined) {
    const list: Spelling[] = [
      { syntax: `${flag}`, words: flag },
      { syntax: `${flag}=true`, words: `${flag}=true` },
      { syntax: `"${flag}" (quoted)`, words: `"${flag}"` },
      { syntax: `${flag} repeated`, words: `${flag} ${flag}` },
      { syntax: `${flag} after other options`, words: `--rm --name demo ${flag}` },
    ]
    if (short) {
      list.push(
        { syntax: `-${short}`, words: `-${short}` },
        { syntax: `-${short}=true`, words: `-${short}=true` },
        { syntax: `-it${short} (bundled, last)`, words: `-it${short}` },
        { syntax: `-${short}it (bundled, first)`, words: `-${short}it` },
        { syntax: `"-${short}" (quoted)`, words: `"-${short}"` },
      )
    }
    return list
  }
  const list: Spelling[] = [
    { syntax: `${flag} ${value}`, words: `${flag} ${q(value)}` },
    { syntax: `${flag}=${value}`, words: q(`${flag}=${value}`) },
    { syntax: `"${flag}" ${value} (quoted flag)`, words: `"${flag}" ${q(value)}` },
    { syntax: `"${flag}=${value}" (double-quoted)`, words: `"${flag}=${value}"` },
    { syntax: `${flag} ${value} after other options`, words: `--rm -d --name demo ${flag} ${q(value)}` },
    allowed === undefined
      ? { syntax: `${flag} ${value} repeated`, words: `${flag} ${q(value)} ${flag} ${q(value)}` }
      : { syntax: `${flag} ${allowed} then ${flag} ${value}`, words: `${flag} ${q(allowed)} ${flag} ${q(value)}` },
  ]
  if (short) {
    list.push(
      { syntax: `-${short} ${value}`, words: `-${short} ${q(value)}` },
      { syntax: `-${short}${value} (attached)`, words: q(`-${short}${value}`) },
      { syntax: `-${short}=${value}`, words: q(`-${short}=${value}`) },
      { syntax: `-it${short} ${value} (bundled)`, words: `-it${short} ${q(value)}` },
      { syntax: `-it${short}${value} (bundled, attached)`, words: q(`-it${short}${value}`) },
      { syntax: `"-${short}" "${value}" (quoted)`, words: `"-${short}" "${value}"` },
      allowed === undefined
        ? { syntax: `-${short} ${value} repeated`, words: `-${short} ${q(value)} -${short} ${q(value)}` }
        : { syntax: `-${short} ${allowed} then -${short} ${value}`, words: `-${short} ${q(allowed)} -${short} ${q(value)}` },
    )
  }
  return list
}

interface Case extends Spelling {
  line: string
  subject: string
  mentions: string[]
}

function cases(command: 'run' | 'create' | 'exec'): Case[] {
  const entries = command === 'exec' ? DENIED.filter((entry) => DENIED_ON_EXEC.has(entry.flag)) : DENIED
  return entries.flatMap((entry) => spellings(entry)
    // `docker exec` has no `--name`/`--rm`: put the bad flag after `-d` instead; `docker create` has no -d: after `-i`.
    .map((spelling) => (command === 'exec' ? { ...spelling, words: spelling.words.replace('--rm -d --name demo ', '-d -u root ').replace('--rm --name demo ', '-d -u root ') } : spelling))
    .map((spelling) => (command === 'create' ? { ...spelling, words: spelling.words.replace('--rm -d --name demo ', '--rm -i --name demo ') } : spelling))
    .map((spelling) => ({
      ...spelling,
      line: command === 'exec' ? `docker exec ${spelling.words} ${DECK.redisRunning.name} sh` : `docker ${command} ${spelling.words} alpine sh`,
      subject: entry.subject,
      mentions: entry.mentions,
    })))
}

describe.each(['run', 'create', 'exec'] as const)('docker %s with a denied flag', (command) => {
  it.each(titled(cases(command), (c) => c.syntax))('refuses %s', async (_, { line, subject, mentions }) => {
    const refusal = await refusalOf(planCommand(line, 'run-1', fakeEngine()))
    expect(refusal).toMatchObject({ name: 'Refused', code: 'denied-flag', subject })
    for (const word of mentions) expect(refusal.message).toContain(word)
    expect(refusal.message).toMatch(/refused|would copy/)
  })
})

describe('the deny list table', () => {
  it('covers every spelling on run and create and the exec flags', () => {
    expect(cases('run').length).toBeGreaterThan(250)
    expect(cases('create')).toHaveLength(cases('run').length)
    expect(new Set(cases('exec').map((c) => c.subject))).toEqual(new Set(['--privileged', '--env-file', '-e HOME', '-e RUNNER_TOKEN']))
  })
})

describe('other refused run options', () => {
  it.each(titled([
    { line: 'docker run --device-read-bps /dev/sda:1mb alpine', subject: '--device-read-bps' },
    { line: 'docker run --device-write-iops /dev/sda:10 alpine', subject: '--device-write-iops' },
    { line: 'docker run --blkio-weight-device /dev/sda:10 alpine', subject: '--blkio-weight-device' },
    { line: 'docker run --use-api-socket alpine', subject: '--use-api-socket' },
    { line: 'docker run --volume-driver local -v data:/data alpine', subject: '--volume-driver' },
    { line: 'docker run --oom-kill-disable alpine', subject: '--oom-kill-disable' },
    { line: 'docker run --memory-swap -1 alpine', subject: '--memory-swap' },
    { line: 'docker run --label docker-live-deck.owned=false alpine', subject: '--label' },
    { line: 'docker run -l docker-live-deck.run=other alpine', subject: '--label' },
    { line: 'docker run --mount type=BIND,src=/,dst=/h alpine', subject: '--mount type=BIND' },
    { line: 'docker run --mount type=npipe,src=x,dst=/h alpine', subject: '--mount type=npipe' },
    { line: 'docker run --mount TYPE=bind,src=/,dst=/h alpine', subject: '--mount type=bind' },
    { line: 'docker run --mount type=volume,type=bind,src=/,dst=/h alpine', subject: '--mount type=bind' },
    { line: 'docker run -v .:/h alpine', subject: '-v .:/h' },
    { line: 'docker run -v :/h alpine', subject: '-v :/h' },
  ], (c) => c.line))('refuses %s', async (_, { line, subject }) => {
    const refusal = await refusalOf(planCommand(line, 'run-1', fakeEngine()))
    expect(refusal).toMatchObject({ code: 'denied-flag', subject })
  })

  // docker reads --mount as CSV, so a quoted field `"type=bind"` still sets type=bind.
  it('refuses a bind mount whose type field is CSV-quoted ("type=bind",src=/,dst=/h)', async () => {
    const refusal = await refusalOf(planCommand(`docker run --mount '"type=bind",src=/,dst=/h' alpine`, 'run-1', fakeEngine()))
    expect(refusal).toMatchObject({ code: 'denied-flag' })
    expect(refusal.message).toContain('--mount')
  })

  it('refuses a volume driver whose field is CSV-quoted (type=volume,"volume-driver=local",…)', async () => {
    const refusal = await refusalOf(planCommand(`docker run --mount 'type=volume,src=x,dst=/d,"volume-driver=local"' alpine`, 'run-1', fakeEngine()))
    expect(refusal).toMatchObject({ code: 'denied-flag' })
  })
})

describe('allowed options and values', () => {
  it.each(titled([
    { line: `docker run -v ${DECK_VOLUME}:/data alpine`, words: ['-v', `${DECK_VOLUME}:/data`] },
    { line: `docker run -v ${DECK_VOLUME}:/data:ro alpine`, words: ['-v', `${DECK_VOLUME}:/data:ro`] },
    { line: `docker run --volume=${DECK_VOLUME}:/data alpine`, words: [`--volume=${DECK_VOLUME}:/data`] },
    { line: 'docker run -v /data alpine', words: ['-v', '/data'] },
    { line: `docker run -itv ${DECK_VOLUME}:/data alpine`, words: ['-itv', `${DECK_VOLUME}:/data`] },
    { line: `docker run --mount type=volume,src=${DECK_VOLUME},dst=/data alpine`, words: ['--mount', `type=volume,src=${DECK_VOLUME},dst=/data`] },
    { line: 'docker run --mount type=tmpfs,dst=/scratch alpine', words: ['--mount', 'type=tmpfs,dst=/scratch'] },
    { line: 'docker run --mount dst=/data alpine', words: ['--mount', 'dst=/data'] },
    { line: 'docker run -e A=b alpine', words: ['-e', 'A=b'] },
    { line: 'docker run -eA=b alpine', words: ['-eA=b'] },
    { line: 'docker run --env=GREETING=hello alpine', words: ['--env=GREETING=hello'] },
    { line: 'docker run -e EMPTY= alpine', words: ['-e', 'EMPTY='] },
    { line: "docker run -e 'A=$HOME' alpine", words: ['-e', 'A=$HOME'] },
    // A deck container named in --network is pinned to its full ID.
    { line: `docker run --network container:${DECK.redisRunning.name} alpine`, words: ['--network', `container:${DECK.redisRunning.id}`] },
    { line: `docker run --net=container:${DECK.redisRunning.id.slice(0, 12)} alpine`, words: ['--net', `container:${DECK.redisRunning.id}`] },
    { line: 'docker run --network bridge alpine', words: ['--network', 'bridge'] },
    { line: 'docker run --network none alpine', words: ['--network', 'none'] },
    { line: 'docker run --pids-limit 100 alpine', words: ['--pids-limit', '100'] },
    { line: 'docker run --memory 256m alpine', words: ['--memory', '256m'] },
    { line: 'docker run -m 128m alpine', words: ['-m', '128m'] },
    { line: 'docker run --cpus 0.5 alpine', words: ['--cpus', '0.5'] },
    { line: 'docker run --rm --name web -d redis', words: ['--rm', '--name', 'web', '-d'] },
    { line: 'docker create --name web redis', words: ['--name', 'web'] },
    { line: `docker exec -e A=b ${DECK.redisRunning.name} env`, words: ['-e', 'A=b'] },
    { line: `docker exec -u root -w /data ${DECK.redisRunning.name} ls`, words: ['-u', 'root', '-w', '/data'] },
  ], (c) => c.line))('allows %s', async (_, { line, words }) => {
    const plan = await planCommand(line, 'run-1', fakeEngine())
    // The options as typed (or pinned) stand together in the plan's argv.
    const at = plan.argv.indexOf(words[0]!)
    expect(at).toBeGreaterThan(0)
    expect(plan.argv.slice(at, at + words.length)).toEqual(words)
  })

  it('refuses "$HOME" inside double quotes even in an allowed -e', async () => {
    const refusal = await refusalOf(planCommand('docker run -e "A=$HOME" alpine', 'run-1', fakeEngine()))
    expect(refusal).toMatchObject({ code: 'variable', subject: '$HOME' })
  })
})

describe('flags after the image', () => {
  it.each(titled([
    { line: 'docker run alpine ls -v /', tail: ['alpine', 'ls', '-v', '/'] },
    { line: 'docker run alpine env --privileged', tail: ['alpine', 'env', '--privileged'] },
    { line: 'docker run --rm alpine sh -c "echo -P"', tail: ['alpine', 'sh', '-c', 'echo -P'] },
    { line: 'docker run -it alpine cat -e /etc/hostname', tail: ['alpine', 'cat', '-e', '/etc/hostname'] },
    { line: 'docker create alpine --cap-add SYS_ADMIN', tail: ['alpine', '--cap-add', 'SYS_ADMIN'] },
    { line: `docker exec ${DECK.redisRunning.name} ls -e --privileged`, tail: [DECK.redisRunning.id, 'ls', '-e', '--privileged'] },
  ], (c) => c.line))('treats them as the container command in %s', async (_, { line, tail }) => {
    const plan = await planCommand(line, 'run-1', fakeEngine())
    expect(plan.argv.slice(-tail.length)).toEqual(tail)
  })

  it('still refuses a denied flag before the image when another follows it', async () => {
    const refusal = await refusalOf(planCommand('docker run -v /:/h alpine ls -v /', 'run-1', fakeEngine()))
    expect(refusal).toMatchObject({ code: 'denied-flag', subject: '-v /:/h' })
  })
})

describe('options after `--`', () => {
  // Words after `--` are positionals to docker (pflag); the plan must keep the
  // `--`, or docker would read them as options again (`--privileged`).
  // A refusal (any code) is safe; so is a plan that keeps `--` before the flag.
  const smuggled = (outcome: string[] | string, flag: string) =>
    typeof outcome === 'string' ? false : !(outcome.includes('--') && outcome.indexOf('--') < outcome.indexOf(flag))

  it.each(titled([
    { line: 'docker run -- --privileged alpine sh', flag: '--privileged' },
    { line: 'docker run -- -v /:/h alpine sh', flag: '-v' },
    { line: 'docker run --rm -- --cap-add SYS_ADMIN alpine sh', flag: '--cap-add' },
    { line: 'docker create -- --privileged alpine', flag: '--privileged' },
    { line: 'docker create -- --network host alpine', flag: '--network' },
  ], (c) => `${c.flag} to docker in ${c.line}`))('does not let -- pass %s', async (_, { line, flag }) => {
    const outcome = await planCommand(line, 'run-1', fakeEngine()).then(
      (plan) => plan.argv,
      (error: { code: string }) => error.code,
    )
    expect(smuggled(outcome, flag)).toBe(false)
  })

  it('refuses `docker exec -- --privileged` because no container is named like an option', async () => {
    const refusal = await refusalOf(planCommand(`docker exec -- --privileged ${DECK.redisRunning.name} sh`, 'run-1', fakeEngine()))
    expect(refusal).toMatchObject({ code: 'reference', subject: '"--privileged"' })
  })
})
