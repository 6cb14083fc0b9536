// @vitest-environment happy-dom
// Run.vue as a student sees it, in Korean: live (Run, Stop, Edit, streamed
// output, exit line, refusals, notices) with a fake runner connection, and
// recorded (the committed output, Replay over time, Skip) with no client call
// at all. The last block checks the English UI, the second language.
import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { shallowReactive } from 'vue'
import type { Cast } from '../../lib/asciicast.ts'
import type { BlockRecording } from '../../lib/block-recording.ts'
import type { RunState } from '../../lib/client/client.ts'
import { setLanguage } from '../../lib/i18n/index.ts'
import type { EndReason, Notice, RunEvent } from '../../lib/protocol.ts'
import { TERMINAL_SIZE } from '../../lib/terminal-size.ts'
import LifecycleView from '../../components/LifecycleView.vue'
import Run from '../../components/Run.vue'
import { LatestRuns } from '../../composables/useRunner.ts'
import { inventoryOf } from '../../lib/self-study/inventory.ts'
import { Prediction } from '../../lib/self-study/prediction.ts'
import { QUESTIONS_KEY } from '../../lib/self-study/settings.ts'
import { provideFreshSelfStudy } from './fresh-self-study.ts'
import { configs, printMode } from './slidev-stub.ts'

const fake = vi.hoisted(() => ({ runner: undefined as unknown, recordings: undefined as unknown, inventory: undefined as unknown }))
vi.mock('../../composables/useRunner', async (importOriginal) => ({ ...await importOriginal<object>(), useRunner: () => fake.runner }))
vi.mock('../../composables/useRecordings', () => ({ useRecordings: () => fake.recordings }))
vi.mock('../../components/RunTerminal.vue', async () => ({ default: (await import('./terminal-stub.ts')).TerminalStub }))
vi.mock('@slidev/client', async () => (await import('./slidev-stub.ts')).slidevClient)
vi.mock('../../composables/useSelfStudyInventory', async () => {
  const empty = (await import('./deck-self-study-stub.ts')).default
  return { useSelfStudyInventory: () => fake.inventory ?? empty }
})

const KEY = 's3-abc'
const LINE = 'docker run hello-world'
const SIZE = { size: TERMINAL_SIZE }

function fakeRunner(status: 'live' | 'recorded') {
  const state = shallowReactive({ status, engine: undefined, message: '', containers: [], lifecycle: [], tallies: {} })
  const client = {
    run: vi.fn(async (_key: string, _line: string, _options?: unknown): Promise<{ runId: string } | { refusal: { code: string; message: string } }> => ({ runId: 'run-1' })),
    reveal: vi.fn(),
    interrupt: vi.fn(),
    cancel: vi.fn(),
    input: vi.fn(),
    resize: vi.fn(),
  }
  return { state, client, runs: new LatestRuns(), run: { runId: 'run-1', key: KEY, events: [] } as RunState }
}
let runner: ReturnType<typeof fakeRunner>

/** What useRunner does on a run-event: the client keeps it in its run, the store takes the run as it now stands. */
function emit(...events: RunEvent[]): void {
  for (const event of events) {
    runner.run.events.push(event)
    runner.runs.record(runner.run, event)
  }
}

const LABEL: Notice = { kind: 'label', text: 'Labelled as the deck\'s container.' }
const LIMITS: Notice = { kind: 'limits', text: 'Default limits added: --pids-limit 256 --memory 512m --cpus 1.' }
const SCOPED: Notice = { kind: 'scoped', text: 'Scoped to the deck\'s containers: --filter label=docker-live-deck.owned=true.' }
const started = (notices: Notice[] = [LABEL, LIMITS], tty = false): RunEvent => ({
  kind: 'started', seq: 0, key: KEY, line: LINE, resolvedLine: `${LINE} --label docker-live-deck.owned=true`, notices, tty, startedAt: 1_700_000_000_000,
})
let seq = 1
const out = (data: string, stream: 'stdout' | 'stderr' | 'pty' = 'stdout'): RunEvent => ({ kind: 'output', seq: seq++, stream, data, at: 1_700_000_000_000 + seq })
const ended = (exitCode: number | null, reason: EndReason = 'exited', signal: string | null = null, durationMs = 1234): RunEvent => ({ kind: 'ended', seq: seq++, exitCode, signal, durationMs, reason })

enableAutoUnmount(afterEach)
const selfStudy = provideFreshSelfStudy(() => configs)
afterEach(() => {
  vi.useRealTimers()
  fake.inventory = undefined
  localStorage.clear()
  selfStudy.forget()
  document.body.innerHTML = ''
  printMode.value = false
  setLanguage('ko')
})

function mountRun(line = LINE): VueWrapper {
  return mount(Run, {
    props: { line, blockKey: KEY },
    slots: { default: `<pre class="shiki"><code>${line}</code></pre>` },
    attachTo: document.body,
  })
}

