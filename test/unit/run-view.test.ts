// What a run's events mean for its block: phase, output in order, the exit
// line's code and meaning, the runner's notices.
import { describe, expect, it } from 'vitest'
import { exitMeaning, formatDuration, viewOf } from '../../components/run-view.ts'
import type { EndReason, Notice, RunEvent } from '../../lib/protocol.ts'

const notices: Notice[] = [
  { kind: 'label', text: 'Labelled as the deck\'s container.' },
  { kind: 'scoped', text: 'Scoped to the deck\'s containers.' },
]
const started = (tty = false, extra: Notice[] = notices): RunEvent => ({
  kind: 'started', seq: 0, key: 's3-abc', line: 'docker ps -a', resolvedLine: 'docker ps -a --filter label=docker-live-deck.owned=true', notices: extra, tty, startedAt: 1_700_000_000_000,
})
const output = (seq: number, data: string, stream: 'stdout' | 'stderr' | 'pty' = 'stdout'): RunEvent => ({ kind: 'output', seq, stream, data, at: 1_700_000_000_000 + seq })
const ended = (seq: number, exitCode: number | null, reason: EndReason = 'exited', signal: string | null = null, durationMs = 1234): RunEvent => ({ kind: 'ended', seq, exitCode, signal, durationMs, reason })

describe('viewOf', () => {
  it('is idle with no events', () => {
    expect(viewOf([])).toEqual({ phase: 'idle', tty: false, resolvedLine: undefined, notices: [], output: [], exit: undefined })
  })

  it('is running once started, with the resolved line and the notices', () => {
    expect(viewOf([started()])).toEqual({
      phase: 'running', tty: false, resolvedLine: 'docker ps -a --filter label=docker-live-deck.owned=true', notices, output: [], exit: undefined,
    })
  })

  it('is running (not idle) even before the started event arrives', () => {
    expect(viewOf([output(1, 'early\n')]).phase).toBe('running')
  })

  it('keeps output chunks in arrival order, stderr included and marked', () => {
    const view = viewOf([started(), output(1, 'CONTAINER ID   IMAGE\n'), output(2, 'warning: x\n', 'stderr'), output(3, 'abc123   alpine\n')])
    expect(view.phase).toBe('running')
    expect(view.output).toEqual([
      { stream: 'stdout', text: 'CONTAINER ID   IMAGE\n' },
      { stream: 'stderr', text: 'warning: x\n' },
      { stream: 'stdout', text: 'abc123   alpine\n' },
    ])
    expect(view.output.map((part) => part.text).join('')).toBe('CONTAINER ID   IMAGE\nwarning: x\nabc123   alpine\n')
  })

  it('marks a terminal run as tty and keeps its pty output', () => {
    const view = viewOf([started(true), output(1, '/ # ', 'pty')])
    expect(view.tty).toBe(true)
    expect(view.output).toEqual([{ stream: 'pty', text: '/ # ' }])
  })

  it('keeps the notices of the started event whatever comes after', () => {
    const scoped: Notice[] = [{ kind: 'scoped', text: 'Only the deck\'s containers.' }, { kind: 'limits', text: 'Default limits added.' }]
    expect(viewOf([started(false, scoped), output(1, 'x'), ended(2, 0)]).notices).toEqual(scoped)
  })

  it.each([0, 1, 125, 126, 127, 137, 143])('is exited with code %i, keeping its signal, duration and reason', (code) => {
    const view = viewOf([started(), output(1, 'out\n'), ended(2, code, 'exited', null, 850)])
    expect(view.phase).toBe('exited')
    expect(view.exit).toEqual({ code, signal: null, durationMs: 850, reason: 'exited' })
    expect(view.output).toEqual([{ stream: 'stdout', text: 'out\n' }])
  })

  it.each(['cancelled', 'timeout', 'output-cap', 'disconnected', 'spawn-error', 'runner-stopped'] as const)('is stopped when the run ended by %s', (reason) => {
    const view = viewOf([started(), ended(1, null, reason, 'SIGTERM', 30_000)])
    expect(view.phase).toBe('stopped')
    expect(view.exit).toEqual({ code: null, signal: 'SIGTERM', durationMs: 30_000, reason })
  })

  it('puts the runner\'s notices in the output, on their own lines, where they happened', () => {
    const view = viewOf([
      started(), output(1, '64 bytes from 127.0.0.1'),
      { kind: 'notice', seq: 2, text: 'Output cap reached: stopped after 1 MiB.', reason: 'output-cap' },
      ended(3, null, 'output-cap', 'SIGKILL'),
    ])
    expect(view.phase).toBe('stopped')
    expect(view.output).toEqual([
      { stream: 'stdout', text: '64 bytes from 127.0.0.1' },
      { stream: 'notice', text: '\nOutput cap reached: stopped after 1 MiB.\n' },
    ])
  })

  it('shows a cancelled run\'s notice and a stop reason of cancelled', () => {
    const view = viewOf([started(), { kind: 'notice', seq: 1, text: 'Stopped by the presenter.', reason: 'cancelled' }, ended(2, 130, 'cancelled')])
    expect(view).toMatchObject({ phase: 'stopped', exit: { code: 130, reason: 'cancelled' }, output: [{ stream: 'notice', text: '\nStopped by the presenter.\n' }] })
  })
})

describe('exitMeaning', () => {
  it.each([
    [0, /^success$/],
    [1, /failed/],
    [125, /docker itself failed/],
    [126, /could not be executed/],
    [127, /not found/],
    [137, /SIGKILL/],
    [143, /SIGTERM/],
  ])('explains exit code %i', (code, words) => {
    expect(exitMeaning(code)).toMatch(words)
  })

  it('gives each of the chapter\'s codes its own explanation', () => {
    const meanings = [0, 1, 125, 126, 127, 137, 143].map(exitMeaning)
    expect(new Set(meanings).size).toBe(7)
  })

  it('names the ways 137 happens and the arithmetic behind it', () => {
    expect(exitMeaning(137)).toBe('killed by SIGKILL (128 + 9): docker kill, stop after the grace period, or out of memory')
    expect(exitMeaning(143)).toBe('terminated by SIGTERM (128 + 15): a graceful docker stop')
  })

  it('names the signal of other codes above 128', () => {
    expect(exitMeaning(130)).toBe('ended by signal 2')
    expect(exitMeaning(139)).toBe('ended by signal 11')
  })

  it('says a command reported an error for other codes', () => {
    expect(exitMeaning(2)).toBe('the command reported an error')
    expect(exitMeaning(128)).toBe('the command reported an error')
  })

  it('says there is no code when the process was stopped', () => {
    expect(exitMeaning(null)).toBe('no exit code: the process was stopped')
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [85, '85 ms'],
    [84.6, '85 ms'],
    [999, '999 ms'],
    [1000, '1.0 s'],
    [1234, '1.2 s'],
    [11_681, '11.7 s'],
    [90_000, '90.0 s'],
  ])('shows %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})
