// planCommand: what may run and exactly how (argv, tty, notices). The
// allow-list and the old deny list in all their spellings live in
// denied-flags.test.ts; the shell constructs in parse-line.test.ts.
import { describe, expect, it } from 'vitest'
import { planCommand, shellWord } from '../../runner/policy/policy.ts'
import { DECK, fakeEngine, FOREIGN_CONTAINER, IMAGES, refusalOf } from './fake-engine.ts'
import { titled } from './table.ts'
import { deckBlocks } from '../../scripts/recording/deck-blocks.ts'

const OWNED_FILTER = 'label=docker-live-deck.owned=true'
const plan = (line: string, engine = fakeEngine()) => planCommand(line, 'run-7', engine)
const refusal = (line: string, engine = fakeEngine()) => refusalOf(planCommand(line, 'run-7', engine))
const kinds = (notices: Array<{ kind: string }>) => notices.map((notice) => notice.kind)

describe('run and create', () => {
  it.each(['run', 'create'])('labels `docker %s hello-world` as the deck\'s and adds the default limits', async (command) => {
    const result = await plan(`docker ${command} hello-world`)
    expect(result.subcommand).toBe(command)
    expect(result.argv).toEqual([
      command,
      '--label', 'docker-live-deck.owned=true', '--label', 'docker-live-deck.run=run-7',
      '--pids-limit', '256', '--memory', '512m', '--cpus', '1',
      'hello-world',
    ])
    expect(kinds(result.notices)).toEqual(['label', 'limits'])
    expect(result.notices[1]!.text).toBe('Default limits added: --pids-limit 256 --memory 512m --cpus 1.')
    expect(result.resolvedLine).toBe(`docker ${command} --label docker-live-deck.owned=true --label docker-live-deck.run=run-7 --pids-limit 256 --memory 512m --cpus 1 hello-world`)
  })

  it('labels `docker container run` the same way', async () => {
    const result = await plan('docker container run --rm alpine echo hi')
    expect(result.subcommand).toBe('run')
    expect(result.argv.slice(0, 6)).toEqual(['container', 'run', '--label', 'docker-live-deck.owned=true', '--label', 'docker-live-deck.run=run-7'])
    expect(result.argv.slice(-4)).toEqual(['--rm', 'alpine', 'echo', 'hi'])
  })

  it.each(titled([
    { line: 'docker run --pids-limit 100 alpine', added: ['--memory', '512m', '--cpus', '1'], kept: ['--pids-limit', '100'] },
    { line: 'docker run --memory 256m alpine', added: ['--pids-limit', '256', '--cpus', '1'], kept: ['--memory', '256m'] },
    { line: 'docker run -m=64m alpine', added: ['--pids-limit', '256', '--cpus', '1'], kept: ['-m=64m'] },
    { line: 'docker run --cpus 0.5 alpine', added: ['--pids-limit', '256', '--memory', '512m'], kept: ['--cpus', '0.5'] },
    { line: 'docker run --pids-limit=256 --memory=512m alpine', added: ['--cpus', '1'], kept: ['--pids-limit=256', '--memory=512m'] },
  ], (c) => c.line))('keeps the stricter limit and adds only the others in %s', async (_, { line, added, kept }) => {
    const result = await plan(line)
    expect(result.argv.slice(5, 5 + added.length)).toEqual(added)
    expect(result.argv.slice(5 + added.length, -1)).toEqual(kept)
    expect(result.notices.find((notice) => notice.kind === 'limits')?.text).toBe(`Default limits added: ${added.join(' ')}.`)
  })

  it('adds no limits notice when the command sets all three limits itself', async () => {
    const result = await plan('docker run --pids-limit 50 -m 128m --cpus 0.25 alpine')
    expect(result.argv).toEqual(['run', '--label', 'docker-live-deck.owned=true', '--label', 'docker-live-deck.run=run-7', '--pids-limit', '50', '-m', '128m', '--cpus', '0.25', 'alpine'])
    expect(kinds(result.notices)).toEqual(['label'])
  })

  it.each(titled([
    { line: 'docker run --pids-limit 1000 alpine', subject: '--pids-limit' },
    { line: 'docker run --pids-limit -1 alpine', subject: '--pids-limit' },
    { line: 'docker run --pids-limit 0 alpine', subject: '--pids-limit' },
    { line: 'docker run --memory 1g alpine', subject: '--memory' },
    { line: 'docker run -m 2048m alpine', subject: '--memory' },
    { line: 'docker run --memory 1t alpine', subject: '--memory' },
    { line: 'docker run --cpus 2 alpine', subject: '--cpus' },
    { line: 'docker run --cpus 0 alpine', subject: '--cpus' },
    { line: 'docker create --cpus=1.5 alpine', subject: '--cpus' },
    { line: 'docker run --memory 256m --memory 1g alpine', subject: '--memory' },
  ], (c) => c.line))('refuses a looser limit in %s', async (_, { line, subject }) => {
    const result = await refusal(line)
    expect(result).toMatchObject({ code: 'limit', subject })
    expect(result.message).toContain('looser than the deck\'s limit')
  })

  // docker reads `--memory 0` as "no memory limit", so it is looser, not stricter.
  it('refuses --memory 0, which docker reads as no memory limit at all', async () => {
    expect(await refusal('docker run --memory 0 alpine')).toMatchObject({ code: 'limit', subject: '--memory' })
  })

  it('leaves a flag after the image to the container command', async () => {
    const result = await plan('docker run alpine ls -v /')
    expect(result.argv.slice(-4)).toEqual(['alpine', 'ls', '-v', '/'])
    expect(kinds(result.notices)).toEqual(['label', 'limits'])
  })
})