describe('Run.vue, live', () => {
  beforeEach(() => {
    runner = fakeRunner('live')
    fake.runner = runner
    fake.recordings = { recording: vi.fn(() => undefined), onSlide: () => [], replaying: shallowReactive(new Map()) }
    seq = 1
  })

  describe('idle', () => {
    it('shows the code with a Run and an Edit button, and no output', () => {
      const wrapper = mountRun()
      expect(wrapper.get('.run-block').attributes()).toMatchObject({ 'data-phase': 'idle', 'data-mode': 'live', 'data-key': KEY, tabindex: '0', lang: 'ko', role: 'group' })
      expect(wrapper.get('.run-block').attributes('aria-label')).toBe(`명령어 ${LINE}: Enter로 실행`)
      expect(wrapper.get('.run-code').text()).toBe(LINE)
      expect(wrapper.get('.run-button').text()).toBe('▶ 실행')
      expect(wrapper.get('.edit-button').text()).toBe('편집')
      expect(wrapper.find('.stop-button').exists()).toBe(false)
      expect(wrapper.find('pre.run-output').exists()).toBe(false)
      expect(wrapper.find('.run-exit').exists()).toBe(false)
      expect(wrapper.find('.run-recorded').exists()).toBe(false)
    })

    it('runs the block\'s line under its key when Run is clicked', async () => {
      const wrapper = mountRun()
      await wrapper.get('.run-button').trigger('click')
      expect(runner.client.run).toHaveBeenCalledExactlyOnceWith(KEY, LINE, SIZE)
    })

    it('runs the block when Enter is pressed on it', async () => {
      const wrapper = mountRun()
      const block = wrapper.get('.run-block')
      ;(block.element as HTMLElement).focus()
      expect(document.activeElement).toBe(block.element)
      await block.trigger('keydown', { key: 'a' })
      expect(runner.client.run).not.toHaveBeenCalled()
      await block.trigger('keydown', { key: 'Enter' })
      expect(runner.client.run).toHaveBeenCalledExactlyOnceWith(KEY, LINE, SIZE)
    })
  })

  describe('running', () => {
    it('shows Stop instead of Run and Edit, and says it runs', () => {
      emit(started())
      const wrapper = mountRun()
      expect(wrapper.get('.run-block').attributes('data-phase')).toBe('running')
      expect(wrapper.get('.stop-button').text()).toBe('■ 중지')
      expect(wrapper.find('.run-button').exists()).toBe(false)
      expect(wrapper.find('.edit-button').exists()).toBe(false)
      expect(wrapper.get('.run-live').text()).toBe('실행 중…')
    })

    it('sends Ctrl-C (interrupt) by the run\'s id when Stop is clicked, and cancels nothing', async () => {
      emit(started())
      const wrapper = mountRun()
      expect(wrapper.get('.stop-button').attributes()).toMatchObject({ 'data-action': 'interrupt', title: expect.stringContaining('Ctrl-C') })
      await wrapper.get('.stop-button').trigger('click')
      expect(runner.client.interrupt).toHaveBeenCalledExactlyOnceWith('run-1')
      expect(runner.client.cancel).not.toHaveBeenCalled()
    })

    it('after Ctrl-C, offers the forced stop at once and says why after 3 s; the forced stop cancels', async () => {
      vi.useFakeTimers()
      emit(started(), out('64 bytes from 127.0.0.1\n'), { kind: 'notice', seq: seq++, text: 'Sent SIGINT, as Ctrl-C in a terminal does.', reason: 'interrupted' })
      const wrapper = mountRun()
      expect(wrapper.get('.stop-button').text()).toBe('■ 강제 종료')
      expect(wrapper.get('.stop-button').attributes('data-action')).toBe('force')
      expect(wrapper.get('pre.run-output .run-notice-text').text()).toContain('SIGINT를 보냈습니다')
      expect(wrapper.find('.run-sigint-ignored').exists()).toBe(false)
      await vi.advanceTimersByTimeAsync(3_100)
      expect(wrapper.get('.run-sigint-ignored').text()).toContain('PID 1에 SIGINT 처리기가 없으면')
      await wrapper.get('.stop-button').trigger('click')
      expect(runner.client.cancel).toHaveBeenCalledExactlyOnceWith('run-1')
      expect(runner.client.interrupt).not.toHaveBeenCalled()
    })

    it('a run that ended after Ctrl-C reads "Ctrl-C로 중지" with its exit code, neutral, and the note is gone', async () => {
      vi.useFakeTimers()
      emit(started(), { kind: 'notice', seq: seq++, text: 'Sent SIGINT.', reason: 'interrupted' })
      const wrapper = mountRun()
      await vi.advanceTimersByTimeAsync(3_100)
      emit(ended(0, 'interrupted', null, 2100))
      await wrapper.vm.$nextTick()
      expect(wrapper.get('.run-exit').text()).toBe('Ctrl-C로 중지 · 종료 코드 0 · 2.1초')
      expect(wrapper.get('.run-exit').attributes('data-outcome')).toBe('stopped')
      expect(wrapper.get('.run-block').attributes('data-phase')).toBe('stopped')
      expect(wrapper.find('.run-sigint-ignored').exists()).toBe(false)
    })

    it('in a terminal, Stop closes it (cancel): Ctrl-C is the student\'s own key there', async () => {
      emit(started(undefined, true))
      const wrapper = mountRun()
      expect(wrapper.get('.stop-button').attributes('data-action')).toBe('close')
      await wrapper.get('.stop-button').trigger('click')
      expect(runner.client.cancel).toHaveBeenCalledExactlyOnceWith('run-1')
      expect(runner.client.interrupt).not.toHaveBeenCalled()
    })

    it('does not start a second run on Enter', async () => {
      emit(started())
      const wrapper = mountRun()
      await wrapper.get('.run-block').trigger('keydown', { key: 'Enter' })
      expect(runner.client.run).not.toHaveBeenCalled()
    })

    it('switches from Run to Stop as the run\'s first event arrives', async () => {
      const wrapper = mountRun()
      await wrapper.get('.run-button').trigger('click')
      emit(started())
      await wrapper.vm.$nextTick()
      expect(wrapper.find('.stop-button').exists()).toBe(true)
    })
  })

  describe('streaming', () => {
    it('shows output as text, in order, as it arrives, stderr included', async () => {
      emit(started(), out('Hello from Docker!\n'))
      const wrapper = mountRun()
      expect(wrapper.get('pre.run-output').text()).toBe('Hello from Docker!')
      emit(out('warning: no such thing\n', 'stderr'), out('This message shows that your installation appears to be working correctly.\n'))
      await wrapper.vm.$nextTick()
      expect((wrapper.get('pre.run-output').element as HTMLElement).textContent)
        .toBe('Hello from Docker!\nwarning: no such thing\nThis message shows that your installation appears to be working correctly.\n')
    })

    it('lets the keyboard reach the output box to scroll it, and Enter there does not run the block again', async () => {
      emit(started(), out('Hello from Docker!\n'), ended(0))
      const wrapper = mountRun()
      const output = wrapper.get('pre.run-output')
      expect(output.attributes('tabindex')).toBe('0')
      await output.trigger('keydown', { key: 'Enter' })
      expect(runner.client.run).not.toHaveBeenCalled()
    })

    it('renders ANSI colours as spans, without the escape codes', () => {
      emit(started(), out('plain \u001b[31mred\u001b[0m \u001b[1;32mbold green\u001b[0m\n'))
      const pre = mountRun().get('pre.run-output')
      // One element per chunk (the live region reads out only what is new); colours are spans inside it.
      expect(pre.findAll(':scope > span')).toHaveLength(1)
      const spans = pre.findAll('span[style]')
      expect(spans.map((span) => span.text())).toEqual(['red', 'bold green'])
      expect(spans[0]!.attributes('style')).toMatch(/color:\s*rgb\(187,\s*0,\s*0\)/)
      expect(spans[1]!.attributes('style')).toMatch(/font-weight:\s*bold/)
      expect(pre.text()).toBe('plain red bold green')
      expect(pre.element.innerHTML).not.toContain('\u001b')
    })

    it('shows HTML in the output as text, never as markup', () => {
      emit(started(), out('<script>alert(1)</script><b>bold?</b> & more\n'))
      const pre = mountRun().get('pre.run-output')
      expect(pre.text()).toBe('<script>alert(1)</script><b>bold?</b> & more')
      expect(pre.find('script').exists()).toBe(false)
      expect(pre.find('b').exists()).toBe(false)
      expect(pre.element.innerHTML).toContain('&lt;script&gt;')
    })

    it('opens the terminal for a tty run instead of the output box', () => {
      emit(started([LABEL], true), out('/ # ', 'pty'))
      const wrapper = mountRun()
      expect(wrapper.get('.terminal-stub').attributes()).toMatchObject({ 'data-run-id': 'run-1', 'data-events': '2', 'data-client': 'yes' })
      expect(wrapper.find('pre.run-output').exists()).toBe(false)
    })
  })

  describe('exited', () => {
    it.each([
      [0, '성공', 'success'],
      [1, '명령어가 실패했습니다 (일반 오류)', 'error'],
      [125, '도커 자체가 실패했습니다 (잘못된 옵션, 이미지 또는 데몬 오류)', 'error'],
      [126, '명령어를 찾았지만 실행할 수 없습니다', 'error'],
      [127, '컨테이너 안에서 명령어를 찾을 수 없습니다', 'error'],
      [137, 'SIGKILL로 강제 종료됨 (128 + 9): docker kill, 유예 시간이 지난 docker stop, 또는 메모리 부족', 'error'],
      [143, 'SIGTERM으로 종료됨 (128 + 15): 정상적인 docker stop', 'error'],
    ])('shows exit %i with its meaning and the time it took', (code, meaning, outcome) => {
      emit(started(), out('output\n'), ended(code))
      const wrapper = mountRun()
      expect(wrapper.get('.run-block').attributes('data-phase')).toBe('exited')
      const exit = wrapper.get('.run-exit')
      expect(exit.text()).toBe(`종료 코드 ${code} · ${meaning} · 1.2초`)
      expect(exit.attributes()).toMatchObject({ 'data-exit': String(code), 'data-outcome': outcome })
      expect(wrapper.get('.run-button').text()).toBe('▶ 실행')
      expect(wrapper.find('.run-live').exists()).toBe(false)
      expect(wrapper.get('pre.run-output').text()).toBe('output')
    })
  })

  describe('stopped', () => {
    it('shows the stop notice in Korean in the output (the runner\'s words as detail) and a neutral "중지됨"', () => {
      emit(started(), out('64 bytes from 127.0.0.1\n'), { kind: 'notice', seq: seq++, text: 'Ended at once; the containers this run created were removed.', reason: 'cancelled' }, ended(null, 'cancelled', 'SIGTERM', 85))
      const wrapper = mountRun()
      expect(wrapper.get('.run-block').attributes('data-phase')).toBe('stopped')
      expect(wrapper.get('.run-exit').text()).toBe('중지됨 · 85ms')
      expect(wrapper.get('.run-exit').attributes()).toMatchObject({ 'data-exit': 'none', 'data-outcome': 'stopped', title: '실행을 도중에 중지했습니다. 오류가 아닙니다.' })
      expect(wrapper.get('pre.run-output .run-notice .run-notice-text').text()).toBe('실행을 바로 끝내고, 이 실행이 만든 컨테이너를 지웠습니다.')
      expect(wrapper.get('pre.run-output .run-notice [lang=en]').text()).toBe('— Ended at once; the containers this run created were removed.')
      expect(wrapper.get('pre.run-output').text()).toContain('64 bytes from 127.0.0.1')
      expect(wrapper.find('.run-button').exists()).toBe(true)
    })
  })

  describe('-i without -t', () => {
    it('offers a stdin line while it runs: Enter sends the line with Enter, Ctrl-D ends the input; typed lines show apart', async () => {
      emit({ ...started(), stdin: true } as RunEvent, out('ping\n', 'stdin' as 'stdout'), out('PONG\n'))
      const wrapper = mountRun()
      expect(wrapper.get('pre.run-output .run-typed').text()).toBe('ping')
      const line = wrapper.get('.run-stdin-line')
      expect(line.attributes('aria-label')).toBe('표준 입력(stdin)으로 보낼 한 줄')
      await line.setValue('get course')
      await wrapper.get('form.run-stdin').trigger('submit')
      expect(runner.client.input).toHaveBeenLastCalledWith('run-1', 'get course\r')
      expect((line.element as HTMLInputElement).value).toBe('')
      await line.setValue('last')
      await line.trigger('keydown', { key: 'd', ctrlKey: true })
      expect(runner.client.input.mock.calls.slice(-2)).toEqual([['run-1', 'last'], ['run-1', '\u0004']])
      expect(runner.client.run).not.toHaveBeenCalled()
    })

    it('has no stdin line without -i, or once the run has ended', async () => {
      emit(started())
      expect(mountRun().find('.run-stdin').exists()).toBe(false)
      emit({ ...started(), stdin: true } as RunEvent, ended(0))
      expect(mountRun().find('.run-stdin').exists()).toBe(false)
    })
  })

  describe('show-end', () => {
    it('anchors a finished output at its end, and not while it streams or without the mark', async () => {
      emit(started(), out('Ready to accept connections\n'))
      const marked = mount(Run, { props: { line: LINE, blockKey: KEY, showEnd: true }, attachTo: document.body })
      expect(marked.get('pre.run-output').attributes('data-show-end')).toBeUndefined()
      emit(out('Redis is now ready to exit, bye bye...\n'), ended(0))
      await marked.vm.$nextTick()
      expect(marked.get('pre.run-output').attributes('data-show-end')).toBe('')
      expect(marked.get('pre.run-output > .run-output-text').text()).toContain('bye bye')
      expect(mountRun().get('pre.run-output').attributes('data-show-end')).toBeUndefined()
    })
  })

  describe('refused', () => {
    it('shows the runner\'s refusal as an alert in Korean, chosen by its code, with the runner\'s words below, and clears it on the next run', async () => {
      runner.client.run.mockResolvedValueOnce({ refusal: { code: 'denied-flag', message: 'The flag --privileged is not allowed on a lecture deck.', subject: '--privileged' } as { code: string; message: string } })
      const wrapper = mountRun('docker run --privileged alpine')
      expect(wrapper.find('[role=alert]').exists()).toBe(false)
      await wrapper.get('.run-button').trigger('click')
      await flushPromises()
      const alert = wrapper.get('[role=alert]')
      expect(alert.get('.run-refused-text').text()).toBe('실행 거부: --privileged: 이 강의에서는 쓸 수 없는 옵션입니다. 호스트를 건드리거나 강의가 끝난 뒤에도 남는 옵션이기 때문입니다.')
      expect(alert.get('.runner-detail').attributes('lang')).toBe('en')
      expect(alert.get('.runner-detail').text()).toBe('The flag --privileged is not allowed on a lecture deck.')
      expect(alert.classes()).toContain('run-refused')
      await wrapper.get('.run-button').trigger('click')
      await flushPromises()
      expect(runner.client.run).toHaveBeenCalledTimes(2)
      expect(wrapper.find('[role=alert]').exists()).toBe(false)
    })
  })

  describe('notices', () => {
    it('shows what changed the command\'s meaning in Korean, with the runner\'s words, and folds label and limits under <details>', () => {
      const LISTED: Notice = { kind: 'scoped', text: '$(…) listed 2 of the deck\'s IDs: 1a2b3c4d5e6f, 6f5e4d3c2b1a' }
      emit(started([LABEL, SCOPED, LIMITS, LISTED]))
      const wrapper = mountRun('docker rm $(docker ps -a -q)')
      const shown = wrapper.findAll('ul.run-notices li')
      expect(shown.map((li) => li.attributes('data-kind'))).toEqual(['scoped'])
      expect(shown[0]!.text()).toMatch(/^이 강의가 만든 것만 대상이 되도록 범위를 좁혔습니다\. 여러분의 것은 그대로 남습니다\./)
      // The runner's English is the notice's tooltip, not a second sentence on the slide.
      expect(shown[0]!.findAll('.runner-detail')).toEqual([])
      expect(shown[0]!.get('.runner-said[lang=en]').attributes('title')).toBe(`${SCOPED.text} ${LISTED.text}`)
      const details = wrapper.get('details.run-routine')
      expect((details.element as HTMLDetailsElement).open).toBe(false)
      expect(details.get('summary').text()).toBe('러너가 추가한 것: 레이블, 자원 제한')
      expect(details.findAll('p').map((p) => [p.attributes('data-kind'), p.get('[lang=en]').text()])).toEqual([['label', LABEL.text], ['limits', LIMITS.text]])
      expect(details.findAll('p')[1]!.text()).toContain('기본 자원 제한(프로세스 수, 메모리, CPU)을 붙였습니다.')
      expect(wrapper.get('ul.run-notices').text()).not.toContain(LABEL.text)
    })

    it('shows no notice list when only routine notices came', () => {
      emit(started([LABEL, LIMITS]))
      const wrapper = mountRun()
      expect(wrapper.find('ul.run-notices').exists()).toBe(false)
      expect(wrapper.find('details.run-routine').exists()).toBe(true)
    })
  })

  describe('edit', () => {
    it('lets the command be changed before it runs', async () => {
      const wrapper = mountRun('docker ps')
      await wrapper.get('.edit-button').trigger('click')
      expect(wrapper.find('.run-code').exists()).toBe(false)
      expect(wrapper.get('.edit-button').text()).toBe('완료')
      expect(wrapper.get('input.run-edit').attributes('aria-label')).toBe('실행할 명령어 (Ctrl+Enter로 실행)')
      const input = wrapper.get<HTMLInputElement>('input.run-edit')
      expect(input.element.value).toBe('docker ps')
      await input.setValue('  docker ps -a  ')
      await wrapper.get('.run-button').trigger('click')
      expect(runner.client.run).toHaveBeenCalledExactlyOnceWith(KEY, 'docker ps -a', SIZE)
    })

    it('takes Enter in the editor as typing, and Ctrl+Enter as Run', async () => {
      const wrapper = mountRun('docker ps')
      await wrapper.get('.edit-button').trigger('click')
      const input = wrapper.get('input.run-edit')
      await input.setValue('docker images')
      await input.trigger('keydown', { key: 'Enter' })
      expect(runner.client.run).not.toHaveBeenCalled()
      await input.trigger('keydown', { key: 'Enter', ctrlKey: true })
      expect(runner.client.run).toHaveBeenCalledExactlyOnceWith(KEY, 'docker images', SIZE)
    })

    it('opens the editor on a double click, and Done returns to the highlighted code', async () => {
      const wrapper = mountRun('docker ps')
      await wrapper.get('.run-code').trigger('dblclick')
      expect(wrapper.find('input.run-edit').exists()).toBe(true)
      await wrapper.get('.edit-button').trigger('click')
      expect(wrapper.get('.run-code').text()).toBe('docker ps')
    })
  })
})

