// @vitest-environment happy-dom
// Printed (Slidev's print mode: the PDF export) the deck is a document: Run
// blocks show their recordings with no buttons, selectors or "실행 중…"; a
// long demo the lecturer stopped reads as a neutral "중지됨", live, recorded
// and printed; the lifecycle view prints its states and signals with times.
import { enableAutoUnmount, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ContainerTable from '../../components/ContainerTable.vue'
import LifecycleView from '../../components/LifecycleView.vue'
import Run from '../../components/Run.vue'
import { setLanguage } from '../../lib/i18n/index.ts'
import type { LifecycleEvent } from '../../lib/protocol.ts'
import { current, emit, ended, helloRecording, mountRun as mountWith, notice, out, started, useLive, useRecorded } from './run-fakes.ts'
import { printMode } from './slidev-stub.ts'

vi.mock('../../composables/useRunner', async () => (await import('./run-fakes.ts')).runnerModule)
vi.mock('../../composables/useRecordings', async () => (await import('./run-fakes.ts')).recordingsModule)
vi.mock('../../components/RunTerminal.vue', async () => ({ default: (await import('./terminal-stub.ts')).TerminalStub }))
vi.mock('@slidev/client', async () => (await import('./slidev-stub.ts')).slidevClient)

const mountRun = (line?: string) => mountWith(Run, line)
enableAutoUnmount(afterEach)
afterEach(() => {
  document.body.innerHTML = ''
  printMode.value = false
  setLanguage('ko')
})

const CONTROLS = 'button, select, input, [tabindex]'

describe('Run.vue printed', () => {
  beforeEach(() => void (printMode.value = true))

  it('shows the recording, marked as recorded, with no control at all', () => {
    useRecorded([helloRecording()])
    const wrapper = mountRun()
    expect(wrapper.findAll(CONTROLS).map((control) => control.element.outerHTML)).toEqual([])
    expect(wrapper.get('.run-block').attributes('data-print')).toBe('')
    expect(wrapper.get('.run-recorded').text()).toBe('● 녹화된 출력')
    expect(wrapper.get('pre.run-output').text()).toContain('Hello from Docker!')
    expect(wrapper.get('.run-exit').text()).toBe('종료 코드 0 · 성공 · 900ms')
  })

  it('shows the recording even while a runner is connected, and never runs anything', async () => {
    const runner = useLive()
    current.recordings = { ...current.recordings, recording: vi.fn(() => helloRecording()) }
    emit(started(), out('live output\n'))
    const wrapper = mountRun()
    expect(wrapper.get('.run-block').attributes('data-mode')).toBe('recorded')
    expect(wrapper.get('pre.run-output').text()).not.toContain('live output')
    expect(wrapper.findAll(CONTROLS)).toHaveLength(0)
    await wrapper.get('.run-block').trigger('keydown', { key: 'Enter' })
    expect(runner.client.run).not.toHaveBeenCalled()
    expect(wrapper.find('.skip-button').exists()).toBe(false)
  })

  it('never says "실행 중…", even for a recording that has no end', () => {
    useRecorded([helloRecording({ exit: undefined })])
    const wrapper = mountRun()
    expect(wrapper.get('.run-block').attributes('data-phase')).toBe('running')
    expect(wrapper.find('.run-live').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('실행 중')
  })

  it('says a block has no recording without the command to make one', () => {
    useRecorded([])
    const wrapper = mountRun()
    expect(wrapper.get('.run-recorded').text()).toBe('아직 녹화된 출력이 없습니다')
    expect(wrapper.find('.run-unrecorded code').exists()).toBe(false)
  })

  it('prints a terminal block as its final screen', () => {
    useRecorded([helloRecording({ tty: true, screen: ['127.0.0.1:6379> get greeting', '"hello"'] })])
    const wrapper = mountRun()
    expect(wrapper.get('pre.run-screen').text()).toContain('"hello"')
    expect(wrapper.findAll(CONTROLS)).toHaveLength(0)
  })
})

describe('a long demo the lecturer stopped', () => {
  const stoppedLine = '중지됨 · 11.3초'
  const expectNeutral = (exit: { attributes(): Record<string, string>; text(): string }) => {
    expect(exit.text()).toBe(stoppedLine)
    expect(exit.attributes()).toMatchObject({ 'data-outcome': 'stopped', title: '실행을 도중에 중지했습니다. 오류가 아닙니다.' })
  }

  it('reads "중지됨", not an error, live', () => {
    useLive()
    emit(started(), out('64 bytes from 127.0.0.1\n'), notice('Stopped by the presenter.', 'cancelled'), ended(null, 'cancelled', 'SIGTERM', 11_300))
    const wrapper = mountRun('docker run alpine ping localhost')
    expectNeutral(wrapper.get('.run-exit'))
    expect(wrapper.find('.run-refused').exists()).toBe(false)
    expect(wrapper.get('.run-notice-text').text()).toBe('실행을 바로 끝내고, 이 실행이 만든 컨테이너를 지웠습니다.')
  })

  it.each([[false], [true]])('reads "중지됨" from a recording (printed: %s)', (printed) => {
    printMode.value = printed
    useRecorded([helloRecording({ exit: { code: 137, signal: null, durationMs: 11_300, reason: 'cancelled' } })])
    expectNeutral(mountRun().get('.run-exit'))
  })

  it('is told apart from a run that failed, and from one the runner stopped', () => {
    useLive()
    emit(started(), ended(137, 'exited'))
    expect(mountRun().get('.run-exit').attributes('data-outcome')).toBe('error')
    useLive()
    emit(started(), ended(null, 'timeout', 'SIGKILL', 120_000))
    const timedOut = mountRun().get('.run-exit')
    expect(timedOut.attributes('data-outcome')).toBe('error')
    expect(timedOut.text()).toBe('시간 제한으로 중지됨 · 120.0초')
  })
})

const T0 = 1_800_000_000_000
const nano = (ms: number) => `${T0 + ms}000000`
const ID = 'aaaa1111bbbb2222cccc3333dddd4444'
const lifecycle = (action: string, atMs: number, over: Partial<LifecycleEvent> = {}): LifecycleEvent & { atMs: number } => ({
  containerId: ID, name: 'eager_turing', image: 'alpine', action, runId: 'run-9', timeNano: nano(atMs), atMs, ...over,
})
// `docker stop` on a ping that ignores SIGTERM: SIGKILL after the 10 s grace, exit 137.
const stopped = [
  lifecycle('create', 0), lifecycle('start', 300), lifecycle('kill', 1_500, { signal: 15 }),
  lifecycle('kill', 11_520, { signal: 9 }), lifecycle('die', 11_600, { exitCode: 137 }),
]

describe('LifecycleView.vue printed', () => {
  beforeEach(() => useRecorded([helloRecording({ key: 'ping-for-stop', runId: 'run-9', startedAt: T0, lifecycle: stopped })]))

  it('prints each state with its time since the container was created', () => {
    printMode.value = true
    const wrapper = mount(LifecycleView, { props: { block: 'ping-for-stop', limit: 1 } })
    const states = wrapper.findAll('.lifecycle-states li').map((li) => li.text().replace(/\s+/g, ' '))
    expect(states).toEqual(['생성됨 +0초', '실행 중 +0.3초', '종료됨 (137) +12초', '삭제됨'])
    expect(wrapper.get('li.current').attributes('aria-current')).toBe('step')
  })

  it('prints the signals with their times from the first: SIGTERM +0초, SIGKILL +10초, and what they mean', () => {
    printMode.value = true
    const wrapper = mount(LifecycleView, { props: { block: 'ping-for-stop', limit: 1 } })
    const signals = wrapper.findAll('.signal-item').map((item) => [item.get('.signal').text(), item.get('.signal-at').text(), item.get('.signal-gloss').text()])
    expect(signals).toEqual([['SIGTERM', '+0초', '종료 요청'], ['SIGKILL', '+10초', '강제 종료']])
    expect(wrapper.findAll('.signal-item').map((item) => item.attributes('title'))).toEqual([
      'SIGTERM: 정상 종료 요청. 프로세스가 하던 일을 정리하고 끝낼 수 있습니다 (docker stop).',
      'SIGKILL: 즉시 강제 종료. 프로세스가 막을 수 없습니다 (docker kill, 또는 유예 시간이 지난 docker stop).',
    ])
    expect(wrapper.find('.grace').exists()).toBe(false)
    expect(wrapper.get('.lifecycle').attributes('data-print')).toBe('')
  })

  it('shows no state times on screen, where the audience watches them happen', () => {
    const wrapper = mount(LifecycleView, { props: { block: 'ping-for-stop', limit: 1 } })
    expect(wrapper.find('.state-at').exists()).toBe(false)
    expect(wrapper.get('li.current').text()).toBe('종료됨 (137)')
    expect(wrapper.findAll('.signal-at').map((at) => at.text())).toEqual(['+0초', '+10초'])
  })

  it('counts the grace period down on screen, in Korean, without reading it out', () => {
    useRecorded([helloRecording({ key: 'ping-for-stop', runId: 'run-9', startedAt: T0, lifecycle: stopped.slice(0, 3) })])
    current.recordings.replaying.set('ping-for-stop', 4_000)
    const wrapper = mount(LifecycleView, { props: { block: 'ping-for-stop', limit: 1 } })
    const grace = wrapper.get('.grace')
    expect(grace.text()).toBe('유예 7.5초')
    expect(grace.attributes()).toMatchObject({ 'aria-hidden': 'true', title: 'docker stop은 SIGTERM을 보낸 뒤 유예 시간(기본 10초) 동안 기다리고, 그래도 실행 중이면 SIGKILL을 보냅니다.' })
    printMode.value = true
    return wrapper.vm.$nextTick().then(() => expect(wrapper.find('.grace').exists()).toBe(false))
  })

  it('shows a paused container paused, between running and exited, and running again after unpause', () => {
    const paused = [lifecycle('create', 0), lifecycle('start', 300), lifecycle('pause', 1_000)]
    useRecorded([helloRecording({ key: 'ping-for-stop', runId: 'run-9', startedAt: T0, lifecycle: paused })])
    const wrapper = mount(LifecycleView, { props: { block: 'ping-for-stop', limit: 1 } })
    expect(wrapper.findAll('.lifecycle-states li').map((li) => li.attributes('data-state'))).toEqual(['created', 'running', 'paused', 'exited', 'removed'])
    expect(wrapper.get('li.current').text()).toBe('일시 정지됨')
    expect(wrapper.findAll('li.passed').map((li) => li.attributes('data-state'))).toEqual(['created', 'running'])
    useRecorded([helloRecording({ key: 'ping-for-stop', runId: 'run-9', startedAt: T0, lifecycle: [...paused, lifecycle('unpause', 2_000)] })])
    const resumed = mount(LifecycleView, { props: { block: 'ping-for-stop', limit: 1 } })
    expect(resumed.findAll('.lifecycle-states li').map((li) => li.attributes('data-state'))).toEqual(['created', 'running', 'exited', 'removed'])
    expect(resumed.get('li.current').attributes('data-state')).toBe('running')
  })

  it('says in Korean where the lifecycle will appear', () => {
    useRecorded([])
    expect(mount(LifecycleView, { props: { block: 'ping-for-stop' } }).text()).toBe('위 블록을 실행하면 여기에 생명 주기가 나타납니다.')
    expect(mount(LifecycleView).text()).toBe('컨테이너를 만들면 여기에 생명 주기가 나타납니다.')
  })

  it('keeps the English state names in English', () => {
    setLanguage('en')
    printMode.value = true
    const wrapper = mount(LifecycleView, { props: { block: 'ping-for-stop', limit: 1 } })
    expect(wrapper.get('li.current').text().replace(/\s+/g, ' ')).toBe('exited (137) +12 s')
    expect(wrapper.findAll('.signal-at').map((at) => at.text())).toEqual(['+0 s', '+10 s'])
  })
})

describe('ContainerTable.vue', () => {
  const created = (id: string, name: string, atMs: number) => lifecycle('create', atMs, { containerId: id.padEnd(64, '0'), name, image: 'hello-world' })

  it('keeps docker\'s column names and statuses, and says in Korean what they mean', () => {
    useRecorded([helloRecording({ lifecycle: [created('c1', 'one', 0), { ...created('c1', 'one', 0), action: 'start', timeNano: nano(10), atMs: 10 }, { ...created('c1', 'one', 0), action: 'die', exitCode: 0, timeNano: nano(20), atMs: 20 }, created('c2', 'two', 30)] })])
    const wrapper = mount(ContainerTable)
    expect(wrapper.findAll('th').map((th) => [th.text(), th.attributes('title')])).toEqual([
      ['CONTAINER ID', '컨테이너 ID (앞 12자리)'],
      ['IMAGE', '컨테이너를 만든 이미지'],
      ['STATUS', '상태: Up은 실행 중, Exited (코드)는 종료됨, Created는 생성만 됨'],
      ['NAMES', '컨테이너 이름 (지정하지 않으면 도커가 지어 줍니다)'],
    ])
    expect(wrapper.get('caption').text()).toBe('이 강의가 만든 컨테이너 (docker ps -a처럼)')
    expect(wrapper.findAll('tbody tr').map((tr) => tr.findAll('td').map((td) => td.text()))).toEqual([
      ['c20000000000', 'hello-world', 'Created 생성됨', 'two'],
      ['c10000000000', 'hello-world', 'Exited (0) 종료됨', 'one'],
    ])
  })

  it('says in Korean when the deck has made no container', () => {
    useRecorded([])
    expect(mount(ContainerTable).get('tbody').text()).toBe('(이 강의가 만든 컨테이너가 없습니다)')
  })

  it('prints the recorded containers even while a runner is connected', () => {
    useRecorded([helloRecording({ lifecycle: [created('c1', 'one', 0)] })])
    current.runner.state.status = 'live'
    current.runner.state.containers = [{ id: 'f'.repeat(64), name: 'live-one', image: 'alpine', state: 'running', createdAt: 0 }]
    expect(mount(ContainerTable).findAll('tbody td').map((td) => td.text())[3]).toBe('live-one')
    printMode.value = true
    expect(mount(ContainerTable).findAll('tbody td').map((td) => td.text())[3]).toBe('one')
  })
})