describe('published ports', () => {
  it.each(titled([
    { words: '-p 8080:80', argv: ['-p', '127.0.0.1:8080:80'] },
    { words: '-p 8080:80/udp', argv: ['-p', '127.0.0.1:8080:80/udp'] },
    { words: '-p 8080:80/tcp', argv: ['-p', '127.0.0.1:8080:80/tcp'] },
    { words: '--publish 6379:6379', argv: ['-p', '127.0.0.1:6379:6379'] },
    { words: '--publish=8080:80', argv: ['-p', '127.0.0.1:8080:80'] },
    { words: '-p8080:80', argv: ['-p', '127.0.0.1:8080:80'] },
    { words: '-p=8080:80', argv: ['-p', '127.0.0.1:8080:80'] },
    { words: '-dp 8080:80', argv: ['-d', '-p', '127.0.0.1:8080:80'] },
    { words: '-p 8080:80 -p 8443:443', argv: ['-p', '127.0.0.1:8080:80', '-p', '127.0.0.1:8443:443'] },
  ], (c) => c.words))('publishes %s on 127.0.0.1 only and says so', async (_, { words, argv }) => {
    const result = await plan(`docker run ${words} redis`)
    expect(result.argv.slice(11)).toEqual([...argv, 'redis'])
    const loopback = result.notices.filter((notice) => notice.kind === 'loopback')
    expect(loopback).toHaveLength(argv.filter((word) => word.startsWith('127.0.0.1')).length)
    expect(loopback.at(-1)!.text).toContain(`→ -p ${argv.at(-1)}`)
  })

  it('leaves -p 127.0.0.1:8080:80 as it is, without a notice', async () => {
    const result = await plan('docker run -p 127.0.0.1:8080:80 redis')
    expect(result.argv.slice(11)).toEqual(['-p', '127.0.0.1:8080:80', 'redis'])
    expect(kinds(result.notices)).toEqual(['label', 'limits'])
  })

  // The one grammar is [127.0.0.1:]HOST:CONTAINER[/tcp|udp]; docker's other
  // forms (a random host port, another address, ranges, key=value) are refused.
  it.each([
    '1:2:3:4', '80', '80/tcp', ':80', '0.0.0.0:8080:80', '[::]:8080:80', '192.168.1.10:8080:80', 'localhost:8080:80',
    '8000-8010:8000-8010', '8080:80/sctp', '0:80', '8080:65536', 'published=8080,target=80', 'mode=host,target=80,published=8080',
    '127.0.0.1::80', '',
  ])('refuses -p %j, which is not HOST:CONTAINER', async (value) => {
    const result = await refusal(`docker run -p '${value}' redis`)
    expect(result).toMatchObject({ code: 'invalid-value', subject: `-p ${value}` })
    expect(result.message).toContain('HOSTPORT:CONTAINERPORT')
  })

  it.each(['-p 80:80', '-p 127.0.0.1:443:443', '-p 3030:80', '-p 4123:4123', '--publish=1023:80'])('refuses docker run %s: a port below 1024 or one of the deck\'s own', async (words) => {
    expect(await refusal(`docker run ${words} redis`)).toMatchObject({ code: 'port' })
  })

  it('publishes on the lecturer\'s range and refuses outside it, with the config named', async () => {
    const config = async () => ({ images: [], hostPorts: { from: 8000, to: 8999 } })
    expect((await planCommand('docker run -p 8080:80 redis', 'run-1', fakeEngine(), { config })).argv).toContain('127.0.0.1:8080:80')
    const refused = await refusalOf(planCommand('docker run -p 9000:80 redis', 'run-1', fakeEngine(), { config }))
    expect(refused).toMatchObject({ code: 'port' })
    expect(refused.message).toContain('"hostPorts" in docker-live-deck.config.json')
  })

  it('refuses the ports the runner says are the deck\'s, wherever they are', async () => {
    expect(await refusalOf(planCommand('docker run -p 5555:80 redis', 'run-1', fakeEngine(), { reservedPorts: [5555] }))).toMatchObject({ code: 'port' })
  })

  it.each(['-P', '--publish-all', '-dP', '-itP'])('refuses %s', async (words) => {
    expect(await refusal(`docker run ${words} redis`)).toMatchObject({ code: 'denied-flag', subject: '--publish-all' })
  })
})