describe('Run.vue with a prediction: the block asks first', () => {
  const EXIT = Prediction.parse({ for: KEY, section: 'run', question: '종료 코드는?', choices: [0, 127], answer: 0, why: '인사말을 출력하고 끝난다.', observe: 'exit-code' })

  beforeEach(() => {
    runner = fakeRunner('live')
    fake.runner = runner
    fake.recordings = { recording: vi.fn(() => undefined), onSlide: () => [], replaying: shallowReactive(new Map()) }
    fake.inventory = inventoryOf([{ ...EXIT, slide: 3 }], [])
    seq = 1
  })

  it('asks where the output goes, and holds the output and the exit line back until answered', async () => {
    const wrapper = mountRun()
    emit(started(), out('Hello from Docker!\n'), ended(0))
    await flushPromises()
    expect(wrapper.get('.run-block').attributes('data-prediction')).toBe('pending')
    expect(wrapper.get('.predict-question').text()).toContain('종료 코드는?')
    expect(wrapper.find('.run-output').exists()).toBe(false)
    expect(wrapper.find('.run-exit').exists()).toBe(false)
    await wrapper.findAll('.predict-choice input')[0]!.setValue(true)
    await wrapper.get('.predict-form').trigger('submit')
    expect(wrapper.get('.run-block').attributes('data-prediction')).toBe('answered')
    expect(wrapper.get('.run-output').text()).toBe('Hello from Docker!')
    expect(wrapper.get('.run-exit').attributes('data-exit')).toBe('0')
    expect(wrapper.get('.predict-result').text()).toContain('맞았습니다! 정답: 0')
  })

  it('shows the lecturer how the room answered while sharing, with a button that reveals the answer to the room', async () => {
    const wrapper = mountRun()
    expect(wrapper.find('.room-answers').exists()).toBe(false)
    Object.assign(runner.state, { share: { url: 'http://10.0.0.5:3031/?code=ABCD2345', code: 'ABCD2345', followers: 3 } })
    await flushPromises()
    // Before anyone answered: the choices with nobody on them.
    expect(wrapper.get('.room-answers .room-title').text()).toBe('방의 답 (0명) 정답 공개')
    Object.assign(runner.state, { tallies: { [KEY]: { key: KEY, counts: [2, 1], answered: 3 } } })
    await flushPromises()
    expect(wrapper.findAll('.room-bar').map((bar) => [bar.get('.room-choice').text(), bar.get('.room-count').text()])).toEqual([['0', '2명'], ['127', '1명']])
    expect(wrapper.find('.room-bar[data-right]').exists()).toBe(false)
    await wrapper.get('.room-reveal').trigger('click')
    expect(runner.client.reveal).toHaveBeenCalledWith(KEY)
    // The runner tells every window; then the right choice is marked and the button is gone.
    Object.assign(runner.state, { revealed: new Set([KEY]) })
    await flushPromises()
    expect(wrapper.get('.room-bar[data-right] .room-choice').text()).toBe('0 ✓ 정답')
    expect(wrapper.find('.room-reveal').exists()).toBe(false)
  })

  it('running the block while sharing reveals nothing: the lecturer decides when', async () => {
    Object.assign(runner.state, { share: { url: 'http://10.0.0.5:3031/?code=ABCD2345', code: 'ABCD2345', followers: 3 }, tallies: { [KEY]: { key: KEY, counts: [2, 1], answered: 3 } } })
    const wrapper = mountRun()
    emit(started(), out('Hello from Docker!\n'), ended(0))
    await flushPromises()
    expect(wrapper.find('.room-bar[data-right]').exists()).toBe(false)
    expect(wrapper.get('.room-reveal').text()).toBe('정답 공개')
  })

  it('for a typed answer, shows the reveal button and says the room\'s answers are not counted', async () => {
    fake.inventory = inventoryOf([{ ...Prediction.parse({ for: KEY, section: 'run', question: '무엇이 출력될까?', answer: 'Hello from Docker!', why: '인사말.', observe: 'output' }), slide: 3 }], [])
    Object.assign(runner.state, { share: { url: 'http://10.0.0.5:3031/?code=ABCD2345', code: 'ABCD2345', followers: 3 } })
    const wrapper = mountRun()
    expect(wrapper.get('.room-title').text()).toBe('직접 입력하는 문제라 방의 답은 세지 않습니다 정답 공개')
    expect(wrapper.findAll('.room-bar')).toHaveLength(0)
  })

  describe('on a student\'s laptop in the classroom', () => {
    beforeEach(() => {
      Object.assign(runner.state, { readOnly: true, revealed: new Set() })
      const recorded = {
        cast: { header: { version: 2, width: 100, height: 24, timestamp: 1_700_000_000, duration: 0.3, command: LINE, title: LINE }, events: [[0.25, 'o', 'Hello from Docker! (recorded)\n']] } as Cast,
        meta: { key: KEY, slide: 3, line: LINE, resolvedLine: LINE, notices: [], tty: false, startedAt: 1_700_000_000_000, exit: { code: 0, signal: null, durationMs: 300, reason: 'exited' }, lifecycle: [] } as BlockRecording,
      }
      fake.recordings = { recording: vi.fn(() => recorded), onSlide: () => [], replaying: shallowReactive(new Map()) }
    })

    it('sends the answer, then waits for the lecturer: no verdict, no output, until the answer is revealed', async () => {
      const wrapper = mountRun()
      await wrapper.findAll('.predict-choice input')[1]!.setValue(true)
      await wrapper.get('.predict-form').trigger('submit')
      expect(wrapper.get('.predict-result').text()).toBe('답을 보냈습니다: 127 발표자가 정답을 공개하면 여기에 보입니다.')
      expect(wrapper.find('.run-output').exists()).toBe(false)
      expect(wrapper.find('.room-answers').exists()).toBe(false)
      Object.assign(runner.state, { revealed: new Set([KEY]) })
      await flushPromises()
      expect(wrapper.get('.predict-result').text()).toContain('아쉽네요. 정답: 0 (내 예측: 127)')
      // One answer per student in the room: no second try. Revealed before the lecturer ran it: the recording.
      expect(wrapper.find('.predict-again').exists()).toBe(false)
      expect(wrapper.get('.run-output').text()).toBe('Hello from Docker! (recorded)')
    })

    it('holds the lecturer\'s run back until the reveal; then a student who did not answer sees the answer and the run', async () => {
      const wrapper = mountRun()
      emit(started(), out('Hello from Docker!\n'), ended(0))
      await flushPromises()
      expect(wrapper.find('.predict-form').exists()).toBe(true)
      expect(wrapper.find('.run-output').exists()).toBe(false)
      expect(wrapper.find('.run-exit').exists()).toBe(false)
      Object.assign(runner.state, { revealed: new Set([KEY]) })
      await flushPromises()
      expect(wrapper.get('.predict-result').text()).toContain('정답: 0 (답하지 않았습니다)')
      expect(wrapper.get('.run-output').text()).toBe('Hello from Docker!')
      expect(wrapper.get('.run-exit').attributes('data-exit')).toBe('0')
    })
  })

  it('holds the block\'s lifecycle view back too, since the question may be how it ends', async () => {
    fake.runner = { ...runner, state: shallowReactive({ ...runner.state, lifecycle: [] }) }
    const view = mount(LifecycleView, { props: { block: KEY, limit: 1 } })
    expect(view.get('.lifecycle-empty').text()).toBe('위 블록의 예측에 답하면 여기에 생명 주기가 나타납니다.')
    const block = mountRun()
    await block.findAll('.predict-choice input')[1]!.setValue(true)
    await block.get('.predict-form').trigger('submit')
    expect(view.get('.lifecycle-empty').text()).toBe('위 블록을 실행하면 여기에 생명 주기가 나타납니다.')
  })

  it('still runs before the answer: only what it shows waits', async () => {
    const wrapper = mountRun()
    await wrapper.get('.run-button').trigger('click')
    expect(runner.client.run).toHaveBeenCalledWith(KEY, LINE, SIZE)
  })

  it('asks nothing when the lecturer turned questions off', async () => {
    localStorage.setItem(QUESTIONS_KEY, 'off')
    const wrapper = mountRun()
    emit(started(), out('Hello from Docker!\n'), ended(0))
    await flushPromises()
    expect(wrapper.find('.predict-block').exists()).toBe(false)
    expect(wrapper.get('.run-block').attributes('data-prediction')).toBeUndefined()
    expect(wrapper.get('.run-output').text()).toBe('Hello from Docker!')
  })

  it('asks nothing in print: the output is the document, the answers are at the section\'s end', () => {
    printMode.value = true
    fake.recordings = { recording: vi.fn(() => undefined), onSlide: () => [], replaying: shallowReactive(new Map()) }
    const wrapper = mountRun()
    expect(wrapper.find('.predict-block').exists()).toBe(false)
  })
})

