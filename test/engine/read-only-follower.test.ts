// The read-only capability (threat row 39): a connection that offers the
// follow token instead of the token may follow runs and hear where the
// lecturer is, and nothing else. Every other message is tried and refused by
// the runner itself, with no docker process spawned; the credentials and the
// Origin rules are tried at the upgrade. A real runner on the real engine.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'
import { describe, expect, test } from 'vitest'
import { RunnerClient, type Hello } from '../../lib/client/client.ts'
import { webSocketFactory } from '../../lib/client/web-sockets.ts'
import { ClientMessage, followerSubprotocols, SUBPROTOCOL, type ServerMessage } from '../../lib/protocol.ts'
import type { Runner } from '../../runner/start-runner.ts'
import { later } from '../support/cleanups.ts'
import { connectClient, DECK_ORIGIN, testRunner } from '../support/connect.ts'
import { rawUpgrade } from '../support/raw-http.ts'
import { spiedRunner } from '../support/spied-runner.ts'

/** A follower the way the share server connects: the follow token, no Origin (it is not a page). */
async function follower(runner: Runner): Promise<{ client: RunnerClient; hello: Hello }> {
  const client = new RunnerClient(runner.url, runner.followToken, webSocketFactory(WebSocket), { readOnly: true })
  const hello = await client.connect()
  later(() => client.close())
  return { client, hello }
}

async function deck(runner: Runner): Promise<RunnerClient> {
  const client = await connectClient(runner)
  later(() => client.close())
  return client
}

/** The HTTP status of an upgrade with these subprotocols and Origin (101 when accepted). */
const upgradeStatus = async (runner: Runner, protocols: string[], origin?: string) => (await rawUpgrade(runner.port, { protocols, ...(origin ? { origin } : {}) })).status

/** One message of each kind a read-only follower must not send (follow, the one it may, is left out). */
const FORBIDDEN: ClientMessage[] = [
  { type: 'run', requestId: 'r1', key: 'k', line: 'docker run --rm hello-world' },
  { type: 'resolve', requestId: 'r2', line: 'docker ps' },
  { type: 'interrupt', runId: 'run-x' },
  { type: 'cancel', runId: 'run-x' },
  { type: 'position', position: { slide: 3, click: 0 } },
  { type: 'input', runId: 'run-x', data: 'ls\r' },
  { type: 'resize', runId: 'run-x', size: { cols: 80, rows: 24 } },
  { type: 'reset', requestId: 'r3' },
  { type: 'check', requestId: 'r4', exerciseId: 'echo-hi', check: [{ container: { image: 'alpine', state: 'exited' } }] },
  { type: 'reveal', key: 'ping-for-stop' },
  { type: 'share-stop' },
]

describe('a read-only follower', () => {
  test('is greeted as read-only, and sees a deck\'s run stream to its end', async () => {
    const { runner } = await spiedRunner()
    const { client: watcher, hello } = await follower(runner)
    expect(hello).toMatchObject({ type: 'hello', capability: 'read-only' })
    const lecturer = await deck(runner)
    const outcome = await lecturer.run('hello', 'docker run --rm hello-world')
    if ('refusal' in outcome) throw new Error(outcome.refusal.message)
    await expect.poll(() => watcher.runs.get(outcome.runId)?.events.at(-1)?.kind, { timeout: 20_000 }).toBe('ended')
    expect(watcher.output(outcome.runId)).toContain('Hello from Docker!')
  })

  test('every message kind but "follow" and "tally" is among those tried', () => {
    const kinds = ClientMessage.options.map((option) => option.shape.type.value)
    expect(FORBIDDEN.map((message) => message.type).sort()).toEqual(kinds.filter((kind) => kind !== 'follow' && kind !== 'tally').sort())
  })

  test.each(FORBIDDEN.map((message) => [message.type, message] as const))('sending "%s" is refused by the runner, and spawns nothing', async (type, message) => {
    const { spy, runner } = await spiedRunner()
    const raw = new WebSocket(`${runner.url.replace('http', 'ws')}/ws`, followerSubprotocols(runner.followToken))
    later(() => raw.close())
    const replies: ServerMessage[] = []
    raw.on('message', (data) => replies.push(JSON.parse(String(data)) as ServerMessage))
    await new Promise((resolve, reject) => {
      raw.once('open', resolve)
      raw.once('error', reject)
    })
    raw.send(JSON.stringify(message))
    await expect.poll(() => replies.find((reply) => reply.type === 'error')).toMatchObject({ code: 'read-only', message: expect.stringContaining(`"${type}" is refused`) })
    expect(spy.commands(), 'no docker process ran for the follower').toEqual([])
  })

  test('hears the lecturer\'s position: at once in hello when it joins late, then each move', async () => {
    const { runner } = await spiedRunner()
    const lecturer = await deck(runner)
    lecturer.sendPosition({ slide: 4, click: 1 })
    await expect.poll(() => lecturer.position).toEqual({ slide: 4, click: 1 })
    const { client: watcher } = await follower(runner)
    expect(watcher.position).toEqual({ slide: 4, click: 1 })
    lecturer.sendPosition({ slide: 5, click: 0 })
    await expect.poll(() => watcher.position).toEqual({ slide: 5, click: 0 })
  })
})

