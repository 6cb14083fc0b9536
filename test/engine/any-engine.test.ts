// The deck on any engine a lecturer has: a TLS endpoint with client
// certificates (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH), a context
// pointing at it (DOCKER_CONTEXT, and `docker context use`), and an ssh://
// host signed in through the SSH agent. Each is this machine's engine behind
// real TLS or a real sshd; each runs the chapter's commands through the
// runner, names the engine on the hello the badge reads, and leaves no deck
// container behind. An engine anyone on its network could drive is refused.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { networkInterfaces, tmpdir } from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunnerClient } from '../../lib/client/client.ts'
import { OWNED_FILTER } from '../../lib/labels.ts'
import type { EngineEndpoint } from '../../lib/protocol.ts'
import { DockerCli } from '../../runner/docker/docker-cli.ts'
import { dockerPath } from '../../runner/docker/docker-commands.ts'
import { client, later, runner } from '../support/cleanups.ts'
import { testRunner } from '../support/connect.ts'
import { startSshEngine, type SshEngine } from '../support/ssh-engine.ts'
import { startTlsEngine, type TlsEngine } from '../support/tls-engine.ts'

const DOCKER = dockerPath()
let keys = 0

/** The runner's environment as a lecturer's shell would give it: HOME, and what chooses the engine. */
const lecturerEnv = (engine: Record<string, string>) => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...engine })

async function ran(deck: RunnerClient, line: string): Promise<{ exitCode: number | null | undefined; output: string }> {
  const outcome = await deck.run(`any-engine-${++keys}`, line)
  if ('refusal' in outcome) throw new Error(`${line} was refused: ${outcome.refusal.message}`)
  const end = await deck.ended(outcome.runId)
  return { exitCode: end.exitCode, output: deck.output(outcome.runId) }
}

/** A runner reaching the engine through `engine`'s variables: the endpoint it names, then the chapter's commands, then reset, with nothing of the deck's left. */
async function chapterThrough(engine: Record<string, string>, expected: Partial<EngineEndpoint>): Promise<void> {
  const env = lecturerEnv(engine)
  const deck = await client(await runner({ cli: new DockerCli(DOCKER, env) }))
  expect(deck.engine?.reachable, deck.engine?.message).toBe(true)
  expect(deck.engine?.endpoint).toMatchObject(expected)
  const hello = await ran(deck, 'docker run hello-world')
  expect(hello.exitCode).toBe(0)
  expect(hello.output).toContain('Hello from Docker!')
  const ls = await ran(deck, 'docker run alpine ls')
  expect(ls.output).toMatch(/^bin\r?$/m)
  const started = await ran(deck, 'docker run -d alpine sleep 60')
  expect(started.output).toMatch(/^[0-9a-f]{64}/m)
  const inside = await ran(deck, 'docker exec <id:alpine> echo inside')
  expect(inside.output.trim()).toBe('inside')
  const listed = await ran(deck, 'docker ps -a')
  expect(listed.output).toMatch(/CONTAINER ID[\s\S]*sleep 60/)
  expect((await deck.reset()).length).toBeGreaterThanOrEqual(3)
  const left = await execa(DOCKER, ['ps', '-aq', '--filter', OWNED_FILTER], { env, extendEnv: false })
  expect(left.stdout.trim()).toBe('')
}