describe('command substitution', () => {
  it.each(titled([
    { line: 'docker rm $(docker ps -a -q)', argv: ['rm'], at: 1, inner: ['ps', '-a', '-q', '--filter', OWNED_FILTER, '--no-trunc'] },
    { line: 'docker rm `docker ps -a -q`', argv: ['rm'], at: 1, inner: ['ps', '-a', '-q', '--filter', OWNED_FILTER, '--no-trunc'] },
    { line: 'docker rm -f $(docker ps -aq)', argv: ['rm', '-f'], at: 2, inner: ['ps', '-aq', '--filter', OWNED_FILTER, '--no-trunc'] },
    { line: 'docker container rm $(docker container ls -a -q)', argv: ['container', 'rm'], at: 2, inner: ['container', 'ls', '-a', '-q', '--filter', OWNED_FILTER, '--no-trunc'] },
    { line: 'docker stop $(docker ps -q)', argv: ['stop'], at: 1, inner: ['ps', '-q', '--filter', OWNED_FILTER, '--no-trunc'] },
    { line: 'docker kill $(docker ps --quiet --no-trunc)', argv: ['kill'], at: 1, inner: ['ps', '--quiet', '--no-trunc', '--filter', OWNED_FILTER, '--no-trunc'] },
    { line: 'docker rmi $(docker images -q)', argv: ['rmi'], at: 1, inner: ['images', '-q', '--filter', OWNED_FILTER, '--no-trunc'] },
    { line: 'docker rmi -f `docker image ls -q`', argv: ['rmi', '-f'], at: 2, inner: ['image', 'ls', '-q', '--filter', OWNED_FILTER, '--no-trunc'] },
  ], (c) => c.line))('scopes the listing in %s to the deck\'s label', async (_, { line, argv, at, inner }) => {
    const result = await plan(line)
    expect(result.argv).toEqual(argv)
    expect(result.substitution).toEqual({ argv: inner, at })
    expect(kinds(result.notices)).toEqual(['scoped'])
    expect(result.notices[0]!.text).toContain(`--filter ${OWNED_FILTER}`)
    expect(result.resolvedLine).toBe(`docker ${argv.slice(0, at).join(' ')} $(docker ${inner.join(' ')})`)
  })

  // The slot is a position in argv, not a marker word: the listed IDs go in
  // before the word at `at`, and words typed after $(…) stay after them.
  it('keeps the $(…) position among other positionals and options', async () => {
    const result = await plan(`docker stop $(docker ps -q) ${DECK.redisRunning.name} --time 1`)
    expect(result.argv).toEqual(['stop', '--time', '1', DECK.redisRunning.id])
    expect(result.substitution).toEqual({ argv: ['ps', '-q', '--filter', OWNED_FILTER, '--no-trunc'], at: 3 })
    expect(result.resolvedLine).toBe(`docker stop --time 1 $(docker ps -q --filter ${OWNED_FILTER} --no-trunc) ${DECK.redisRunning.id.slice(0, 12)}`)
  })

  it('refuses $(…) as the value of an option', async () => {
    const result = await refusal('docker stop -t $(docker ps -q)')
    expect(result.code).toBe('substitution')
    expect(result.message).toContain('not as the value of an option')
  })

  it.each(titled([
    { line: 'docker rm $(docker ps -a)', subject: 'docker ps -a' },
    { line: 'docker rm $(docker ps -a -q --format x)', subject: 'docker ps -a -q --format x' },
    { line: 'docker rm $(docker ps -a -q web)', subject: 'docker ps -a -q web' },
    { line: 'docker rm $(docker images -q)', subject: 'docker images -q' },
    { line: 'docker rmi $(docker ps -a -q)', subject: 'docker ps -a -q' },
    { line: 'docker rm $(docker rm -f web)', subject: 'docker rm -f web' },
    { line: 'docker rm $(docker logs -q web)', subject: 'docker logs -q web' },
    { line: 'docker rm $(docker run -q alpine)', subject: 'docker run -q alpine' },
  ], (c) => c.line))('refuses an inner command that is not a listing with -q: %s', async (_, { line, subject }) => {
    expect(await refusal(line)).toMatchObject({ code: 'substitution', subject })
  })

  it.each(['ps', 'run alpine echo', 'exec deck-redis echo', 'logs', 'create'])('refuses $(…) as arguments of docker %s', async (command) => {
    const result = await refusal(`docker ${command} $(docker ps -q)`)
    expect(result.code).toBe('substitution')
    expect(result.message).toContain(`not of docker ${command.split(' ')[0]}`)
  })

  it('still checks the containers named next to $(…)', async () => {
    expect(await refusal(`docker rm $(docker ps -a -q) ${FOREIGN_CONTAINER}`)).toMatchObject({ code: 'not-deck-object', subject: FOREIGN_CONTAINER })
  })
})

describe('prune', () => {
  const scope = ['--force', '--filter', OWNED_FILTER]
  it.each(titled([
    { line: 'docker system prune', parts: [['container', 'prune', ...scope], ['image', 'prune', ...scope], ['network', 'prune', ...scope]] },
    { line: 'docker container prune', parts: [['container', 'prune', ...scope]] },
    { line: 'docker image prune', parts: [['image', 'prune', ...scope]] },
    { line: 'docker image prune -a', parts: [['image', 'prune', ...scope, '--all']] },
    { line: 'docker system prune -a', parts: [['container', 'prune', ...scope], ['image', 'prune', ...scope, '--all'], ['network', 'prune', ...scope]] },
  ], (c) => c.line))('runs %s as its parts, each scoped to the deck\'s label, and answers the prompt', async (_, { line, parts }) => {
    const result = await plan(line)
    expect([result.argv, ...(result.then ?? [])]).toEqual(parts)
    expect(kinds(result.notices)).toEqual(['scoped', 'confirm'])
    expect(result.notices[0]!.text).toContain(OWNED_FILTER)
    expect(result.notices[0]!.text).toContain('build cache and volumes are left alone')
    expect(result.notices[1]!.text).toContain('--force added')
    expect(result.resolvedLine).toBe(parts.map((part) => `docker ${part.join(' ')}`).join('; '))
  })

  it.each(['-f', '--force'])('says nothing about --force for `docker system prune %s`', async (force) => {
    const result = await plan(`docker system prune ${force}`)
    expect(result.argv).toEqual(['container', 'prune', ...scope])
    expect(kinds(result.notices)).toEqual(['scoped'])
  })

  it('never prunes volumes or build cache, and says so for --volumes', async () => {
    const result = await plan('docker system prune -a --volumes')
    const all = [result.argv, ...(result.then ?? [])]
    expect(all.flat()).not.toContain('--volumes')
    expect(all.map((part) => part.slice(0, 2).join(' '))).toEqual(['container prune', 'image prune', 'network prune'])
    expect(result.notices.map((notice) => notice.text).join('\n')).toContain('--volumes is not run')
  })
})