describe('the room\'s tally', () => {
  test('is the one thing a follower may send: the deck\'s own windows hear it, followers do not', async () => {
    const { spy, runner } = await spiedRunner()
    const lecturer = await deck(runner)
    const { client: watcher } = await follower(runner)
    const { client: other } = await follower(runner)
    const heard: ServerMessage[] = []
    const otherHeard: ServerMessage[] = []
    lecturer.on((message) => heard.push(message))
    other.on((message) => otherHeard.push(message))
    watcher.send({ type: 'tally', tally: { key: 'ping-for-stop', counts: [3, 1, 0], answered: 4 } })
    await expect.poll(() => heard.find((message) => message.type === 'tally')).toEqual({ type: 'tally', tally: { key: 'ping-for-stop', counts: [3, 1, 0], answered: 4 } })
    expect(otherHeard.filter((message) => message.type === 'tally' || message.type === 'error')).toEqual([])
    expect(spy.commands()).toEqual([])
  })
})

describe('the lecturer\'s reveal and stop', () => {
  test('a reveal reaches every window and follower, one that joins later hears it in hello, and a reset asks the questions afresh', async () => {
    const { runner } = await spiedRunner()
    const lecturer = await deck(runner)
    const { client: watcher } = await follower(runner)
    lecturer.reveal('ping-for-stop')
    await expect.poll(() => [...watcher.revealed]).toEqual(['ping-for-stop'])
    await expect.poll(() => [...lecturer.revealed]).toEqual(['ping-for-stop'])
    const { hello } = await follower(runner)
    expect(hello.revealed).toEqual(['ping-for-stop'])
    // A reset readies the deck for the next lecture: its questions are asked afresh.
    await lecturer.reset()
    await expect.poll(() => [...watcher.revealed]).toEqual([])
    expect((await follower(runner)).hello.revealed).toBeUndefined()
  })

  test('stopping the share is told to read-only followers only (the share server closes on it)', async () => {
    const { spy, runner } = await spiedRunner()
    const lecturer = await deck(runner)
    const audience = await deck(runner)
    const { client: watcher } = await follower(runner)
    const heard: ServerMessage[] = []
    const audienceHeard: ServerMessage[] = []
    watcher.on((message) => heard.push(message))
    audience.on((message) => audienceHeard.push(message))
    lecturer.stopSharing()
    await expect.poll(() => heard.map((message) => message.type)).toContain('share-stop')
    expect(audienceHeard.filter((message) => message.type === 'share-stop')).toEqual([])
    expect(spy.commands()).toEqual([])
  })
})

describe('the upgrade', () => {
  test('the follow token without an Origin is a follower; the full token without an Origin is refused', async () => {
    const { runner } = await spiedRunner()
    expect(await upgradeStatus(runner, followerSubprotocols(runner.followToken))).toBe(101)
    expect(await upgradeStatus(runner, [SUBPROTOCOL, `token.${runner.token}`])).toBe(403)
  })

  test.each([
    ['a wrong follow token', (r: Runner) => followerSubprotocols(r.token), DECK_ORIGIN, 401],
    ['a wrong follow token from no page', (r: Runner) => followerSubprotocols(r.token), undefined, 403],
    ['the follow token from a foreign page', (r: Runner) => followerSubprotocols(r.followToken), 'http://evil.example', 403],
    ['both tokens at once', (r: Runner) => [...followerSubprotocols(r.followToken), `token.${r.token}`], DECK_ORIGIN, 401],
    ['the follow token offered as the token', (r: Runner) => [SUBPROTOCOL, `token.${r.followToken}`], DECK_ORIGIN, 401],
  ])('%s is refused (%s)', async (_what, protocols, origin, status) => {
    const { spy, runner } = await spiedRunner()
    expect(await upgradeStatus(runner, protocols(runner), origin)).toBe(status)
    expect(spy.commands()).toEqual([])
  })
})

describe('the classroom share, as share.json says', () => {
  test('the deck\'s own windows hear it in hello and as it changes; a read-only follower never does', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'share-info-'))
    later(() => rmSync(stateDir, { recursive: true, force: true }))
    const share = { url: 'http://192.168.0.23:3031/?code=18hqzjav', code: '18hqzjav', followers: 0 }
    writeFileSync(path.join(stateDir, 'share.json'), JSON.stringify(share), { mode: 0o600 })
    const runner = await testRunner({ stateDir })
    later(() => runner.close())
    const lecturer = await deck(runner)
    expect(lecturer.share).toEqual(share)
    const { client: watcher, hello } = await follower(runner)
    expect(hello).not.toHaveProperty('share')
    const heard: ServerMessage[] = []
    watcher.on((message) => heard.push(message))
    writeFileSync(path.join(stateDir, 'share.json'), JSON.stringify({ ...share, followers: 3 }), { mode: 0o600 })
    await expect.poll(() => lecturer.share?.followers, { timeout: 10_000 }).toBe(3)
    rmSync(path.join(stateDir, 'share.json'))
    await expect.poll(() => lecturer.share, { timeout: 10_000 }).toBeUndefined()
    expect(heard.filter((message) => message.type === 'share')).toEqual([])
  })
})
