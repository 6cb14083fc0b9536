// The allow-list of docker run, create and exec: what is accepted, each
// option's value grammar, the deck objects an option may name, and the
// options that were planned before the allow-list and are refused now.
import { describe, expect, it } from 'vitest'
import { planCommand } from '../../runner/policy/policy.ts'
import { DECK, DECK_NETWORK, DECK_VOLUME, fakeEngine, FOREIGN_CONTAINER, FOREIGN_NETWORK, FOREIGN_VOLUME, refusalOf } from './fake-engine.ts'
import { titled } from './table.ts'

const plan = (line: string) => planCommand(line, 'run-1', fakeEngine())
const refusal = (line: string) => refusalOf(planCommand(line, 'run-1', fakeEngine()))
const redis = DECK.redisRunning

describe('options that were planned before and are off the list now', () => {
  it.each(titled([
    // Loosening the limits (threat model row 25): the limits are a floor.
    { words: '--cpu-quota -1', subject: '--cpu-quota', says: 'floor' },
    { words: '--cpu-period 1000', subject: '--cpu-period', says: 'floor' },
    { words: '--cpu-shares 262144', subject: '--cpu-shares', says: 'floor' },
    { words: '-c 1024', subject: '--cpu-shares', says: 'floor' },
    { words: '--cpuset-cpus 0-63', subject: '--cpuset-cpus', says: 'floor' },
    { words: '--cpu-rt-runtime 950000', subject: '--cpu-rt-runtime', says: 'real-time budget' },
    { words: '--memory-swap 64g', subject: '--memory-swap', says: 'floor' },
    { words: '--memory-reservation 1g', subject: '--memory-reservation', says: 'floor' },
    { words: '--memory-swappiness 100', subject: '--memory-swappiness', says: 'floor' },
    { words: '--kernel-memory 1g', subject: '--kernel-memory', says: 'floor' },
    { words: '--shm-size 8g', subject: '--shm-size', says: 'floor' },
    { words: '--oom-score-adj -1000', subject: '--oom-score-adj', says: 'OOM killer' },
    { words: '--ulimit rtprio=99', subject: '--ulimit', says: 'rtprio' },
    { words: '--ulimit nofile=1048576', subject: '--ulimit', says: 'floor' },
    { words: '--blkio-weight 1000', subject: '--blkio-weight', says: 'floor' },
    { words: '--storage-opt size=100G', subject: '--storage-opt', says: 'floor' },
    // Values that were allowed on options now left out.
    { words: '--restart no', subject: '--restart', says: '"always"' },
    { words: '--restart=on-failure:3', subject: '--restart', says: 'do not' },
    { words: `--pid container:${redis.name}`, subject: '--pid', says: '"host"' },
    { words: '--ipc private', subject: '--ipc', says: '"host"' },
    { words: '--cgroupns private', subject: '--cgroupns', says: '"host"' },
    { words: '--cap-drop ALL', subject: '--cap-drop', says: 'capabilities' },
    { words: '--label course=docker', subject: '--label', says: 'the runner adds the deck\'s own' },
    { words: '-u 1000', subject: '--user', says: 'another user' },
    { words: '--user root', subject: '--user', says: 'another user' },
    { words: '--pull always', subject: '--pull', says: 'pulls' },
    { words: '--platform linux/arm64', subject: '--platform', says: 'platform' },
    { words: '--detach-keys ctrl-x', subject: '--detach-keys', says: 'detach' },
    // Everything else off the list gets the list of what is accepted.
    { words: `--link ${redis.name}:db`, subject: '--link', says: '-d, -i, -t, --rm, --name' },
    { words: '--hostname box', subject: '--hostname', says: 'leave it out' },
    { words: '-h box', subject: '--hostname', says: 'leave it out' },
    { words: '--add-host db:10.0.0.2', subject: '--add-host', says: 'leave it out' },
    { words: '--dns 1.1.1.1', subject: '--dns', says: 'leave it out' },
    { words: '--tmpfs /tmp', subject: '--tmpfs', says: 'leave it out' },
    { words: '--read-only', subject: '--read-only', says: 'leave it out' },
    { words: '-q', subject: '--quiet', says: 'leave it out' },
    { words: '--sig-proxy=false', subject: '--sig-proxy', says: 'leave it out' },
    { words: '-a stdout', subject: '--attach', says: 'leave it out' },
    { words: '--expose 80', subject: '--expose', says: 'leave it out' },
    { words: '--health-cmd true', subject: '--health-cmd', says: 'leave it out' },
    { words: '--ip 172.17.0.99', subject: '--ip', says: 'leave it out' },
    { words: '--network-alias web', subject: '--network-alias', says: 'leave it out' },
    { words: '--group-add 0', subject: '--group-add', says: 'leave it out' },
    { words: '--help', subject: '--help', says: 'leave it out' },
  ], (c) => c.words))('refuses docker run %s, naming the option and why', async (_, { words, subject, says }) => {
    const result = await refusal(`docker run ${words} alpine`)
    expect(result).toMatchObject({ code: 'denied-flag', subject })
    expect(result.message).toMatch(new RegExp(`^${subject}( \\S+)? is refused: it `))
    expect(result.message).toContain(says)
  })

  it.each(['--detach-keys ctrl-x', '--privileged=false', '--user=root --privileged'])('refuses docker exec %s', async (words) => {
    const result = await refusal(`docker exec ${words} ${redis.name} sh`)
    expect(result.code).toBe('denied-flag')
    expect(result.message).toMatch(/^--[\w-]+ is refused: it /)
  })

  it('names what exec accepts when it refuses an option', async () => {
    expect((await refusal(`docker exec --detach-keys ctrl-x ${redis.name} sh`)).message).toContain('leave it out')
  })
})

