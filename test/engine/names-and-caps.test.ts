// Threat-model rows 32–36 against a real runner on a real engine, with the
// lecturer's own container, volume, network and image present: words the
// docker CLI would trim or clean into another object's path, short IDs a
// name could shadow, the container cap under parallel starts, the ports and
// entrypoints the deck refuses, and the runner's socket cap.
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { OWNED_FILTER } from '../../lib/labels.ts'
import type { Refusal } from '../../lib/protocol.ts'
import { DockerCli } from '../../runner/docker/docker-cli.ts'
import { MAX_ALIVE_CONTAINERS } from '../../runner/policy/create-step.ts'
import { client, later, runner } from '../support/cleanups.ts'
import { inspect, runContainers } from '../support/engine-state.ts'
import { rawRequest } from '../support/raw-http.ts'
import { ranLine, refusedLine } from '../support/deck-lines.ts'
import { spawnSpy } from '../support/spawn-spy.ts'

const tag = randomBytes(3).toString('hex')
const LECTURER = {
  container: `lecturer-db-${tag}`,
  volume: `lecturer_pgdata_${tag}`,
  network: `lecturer_app_default_${tag}`,
  image: `lecturer/postgres-${tag}:16`,
}
const docker = (...args: string[]) => execa('docker', args)

beforeAll(async () => {
  await docker('volume', 'create', LECTURER.volume)
  await docker('network', 'create', LECTURER.network)
  await docker('run', '-d', '--name', LECTURER.container, '-v', `${LECTURER.volume}:/data`, 'alpine', 'sleep', '3600')
  await docker('tag', 'alpine', LECTURER.image)
}, 60_000)

afterAll(async () => {
  await execa('docker', ['rm', '-f', LECTURER.container], { reject: false })
  await execa('docker', ['network', 'rm', LECTURER.network], { reject: false })
  await execa('docker', ['volume', 'rm', LECTURER.volume], { reject: false })
  await execa('docker', ['rmi', LECTURER.image], { reject: false })
})

/** The lecturer's objects as the engine reports them; unchanged means untouched. */
async function lecturerObjects(): Promise<string[]> {
  const container = await inspect(LECTURER.container)
  return [
    `${container.Id} ${container.State.Status}`,
    (await docker('volume', 'inspect', '-f', '{{.Name}}', LECTURER.volume)).stdout,
    (await docker('network', 'inspect', '-f', '{{.Id}}', LECTURER.network)).stdout,
    (await docker('image', 'inspect', '-f', '{{.Id}}', LECTURER.image)).stdout,
  ]
}

const refusal = refusedLine
const ran = ranLine

const deckContainerIds = async () => (await docker('ps', '-a', '-q', '--no-trunc', '--filter', OWNED_FILTER)).stdout.split('\n').filter(Boolean)
const aliveDeckContainerIds = async () => (await docker('ps', '-q', '--no-trunc', '--filter', OWNED_FILTER, '--filter', 'status=created', '--filter', 'status=running')).stdout.split('\n').filter(Boolean)

describe('32. a name that the CLI rewrites', () => {
  const lines = (names: typeof LECTURER) => [
    `docker rm -f ' ${names.container}'`,
    `docker rm -f '${names.container} '`,
    `docker rm -f '\t${names.container}'`,
    `docker rm -f '\u00a0${names.container}'`,
    `docker rm -f '\u3000${names.container}'`,
    `docker rm -f '\u200b${names.container}'`,
    `docker rm 'a b/../../volumes/${names.volume}'`,
    `docker rm -f 'a b/../../images/${names.image}'`,
    `docker rm 'a b/../../networks/${names.network}'`,
    `docker container rm 'a\tb/../../volumes/${names.volume}'`,
    `docker container remove 'x y/../../volumes/${names.volume}'`,
    `docker rm 'a b/../../plugins/x'`,
    `docker rm 'a b/../../secrets/x'`,
    `docker stop ' ${names.container}'`,
    `docker logs ' ${names.container}'`,
    `docker exec ' ${names.container}' ls`,
    `docker rmi ' ${names.image}'`,
    `docker rmi 'a/../../volumes/${names.volume}'`,
    `docker run --rm --network 'container: ${names.container}' alpine true`,
    `docker rmi <image-id:x/../../containers/${names.container}>`,
  ]

  test('every such word is refused before any docker process starts, through run and resolve alike, and the lecturer\'s objects are untouched', async () => {
    const before = await lecturerObjects()
    const spy = spawnSpy()
    later(() => spy.remove())
    const deck = await client(await runner({ cli: new DockerCli(spy.path) }))
    spy.clear()
    for (const line of lines(LECTURER)) {
      const refused = await refusal(deck, line)
      expect(refused.code, `${line}: ${refused.message}`).toBe('reference')
      expect(await deck.resolve(line), line).toMatchObject({ refusal: { code: 'reference' } })
    }
    // Not even a lookup: the word never reached the CLI.
    expect(spy.calls()).toEqual([])
    expect(await lecturerObjects()).toEqual(before)
  })

  test('the chapter\'s quoted `docker rm \'docker ps -a -q\'` still shows docker\'s own "No such container"', async () => {
    const before = await lecturerObjects()
    const deck = await client(await runner())
    const { exitCode, output } = await ran(deck, "docker rm 'docker ps -a -q'")
    expect(exitCode).toBe(1)
    expect(output).toContain('No such container: docker ps -a -q')
    expect(await lecturerObjects()).toEqual(before)
  })
})

