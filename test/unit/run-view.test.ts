// What a run's events mean for its block: phase, output in order, the exit
// line's code and meaning (Korean, and English as the second language), the
// runner's notices.
import { afterEach, describe, expect, it } from 'vitest'
import { exitLineOf, exitMeaning, formatDuration, interruptPending, viewOf } from '../../components/model/run-view.ts'
import { setLanguage } from '../../lib/i18n/index.ts'
import type { EndReason, Notice, RunEvent } from '../../lib/protocol.ts'

const notices: Notice[] = [
  { kind: 'label', text: 'Labelled as the deck\'s container.' },
  { kind: 'scoped', text: 'Scoped to the deck\'s containers.' },
]
const started = (tty = false, extra: Notice[] = notices): RunEvent => ({
  kind: 'started', seq: 0, key: 's3-abc', line: 'docker ps -a', resolvedLine: 'docker ps -a --filter label=docker-live-deck.owned=true', notices: extra, tty, startedAt: 1_700_000_000_000,
})
const output = (seq: number, data: string, stream: 'stdout' | 'stderr' | 'pty' | 'stdin' = 'stdout'): RunEvent => ({ kind: 'output', seq, stream, data, at: 1_700_000_000_000 + seq })
const ended = (seq: number, exitCode: number | null, reason: EndReason = 'exited', signal: string | null = null, durationMs = 1234): RunEvent => ({ kind: 'ended', seq, exitCode, signal, durationMs, reason })