describe('Run.vue, recorded', () => {
  const cast: Cast = {
    header: { version: 2, width: 100, height: 24, timestamp: 1_700_000_000, duration: 0.9, command: LINE, title: LINE },
    events: [[0.25, 'o', 'Hello from Docker!\n'], [0.75, 'o', 'This message shows that your installation appears to be working correctly.\n']],
  }
  const meta: BlockRecording = {
    key: KEY, slide: 3, line: LINE, resolvedLine: `${LINE} --label docker-live-deck.owned=true`, notices: [LABEL], tty: false,
    startedAt: 1_700_000_000_000, exit: { code: 0, signal: null, durationMs: 900, reason: 'exited' }, lifecycle: [],
  }
  const FULL = 'Hello from Docker!\nThis message shows that your installation appears to be working correctly.'
  let recordings: { recording: ReturnType<typeof vi.fn>; onSlide: () => never[]; replaying: Map<string, number> }

  function useRecording(recording: { cast: Cast; meta: BlockRecording } | undefined) {
    recordings = { recording: vi.fn((key: string) => (key === KEY ? recording : undefined)), onSlide: () => [], replaying: shallowReactive(new Map<string, number>()) }
    fake.recordings = recordings
  }

  beforeEach(() => {
    runner = fakeRunner('recorded')
    fake.runner = runner
    useRecording({ cast, meta })
  })
  afterEach(() => {
    expect(runner.client.run).not.toHaveBeenCalled()
    expect(runner.client.cancel).not.toHaveBeenCalled()
    expect(runner.client.input).not.toHaveBeenCalled()
  })

  describe('on a classroom follower\'s page', () => {
    beforeEach(() => {
      runner = fakeRunner('live')
      Object.assign(runner.state, { readOnly: true })
      fake.runner = runner
    })

    it('shows the recording until the lecturer runs the block, then the lecturer\'s run live, with no Run, Stop, Edit or input', async () => {
      const wrapper = mountRun()
      expect(wrapper.get('.run-block').attributes('data-mode')).toBe('recorded')
      expect(wrapper.get('pre.run-output').text()).toBe(FULL)
      emit({ ...started(), stdin: true } as RunEvent, out('64 bytes from 127.0.0.1\n'))
      await wrapper.vm.$nextTick()
      expect(wrapper.get('.run-block').attributes('data-mode')).toBe('live')
      expect(wrapper.get('pre.run-output').text()).toBe('64 bytes from 127.0.0.1')
      expect(wrapper.get('.run-watching').text()).toBe('● 발표자의 실행')
      for (const control of ['.run-button', '.stop-button', '.edit-button', '.run-stdin']) expect(wrapper.find(control).exists(), control).toBe(false)
      await wrapper.get('.run-block').trigger('keydown', { key: 'Enter' })
      await wrapper.get('.run-code').trigger('dblclick')
      expect(wrapper.find('.run-edit').exists()).toBe(false)
    })
  })

  it('shows the recorded output and exit, marked as recorded, with Replay and no Run or Edit', () => {
    const wrapper = mountRun()
    expect(recordings.recording).toHaveBeenCalledWith(KEY)
    expect(wrapper.get('.run-block').attributes()).toMatchObject({ 'data-mode': 'recorded', 'data-phase': 'exited' })
    expect(wrapper.get('.run-recorded').text()).toBe('● 녹화된 출력')
    expect(wrapper.get('pre.run-output').text()).toBe(FULL)
    expect(wrapper.get('.run-exit').text()).toBe('종료 코드 0 · 성공 · 900ms')
    expect(wrapper.get('.replay-button').text()).toBe('▶ 다시 보기')
    expect(wrapper.findAll('select.replay-speed option').map((option) => option.text())).toEqual(['1배속', '2배속', '4배속'])
    expect(wrapper.find('.edit-button').exists()).toBe(false)
    expect(wrapper.find('.skip-button').exists()).toBe(false)
    expect(wrapper.get('details.run-routine summary').text()).toBe('러너가 추가한 것: 레이블')
  })

  it('replays the output with its recorded timing, then ends as recorded', async () => {
    vi.useFakeTimers()
    const wrapper = mountRun()
    await wrapper.get('.replay-button').trigger('click')
    expect(wrapper.find('pre.run-output').exists()).toBe(false)
    expect(wrapper.get('.run-block').attributes('data-phase')).toBe('running')
    expect(wrapper.get('.skip-button').text()).toBe('⏭ 건너뛰기')
    expect(wrapper.get('.run-live').text()).toBe('다시 보는 중…')

    await vi.advanceTimersByTimeAsync(200)
    expect(wrapper.find('pre.run-output').exists()).toBe(false)
    expect(recordings.replaying.get(KEY)).toBe(200)

    await vi.advanceTimersByTimeAsync(50)
    expect(wrapper.get('pre.run-output').text()).toBe('Hello from Docker!')
    expect(wrapper.find('.run-exit').exists()).toBe(false)

    await vi.advanceTimersByTimeAsync(500)
    expect(wrapper.get('pre.run-output').text()).toBe(FULL)
    expect(wrapper.find('.run-exit').exists()).toBe(false)

    await vi.advanceTimersByTimeAsync(150)
    expect(wrapper.get('.run-exit').text()).toBe('종료 코드 0 · 성공 · 900ms')
    expect(wrapper.find('.replay-button').exists()).toBe(true)
    expect(recordings.replaying.has(KEY)).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('jumps to the end on Skip', async () => {
    vi.useFakeTimers()
    const wrapper = mountRun()
    await wrapper.get('.replay-button').trigger('click')
    await vi.advanceTimersByTimeAsync(300)
    expect(wrapper.get('pre.run-output').text()).toBe('Hello from Docker!')
    await wrapper.get('.skip-button').trigger('click')
    expect(wrapper.get('pre.run-output').text()).toBe(FULL)
    expect(wrapper.get('.run-exit').text()).toContain('종료 코드 0')
    expect(recordings.replaying.has(KEY)).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('replays faster at 2×', async () => {
    vi.useFakeTimers()
    const wrapper = mountRun()
    await wrapper.get('select.replay-speed').setValue('2')
    await wrapper.get('.replay-button').trigger('click')
    await vi.advanceTimersByTimeAsync(150)
    expect(recordings.replaying.get(KEY)).toBe(300)
    expect(wrapper.get('pre.run-output').text()).toBe('Hello from Docker!')
  })

  it('replays on Enter instead of running', async () => {
    vi.useFakeTimers()
    const wrapper = mountRun()
    await wrapper.get('.run-block').trigger('keydown', { key: 'Enter' })
    expect(wrapper.find('.skip-button').exists()).toBe(true)
  })

  it('stops the replay when the block goes away', async () => {
    vi.useFakeTimers()
    const wrapper = mountRun()
    await wrapper.get('.replay-button').trigger('click')
    await vi.advanceTimersByTimeAsync(100)
    expect(recordings.replaying.get(KEY)).toBe(100)
    wrapper.unmount()
    expect(recordings.replaying.has(KEY)).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('ignores a double click: recorded commands cannot be edited', async () => {
    const wrapper = mountRun()
    await wrapper.get('.run-code').trigger('dblclick')
    expect(wrapper.find('input.run-edit').exists()).toBe(false)
  })

  it('says when a block has no recording yet, with no buttons', () => {
    useRecording(undefined)
    const wrapper = mountRun()
    expect(wrapper.get('.run-recorded').text()).toBe('아직 녹화된 출력이 없습니다 (npm run record)')
    expect(wrapper.findAll('button')).toHaveLength(0)
    expect(wrapper.find('pre.run-output').exists()).toBe(false)
  })

  it('shows a recorded refusal as an alert in Korean, with the runner\'s recorded words below', () => {
    const refused = { code: 'not-docker' as const, message: 'Only docker commands run here, and this line starts with "redis-cli"; start it with `docker`.', subject: 'redis-cli' }
    useRecording({ cast: { header: cast.header, events: [] }, meta: { ...meta, line: 'redis-cli', refused, exit: undefined } })
    const alert = mountRun('redis-cli').get('[role=alert]')
    expect(alert.get('.run-refused-text').text()).toBe('실행 거부: 여기서는 docker 명령어만 실행합니다 (이 줄의 첫 단어: redis-cli). docker로 시작하세요.')
    expect(alert.get('[lang=en]').text()).toBe(refused.message)
  })

  it('shows a terminal recording\'s final screen', () => {
    useRecording({ cast: { header: cast.header, events: [[0.1, 'o', '/ # ']] }, meta: { ...meta, tty: true, screen: ['/ # ls', 'bin   etc', '/ # '] } })
    const wrapper = mountRun()
    expect(wrapper.get('pre.run-screen').text()).toBe('/ # ls\nbin   etc\n/ #')
    expect(wrapper.find('.terminal-stub').exists()).toBe(false)
  })
})
