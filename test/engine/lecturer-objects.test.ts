// Threat-model rows 24–29 against a real runner on a real engine, with the
// lecturer's own objects present: a volume, a network, a container holding a
// secret in its environment, an image, and build cache. Each test proves that
// nothing of the lecturer's was read, changed or joined: the refusal is
// checked, and so is the engine afterwards (the object is still there,
// unchanged, and no deck container reached it).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { OWNED_FILTER } from '../../lib/labels.ts'
import { MAX_ALIVE_CONTAINERS } from '../../runner/policy/create-step.ts'
import { client, later, runner } from '../support/cleanups.ts'
import { inspect } from '../support/engine-state.ts'
import { ranLine, refusedLine } from '../support/deck-lines.ts'
import { spawnSpy } from '../support/spawn-spy.ts'
import { DockerCli } from '../../runner/docker/docker-cli.ts'

const tag = randomBytes(3).toString('hex')
const LECTURER = {
  volume: `lecturer-data-${tag}`,
  network: `lecturer-net-${tag}`,
  container: `lecturer-db-${tag}`,
  image: `lecturer/app-${tag}:1`,
  secret: `s3cret-${randomBytes(8).toString('hex')}`,
}
const docker = (...args: string[]) => execa('docker', args)

beforeAll(async () => {
  await docker('volume', 'create', LECTURER.volume)
  await docker('network', 'create', LECTURER.network)
  await docker('run', '-d', '--name', LECTURER.container, '--network', LECTURER.network, '-v', `${LECTURER.volume}:/data`, '-e', `DB_PASSWORD=${LECTURER.secret}`, 'alpine', 'sh', '-c', 'echo keep > /data/file; sleep 3600')
  await docker('tag', 'alpine', LECTURER.image)
  // Build cache of the lecturer's: a one-step build whose cache a blanket prune would remove.
  const context = mkdtempSync(path.join(tmpdir(), 'lecturer-build-'))
  writeFileSync(path.join(context, 'Dockerfile'), `FROM alpine\nRUN echo ${tag} > /built\n`)
  await execa('docker', ['build', '-q', '-t', `lecturer/built-${tag}`, context], { env: { ...process.env, DOCKER_BUILDKIT: '0' } })
  rmSync(context, { recursive: true, force: true })
}, 120_000)

afterAll(async () => {
  await execa('docker', ['rm', '-f', LECTURER.container], { reject: false })
  await execa('docker', ['network', 'rm', LECTURER.network], { reject: false })
  await execa('docker', ['volume', 'rm', LECTURER.volume], { reject: false })
  await execa('docker', ['rmi', '-f', LECTURER.image, `lecturer/built-${tag}`], { reject: false })
})

/** What the engine says of the lecturer's objects; equal before and after means nothing was touched. */
async function lecturerState(): Promise<Record<string, string>> {
  const container = await inspect(LECTURER.container)
  return {
    container: `${container.Id} ${container.State.Status} ${container.State.StartedAt}`,
    networkMembers: Object.keys((await inspect(LECTURER.network)).Containers ?? {}).sort().join(','),
    volume: (await docker('volume', 'inspect', '-f', '{{.Name}}', LECTURER.volume)).stdout,
    volumeFile: (await docker('exec', LECTURER.container, 'cat', '/data/file')).stdout,
    image: (await docker('image', 'inspect', '-f', '{{.Id}}', LECTURER.image)).stdout,
  }
}

const refusal = refusedLine
const ran = ranLine