describe('a TLS engine with client certificates', () => {
  let tls: TlsEngine
  beforeAll(async () => { tls = await startTlsEngine() })
  afterAll(() => tls?.close())

  it('is reached with DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH: named "tls", its certificate checked, the chapter runs through it', async () => {
    const before = tls.authorized()
    await chapterThrough({ DOCKER_HOST: tls.host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.certPath }, { context: 'default', host: tls.host, transport: 'tls', tlsVerified: true, remote: false })
    expect(tls.authorized() - before, 'connections through the TLS endpoint').toBeGreaterThan(5)
  })

  it('is out of reach without a client certificate: the badge says the engine cannot be reached, nothing runs', async () => {
    const onlyCa = mkdtempSync(path.join(tmpdir(), 'deck-tls-ca-only-'))
    later(() => rmSync(onlyCa, { recursive: true, force: true }))
    copyFileSync(path.join(tls.certPath, 'ca.pem'), path.join(onlyCa, 'ca.pem'))
    const before = tls.authorized()
    const deck = await client(await runner({ cli: new DockerCli(DOCKER, lecturerEnv({ DOCKER_HOST: tls.host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: onlyCa })) }))
    expect(deck.engine?.reachable).toBe(false)
    expect(deck.engine?.endpoint).toMatchObject({ host: tls.host, transport: 'tls' })
    expect(tls.authorized()).toBe(before)
  })

  describe('through a context', () => {
    let config: string
    beforeAll(async () => {
      config = mkdtempSync(path.join(tmpdir(), 'deck-docker-config-'))
      const material = `ca=${path.join(tls.certPath, 'ca.pem')},cert=${path.join(tls.certPath, 'cert.pem')},key=${path.join(tls.certPath, 'key.pem')}`
      await execa(DOCKER, ['context', 'create', 'lab-tls', '--description', 'the lab server', '--docker', `host=${tls.host},${material}`], { env: { DOCKER_CONFIG: config } })
    })
    afterAll(() => rmSync(config, { recursive: true, force: true }))

    it('chosen with DOCKER_CONTEXT (the config folder from DOCKER_CONFIG): named "lab-tls", the chapter runs through it', async () => {
      const before = tls.authorized()
      await chapterThrough({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'lab-tls' }, { context: 'lab-tls', host: tls.host, transport: 'tls', tlsVerified: true })
      expect(tls.authorized()).toBeGreaterThan(before)
    })

    it('chosen with `docker context use`: the runner follows the config folder\'s current context', async () => {
      const use = mkdtempSync(path.join(tmpdir(), 'deck-docker-config-use-'))
      later(() => rmSync(use, { recursive: true, force: true }))
      // The same context in a folder of its own, made current there as a lecturer would.
      await execa(DOCKER, ['context', 'export', 'lab-tls', path.join(use, 'lab.dockercontext')], { env: { DOCKER_CONFIG: config } })
      await execa(DOCKER, ['context', 'import', 'lab-tls', path.join(use, 'lab.dockercontext')], { env: { DOCKER_CONFIG: use } })
      await execa(DOCKER, ['context', 'use', 'lab-tls'], { env: { DOCKER_CONFIG: use } })
      const before = tls.authorized()
      await chapterThrough({ DOCKER_CONFIG: use }, { context: 'lab-tls', transport: 'tls', tlsVerified: true })
      expect(tls.authorized()).toBeGreaterThan(before)
    })
  })
})

describe('an ssh:// host', () => {
  let ssh: SshEngine
  beforeAll(async () => { ssh = await startSshEngine() }, 60_000)
  afterAll(() => ssh?.close())

  it('is reached with the SSH agent the runner was started with: named "ssh", the chapter runs through sshd', async () => {
    const before = ssh.sessions()
    await chapterThrough({ DOCKER_HOST: ssh.host, SSH_AUTH_SOCK: ssh.agentSocket }, { context: 'default', host: ssh.host, transport: 'ssh' })
    expect(ssh.sessions() - before, 'sessions sshd accepted').toBeGreaterThan(5)
  }, 120_000)

  it('cannot sign in without the agent: the engine is out of reach, and the badge still names where it is', async () => {
    const deck = await client(await runner({ cli: new DockerCli(DOCKER, lecturerEnv({ DOCKER_HOST: ssh.host })) }))
    expect(deck.engine?.reachable).toBe(false)
    expect(deck.engine?.endpoint).toMatchObject({ host: ssh.host, transport: 'ssh' })
  }, 60_000)
})

describe('an engine the runner refuses', () => {
  it('will not start on plain TCP to another machine, and says what to use instead', async () => {
    // This machine's own address on the network, at a closed port: not loopback, and it answers at once.
    const address = Object.values(networkInterfaces()).flat().find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address ?? '192.0.2.10'
    const host = `tcp://${address}:9`
    await expect(testRunner({ cli: new DockerCli(DOCKER, lecturerEnv({ DOCKER_HOST: host })) })).rejects.toThrow(/plain TCP, without TLS: anyone on that network can drive it/)
  }, 30_000)
})