describe('commands on existing containers and images', () => {
  it.each(titled([
    'docker rm lecturer-db',
    'docker rm -f lecturer-db',
    'docker container rm lecturer-db',
    `docker rm ${DECK.alpineExited.name} lecturer-db`,
    'docker stop lecturer-db',
    'docker stop -t 0 lecturer-db',
    'docker kill lecturer-db',
    'docker kill -s KILL lecturer-db',
    'docker start lecturer-db',
    'docker start -ai lecturer-db',
    'docker restart lecturer-db',
    'docker pause lecturer-db',
    'docker unpause lecturer-db',
    'docker exec lecturer-db ls',
    'docker exec -it lecturer-db sh',
    'docker container exec lecturer-db ls',
  ], (line) => line))('refuses %s because the container is not the deck\'s', async (_, line) => {
    const result = await refusal(line)
    expect(result).toMatchObject({ code: 'not-deck-object', subject: FOREIGN_CONTAINER })
    expect(result.message).toContain('is not a container this deck created')
  })

  it.each(['docker rmi redis', 'docker rmi -f alpine', 'docker image rm redis', 'docker image remove alpine', 'docker rmi deck-hello redis'])('refuses %s because the image is not the deck\'s', async (line) => {
    const result = await refusal(line)
    expect(result.code).toBe('not-deck-object')
    expect(['redis', 'alpine']).toContain(result.subject)
    expect(result.message).toContain(`docker rmi ${result.subject} is refused`)
  })

  it.each(titled([
    { line: 'docker ps -a', argv: ['ps', '-a'] },
    { line: 'docker container ls --all', argv: ['container', 'ls', '--all'] },
    { line: 'docker image ls', argv: ['image', 'ls'] },
    { line: 'docker images -q', argv: ['images', '-q'] },
    { line: 'docker pull redis:7', argv: ['pull', 'redis:7'] },
    { line: 'docker pull alpine', argv: ['pull', 'alpine'] },
    { line: 'docker image pull docker.io/library/hello-world:latest', argv: ['image', 'pull', 'docker.io/library/hello-world:latest'] },
    { line: "docker version --format '{{.Server.Version}}'", argv: ['version', '--format', '{{.Server.Version}}'] },
  ], (c) => c.line))('runs %s as typed', async (_, { line, argv }) => {
    const result = await plan(line)
    expect(result.argv).toEqual(argv)
    expect(result.notices).toEqual([])
    expect(result.resolvedLine).toBe(line)
  })
})

describe('ownership by ID', () => {
  const short = (id: string) => id.slice(0, 12)
  const { alpineExited: alpine, redisRunning: redis } = DECK
  const pin = (c: { name: string; id: string }) => `${c.name} → ${short(c.id)}: pinned to the deck's object by ID.`

  it.each(titled([
    { line: `docker rm ${alpine.name}`, argv: ['rm', alpine.id], shown: `docker rm ${short(alpine.id)}`, named: [pin(alpine)] },
    { line: `docker stop -t 5 ${redis.name}`, argv: ['stop', '-t', '5', redis.id], shown: `docker stop -t 5 ${short(redis.id)}`, named: [pin(redis)] },
    { line: `docker kill ${short(redis.id)}`, argv: ['kill', redis.id], shown: `docker kill ${short(redis.id)}`, named: [] },
    { line: `docker kill ${redis.id}`, argv: ['kill', redis.id], shown: `docker kill ${short(redis.id)}`, named: [] },
    { line: `docker pause ${redis.id.slice(0, 5)}`, argv: ['pause', redis.id], shown: `docker pause ${short(redis.id)}`, named: [] },
    { line: `docker exec ${redis.name} redis-cli ping`, argv: ['exec', redis.id, 'redis-cli', 'ping'], shown: `docker exec ${short(redis.id)} redis-cli ping`, named: [pin(redis)] },
    { line: `docker container start -a ${alpine.name}`, argv: ['container', 'start', '-a', alpine.id], shown: `docker container start -a ${short(alpine.id)}`, named: [pin(alpine)] },
    { line: `docker inspect ${alpine.name} ${short(redis.id)}`, argv: ['inspect', alpine.id, redis.id], shown: `docker inspect ${short(alpine.id)} ${short(redis.id)}`, named: [pin(alpine)] },
    { line: `docker logs -f ${redis.name}`, argv: ['logs', '-f', redis.id], shown: `docker logs -f ${short(redis.id)}`, named: [pin(redis)] },
    { line: `docker top ${redis.name} -o pid`, argv: ['top', redis.id, '-o', 'pid'], shown: `docker top ${short(redis.id)} -o pid`, named: [pin(redis)] },
    { line: `docker port ${redis.name} 6379/tcp`, argv: ['port', redis.id, '6379/tcp'], shown: `docker port ${short(redis.id)} 6379/tcp`, named: [pin(redis)] },
    { line: `docker wait ${alpine.name}`, argv: ['wait', alpine.id], shown: `docker wait ${short(alpine.id)}`, named: [pin(alpine)] },
    { line: `docker container diff ${alpine.name}`, argv: ['container', 'diff', alpine.id], shown: `docker container diff ${short(alpine.id)}`, named: [pin(alpine)] },
    { line: `docker stats --no-stream ${redis.name}`, argv: ['stats', '--no-stream', redis.id], shown: `docker stats --no-stream ${short(redis.id)}`, named: [pin(redis)] },
    { line: `docker run --network container:${redis.name} alpine`, argv: [`--network`, `container:${redis.id}`, 'alpine'], shown: `--network container:${short(redis.id)} alpine`, named: [`container:${redis.name} → container:${short(redis.id)}: pinned to the deck's object by ID.`] },
  ], (c) => c.line))('runs %s on the deck container\'s full ID', async (_, { line, argv, shown, named }) => {
    const result = await plan(line)
    expect(result.argv.slice(-argv.length)).toEqual(argv)
    expect(result.resolvedLine.endsWith(shown)).toBe(true)
    const resolved = result.notices.filter((notice) => notice.kind === 'resolved').map((notice) => notice.text)
    expect(resolved).toEqual(named)
  })

  it('pins an image to its full ID for rmi', async () => {
    const result = await plan('docker rmi deck-hello')
    expect(result.argv).toEqual(['rmi', IMAGES['deck-hello']!.full])
    expect(result.resolvedLine).toBe(`docker rmi ${IMAGES['deck-hello']!.id}`)
    expect(result.notices).toEqual([{ kind: 'resolved', text: `deck-hello → ${IMAGES['deck-hello']!.id}: pinned to the deck's object by ID.` }])
  })

  it('runs docker image inspect only on the deck\'s images', async () => {
    expect((await plan('docker image inspect deck-hello')).argv).toEqual(['image', 'inspect', IMAGES['deck-hello']!.full])
    expect(await refusal('docker image inspect alpine')).toMatchObject({ code: 'not-deck-object', subject: 'alpine' })
  })

  it('hands the full IDs to start -a, so a cancel stops exactly those', async () => {
    expect((await plan(`docker start -a ${alpine.name} ${short(redis.id)}`)).attachesTo).toEqual([alpine.id, redis.id])
  })

  it('refuses an ID prefix or name that is not the deck\'s', async () => {
    for (const ref of ['0123456789ab', 'ffff', FOREIGN_CONTAINER, 'deck-alpine2']) {
      expect(await refusal(`docker stop ${ref}`)).toMatchObject({ code: 'not-deck-object', subject: ref })
    }
  })
})

