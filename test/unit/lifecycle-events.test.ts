// toLifecycleEvent: one `docker events --format '{{json .}}'` line → what the
// lifecycle view shows. Engine 29 dropped the top-level status/id/from, so the
// lines here are written without them (and one with contradicting values).
import { describe, expect, it } from 'vitest'
import { toLifecycleEvent } from '../../runner/engine/lifecycle-events.ts'
import { titled } from './table.ts'

const ID = '3f2a9c1e5b7d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a'
const LABELS = { 'docker-live-deck.owned': 'true', 'docker-live-deck.run': 'run-1' }
const TIME = 1761234567

/** A container event line the way the engine prints it (19-digit timeNano as a JSON number). */
const line = (action: string, attributes: Record<string, string>, nanos: string) =>
  `{"Type":"container","Action":${JSON.stringify(action)},"Actor":{"ID":"${ID}","Attributes":${JSON.stringify({ ...LABELS, ...attributes })}},"scope":"local","time":${TIME},"timeNano":${TIME}${nanos}}`

const seconds = expect.stringMatching(new RegExp(`^${TIME}\\d{9}$`))

describe('toLifecycleEvent on engine lines', () => {
  it.each(titled([
    {
      name: 'create',
      raw: line('create', { image: 'redis', name: 'eager_turing' }, '123456789'),
      event: { containerId: ID, runId: 'run-1', action: 'create', name: 'eager_turing', image: 'redis', timeNano: seconds },
    },
    {
      name: 'start',
      raw: line('start', { image: 'redis', name: 'eager_turing' }, '234567891'),
      event: { containerId: ID, runId: 'run-1', action: 'start', name: 'eager_turing', image: 'redis', timeNano: seconds },
    },
    {
      name: 'kill with SIGTERM (docker stop)',
      raw: line('kill', { image: 'redis', name: 'eager_turing', signal: '15' }, '345678912'),
      event: { containerId: ID, runId: 'run-1', action: 'kill', name: 'eager_turing', image: 'redis', signal: 15, timeNano: seconds },
    },
    {
      name: 'kill with SIGKILL (docker kill)',
      raw: line('kill', { image: 'redis', name: 'eager_turing', signal: '9' }, '456789123'),
      event: { containerId: ID, runId: 'run-1', action: 'kill', name: 'eager_turing', image: 'redis', signal: 9, timeNano: seconds },
    },
    {
      name: 'die with exit code 137',
      raw: line('die', { image: 'redis', name: 'eager_turing', exitCode: '137', execDuration: '3' }, '567891234'),
      event: { containerId: ID, runId: 'run-1', action: 'die', name: 'eager_turing', image: 'redis', exitCode: 137, timeNano: seconds },
    },
    {
      name: 'die with exit code 0',
      raw: line('die', { image: 'hello-world', name: 'quirky_hopper', exitCode: '0' }, '678912345'),
      event: { containerId: ID, runId: 'run-1', action: 'die', name: 'quirky_hopper', image: 'hello-world', exitCode: 0, timeNano: seconds },
    },
    {
      name: 'stop',
      raw: line('stop', { image: 'redis', name: 'eager_turing' }, '789123456'),
      event: { containerId: ID, runId: 'run-1', action: 'stop', name: 'eager_turing', image: 'redis', timeNano: seconds },
    },
    {
      name: 'destroy',
      raw: line('destroy', { image: 'redis', name: 'eager_turing' }, '891234567'),
      event: { containerId: ID, runId: 'run-1', action: 'destroy', name: 'eager_turing', image: 'redis', timeNano: seconds },
    },
    {
      name: 'exec_create: ls /',
      raw: line('exec_create: ls /', { image: 'alpine', name: 'calm_lamport', execID: 'e1' }, '912345678'),
      event: { containerId: ID, runId: 'run-1', action: 'exec_create', name: 'calm_lamport', image: 'alpine', execCommand: 'ls /', execId: 'e1', timeNano: seconds },
    },
    {
      name: 'exec_start: ls /',
      raw: line('exec_start: ls /', { image: 'alpine', name: 'calm_lamport', execID: 'e1' }, '012345678'),
      event: { containerId: ID, runId: 'run-1', action: 'exec_start', name: 'calm_lamport', image: 'alpine', execCommand: 'ls /', execId: 'e1', timeNano: seconds },
    },
    {
      name: 'exec_start: redis-cli  (trailing space)',
      raw: line('exec_start: redis-cli ', { image: 'redis', name: 'eager_turing', execID: 'e2' }, '112345678'),
      event: { containerId: ID, runId: 'run-1', action: 'exec_start', name: 'eager_turing', image: 'redis', execCommand: 'redis-cli', execId: 'e2', timeNano: seconds },
    },
    {
      name: 'exec_start: sh -c "echo a: b"',
      raw: line('exec_start: sh -c echo a: b', { image: 'alpine', name: 'calm_lamport', execID: 'e3' }, '212345678'),
      event: { containerId: ID, runId: 'run-1', action: 'exec_start', name: 'calm_lamport', image: 'alpine', execCommand: 'sh -c echo a: b', execId: 'e3', timeNano: seconds },
    },
    {
      name: 'exec_die with exit code 0',
      raw: line('exec_die', { image: 'alpine', name: 'calm_lamport', execID: 'e1', exitCode: '0' }, '312345678'),
      event: { containerId: ID, runId: 'run-1', action: 'exec_die', name: 'calm_lamport', image: 'alpine', exitCode: 0, execId: 'e1', timeNano: seconds },
    },
  ], (c) => c.name))('reads %s', (_, { raw, event }) => {
    expect(toLifecycleEvent(raw)).toEqual(event)
  })

  it('keeps a timeNano given as a string digit for digit', () => {
    const raw = '{"Type":"container","Action":"start","Actor":{"ID":"abc","Attributes":{}},"timeNano":"1761234567123456789"}'
    expect(toLifecycleEvent(raw)).toEqual({ containerId: 'abc', action: 'start', timeNano: '1761234567123456789' })
  })

  // The engine prints timeNano as a 19-digit JSON number, more than a JS number holds.
  it('keeps every digit of a 19-digit numeric timeNano', () => {
    expect(toLifecycleEvent(line('start', {}, '123456789'))?.timeNano).toBe(`${TIME}123456789`)
  })

  it('leaves out name, image, exit code and signal when the engine sends none', () => {
    const raw = `{"Type":"container","Action":"pause","Actor":{"ID":"${ID}"},"timeNano":${TIME}000000000}`
    expect(toLifecycleEvent(raw)).toEqual({ containerId: ID, action: 'pause', timeNano: `${TIME}000000000` })
  })

  it('drops an exit code or signal that is not a number', () => {
    expect(toLifecycleEvent(line('kill', { exitCode: 'abc', signal: 'SIGTERM' }, '000000000'))).toEqual({ containerId: ID, runId: 'run-1', action: 'kill', timeNano: seconds })
  })

  it('stamps an event without timeNano with the current time in nanoseconds', () => {
    const before = BigInt(Date.now()) * 1_000_000n
    const event = toLifecycleEvent(`{"Type":"container","Action":"start","Actor":{"ID":"${ID}"}}`)
    const after = BigInt(Date.now()) * 1_000_000n
    expect(event?.timeNano).toMatch(/^\d{19}$/)
    expect(BigInt(event!.timeNano)).toBeGreaterThanOrEqual(before)
    expect(BigInt(event!.timeNano)).toBeLessThanOrEqual(after)
  })
})