describe('24. the lecturer\'s own objects', () => {
  test('naming the lecturer\'s volume, network, container or image in any option or argument is refused, and none of them is touched', async () => {
    const before = await lecturerState()
    const target = await runner()
    const deck = await client(target)
    const lines = [
      `docker run --rm -v ${LECTURER.volume}:/d alpine cat /d/file`,
      `docker run --rm --mount type=volume,src=${LECTURER.volume},dst=/d alpine ls /d`,
      `docker run --rm --network ${LECTURER.network} alpine true`,
      `docker run --rm --network container:${LECTURER.container} alpine true`,
      `docker run --rm --volumes-from ${LECTURER.container} alpine ls /data`,
      `docker run --rm --link ${LECTURER.container}:db alpine env`,
      `docker stop ${LECTURER.container}`,
      `docker rm -f ${LECTURER.container}`,
      `docker exec ${LECTURER.container} cat /data/file`,
      `docker rmi ${LECTURER.image}`,
      `docker run --rm ${LECTURER.image} true`,
    ]
    for (const line of lines) {
      const refused = await refusal(deck, line)
      expect(['not-deck-object', 'denied-flag', 'image'], `${line}: ${refused.code}: ${refused.message}`).toContain(refused.code)
    }
    expect(await lecturerState()).toEqual(before)
  })

  test('a name swapped between plan and start reaches nothing of the lecturer\'s: docker receives the deck container\'s full ID', async () => {
    const spy = spawnSpy()
    later(() => spy.remove())
    const deck = await client(await runner({ cli: new DockerCli(spy.path) }))
    const name = `deck-swap-${tag}`
    const made = await ran(deck, `docker create --name ${name} alpine true`)
    const deckId = made.output.trim()
    expect(deckId).toMatch(/^[0-9a-f]{64}$/)
    // The lecturer's container's own ID prefix is refused outright.
    const lecturerId = (await inspect(LECTURER.container)).Id as string
    expect((await refusal(deck, `docker start ${lecturerId.slice(0, 12)}`)).code).toBe('not-deck-object')

    // The plan pins the name to the deck container's full ID: that ID, not the name, is what docker gets.
    expect(await deck.resolve(`docker stop ${name}`)).toMatchObject({ resolvedLine: `docker stop ${deckId.slice(0, 12)}` })
    spy.clear()
    await ran(deck, `docker stop ${name}`)
    expect(spy.calls().find((argv) => argv[0] === 'stop')).toEqual(['stop', deckId])

    // The name moves to a lecturer container: now it is refused, and the deck's by ID still works.
    await docker('rename', name, `${name}-old`)
    const lecturerCopy = (await docker('create', '--name', name, 'alpine', 'true')).stdout.trim()
    later(() => execa('docker', ['rm', '-f', lecturerCopy], { reject: false }))
    expect((await refusal(deck, `docker rm ${name}`)).code).toBe('not-deck-object')
    await ran(deck, `docker rm ${deckId.slice(0, 12)}`)
    expect((await docker('ps', '-a', '-q', '--no-trunc', '--filter', `name=^${name}$`)).stdout).toBe(lecturerCopy)
    expect((await docker('ps', '-a', '-q', '--filter', `id=${deckId}`)).stdout).toBe('')
  })
})

describe('25. loosening the limits', () => {
  test.each([
    'docker run --rm --cpu-quota -1 alpine true',
    'docker run --rm --memory-swap 64g alpine true',
    'docker run --rm --oom-score-adj -1000 alpine true',
    'docker run --rm --ulimit rtprio=99 alpine true',
    'docker run --rm --cpus 4 alpine true',
    'docker run --rm -m 2g alpine true',
    'docker run --rm --pids-limit -1 alpine true',
  ])('%s is refused', async (line) => {
    const deck = await client(await runner())
    expect(['denied-flag', 'limit']).toContain((await refusal(deck, line)).code)
  })

  test('a container made through the runner carries the limits, and asking for less keeps less', async () => {
    const deck = await client(await runner())
    const made = await ran(deck, 'docker create -m 256m alpine true')
    const host = (await inspect(made.output.trim())).HostConfig
    expect({ memory: host.Memory, pids: host.PidsLimit, cpus: host.NanoCpus }).toEqual({ memory: 256 * 1024 * 1024, pids: 256, cpus: 1e9 })
    await docker('rm', made.output.trim())
  })
})

describe('26. piling up containers', () => {
  test(`the ${MAX_ALIVE_CONTAINERS + 1}th deck container alive is refused with the count and the reset hint; removing one makes room`, async () => {
    const target = await runner()
    const deck = await client(target)
    const ids: string[] = []
    for (let i = 0; i < MAX_ALIVE_CONTAINERS; i++) {
      const made = await ran(deck, 'docker run -d alpine sleep 600')
      expect(made.exitCode, made.output).toBe(0)
      ids.push(made.output.trim())
    }
    later(() => execa('docker', ['rm', '-f', ...ids], { reject: false }))
    await expect.poll(() => deck.containers.filter((c) => c.state === 'running').length).toBe(MAX_ALIVE_CONTAINERS)
    const refused = await refusal(deck, 'docker run -d alpine sleep 600')
    expect(refused.code).toBe('too-many')
    expect(refused.message).toMatch(new RegExp(`${MAX_ALIVE_CONTAINERS} containers alive or starting already.*reset`))
    await ran(deck, `docker rm -f ${ids[0]!.slice(0, 12)}`)
    await expect.poll(() => deck.containers.filter((c) => c.state === 'running').length).toBe(MAX_ALIVE_CONTAINERS - 1)
    const again = await ran(deck, 'docker run -d alpine sleep 600')
    ids.push(again.output.trim())
    expect(again.exitCode).toBe(0)
    expect(await deck.reset()).toHaveLength(MAX_ALIVE_CONTAINERS)
  }, 120_000)
})