describe('viewOf', () => {
  it('is idle with no events', () => {
    expect(viewOf([])).toEqual({ phase: 'idle', tty: false, stdin: false, resolvedLine: undefined, notices: [], output: [], exit: undefined })
  })

  it('is running once started, with the resolved line and the notices', () => {
    expect(viewOf([started()])).toEqual({
      phase: 'running', tty: false, stdin: false, resolvedLine: 'docker ps -a --filter label=docker-live-deck.owned=true', notices, output: [], exit: undefined,
    })
  })

  it('takes input when the run says so (-i without -t), and keeps typed lines apart from the output', () => {
    const view = viewOf([{ ...started(), stdin: true } as RunEvent, output(1, 'ping\n', 'stdin'), output(2, 'PONG\n')])
    expect(view.stdin).toBe(true)
    expect(view.output).toEqual([{ stream: 'stdin', text: 'ping\n' }, { stream: 'stdout', text: 'PONG\n' }])
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

  it.each(['interrupted', 'cancelled', 'timeout', 'output-cap', 'disconnected', 'spawn-error', 'runner-stopped'] as const)('is stopped when the run ended by %s', (reason) => {
    const view = viewOf([started(), ended(1, null, reason, 'SIGTERM', 30_000)])
    expect(view.phase).toBe('stopped')
    expect(view.exit).toEqual({ code: null, signal: 'SIGTERM', durationMs: 30_000, reason })
  })

  it('puts the runner\'s notices in the output where they happened, with the reason the run ended', () => {
    const view = viewOf([
      started(), output(1, '64 bytes from 127.0.0.1'),
      { kind: 'notice', seq: 2, text: 'Output cap reached: stopped after 1 MiB.', reason: 'output-cap' },
      ended(3, null, 'output-cap', 'SIGKILL'),
    ])
    expect(view.phase).toBe('stopped')
    expect(view.output).toEqual([
      { stream: 'stdout', text: '64 bytes from 127.0.0.1' },
      { stream: 'notice', text: 'Output cap reached: stopped after 1 MiB.', reason: 'output-cap' },
    ])
  })

  it('is running with a Ctrl-C pending until the run ends after it', () => {
    const sent = [started(), { kind: 'notice', seq: 1, text: 'Sent SIGINT.', reason: 'interrupted' } as const]
    expect(interruptPending([started()])).toBe(false)
    expect(interruptPending(sent)).toBe(true)
    expect(interruptPending([...sent, ended(2, 0, 'interrupted')])).toBe(false)
  })

  it('shows a cancelled run\'s notice and a stop reason of cancelled', () => {
    const view = viewOf([started(), { kind: 'notice', seq: 1, text: 'Stopped by the presenter.', reason: 'cancelled' }, ended(2, 130, 'cancelled')])
    expect(view).toMatchObject({ phase: 'stopped', exit: { code: 130, reason: 'cancelled' }, output: [{ stream: 'notice', text: 'Stopped by the presenter.', reason: 'cancelled' }] })
  })
})

afterEach(() => setLanguage('ko'))

describe('exitMeaning', () => {
  it.each([
    [0, '성공'],
    [1, '명령어가 실패했습니다 (일반 오류)'],
    [125, '도커 자체가 실패했습니다 (잘못된 옵션, 이미지 또는 데몬 오류)'],
    [126, '명령어를 찾았지만 실행할 수 없습니다'],
    [127, '컨테이너 안에서 명령어를 찾을 수 없습니다'],
    [137, 'SIGKILL로 강제 종료됨 (128 + 9): docker kill, 유예 시간이 지난 docker stop, 또는 메모리 부족'],
    [143, 'SIGTERM으로 종료됨 (128 + 15): 정상적인 docker stop'],
  ])('explains exit code %i in Korean', (code, meaning) => {
    expect(exitMeaning(code)).toBe(meaning)
  })

  it('gives each of the chapter\'s codes its own explanation, in both languages', () => {
    expect(new Set([0, 1, 125, 126, 127, 137, 143].map(exitMeaning)).size).toBe(7)
    setLanguage('en')
    expect(new Set([0, 1, 125, 126, 127, 137, 143].map(exitMeaning)).size).toBe(7)
  })

  it('names the ways 137 happens and the arithmetic behind it, in English too', () => {
    setLanguage('en')
    expect(exitMeaning(0)).toBe('success')
    expect(exitMeaning(127)).toBe('the command was not found in the container')
    expect(exitMeaning(137)).toBe('killed by SIGKILL (128 + 9): docker kill, stop after the grace period, or out of memory')
    expect(exitMeaning(143)).toBe('terminated by SIGTERM (128 + 15): a graceful docker stop')
  })

  it('names the signal of other codes above 128', () => {
    expect(exitMeaning(130)).toBe('종료됨: 시그널 2 (128 + 2)')
    expect(exitMeaning(139)).toBe('종료됨: 시그널 11 (128 + 11)')
    setLanguage('en')
    expect(exitMeaning(130)).toBe('ended by signal 2')
  })

  it('says a command reported an error for other codes', () => {
    expect(exitMeaning(2)).toBe('명령어가 오류로 끝났습니다')
    expect(exitMeaning(128)).toBe('명령어가 오류로 끝났습니다')
    setLanguage('en')
    expect(exitMeaning(2)).toBe('the command reported an error')
  })

  it('says there is no code when the process was stopped', () => {
    expect(exitMeaning(null)).toBe('프로세스가 중지되어 종료 코드가 없습니다')
    setLanguage('en')
    expect(exitMeaning(null)).toBe('no exit code: the process was stopped')
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [85, '85ms'],
    [84.6, '85ms'],
    [999, '999ms'],
    [1000, '1.0초'],
    [1234, '1.2초'],
    [11_681, '11.7초'],
    [90_000, '90.0초'],
  ])('shows %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  it('writes English units in English', () => {
    setLanguage('en')
    expect([85, 1234].map(formatDuration)).toEqual(['85 ms', '1.2 s'])
  })
})

describe('exitLineOf', () => {
  const exit = (code: number | null, reason: string, signal: string | null = null, durationMs = 1234) => ({ code, signal, durationMs, reason })

  it('is a success for exit 0, with the code, its meaning and the time', () => {
    expect(exitLineOf(exit(0, 'exited'))).toEqual({ outcome: 'success', text: '종료 코드 0 · 성공 · 1.2초', title: undefined })
  })

  it.each([1, 125, 126, 127, 137, 143])('is an error for exit %i', (code) => {
    expect(exitLineOf(exit(code, 'exited'))).toMatchObject({ outcome: 'error', text: `종료 코드 ${code} · ${exitMeaning(code)} · 1.2초` })
  })

  it('after Ctrl-C is neutral and keeps the code the container answered with, its meaning on hover', () => {
    expect(exitLineOf(exit(0, 'interrupted', null, 2_100))).toEqual({ outcome: 'stopped', text: 'Ctrl-C로 중지 · 종료 코드 0 · 2.1초', title: '성공' })
    expect(exitLineOf(exit(null, 'interrupted', 'SIGINT', 300))).toMatchObject({ outcome: 'stopped', text: 'Ctrl-C로 중지 · 시그널 SIGINT · 300ms' })
  })

  it('is a neutral "중지됨" when the lecturer stopped a long demo, whatever its code or signal', () => {
    for (const [code, signal] of [[null, 'SIGTERM'], [130, null], [137, null]] as const) {
      expect(exitLineOf(exit(code, 'cancelled', signal, 11_300))).toEqual({ outcome: 'stopped', text: '중지됨 · 11.3초', title: '실행을 도중에 중지했습니다. 오류가 아닙니다.' })
    }
    setLanguage('en')
    expect(exitLineOf(exit(null, 'cancelled', 'SIGTERM', 85)).text).toBe('stopped · 85 ms')
  })

  it.each([
    ['timeout', '시간 제한으로 중지됨'],
    ['output-cap', '출력 한도를 넘어 중지됨'],
    ['disconnected', '보던 창이 모두 닫혀 중지됨'],
    ['spawn-error', '시작하지 못함'],
    ['runner-stopped', '러너가 종료되어 중지됨'],
    ['engine-lost', '도커 엔진과 연결이 끊겨 중지됨'],
  ])('says why the runner stopped a run (%s), as an error', (reason, words) => {
    expect(exitLineOf(exit(null, reason, 'SIGKILL', 30_000))).toEqual({ outcome: 'error', text: `${words} · 30.0초`, title: undefined })
    expect(exitLineOf(exit(137, reason, null, 30_000))).toMatchObject({ outcome: 'error', text: `${words} · 종료 코드 137 · 30.0초` })
  })

  it('names the signal when a process ended without a code', () => {
    expect(exitLineOf(exit(null, 'exited', 'SIGTERM', 85)).text).toBe('시그널 SIGTERM · 프로세스가 중지되어 종료 코드가 없습니다 · 85ms')
    setLanguage('en')
    expect(exitLineOf(exit(null, 'exited', 'SIGTERM', 85)).text).toBe('exit SIGTERM · no exit code: the process was stopped · 85 ms')
    expect(exitLineOf(exit(127, 'exited')).text).toBe('exit 127 · the command was not found in the container · 1.2 s')
  })
})
