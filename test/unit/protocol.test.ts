// The one contract between deck and runner: every frame is validated, and a
// rejection names where the message went wrong.
import { describe, expect, it } from 'vitest'
import { LIMITS, parseClientMessage, parseServerMessage, PROTOCOL_VERSION, requestIdOf, SUBPROTOCOL } from '../../lib/protocol.ts'
import { titled } from './table.ts'

const json = (value: unknown) => JSON.stringify(value)
const run = { type: 'run', requestId: 'q1', key: 'slide-3-block-1', line: 'docker ps -a' }

describe('protocol constants', () => {
  it('names the subprotocol after the protocol version', () => {
    expect(PROTOCOL_VERSION).toBe(1)
    expect(SUBPROTOCOL).toBe('docker-live-deck.v1')
  })
})

describe('parseClientMessage accepts', () => {
  it.each(titled([
    { name: 'a run', message: run },
    { name: 'a run with a terminal size and a timeout', message: { ...run, size: { cols: 120, rows: 40 }, timeoutMs: 5000 } },
    { name: 'a run with the smallest and largest sizes', message: { ...run, size: { cols: 2, rows: LIMITS.maxRows } } },
    { name: 'a run of the longest line', message: { ...run, line: 'x'.repeat(LIMITS.lineChars) } },
    { name: 'a resolve', message: { type: 'resolve', requestId: 'q2', line: 'docker exec -it <id> sh' } },
    { name: 'a follow of every key', message: { type: 'follow', keys: '*' } },
    { name: 'a follow of some keys after a sequence number', message: { type: 'follow', keys: ['a', 'b'], after: { 'run-1': 3, 'run-2': -1 } } },
    { name: 'a cancel', message: { type: 'cancel', runId: 'run-1' } },
    { name: 'an interrupt (Ctrl-C)', message: { type: 'interrupt', runId: 'run-1' } },
    { name: 'a position', message: { type: 'position', position: { slide: 3, click: 1 } } },
    { name: 'an input', message: { type: 'input', runId: 'run-1', data: 'ls\r' } },
    { name: 'a resize', message: { type: 'resize', runId: 'run-1', size: { cols: 80, rows: 24 } } },
    { name: 'a reset', message: { type: 'reset', requestId: 'q3' } },
  ], (c) => c.name))('%s', (_, { message }) => {
    expect(parseClientMessage(json(message))).toEqual({ ok: true, value: message })
  })
})