describe('reads are scoped to the deck', () => {
  it.each(titled([
    'docker inspect lecturer-db',
    `docker inspect ${DECK.alpineExited.name} lecturer-db`,
    'docker container inspect lecturer-db',
    'docker logs lecturer-db',
    'docker logs -f --tail 5 lecturer-db',
    'docker container logs lecturer-db',
    'docker top lecturer-db',
    'docker port lecturer-db',
    'docker wait lecturer-db',
    'docker diff lecturer-db',
    'docker container diff lecturer-db',
    'docker stats lecturer-db',
    'docker container stats --no-stream lecturer-db',
  ], (line) => line))('refuses %s because the container is not the deck\'s', async (_, line) => {
    const result = await refusal(line)
    expect(result).toMatchObject({ code: 'not-deck-object', subject: FOREIGN_CONTAINER })
    expect(result.message).toContain('is not a container this deck created, and the runner shows only its own')
  })

  it.each(['docker stats', 'docker stats --no-stream', `docker stats -a ${DECK.redisRunning.name}`])('refuses %s, which would show every container', async (line) => {
    const result = await refusal(line)
    expect(result).toMatchObject({ code: 'not-deck-object', subject: 'stats' })
    expect(result.message).toContain('yours included')
  })

  it.each(['image', 'volume', 'network'])('refuses docker inspect --type %s', async (type) => {
    expect(await refusal(`docker inspect --type ${type} ${DECK.alpineExited.name}`)).toMatchObject({ code: 'denied-flag', subject: '--type' })
  })

  it('allows docker inspect --type container on a deck container', async () => {
    expect((await plan(`docker inspect --type container ${DECK.alpineExited.name}`)).argv).toEqual(['inspect', '--type', 'container', DECK.alpineExited.id])
  })

  it('leaves docker ps and docker images as they are', async () => {
    expect((await plan('docker ps -a')).argv).toEqual(['ps', '-a'])
    expect((await plan('docker images')).argv).toEqual(['images'])
  })
})

describe('placeholders', () => {
  const short = (container: { id: string }) => container.id.slice(0, 12)

  it.each(titled([
    { line: 'docker exec -it <id> sh', container: DECK.redisRunning, prefer: 'running', argv: ['exec', '-it', short(DECK.redisRunning), 'sh'] },
    { line: 'docker stop <id>', container: DECK.redisRunning, prefer: 'running', argv: ['stop', short(DECK.redisRunning)] },
    { line: 'docker kill <id>', container: DECK.redisRunning, prefer: 'running', argv: ['kill', short(DECK.redisRunning)] },
    { line: 'docker start <id>', container: DECK.alpineExited, prefer: 'stopped', argv: ['start', short(DECK.alpineExited)] },
    { line: 'docker rm <id>', container: DECK.alpineExited, prefer: 'any', argv: ['rm', short(DECK.alpineExited)] },
    { line: 'docker logs <id>', container: DECK.alpineExited, prefer: 'any', argv: ['logs', short(DECK.alpineExited)] },
    { line: 'docker exec -it <id:redis> redis-cli', container: DECK.redisRunning, prefer: 'running', argv: ['exec', '-it', short(DECK.redisRunning), 'redis-cli'] },
    { line: 'docker start <id:redis>', container: DECK.redisExited, prefer: 'stopped', argv: ['start', short(DECK.redisExited)] },
    { line: 'docker exec <id:alpine> ps', container: DECK.alpineRunning, prefer: 'running', argv: ['exec', short(DECK.alpineRunning), 'ps'] },
    { line: 'docker stop "<id:alpine>"', container: DECK.alpineRunning, prefer: 'running', argv: ['stop', short(DECK.alpineRunning)] },
  ], (c) => c.line))('resolves %s through the engine view', async (_, { line, container, prefer, argv }) => {
    const engine = fakeEngine()
    const result = await plan(line, engine)
    // The full ID runs; the resolved line shows the short one.
    expect(result.argv).toEqual(argv.map((word) => (word === short(container) ? container.id : word)))
    const image = /<id:(\w+)>/.exec(line)?.[1]
    expect(engine.queries).toEqual([{ prefer, ...(image ? { image } : {}) }])
    expect(result.notices[0]).toEqual({ kind: 'resolved', text: `${/<[^>]+>/.exec(line)![0]} → ${short(container)} (${container.name}, ${container.image}, ${container.state})` })
    expect(result.notices).toHaveLength(1)
    expect(result.resolvedLine).toBe(`docker ${argv.join(' ')}`)
  })

  it('falls back to a stopped container for exec when none is running', async () => {
    const result = await plan('docker exec <id:redis> ls', fakeEngine([DECK.redisExited, DECK.alpineRunning]))
    expect(result.argv).toEqual(['exec', DECK.redisExited.id, 'ls'])
  })

  it.each(titled([
    { line: 'docker exec -it <id:nginx> sh', engine: fakeEngine(), subject: '<id:nginx>' },
    { line: 'docker stop <id>', engine: fakeEngine([]), subject: '<id>' },
    { line: 'docker rmi <image-id:nginx>', engine: fakeEngine(), subject: '<image-id:nginx>' },
    { line: 'docker rmi <image-id>', engine: fakeEngine(), subject: '<image-id>' },
  ], (c) => c.line))('refuses %s when nothing matches', async (_, { line, engine, subject }) => {
    const result = await refusal(line, engine)
    expect(result).toMatchObject({ code: 'placeholder', subject })
    expect(result.message).toContain(subject)
  })

  it('resolves <image-id:deck-hello> and lets rmi remove the deck\'s image', async () => {
    const result = await plan('docker rmi <image-id:deck-hello>')
    expect(result.argv).toEqual(['rmi', IMAGES['deck-hello']!.full])
    expect(result.resolvedLine).toBe(`docker rmi ${IMAGES['deck-hello']!.id}`)
    expect(result.notices).toEqual([{ kind: 'resolved', text: `<image-id:deck-hello> → ${IMAGES['deck-hello']!.id} (deck-hello)` }])
  })

  it('refuses rmi of a resolved image that is not the deck\'s', async () => {
    expect(await refusal('docker rmi <image-id:redis>')).toMatchObject({ code: 'not-deck-object', subject: IMAGES.redis!.id })
  })

  it('refuses a placeholder glued to other text', async () => {
    expect(await refusal('docker logs web<id>')).toMatchObject({ code: 'shell-syntax' })
  })
})