describe('toLifecycleEvent and the old top-level fields', () => {
  it('reads Action and Actor, not status, id and from', () => {
    const raw = `{"status":"destroy","id":"0000","from":"nginx","Type":"container","Action":"start","Actor":{"ID":"${ID}","Attributes":{"image":"redis","name":"web"}},"time":${TIME},"timeNano":${TIME}000000000}`
    expect(toLifecycleEvent(raw)).toEqual({ containerId: ID, action: 'start', name: 'web', image: 'redis', timeNano: `${TIME}000000000` })
  })

  it('ignores a line that has only the old fields', () => {
    expect(toLifecycleEvent(`{"status":"start","id":"${ID}","from":"redis","time":${TIME}}`)).toBeUndefined()
  })
})

describe('toLifecycleEvent ignores other lines', () => {
  it.each(titled([
    { name: 'a network event', raw: `{"Type":"network","Action":"connect","Actor":{"ID":"net1","Attributes":{"container":"${ID}","name":"bridge"}},"timeNano":${TIME}000000000}` },
    { name: 'an image event', raw: `{"Type":"image","Action":"pull","Actor":{"ID":"redis:7","Attributes":{"name":"redis"}},"timeNano":${TIME}000000000}` },
    { name: 'a volume event', raw: `{"Type":"volume","Action":"create","Actor":{"ID":"data","Attributes":{"driver":"local"}},"timeNano":${TIME}000000000}` },
    { name: 'a container event without Action', raw: `{"Type":"container","Actor":{"ID":"${ID}"}}` },
    { name: 'a container event without Actor', raw: '{"Type":"container","Action":"start"}' },
    { name: 'a container event without Actor.ID', raw: '{"Type":"container","Action":"start","Actor":{"Attributes":{}}}' },
    { name: 'a line that is not JSON', raw: 'Error response from daemon: Cannot connect' },
    { name: 'truncated JSON', raw: '{"Type":"container","Action":"st' },
    { name: 'an empty line', raw: '' },
    { name: 'a JSON number', raw: '42' },
    { name: 'a JSON string', raw: '"container"' },
    { name: 'a JSON array', raw: '[]' },
  ], (c) => c.name))('%s', (_, { raw }) => {
    expect(toLifecycleEvent(raw)).toBeUndefined()
  })

  // `null` is valid JSON but no event; the events handler must not throw on it.
  it('ignores a line that is JSON null', () => {
    expect(toLifecycleEvent('null')).toBeUndefined()
  })
})