describe('parseClientMessage rejects', () => {
  it.each(titled([
    { name: 'a frame that is not JSON', raw: 'docker ps', error: 'client message is not JSON' },
    { name: 'truncated JSON', raw: '{"type":"run"', error: 'client message is not JSON' },
    { name: 'an empty frame', raw: '', error: 'client message is not JSON' },
    { name: 'a JSON array', raw: '[]', error: 'client message rejected: Invalid input: expected object, received array' },
    { name: 'JSON null', raw: 'null', error: 'client message rejected: Invalid input: expected object, received null' },
    { name: 'a JSON string', raw: '"run"', error: 'client message rejected: Invalid input: expected object, received string' },
    { name: 'an unknown type', raw: json({ type: 'exec', line: 'ls' }), error: 'client message rejected at type: Invalid input' },
    { name: 'a message without a type', raw: json({ line: 'docker ps' }), error: 'client message rejected at type: Invalid input' },
    { name: 'an extra key on run', raw: json({ ...run, shell: true }), error: 'client message rejected: Unrecognized key: "shell"' },
    { name: 'an extra key on cancel', raw: json({ type: 'cancel', runId: 'run-1', all: true }), error: 'client message rejected: Unrecognized key: "all"' },
    { name: 'an extra key on reset', raw: json({ type: 'reset', requestId: 'q', everything: true }), error: 'client message rejected: Unrecognized key: "everything"' },
    { name: 'a line over the limit', raw: json({ ...run, line: 'x'.repeat(LIMITS.lineChars + 1) }), error: `client message rejected at line: Too big: expected string to have <=${LIMITS.lineChars} characters` },
    { name: 'an empty line', raw: json({ ...run, line: '' }), error: 'client message rejected at line: Too small: expected string to have >=1 characters' },
    { name: 'a line that is not a string', raw: json({ ...run, line: ['docker', 'ps'] }), error: 'client message rejected at line: Invalid input: expected string, received array' },
    { name: 'a numeric requestId', raw: json({ ...run, requestId: 5 }), error: 'client message rejected at requestId: Invalid input: expected string, received number' },
    { name: 'an empty key', raw: json({ ...run, key: '' }), error: 'client message rejected at key: Too small: expected string to have >=1 characters' },
    { name: 'a key over 200 characters', raw: json({ ...run, key: 'k'.repeat(201) }), error: 'client message rejected at key: Too big: expected string to have <=200 characters' },
    { name: 'one column', raw: json({ ...run, size: { cols: 1, rows: 24 } }), error: 'client message rejected at size.cols: Too small: expected number to be >=2' },
    { name: 'too many columns', raw: json({ ...run, size: { cols: LIMITS.maxCols + 1, rows: 24 } }), error: `client message rejected at size.cols: Too big: expected number to be <=${LIMITS.maxCols}` },
    { name: 'too many rows', raw: json({ ...run, size: { cols: 80, rows: LIMITS.maxRows + 1 } }), error: `client message rejected at size.rows: Too big: expected number to be <=${LIMITS.maxRows}` },
    { name: 'a fractional size on resize', raw: json({ type: 'resize', runId: 'run-1', size: { cols: 80.5, rows: 24 } }), error: 'client message rejected at size.cols: Invalid input: expected int, received number' },
    { name: 'a size given as strings', raw: json({ type: 'resize', runId: 'run-1', size: { cols: '80', rows: 24 } }), error: 'client message rejected at size.cols: Invalid input: expected number, received string' },
    { name: 'a resize without rows', raw: json({ type: 'resize', runId: 'run-1', size: { cols: 80 } }), error: 'client message rejected at size.rows: Invalid input: expected number, received undefined' },
    { name: 'a zero timeout', raw: json({ ...run, timeoutMs: 0 }), error: 'client message rejected at timeoutMs: Too small: expected number to be >0' },
    { name: 'a timeout over a day', raw: json({ ...run, timeoutMs: 24 * 3600_000 + 1 }), error: 'client message rejected at timeoutMs: Too big: expected number to be <=86400000' },
    { name: 'follow keys other than "*"', raw: json({ type: 'follow', keys: 'all' }), error: 'client message rejected at keys: Invalid input' },
    { name: 'a follow after -2', raw: json({ type: 'follow', keys: '*', after: { 'run-1': -2 } }), error: 'client message rejected at after.run-1: Too small: expected number to be >=-1' },
    { name: 'a position on slide 0', raw: json({ type: 'position', position: { slide: 0, click: 0 } }), error: 'client message rejected at position.slide: Too small: expected number to be >=1' },
    { name: 'a position with an extra key', raw: json({ type: 'position', position: { slide: 1, click: 0, url: 'http://x' } }), error: 'client message rejected at position: Unrecognized key: "url"' },
    { name: 'an extra key on interrupt', raw: json({ type: 'interrupt', runId: 'run-1', signal: 'SIGKILL' }), error: 'client message rejected: Unrecognized key: "signal"' },
    { name: 'an empty runId on cancel', raw: json({ type: 'cancel', runId: '' }), error: 'client message rejected at runId: Too small: expected string to have >=1 characters' },
    { name: 'input over 16 KiB', raw: json({ type: 'input', runId: 'run-1', data: 'y'.repeat(16 * 1024 + 1) }), error: 'client message rejected at data: Too big: expected string to have <=16384 characters' },
  ], (c) => c.name))('%s', (_, { raw, error }) => {
    expect(parseClientMessage(raw)).toEqual({ ok: false, error })
  })
})