describe('terminals', () => {
  it.each(titled([
    { line: 'docker run -it alpine sh', tty: true },
    { line: 'docker run -ti alpine sh', tty: true },
    { line: 'docker run -t alpine sh', tty: true },
    { line: 'docker run --tty alpine sh', tty: true },
    { line: 'docker run --rm -it --name shell alpine sh', tty: true },
    { line: 'docker run -i alpine sh', tty: false },
    { line: 'docker run --interactive alpine sh', tty: false },
    { line: 'docker run -d redis', tty: false },
    { line: 'docker run --tty=false alpine sh', tty: false },
    { line: 'docker run alpine sh -t', tty: false },
    { line: 'docker create -t alpine sh', tty: false },
    { line: 'docker create -it alpine sh', tty: false },
    { line: `docker exec -it ${DECK.redisRunning.name} redis-cli`, tty: true },
    { line: `docker exec -t ${DECK.redisRunning.name} sh`, tty: true },
    { line: `docker exec -i ${DECK.redisRunning.name} sh`, tty: false },
    { line: `docker exec ${DECK.redisRunning.name} ls -t`, tty: false },
    { line: `docker start -ai ${DECK.alpineExited.name}`, tty: true },
    { line: `docker start -i ${DECK.alpineExited.name}`, tty: true },
    { line: `docker start -a ${DECK.alpineExited.name}`, tty: false },
    { line: `docker start ${DECK.alpineExited.name}`, tty: false },
  ], (c) => `${c.line} ${c.tty ? 'runs in a terminal' : 'runs without a terminal'}`))('%s', async (_, { line, tty }) => {
    expect((await plan(line)).tty).toBe(tty)
  })

  it.each(titled([
    { line: 'docker run -i alpine sh', stdin: true },
    { line: 'docker run --interactive alpine sh', stdin: true },
    { line: 'docker run -it alpine sh', stdin: true },
    { line: 'docker run -t alpine sh', stdin: false },
    { line: 'docker run -di redis', stdin: false },
    { line: 'docker run alpine sh -i', stdin: false },
    { line: 'docker create -i alpine sh', stdin: false },
    { line: `docker exec -i ${DECK.redisRunning.name} redis-cli`, stdin: true },
    { line: `docker exec -it ${DECK.redisRunning.name} redis-cli`, stdin: true },
    { line: `docker exec -t ${DECK.redisRunning.name} sh`, stdin: false },
    { line: `docker exec -d -i ${DECK.redisRunning.name} sh`, stdin: false },
    { line: `docker exec ${DECK.redisRunning.name} redis-cli`, stdin: false },
    { line: `docker start -ai ${DECK.alpineExited.name}`, stdin: true },
    { line: `docker start -a ${DECK.alpineExited.name}`, stdin: false },
  ], (c) => `${c.line} ${c.stdin ? 'passes input on' : 'passes no input on'}`))('%s', async (_, { line, stdin }) => {
    expect((await plan(line)).stdin).toBe(stdin)
  })

  it.each(titled([
    { line: `docker start -ai ${DECK.alpineExited.name}`, attaches: [DECK.alpineExited.id] },
    { line: `docker start -a ${DECK.alpineExited.name} ${DECK.redisExited.name}`, attaches: [DECK.alpineExited.id, DECK.redisExited.id] },
    { line: `docker start -a=false ${DECK.alpineExited.name}`, attaches: [] },
    { line: `docker start ${DECK.alpineExited.name}`, attaches: [] },
    { line: 'docker start -a $(docker ps -a -q)', attaches: [] },
  ], (c) => c.line))('records which containers %s attaches to', async (_, { line, attaches }) => {
    expect((await plan(line)).attachesTo).toEqual(attaches)
  })
})