describe('value grammars', () => {
  it.each(titled([
    { words: '--name a', subject: '--name' },
    { words: "--name 'my web'", subject: '--name' },
    { words: '--name /web', subject: '--name' },
    { words: '--name web!', subject: '--name' },
    { words: '-e 1A=b', subject: '-e' },
    { words: '-e A-B=c', subject: '-e' },
    { words: '-e =x', subject: '-e' },
    { words: '-w data', subject: '-w' },
    { words: '-w /a/../b', subject: '-w' },
    { words: '-w /a//b', subject: '-w' },
    { words: '-w /./a', subject: '-w' },
    { words: "-w '/a b'", subject: '-w' },
    { words: '--stop-signal kill', subject: '--stop-signal' },
    { words: "--stop-signal 'SIGTERM;'", subject: '--stop-signal' },
    { words: '--stop-timeout -1', subject: '--stop-timeout' },
    { words: '--stop-timeout 600', subject: '--stop-timeout' },
    { words: '--stop-timeout 1.5', subject: '--stop-timeout' },
    { words: "--entrypoint 'sh -c'", subject: '--entrypoint' },
    { words: '--rm=yes', subject: '--rm' },
    { words: '-d=2', subject: '-d' },
    { words: '-v deck-data:/data:z', subject: '-v deck-data:/data:z' },
    { words: '-v deck-data:data', subject: '-v deck-data:data' },
    { words: '-v /a/../b', subject: '-v /a/../b' },
    { words: '--mount type=volume,dst=relative', subject: '--mount dst' },
    { words: `--mount type=volume,src=${DECK_VOLUME}`, subject: '--mount dst' },
    { words: '--mount type=volume,dst=/d,tmpfs-size=1m', subject: '--mount tmpfs-size' },
    { words: '--mount type=tmpfs,dst=/t,tmpfs-mode=rwx', subject: '--mount tmpfs-mode' },
    { words: "--network 'a b'", subject: '--network' },
  ], (c) => c.words))('refuses docker run %s as outside the option\'s grammar', async (_, { words, subject }) => {
    const result = await refusal(`docker run ${words} alpine`)
    expect(result).toMatchObject({ code: 'invalid-value', subject })
    expect(result.message).toContain('is refused: ')
  })

  it.each(['/proc', '/proc/self/fd/8', '/sys/fs/cgroup', '/dev/fd/3', '/proc/'])('refuses -w %s, a directory that can reach the host', async (path) => {
    for (const line of [`docker run -w ${path} alpine`, `docker exec -w ${path} ${redis.name} sh`]) {
      const result = await refusal(line)
      expect(result).toMatchObject({ code: 'denied-flag', subject: '-w' })
      expect(result.message).toContain('reach the host\'s files')
    }
  })

  it.each(['/proc/self/fd/7/../../../bin/sh', 'bin/../../proc/self/exe', 'proc/self/fd/7', './sh', '..', '/bin//sh'])('refuses --entrypoint %s as outside its grammar', async (path) => {
    expect(await refusal(`docker run --entrypoint ${path} alpine`)).toMatchObject({ code: 'invalid-value', subject: '--entrypoint' })
  })

  it.each(['/proc/self/exe', '/proc/self/fd/7', '/dev/fd/3', '/sys/x'])('refuses --entrypoint %s, a program that can reach the host', async (path) => {
    const result = await refusal(`docker create --entrypoint ${path} alpine`)
    expect(result).toMatchObject({ code: 'denied-flag', subject: '--entrypoint' })
    expect(result.message).toContain('reach the host\'s files')
  })

  it.each(['--name a..b', '--name ..x'])('refuses docker run %s, a name no later command could use', async (words) => {
    expect(await refusal(`docker run ${words} alpine`)).toMatchObject({ code: 'invalid-value', subject: '--name' })
  })

  it.each(['root;id', 'Root', '0:0:0', '', 'a b'])('refuses docker exec -u %j', async (user) => {
    expect(await refusal(`docker exec -u '${user}' ${redis.name} sh`)).toMatchObject({ code: 'invalid-value', subject: '-u' })
  })

  it.each(titled([
    { words: '--name web', kept: ['--name', 'web'] },
    { words: '--name=web.1_a-b', kept: ['--name=web.1_a-b'] },
    { words: '-e GREETING=hello', kept: ['-e', 'GREETING=hello'] },
    { words: '--init', kept: ['--init'] },
    { words: '--rm=false', kept: ['--rm=false'] },
    { words: '-t=false', kept: ['-t=false'] },
    { words: '-w /', kept: ['-w', '/'] },
    { words: '-w /app/src/', kept: ['-w', '/app/src/'] },
    { words: '--entrypoint /bin/sh', kept: ['--entrypoint', '/bin/sh'] },
    { words: '--entrypoint redis-cli', kept: ['--entrypoint', 'redis-cli'] },
    { words: "--entrypoint ''", kept: ['--entrypoint', ''] },
    { words: '--stop-signal SIGINT', kept: ['--stop-signal', 'SIGINT'] },
    { words: '--stop-signal 15', kept: ['--stop-signal', '15'] },
    { words: '--stop-timeout 5', kept: ['--stop-timeout', '5'] },
    { words: '-v /data', kept: ['-v', '/data'] },
    { words: '--mount type=tmpfs,dst=/t,tmpfs-size=64m,tmpfs-mode=1777', kept: ['--mount', 'type=tmpfs,dst=/t,tmpfs-size=64m,tmpfs-mode=1777'] },
    { words: '--mount dst=/data,readonly', kept: ['--mount', 'dst=/data,readonly'] },
    { words: '--network bridge', kept: ['--network', 'bridge'] },
    { words: '--net=none', kept: ['--net=none'] },
  ], (c) => c.words))('accepts docker run %s as typed', async (_, { words, kept }) => {
    const result = await plan(`docker run ${words} alpine`)
    expect(result.argv.slice(11, -1)).toEqual(kept)
  })

  it.each(['-u root', '-u 1000', '-u 1000:1000', '-u redis:redis', '-w /data', '-e A=b', '-d', '-it', '--tty=false'])('accepts docker exec %s', async (words) => {
    const result = await plan(`docker exec ${words} ${redis.name} sh`)
    expect(result.argv.at(-2)).toBe(redis.id)
  })
})