describe('34. a name that looks like a short ID', () => {
  test('a lecturer container named like a deck container\'s short ID survives docker rm $(docker ps -a -q)', async () => {
    const deck = await client(await runner())
    const made = await ran(deck, 'docker create alpine true')
    const deckId = made.output.trim()
    expect(deckId).toMatch(/^[0-9a-f]{64}$/)
    const lookalike = (await docker('create', '--name', deckId.slice(0, 12), 'alpine', 'true')).stdout.trim()
    later(() => execa('docker', ['rm', '-f', lookalike], { reject: false }))

    const removed = await ran(deck, 'docker rm $(docker ps -a -q)')
    expect(removed.exitCode).toBe(0)
    // docker echoes what it was given: the full ID, which no name can shadow.
    expect(removed.output).toContain(deckId)
    expect((await docker('ps', '-a', '-q', '--no-trunc', '--filter', `id=${lookalike}`)).stdout).toBe(lookalike)
    expect(await deckContainerIds()).toEqual([])
  })
})

describe('35. racing the container cap', () => {
  test(`8 parallel docker run -d with ${MAX_ALIVE_CONTAINERS - 1} alive leave at most ${MAX_ALIVE_CONTAINERS}, the rest refused with the count`, async () => {
    const target = await runner({ maxConcurrentRuns: 16 })
    const deck = await client(target)
    for (let i = 0; i < MAX_ALIVE_CONTAINERS - 1; i++) expect((await ran(deck, 'docker run -d alpine sleep 600')).exitCode).toBe(0)
    expect(await aliveDeckContainerIds()).toHaveLength(MAX_ALIVE_CONTAINERS - 1)

    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => deck.run(`race-${i}`, 'docker run -d alpine sleep 600')))
    const started = outcomes.filter((outcome): outcome is { runId: string } => 'runId' in outcome)
    for (const { runId } of started) await deck.ended(runId)
    const refused = outcomes.filter((outcome): outcome is { refusal: Refusal } => 'refusal' in outcome)
    console.info(`[35] 8 parallel starts with ${MAX_ALIVE_CONTAINERS - 1} alive: ${started.length} started, ${refused.length} refused`)
    expect(started).toHaveLength(1)
    for (const { refusal: why } of refused) {
      expect(why.code).toBe('too-many')
      expect(why.message).toContain(`(the limit is ${MAX_ALIVE_CONTAINERS})`)
    }
    expect(await aliveDeckContainerIds()).toHaveLength(MAX_ALIVE_CONTAINERS)
    await ran(deck, 'docker rm -f $(docker ps -a -q)')
    expect(await deckContainerIds()).toEqual([])
  })
})

describe('36. ports the deck or the system needs, entrypoints under /proc, sockets', () => {
  test.each([
    ['docker run --rm -p 127.0.0.1:3030:80 alpine true', 'port'],
    ['docker run --rm -p 4123:80 alpine true', 'port'],
    ['docker run --rm -p 127.0.0.1:80:80 alpine true', 'port'],
    ['docker run --rm -p 22:22 alpine true', 'port'],
    ['docker run --rm --entrypoint /proc/self/fd/7/../../../bin/sh alpine', 'invalid-value'],
    ['docker run --rm --entrypoint /proc/self/exe alpine', 'denied-flag'],
    ['docker create --entrypoint proc/self/fd/7 alpine', 'invalid-value'],
  ])('%s is refused (%s) and nothing is created', async (line, code) => {
    const spy = spawnSpy()
    later(() => spy.remove())
    const deck = await client(await runner({ cli: new DockerCli(spy.path) }))
    spy.clear()
    expect(await refusal(deck, line)).toMatchObject({ code })
    expect(spy.commands()).toEqual([])
  })

  test('the runner\'s own port, wherever it listens, is refused for -p', async () => {
    const target = await runner()
    const deck = await client(target)
    expect(await refusal(deck, `docker run --rm -p ${target.port}:80 alpine true`)).toMatchObject({ code: 'port' })
  })

  test('a port inside the range is published on loopback', async () => {
    const deck = await client(await runner())
    const { runId, exitCode } = await ran(deck, 'docker run -d -p 18080:80 alpine sleep 600')
    expect(exitCode).toBe(0)
    const [id] = await runContainers(runId)
    expect((await docker('port', id!)).stdout).toContain('127.0.0.1:18080')
    await ran(deck, `docker rm -f ${id!.slice(0, 12)}`)
  })

  test('sockets past the cap are closed at once, and the runner answers again once they go', async () => {
    const target = await runner({ maxSockets: 16 })
    const held: net.Socket[] = []
    later(() => held.forEach((socket) => socket.destroy()))
    for (let i = 0; i < 16; i++) {
      const socket = net.connect(target.port, '127.0.0.1')
      socket.on('error', () => {})
      await new Promise((resolve) => socket.once('connect', resolve))
      held.push(socket)
    }
    const extra = net.connect(target.port, '127.0.0.1')
    extra.on('error', () => {})
    await new Promise((resolve) => extra.once('close', resolve))
    held.forEach((socket) => socket.destroy())
    await expect.poll(async () => (await rawRequest(target.port, { path: '/health' })).status, { timeout: 10_000 }).toBe(200)
  })
})