describe('global options', () => {
  it.each(titled([
    { line: 'docker -H tcp://10.0.0.5:2375 ps', subject: '-H', why: 'another Docker daemon' },
    { line: 'docker -H=unix:///var/run/other.sock ps', subject: '-H', why: 'another Docker daemon' },
    { line: 'docker --host tcp://evil.example:2375 ps', subject: '--host', why: 'another Docker daemon' },
    { line: 'docker --host=ssh://me@server ps', subject: '--host', why: 'another Docker daemon' },
    { line: 'docker -c remote ps', subject: '-c', why: 'another Docker context' },
    { line: 'docker --context remote ps', subject: '--context', why: 'another Docker context' },
    { line: 'docker --context=remote ps', subject: '--context', why: 'another Docker context' },
    { line: 'docker --config /tmp/cfg ps', subject: '--config', why: 'configuration from another directory' },
    { line: 'docker --tls ps', subject: '--tls', why: 'how the CLI reaches a daemon' },
    { line: 'docker --tlsverify ps', subject: '--tlsverify', why: 'how the CLI reaches a daemon' },
    { line: 'docker --tlscacert=/tmp/ca.pem ps', subject: '--tlscacert', why: 'how the CLI reaches a daemon' },
    { line: 'docker --tlscert /tmp/cert.pem ps', subject: '--tlscert', why: 'how the CLI reaches a daemon' },
    { line: 'docker --tlskey /tmp/key.pem ps', subject: '--tlskey', why: 'how the CLI reaches a daemon' },
    { line: 'docker --debug ps', subject: '--debug', why: 'not supported' },
    { line: 'docker -l debug ps', subject: '-l', why: 'not supported' },
  ], (c) => c.line))('refuses %s', async (_, { line, subject, why }) => {
    const result = await refusal(line)
    expect(result).toMatchObject({ code: 'global-option', subject })
    expect(result.message).toContain(`The global option ${subject} is refused`)
    expect(result.message).toContain(why)
  })
})

describe('subcommands', () => {
  it.each(titled([
    { line: 'docker build .', subject: 'build .' },
    { line: 'docker cp web:/etc/passwd .', subject: 'cp web:/etc/passwd' },
    { line: 'docker attach web', subject: 'attach web' },
    { line: 'docker commit web img', subject: 'commit web' },
    { line: 'docker save alpine', subject: 'save alpine' },
    { line: 'docker login', subject: 'login' },
    { line: 'docker network create n', subject: 'network create' },
    { line: 'docker volume rm data', subject: 'volume rm' },
    { line: 'docker compose up', subject: 'compose up' },
    { line: 'docker plugin install x', subject: 'plugin install' },
    { line: 'docker swarm init', subject: 'swarm init' },
    { line: 'docker update --memory 2g web', subject: 'update --memory' },
    { line: 'docker runn alpine', subject: 'runn alpine' },
    { line: 'docker rum alpine', subject: 'rum alpine' },
    { line: 'docker Run alpine', subject: 'Run alpine' },
    { line: 'docker container cp web:/x .', subject: 'container cp' },
    { line: 'docker container attach web', subject: 'container attach' },
    { line: 'docker container update web', subject: 'container update' },
    { line: 'docker image build .', subject: 'image build' },
    { line: 'docker image load', subject: 'image load' },
    { line: 'docker system events', subject: 'system events' },
    { line: 'docker builder prune', subject: 'builder prune' },
    { line: 'docker "system prune"', subject: 'system prune' },
    { line: 'docker container "system prune"', subject: 'container system prune' },
    { line: 'docker', subject: '(nothing)' },
    // Names on Object.prototype: subcommands are looked up as own entries only.
    { line: 'docker constructor', subject: 'constructor' },
    { line: 'docker __proto__', subject: '__proto__' },
    { line: 'docker toString', subject: 'toString' },
    { line: 'docker hasOwnProperty', subject: 'hasOwnProperty' },
    { line: 'docker valueOf x', subject: 'valueOf x' },
    { line: 'docker __defineGetter__', subject: '__defineGetter__' },
    { line: 'docker container constructor', subject: 'container constructor' },
    { line: 'docker container __proto__ x', subject: 'container __proto__' },
    { line: 'docker image toString', subject: 'image toString' },
    { line: 'docker system hasOwnProperty', subject: 'system hasOwnProperty' },
    { line: 'docker container diff2 x', subject: 'container diff2' },
    { line: 'docker container version', subject: 'container version' },
    { line: 'docker container pull alpine', subject: 'container pull' },
  ], (c) => c.line))('refuses %s', async (_, { line, subject }) => {
    const result = await refusal(line)
    expect(result).toMatchObject({ code: 'subcommand', subject })
    expect(result.message).toContain('is not one of the commands this deck runs')
  })
})

describe('options', () => {
  it.each(titled([
    { line: 'docker run --foo alpine', code: 'unknown-option', subject: '--foo' },
    { line: 'docker run -x alpine', code: 'unknown-option', subject: '-x' },
    { line: 'docker run -itz alpine', code: 'unknown-option', subject: '-z' },
    { line: 'docker run --privilege alpine', code: 'unknown-option', subject: '--privilege' },
    { line: 'docker ps -z', code: 'unknown-option', subject: '-z' },
    { line: 'docker ps --all=true --nope', code: 'unknown-option', subject: '--nope' },
    { line: `docker rm --all ${DECK.alpineExited.name}`, code: 'unknown-option', subject: '--all' },
    { line: `docker exec -v /:/h ${DECK.redisRunning.name} sh`, code: 'unknown-option', subject: '-v' },
    { line: 'docker rm $(docker ps -a -q --nope)', code: 'unknown-option', subject: '--nope' },
    { line: 'docker run --name', code: 'missing-value', subject: '--name' },
    { line: 'docker run -v', code: 'missing-value', subject: '-v' },
    { line: 'docker ps --filter', code: 'missing-value', subject: '--filter' },
    // Option names on Object.prototype are unknown options, not lookups that find something.
    { line: 'docker run --constructor alpine', code: 'unknown-option', subject: '--constructor' },
    { line: 'docker run --__proto__=x alpine', code: 'unknown-option', subject: '--__proto__' },
    { line: 'docker ps --toString', code: 'unknown-option', subject: '--toString' },
    { line: `docker exec --hasOwnProperty ${DECK.redisRunning.name} sh`, code: 'unknown-option', subject: '--hasOwnProperty' },
  ], (c) => c.line))('refuses %s', async (_, { line, code, subject }) => {
    const result = await refusal(line)
    expect(result).toMatchObject({ code, subject })
    expect(result.message).toContain(subject)
  })
})