describe('deck objects an option names', () => {
  it('mounts a volume the deck created', async () => {
    const result = await plan(`docker run -v ${DECK_VOLUME}:/data --mount src=${DECK_VOLUME},dst=/more alpine`)
    expect(result.argv.slice(11, -1)).toEqual(['-v', `${DECK_VOLUME}:/data`, '--mount', `src=${DECK_VOLUME},dst=/more`])
  })

  it.each([`-v ${FOREIGN_VOLUME}:/data`, `-v data:/data`, `--mount type=volume,src=${FOREIGN_VOLUME},dst=/d`, `--mount source=data,target=/d`])('refuses %s, a volume the deck did not create', async (words) => {
    const result = await refusal(`docker run ${words} alpine`)
    expect(result.code).toBe('denied-flag')
    expect(result.message).toContain('is not a volume the deck created')
  })

  it('joins a network the deck created by its full ID, shown short', async () => {
    const result = await plan(`docker run --network ${DECK_NETWORK.name} alpine`)
    expect(result.argv.slice(11, -1)).toEqual(['--network', DECK_NETWORK.id])
    expect(result.resolvedLine).toContain(`--network ${DECK_NETWORK.id.slice(0, 12)} alpine`)
    expect(result.notices.at(-1)).toEqual({ kind: 'resolved', text: `${DECK_NETWORK.name} → ${DECK_NETWORK.id.slice(0, 12)}: pinned to the deck's object by ID.` })
  })

  it.each([FOREIGN_NETWORK, 'default', 'my-net'])('refuses --network %s, a network the deck did not create', async (name) => {
    const result = await refusal(`docker run --network ${name} alpine`)
    expect(result).toMatchObject({ code: 'denied-flag', subject: '--network' })
    expect(result.message).toContain(`joins ${name}, a network the deck did not create`)
  })

  it.each([FOREIGN_CONTAINER, '0123456789ab'])('refuses --network container:%s', async (ref) => {
    expect(await refusal(`docker run --network container:${ref} alpine`)).toMatchObject({ code: 'denied-flag', subject: '--network' })
  })

  it.each(['', ' lecturer-db', 'a b/../../containers/x', 'x/../y'])('refuses --network container:%j before asking the engine', async (ref) => {
    expect(await refusal(`docker run --network 'container:${ref}' alpine`)).toMatchObject({ code: 'reference', subject: JSON.stringify(ref) })
  })

  it('checks every option\'s grammar before asking the engine about any object', async () => {
    // The foreign volume comes first, but the host path is what the refusal names.
    expect(await refusal(`docker run -v ${FOREIGN_VOLUME}:/d -v /:/h alpine`)).toMatchObject({ code: 'denied-flag', subject: '-v /:/h' })
  })
})