describe('parseServerMessage', () => {
  const container = { id: 'a'.repeat(64), name: 'deck-redis', image: 'redis', state: 'running', createdAt: 1761234567000 }

  it.each(titled([
    { name: 'a hello', message: { type: 'hello', protocol: 1, runnerVersion: '0.1.0', instance: 'c2f0b8a4-1d2e-4f5a-9b6c-7d8e9f0a1b2c', engine: { reachable: true, version: '29.0.0' }, containers: [container], capability: 'full' } },
    { name: 'a read-only follower\'s hello, with the lecturer\'s position', message: { type: 'hello', protocol: 1, runnerVersion: '0.1.0', instance: 'i', engine: { reachable: true }, containers: [], capability: 'read-only', position: { slide: 7, click: 2 } } },
    { name: 'a position', message: { type: 'position', position: { slide: 12, click: 0 } } },
    { name: 'a started reply', message: { type: 'started', requestId: 'q1', runId: 'run-1', key: 'slide-3-block-1' } },
    { name: 'an error that names its request', message: { type: 'error', requestId: 'q2', code: 'internal', message: 'The runner failed to handle "reset"' } },
    { name: 'an error about no request', message: { type: 'error', code: 'bad-message', message: 'client message is not JSON' } },
    { name: 'a started run event', message: { type: 'run-event', runId: 'run-1', event: { kind: 'started', seq: 0, key: 'k', line: 'docker ps', resolvedLine: 'docker ps', notices: [{ kind: 'scoped', text: 'Scoped' }], tty: false, startedAt: 1 } } },
    { name: 'an output run event', message: { type: 'run-event', runId: 'run-1', event: { kind: 'output', seq: 1, stream: 'stdout', data: 'CONTAINER ID\n', at: 1761234567123.25 } } },
    { name: 'an ended run event', message: { type: 'run-event', runId: 'run-1', event: { kind: 'ended', seq: 2, exitCode: 137, signal: null, durationMs: 12.5, reason: 'cancelled' } } },
    { name: 'a refusal', message: { type: 'refused', requestId: 'q1', line: 'docker run --privileged alpine', refusal: { code: 'denied-flag', message: '--privileged is refused', subject: '--privileged' } } },
    { name: 'a lifecycle event', message: { type: 'lifecycle', event: { containerId: 'abc', action: 'die', exitCode: 0, timeNano: '1761234567000000000' } } },
    { name: 'a reset-done', message: { type: 'reset-done', requestId: 'q3', removed: ['abc'] } },
  ], (c) => c.name))('accepts %s', (_, { message }) => {
    expect(parseServerMessage(json(message))).toEqual({ ok: true, value: message })
  })

  it.each(titled([
    { name: 'a frame that is not JSON', raw: '<html>', error: 'runner message is not JSON' },
    { name: 'a hello of another protocol version', raw: json({ type: 'hello', protocol: 2, runnerVersion: '1', instance: 'i', engine: { reachable: true }, containers: [] }), error: 'runner message rejected at protocol: Invalid input: expected 1' },
    { name: 'a hello without the runner instance', raw: json({ type: 'hello', protocol: 1, runnerVersion: '1', engine: { reachable: true }, containers: [] }), error: 'runner message rejected at instance: Invalid input: expected string, received undefined' },
    { name: 'a started reply without its request id', raw: json({ type: 'started', runId: 'run-1', key: 'k' }), error: 'runner message rejected at requestId: Invalid input: expected string, received undefined' },
    { name: 'an error without a message', raw: json({ type: 'error', code: 'busy' }), error: 'runner message rejected at message: Invalid input: expected string, received undefined' },
    { name: 'an unknown run event kind', raw: json({ type: 'run-event', runId: 'r', event: { kind: 'exploded', seq: 1 } }), error: 'runner message rejected at event.kind: Invalid input' },
    { name: 'output on an unknown stream', raw: json({ type: 'run-event', runId: 'r', event: { kind: 'output', seq: 1, stream: 'tty', data: 'x', at: 1 } }), error: 'runner message rejected at event.stream: Invalid option: expected one of "stdout"|"stderr"|"pty"|"stdin"' },
    { name: 'an unknown notice kind', raw: json({ type: 'resolved', requestId: 'q', line: 'l', resolvedLine: 'l', notices: [{ kind: 'secret', text: 't' }] }), error: 'runner message rejected at notices.0.kind: Invalid option: expected one of "label"|"scoped"|"limits"|"loopback"|"resolved"|"confirm"' },
    { name: 'a container in an unknown state', raw: json({ type: 'containers', containers: [{ ...container, state: 'zombie' }] }), error: 'runner message rejected at containers.0.state: Invalid option: expected one of "created"|"running"|"paused"|"exited"|"removed"' },
    { name: 'an unknown type', raw: json({ type: 'shutdown' }), error: 'runner message rejected at type: Invalid input' },
  ], (c) => c.name))('rejects %s', (_, { raw, error }) => {
    expect(parseServerMessage(raw)).toEqual({ ok: false, error })
  })
})

describe('requestIdOf', () => {
  it.each(titled([
    { name: 'a valid request', raw: json(run), id: 'q1' },
    { name: 'a request the schema rejects', raw: json({ ...run, extra: true }), id: 'q1' },
    { name: 'a message of an unknown type', raw: json({ type: 'launch', requestId: 'q9' }), id: 'q9' },
  ], (c) => c.name))('finds the id of %s', (_, { raw, id }) => {
    expect(requestIdOf(raw)).toBe(id)
  })

  it.each(titled([
    { name: 'a frame that is not JSON', raw: '{"type": "run", ' },
    { name: 'a message without one', raw: json({ type: 'cancel', runId: 'r' }) },
    { name: 'a numeric id', raw: json({ ...run, requestId: 5 }) },
    { name: 'an id over 64 characters', raw: json({ ...run, requestId: 'q'.repeat(65) }) },
    { name: 'JSON null', raw: 'null' },
  ], (c) => c.name))('finds none in %s', (_, { raw }) => {
    expect(requestIdOf(raw)).toBeUndefined()
  })
})