describe('shellWord', () => {
  it.each([
    ['alpine', 'alpine'],
    ['label=docker-live-deck.owned=true', 'label=docker-live-deck.owned=true'],
    ['a b', "'a b'"],
    ['$HOME', "'$HOME'"],
    ["it's", "'it'\\''s'"],
    ['', "''"],
  ])('writes %j as %s', (word, shown) => {
    expect(shellWord(word)).toBe(shown)
  })
})

describe('the chapter\'s own commands', () => {
  // A deck with one container of each kind the slides name, and the demo image.
  const hex = (digit: string) => digit.repeat(64)
  const demo = { id: '5d5d5d5d5d5d', full: '5d5d5d5d5d5d'.padEnd(64, '5') }
  const chapterEngine = () => {
    const engine = fakeEngine([
      { id: hex('1'), name: 'my-ping', image: 'alpine', state: 'running', createdAt: 500 },
      { id: hex('2'), name: 'eager_hello', image: 'hello-world', state: 'exited', exitCode: 0, createdAt: 400 },
      { id: hex('3'), name: 'busy_redis', image: 'redis', state: 'running', createdAt: 300 },
      { id: hex('4'), name: 'calm_alpine', image: 'alpine', state: 'running', createdAt: 200 },
      // The demos the lifecycle slides name, so a stop or kill reaches only its own container.
      { id: hex('5'), name: 'stop-demo', image: 'alpine', state: 'running', createdAt: 150 },
      { id: hex('6'), name: 'kill-demo', image: 'alpine', state: 'running', createdAt: 140 },
      { id: hex('7'), name: 'init-demo', image: 'alpine', state: 'running', createdAt: 130 },
      { id: hex('8'), name: 'stop-redis', image: 'redis', state: 'running', createdAt: 120 },
    ])
    return {
      ...engine,
      imageId: async (ref: string) => (ref === 'docker-live-deck/rmi-demo' ? demo.id : engine.imageId(ref)),
      resolveDeckImage: async (ref: string) => (demo.full.startsWith(ref) ? demo.full : engine.resolveDeckImage(ref)),
    }
  }
  it('plans every docker line on the slides', async () => {
    const lines = deckBlocks().map((block) => block.line).filter((line) => line.startsWith('docker '))
    expect(lines.length).toBeGreaterThan(20)
    for (const line of lines) {
      const outcome = await planCommand(line, 'run-7', chapterEngine()).then(() => 'planned', (error: { code?: string }) => `refused (${error.code})`)
      expect(outcome, line).toBe('planned')
    }
  })

  it('passes the chapter\'s quoted mistake through unchanged, so docker answers "No such container" itself: no container can have that name', async () => {
    const plan = await planCommand("docker rm 'docker ps -a -q'", 'run-7', chapterEngine())
    expect(plan.argv).toEqual(['rm', 'docker ps -a -q'])
    expect(plan.resolvedLine).toBe("docker rm 'docker ps -a -q'")
  })

  it.each(['my-ping', 'lecturer-db', 'a1b2c3'])('still refuses %s, a word that could name a container, unless it is the deck\'s', async (ref) => {
    const outcome = await planCommand(`docker rm ${ref}`, 'run-7', chapterEngine()).then(() => 'planned', (error: { code?: string }) => error.code)
    expect(outcome).toBe(ref.includes('my-ping') ? 'planned' : 'not-deck-object')
  })
})

describe('the cap on the deck\'s containers alive at once', () => {
  const alive = (count: number) => Array.from({ length: count }, (_, i) => ({
    id: i.toString(16).padStart(64, '0'), name: `ping_${i}`, image: 'alpine', state: 'running' as const, createdAt: i,
  }))

  it('refuses the 13th docker run -d with the count and the reset hint, and plans the 12th', async () => {
    await expect(planCommand('docker run -d alpine ping localhost', 'run-cap', fakeEngine(alive(11)))).resolves.toMatchObject({ subcommand: 'run' })
    const refusal = await refusalOf(planCommand('docker run -d alpine ping localhost', 'run-cap', fakeEngine(alive(12))))
    expect(refusal).toMatchObject({ code: 'too-many', subject: '12' })
    expect(refusal.message).toMatch(/12 containers alive or starting already \(the limit is 12\).*reset/)
  })

  it('counts created and paused containers too, but not exited ones', async () => {
    const mixed = alive(12).map((c, i) => ({ ...c, state: (['created', 'paused', 'exited'] as const)[i % 3]! }))
    await expect(planCommand('docker create hello-world', 'run-cap', fakeEngine(mixed))).resolves.toMatchObject({ subcommand: 'create' })
    const full = alive(12).map((c, i) => ({ ...c, state: (['created', 'paused', 'running'] as const)[i % 3]! }))
    expect(await refusalOf(planCommand('docker create hello-world', 'run-cap', fakeEngine(full)))).toMatchObject({ code: 'too-many' })
  })
})