describe('27. reading what is not the deck\'s', () => {
  test.each(['inspect', 'logs', 'top', 'port', 'diff', 'stats --no-stream', 'wait', 'container inspect'])('docker %s <the lecturer\'s container> is refused, and the secret never reaches the deck', async (command) => {
    const target = await runner()
    const deck = await client(target)
    const messages: string[] = []
    later(deck.on((message) => messages.push(JSON.stringify(message))))
    expect((await refusal(deck, `docker ${command} ${LECTURER.container}`)).code).toBe('not-deck-object')
    expect(messages.join('\n')).not.toContain(LECTURER.secret)
  })

  test('docker ps and docker images still list as the chapter has them (the lecturer\'s included)', async () => {
    const deck = await client(await runner())
    expect((await ran(deck, 'docker ps')).output).toContain(LECTURER.container)
    expect((await ran(deck, 'docker images')).output).toContain(LECTURER.image.split(':')[0]!)
  })
})

describe('28. prune beyond the deck', () => {
  test('docker system prune -a --volumes from a slide leaves the lecturer\'s build cache, volume, network, stopped container and images', async () => {
    await docker('stop', '-t', '0', LECTURER.container)
    later(() => docker('start', LECTURER.container))
    const cacheBefore = (await docker('system', 'df', '--format', '{{.Type}} {{.TotalCount}}')).stdout
    const deck = await client(await runner())
    const pruned = await ran(deck, 'docker system prune -a --volumes')
    expect(pruned.exitCode).toBe(0)
    const started = deck.runs.get(pruned.runId)!.events[0]!
    expect(started.kind === 'started' && started.resolvedLine).toMatch(/^docker container prune .*; docker image prune .*--all; docker network prune /)
    expect((await docker('ps', '-a', '-q', '--filter', `name=^${LECTURER.container}$`)).stdout).not.toBe('')
    expect((await docker('volume', 'ls', '-q', '--filter', `name=^${LECTURER.volume}$`)).stdout).toBe(LECTURER.volume)
    expect((await docker('network', 'ls', '-q', '--filter', `name=^${LECTURER.network}$`)).stdout).not.toBe('')
    expect((await docker('image', 'inspect', '-f', '{{.Id}}', LECTURER.image)).stdout).toMatch(/^sha256:/)
    expect((await docker('image', 'inspect', '-f', '{{.Id}}', `lecturer/built-${tag}`)).stdout).toMatch(/^sha256:/)
    const cacheAfter = (await docker('system', 'df', '--format', '{{.Type}} {{.TotalCount}}')).stdout
    expect(cacheAfter.split('\n').find((line) => line.startsWith('Build Cache'))).toBe(cacheBefore.split('\n').find((line) => line.startsWith('Build Cache')))
  })

  test('what the deck made is pruned: a stopped deck container is listed under Deleted Containers', async () => {
    const deck = await client(await runner())
    const made = await ran(deck, 'docker create hello-world')
    const pruned = await ran(deck, 'docker system prune')
    expect(pruned.output).toContain('Deleted Containers:')
    expect(pruned.output).toContain(made.output.trim())
    expect((await docker('ps', '-a', '-q', '--filter', OWNED_FILTER)).stdout).toBe('')
  })
})

describe('29. images from anywhere', () => {
  test.each(['docker pull some.registry/x', 'docker run --rm nginx', 'docker create ubuntu', `docker run --rm ${LECTURER.image} true`])('%s is refused with the list of allowed images', async (line) => {
    const deck = await client(await runner())
    const refused = await refusal(deck, line)
    expect(refused.code).toBe('image')
    expect(refused.message).toMatch(/hello-world.*alpine.*redis/)
  })
})
