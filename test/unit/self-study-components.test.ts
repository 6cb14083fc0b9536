// @vitest-environment happy-dom
// Predict.vue, Exercise.vue and ProgressBar.vue as a student sees them, in
// Korean: live with a fake runner connection, recorded with committed
// recordings, printed, and with the lecturer's questions switch.
import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref, shallowReactive } from 'vue'
import { setLanguage } from '../../lib/i18n/index.ts'
import type { ClientMessage, Refusal, ServerMessage } from '../../lib/protocol.ts'
import { Exercise as ExerciseForm } from '../../lib/self-study/exercise.ts'
import { RESET_MARK, resetKey, startKey } from '../../lib/self-study/exercise-reset.ts'
import type { Facts } from '../../lib/self-study/facts.ts'
import { inventoryOf } from '../../lib/self-study/inventory.ts'
import { attemptKey, solutionKey } from '../../lib/self-study/names.ts'
import { Prediction as PredictionForm } from '../../lib/self-study/prediction.ts'
import { progressKey, STUDENT_KEY } from '../../lib/self-study/progress.ts'
import { QUESTIONS_KEY } from '../../lib/self-study/settings.ts'
import { LatestRuns } from '../../composables/useRunner.ts'
import { usePrediction } from '../../composables/usePrediction.ts'
import { provideFreshSelfStudy } from './fresh-self-study.ts'
import Exercise from '../../components/Exercise.vue'
import Predict from '../../components/Predict.vue'
import ProgressBar from '../../components/ProgressBar.vue'

const fake = vi.hoisted(() => ({ runner: undefined as unknown, recordings: undefined as unknown, inventory: undefined as unknown, nav: undefined as unknown, configs: {} as Record<string, unknown> }))
vi.mock('../../composables/useRunner', async (importOriginal) => ({ ...await importOriginal<object>(), useRunner: () => fake.runner }))
vi.mock('../../composables/useRecordings', () => ({ useRecordings: () => fake.recordings }))
vi.mock('../../composables/useSelfStudyInventory', () => ({ useSelfStudyInventory: () => fake.inventory }))
vi.mock('@slidev/client', () => ({ useNav: () => fake.nav, get configs() { return fake.configs } }))
vi.mock('../../components/Run.vue', async () => {
  const { defineComponent, h } = await import('vue')
  return {
    default: defineComponent({
      name: 'Run',
      props: { line: { type: String, default: '' }, blockKey: { type: String, default: '' } },
      setup: (props, { slots }) => () => h('div', { class: 'run-stub', 'data-key': props.blockKey, 'data-line': props.line }, slots.default?.()),
    }),
  }
})

const DECK = 'test deck'
const printMode = ref(false)
const presenter = ref(false)

const KILL = PredictionForm.parse({
  for: 'ping-for-kill', section: 'lifecycle', question: '`docker kill` 뒤 ping의 종료 코드는?', choices: [0, 137, 143], answer: 137, why: 'SIGKILL(9): 128 + 9 = 137.', observe: 'exit-code',
})
const SHORT = PredictionForm.parse({ for: 'ping-for-stop', section: 'lifecycle', question: 'stop 뒤 종료 코드는?', answer: 137, why: '유예 뒤 SIGKILL.', observe: 'exit-code' })
const ECHO = ExerciseForm.parse({
  id: 'echo-hi', section: 'run', sectionTitle: '실행과 이미지', title: 'alpine에서 echo hi', task: 'alpine에서 `echo hi`를 실행하라',
  hintSteps: ['컨테이너를 만들고 바로 실행하는 명령어를 떠올려 보세요', 'docker run <이미지> <명령어> 꼴입니다'],
  solution: ['docker run alpine echo hi', 'docker ps -a'], check: { container: { image: 'alpine', commandIncludes: 'echo hi', state: 'exited', exitCode: 0 } },
})
const STOP = ExerciseForm.parse({
  id: 'stop-143', section: 'lifecycle', sectionTitle: '생명 주기', title: '143', task: 't', terminals: 2, hintSteps: ['h1', 'h2'], solution: 'docker ps', check: { container: { exitCode: 143 } },
})

function fakeRunner(status: 'live' | 'recorded') {
  const listeners = new Set<(message: ServerMessage) => void>()
  const sent: ClientMessage[] = []
  const state = shallowReactive({ status, engine: undefined, message: '', containers: [], lifecycle: [] })
  /** Exit codes the fake runs end with, by line (0 otherwise). */
  const exits = new Map<string, number>()
  /** Lines the fake runner refuses. */
  const refusals = new Map<string, Refusal>()
  const lines = new Map<string, string>()
  /** When set, every check is answered with these facts (what 처음부터 다시 and 풀이 실행 wait for). */
  const answer: { facts?: () => Facts } = {}
  const client = {
    send: vi.fn((message: ClientMessage) => {
      sent.push(message)
      const facts = answer.facts
      if (message.type === 'check' && facts) {
        queueMicrotask(() => emit({ type: 'check-result', requestId: message.requestId, exerciseId: message.exerciseId, facts: facts(), verdict: { pass: true, containers: [] } }))
      }
    }),
    run: vi.fn(async (key: string, line: string): Promise<{ runId: string } | { refusal: Refusal }> => {
      const refusal = refusals.get(line)
      if (refusal) return { refusal }
      lines.set(`run-${key}`, line)
      return { runId: `run-${key}` }
    }),
    ended: vi.fn(async (runId: string) => ({ kind: 'ended' as const, exitCode: exits.get(lines.get(runId) ?? '') ?? 0 })),
    on: (listener: (message: ServerMessage) => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  const emit = (message: ServerMessage) => [...listeners].forEach((listener) => listener(message))
  return { state, client: status === 'live' ? client : undefined, runs: new LatestRuns(), sent, emit, exits, refusals, answer }
}
let runner: ReturnType<typeof fakeRunner>


const storedProgress = () => JSON.parse(localStorage.getItem(progressKey(DECK, localStorage.getItem(STUDENT_KEY)!)) ?? 'null')

enableAutoUnmount(afterEach)
const selfStudy = provideFreshSelfStudy(() => fake.configs)
beforeEach(() => {
  localStorage.clear()
  window.history.replaceState(null, '', '/')
  selfStudy.forget()
  runner = fakeRunner('live')
  fake.runner = runner
  fake.recordings = { recording: () => undefined, onSlide: () => [], replaying: shallowReactive(new Map()) }
  fake.inventory = inventoryOf([{ ...KILL, slide: 11 }, { ...SHORT, slide: 11 }], [{ ...ECHO, slide: 7 }, { ...STOP, slide: 12 }])
  fake.nav = { isPrintMode: printMode, isPresenter: presenter }
  fake.configs = { title: DECK }
  printMode.value = false
  presenter.value = false
})
afterEach(() => {
  document.body.innerHTML = ''
  setLanguage('ko')
})

/** The prediction as its run block shows it. */
function mountPredict(prediction = KILL): VueWrapper {
  return mount(Predict, { props: { prediction } })
}

/** What usePrediction tells a run block: whether its question is asked, and whether its output waits. */
const PredictionProbe = defineComponent({
  props: { blockKey: { type: String, required: true } },
  setup(props) {
    const { asked, pending } = usePrediction(() => props.blockKey, printMode, fake.configs)
    return () => h('p', { class: 'probe', 'data-asked': String(asked.value), 'data-pending': String(pending.value) })
  },
})
const probe = (key = KILL.for) => mount(PredictionProbe, { props: { blockKey: key } })

describe('Predict.vue', () => {
  it('asks the question with its choices, in one compact strip', async () => {
    const wrapper = mountPredict()
    await flushPromises()
    expect(wrapper.get('.predict-label').text()).toBe('예측해 보세요')
    expect(wrapper.get('.predict-question').text()).toBe('예측해 보세요 docker kill 뒤 ping의 종료 코드는?')
    expect(wrapper.get('.predict-question code').text()).toBe('docker kill')
    expect(wrapper.findAll('.predict-choice').map((c) => c.text())).toEqual(['0', '137', '143'])
    expect(wrapper.get('.predict-submit').attributes('disabled')).toBeDefined()
    expect(wrapper.get('form').attributes('title')).toBe('예측을 제출하면 이 블록의 출력이 보입니다.')
  })

  it('scores a choice, keeps it in the browser, and says in one line right or wrong, the answer and why', async () => {
    const wrapper = mountPredict()
    await wrapper.findAll('input[type=radio]')[1]!.setValue(true)
    await wrapper.get('form').trigger('submit')
    expect(wrapper.get('.predict-block').attributes('data-answered')).toBe('right')
    expect(wrapper.get('.predict-result').text()).toBe('맞았습니다! 정답: 137 (내 예측: 137) 이유: SIGKILL(9): 128 + 9 = 137. 다시 풀기')
    expect(wrapper.get('.predict-result').attributes('role')).toBe('status')
    expect(storedProgress().predictions['ping-for-kill']).toMatchObject({ answer: '137', correct: true })
  })

  it('scores a short answer normalised, and a wrong one as wrong', async () => {
    const wrapper = mountPredict(SHORT)
    await wrapper.get('.predict-input').setValue('  １３７ ')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.get('.predict-block').attributes('data-answered')).toBe('right')
    await wrapper.get('.predict-again').trigger('click')
    expect(storedProgress().predictions).toEqual({})
    await wrapper.get('.predict-input').setValue('143')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.get('.predict-verdict').text()).toBe('아쉽네요.')
    expect(wrapper.get('.predict-yours').text()).toBe('(내 예측: 143)')
    expect(wrapper.get('.predict-block').attributes('data-answered')).toBe('wrong')
  })

  it('shows an answer given earlier, as kept in the browser', async () => {
    const first = mountPredict()
    await first.findAll('input[type=radio]')[0]!.setValue(true)
    await first.get('form').trigger('submit')
    first.unmount()
    selfStudy.forget()
    expect(mountPredict().get('.predict-result').text()).toContain('아쉽네요. 정답: 137 (내 예측: 0)')
  })

  it('speaks English with ?lang=en', async () => {
    setLanguage('en')
    const wrapper = mountPredict()
    expect(wrapper.get('.predict-label').text()).toBe('Predict first')
    await wrapper.findAll('input[type=radio]')[2]!.setValue(true)
    await wrapper.get('form').trigger('submit')
    expect(wrapper.get('.predict-result').text()).toContain('Not quite. Answer: 137 (Your prediction: 143)')
  })
})

describe('usePrediction: the run block asks, and holds its output back', () => {
  it('asks the block\'s prediction and holds the output until it is answered', async () => {
    const wrapper = probe()
    expect(wrapper.get('.probe').attributes()).toMatchObject({ 'data-asked': 'true', 'data-pending': 'true' })
    const predict = mountPredict()
    await predict.findAll('input[type=radio]')[1]!.setValue(true)
    await predict.get('form').trigger('submit')
    expect(wrapper.get('.probe').attributes()).toMatchObject({ 'data-asked': 'true', 'data-pending': 'false' })
  })

  it('asks nothing of a block without a prediction', () => {
    expect(probe('docker-ps').get('.probe').attributes()).toMatchObject({ 'data-asked': 'false', 'data-pending': 'false' })
  })

  it.each([
    ['the deck setting', () => void (fake.configs = { title: DECK, selfStudy: { questions: false } })],
    ['the presenter\'s toggle', () => localStorage.setItem(QUESTIONS_KEY, 'off')],
    ['?questions=off', () => window.history.replaceState(null, '', '/?questions=off')],
  ])('asks nothing, and holds nothing back, when questions are off by %s', (_, turnOff) => {
    turnOff()
    expect(probe().get('.probe').attributes()).toMatchObject({ 'data-asked': 'false', 'data-pending': 'false' })
  })

  it('asks nothing in print: the answers are at the section\'s end', () => {
    printMode.value = true
    expect(probe().get('.probe').attributes()).toMatchObject({ 'data-asked': 'false', 'data-pending': 'false' })
  })
})

describe('Exercise.vue, live', () => {
  const mountExercise = (exercise = ECHO) => mount(Exercise, { props: { exercise }, attachTo: document.body })
  const lastCheck = () => runner.sent.at(-1) as Extract<ClientMessage, { type: 'check' }>
  const container = (fields: object) => ({ id: 'a'.repeat(64), name: 'n', image: 'alpine', command: 'echo hi', state: 'exited' as const, exitCode: 0, createdAt: 1, blockKey: attemptKey('echo-hi', 1), ...fields })

  it('gives the student command blocks of their own, keyed to the exercise, starting from a plain line', () => {
    const wrapper = mountExercise(STOP)
    expect(wrapper.get('.exercise-label').text()).toBe('직접 해 보기')
    expect(wrapper.findAll('.run-stub').map((run) => [run.attributes('data-key'), run.attributes('data-line')])).toEqual([[attemptKey('stop-143', 1), 'docker ps -a'], [attemptKey('stop-143', 2), 'docker ps -a']])
    expect(wrapper.findAll('.exercise-terminal-label').map((label) => label.text())).toEqual(['터미널 1', '터미널 2'])
  })

  it('sends the declared check, and shows the hint for what the runner saw', async () => {
    const wrapper = mountExercise()
    expect(wrapper.get('.exercise-task code').text()).toBe('echo hi')
    await wrapper.get('.exercise-check').trigger('click')
    expect(lastCheck()).toMatchObject({ type: 'check', exerciseId: 'echo-hi', check: ECHO.check })
    expect(wrapper.get('.exercise-checking').text()).toBe('엔진 상태를 확인하는 중…')
    runner.emit({ type: 'check-result', requestId: lastCheck().requestId, exerciseId: 'echo-hi', facts: { containers: [container({ name: 'hi-1', image: 'hello-world', command: '/hello' })], redis: [] }, verdict: { pass: false, expectation: 0, field: 'image', expected: 'alpine', saw: 'x', hint: 'x' } })
    await flushPromises()
    expect(wrapper.get('.exercise-verdict').attributes('data-pass')).toBe('no')
    expect(wrapper.get('.exercise-verdict').text()).toBe('아직입니다. alpine 이미지로 만든 컨테이너가 없습니다. 본 것: hello-world 컨테이너 hi-1 ("/hello", 종료됨 (0))')
    expect(storedProgress().exercises['echo-hi']).toMatchObject({ passed: false, tries: 1 })
  })

  it('passes, and keeps the pass', async () => {
    const wrapper = mountExercise()
    await wrapper.get('.exercise-check').trigger('click')
    runner.emit({ type: 'check-result', requestId: lastCheck().requestId, exerciseId: 'echo-hi', facts: { containers: [container({})], redis: [] }, verdict: { pass: true, containers: [] } })
    await flushPromises()
    expect(wrapper.get('.exercise-verdict').text()).toBe('통과! 엔진의 실제 상태가 과제와 맞습니다.')
    expect(wrapper.get('.exercise-passed').text()).toBe('✔ 통과함')
    expect(storedProgress().exercises['echo-hi']).toMatchObject({ passed: true })
    expect(wrapper.get('.study-progress-row[data-section="run"] .study-progress-count').text()).toBe('1/1')
  })

  it('says when the check could not be made', async () => {
    const wrapper = mountExercise()
    await wrapper.get('.exercise-check').trigger('click')
    runner.emit({ type: 'error', requestId: lastCheck().requestId, code: 'internal', message: 'engine gone' })
    await flushPromises()
    expect(wrapper.get('.exercise-error').text()).toBe('확인하지 못했습니다: engine gone (internal)')
    expect(wrapper.find('.exercise-verdict').exists()).toBe(false)
  })

  it('lets a stuck student climb the help: 힌트 1, then 힌트 2, then the reference solution as runnable blocks, and keeps how far they climbed', async () => {
    const wrapper = mountExercise()
    expect(wrapper.find('.exercise-hint-step').exists()).toBe(false)
    expect(wrapper.find('.exercise-solution-toggle').exists()).toBe(false)
    await wrapper.get('.exercise-next-hint').trigger('click')
    expect(wrapper.findAll('.exercise-hint-step').map((hint) => hint.text())).toEqual(['힌트 1 컨테이너를 만들고 바로 실행하는 명령어를 떠올려 보세요'])
    expect(wrapper.get('.exercise-next-hint').text()).toBe('힌트 2 보기')
    await wrapper.get('.exercise-next-hint').trigger('click')
    expect(wrapper.findAll('.exercise-hint-step').map((hint) => hint.attributes('data-step'))).toEqual(['1', '2'])
    expect(wrapper.get('.exercise-hint-step[data-step="2"]').text()).toBe('힌트 2 docker run <이미지> <명령어> 꼴입니다')
    expect(wrapper.find('.exercise-next-hint').exists()).toBe(false)
    expect(storedProgress().help['echo-hi']).toEqual({ hints: 2, solution: false })
    await wrapper.get('.exercise-solution-toggle').trigger('click')
    expect(wrapper.findAll('.exercise-solution .run-stub').map((run) => [run.attributes('data-key'), run.attributes('data-line')]))
      .toEqual([[solutionKey('echo-hi', 1), 'docker run alpine echo hi'], [solutionKey('echo-hi', 2), 'docker ps -a']])
    expect(wrapper.get('.exercise-solution-toggle').text()).toBe('참고 풀이 숨기기')
    expect(storedProgress().help['echo-hi']).toEqual({ hints: 2, solution: true })
    // A later visit starts where the student left off.
    wrapper.unmount()
    expect(mountExercise().findAll('.exercise-hint-step')).toHaveLength(2)
  })
})

describe('Exercise.vue, 풀이 실행', () => {
  const climbToSolution = async (wrapper: VueWrapper) => {
    await wrapper.get('.exercise-next-hint').trigger('click')
    await wrapper.get('.exercise-next-hint').trigger('click')
    await wrapper.get('.exercise-solution-toggle').trigger('click')
  }

  const calls = () => runner.client!.run.mock.calls.map(([key, line]) => [key, line])
  const checks = () => runner.sent.filter((message) => message.type === 'check')
  const ran = (key: string) => calls().some(([k]) => k === key)
  const fact = (fields: object) => ({ id: 'b'.repeat(64), name: 'n', image: 'alpine', command: 'echo hi', state: 'exited' as const, exitCode: 0, createdAt: 1, blockKey: attemptKey('echo-hi', 1), ...fields })

  it('starts over, runs the reference solution line by line in its own blocks, then checks on the engine, and records that the solution ran', async () => {
    // An earlier try left a container; once removed, only what the solution makes is there.
    const left = fact({ name: 'old' })
    const made = fact({ id: 'c'.repeat(64), createdAt: 2, blockKey: solutionKey('echo-hi', 1) })
    runner.answer.facts = () => ({ containers: ran(solutionKey('echo-hi', 1)) ? [made] : ran(resetKey('echo-hi')) ? [] : [left], redis: [] })
    const wrapper = mount(Exercise, { props: { exercise: ECHO }, attachTo: document.body })
    await climbToSolution(wrapper)
    expect(wrapper.get('.exercise-run-solution').text()).toBe('▶ 풀이 실행')
    await wrapper.get('.exercise-run-solution').trigger('click')
    await flushPromises()
    expect(calls()).toEqual([[resetKey('echo-hi'), `docker rm -f ${left.id}`], [solutionKey('echo-hi', 1), 'docker run alpine echo hi'], [solutionKey('echo-hi', 2), 'docker ps -a']])
    // The reset lists twice (the second finds nothing left), then the check proper.
    expect(checks()).toHaveLength(3)
    expect(checks().at(-1)).toMatchObject({ type: 'check', exerciseId: 'echo-hi', check: ECHO.check })
    expect(wrapper.get('.exercise-verdict').attributes('data-pass')).toBe('yes')
    expect(storedProgress().help['echo-hi']).toEqual({ hints: 2, solution: true, ran: true })
  })

  it('stops at the first line that fails, says which and why, and does not check', async () => {
    runner.answer.facts = () => ({ containers: [], redis: [] })
    runner.exits.set('docker run alpine echo hi', 125)
    const wrapper = mount(Exercise, { props: { exercise: ECHO }, attachTo: document.body })
    await climbToSolution(wrapper)
    await wrapper.get('.exercise-run-solution').trigger('click')
    await flushPromises()
    // Nothing to remove: the reset block still leaves its mark.
    expect(calls()).toEqual([[resetKey('echo-hi'), RESET_MARK], [solutionKey('echo-hi', 1), 'docker run alpine echo hi']])
    expect(wrapper.get('.exercise-solution .exercise-error').text()).toBe('풀이 실행이 1번째 줄에서 멈췄습니다: docker run alpine echo hi (종료 코드 125). 앞서 만든 같은 이름의 컨테이너가 남아 있으면 지우고 다시 실행하세요.')
    // Only the reset's listing, no check of the exercise.
    expect(checks()).toHaveLength(1)
    expect(wrapper.find('.exercise-verdict').exists()).toBe(false)
  })

  it('goes on past a line that ends with the exit code the solution says, and shows the lab\'s codes made', async () => {
    const LAB = ExerciseForm.parse({
      id: 'lab', section: 'lifecycle', sectionTitle: '생명 주기', title: 'lab', task: 't', hintSteps: ['h1', 'h2'],
      solution: [{ line: 'docker run alpine false', exitCode: 1 }, { line: 'docker run alpine nosuch', exitCode: 127 }], check: { exitCodes: [1, 127] },
    })
    runner.exits.set('docker run alpine false', 1)
    runner.exits.set('docker run alpine nosuch', 127)
    const one = fact({ command: 'false', exitCode: 1, blockKey: solutionKey('lab', 1) })
    const notFound = fact({ id: 'd'.repeat(64), command: 'nosuch', state: 'created', exitCode: 127, blockKey: solutionKey('lab', 2) })
    runner.answer.facts = () => ({ containers: [...(ran(solutionKey('lab', 1)) ? [one] : []), ...(ran(solutionKey('lab', 2)) ? [notFound] : [])], redis: [] })
    const wrapper = mount(Exercise, { props: { exercise: LAB }, attachTo: document.body })
    const chips = () => wrapper.findAll('.exercise-lab li').map((li) => [li.attributes('data-code'), li.attributes('data-made') !== undefined])
    expect(chips()).toEqual([['1', false], ['127', false]])
    await climbToSolution(wrapper)
    await wrapper.get('.exercise-run-solution').trigger('click')
    await flushPromises()
    expect(calls().map(([key]) => key)).toEqual([resetKey('lab'), solutionKey('lab', 1), solutionKey('lab', 2)])
    expect(wrapper.find('.exercise-solution .exercise-error').exists()).toBe(false)
    expect(wrapper.get('.exercise-verdict').attributes('data-pass')).toBe('yes')
    expect(chips()).toEqual([['1', true], ['127', true]])
  })
})

describe('Exercise.vue, 처음부터 다시', () => {
  const KEEP = ExerciseForm.parse({
    id: 'keep', section: 'lifecycle', sectionTitle: '생명 주기', title: 'keep', task: 't', hintSteps: ['h1', 'h2'], solution: 'docker ps',
    start: ['docker run -d --name ex-keep alpine sleep 300', 'docker run alpine echo one'], check: { container: { name: 'ex-keep', state: 'running' } },
  })
  const mine = { id: 'e'.repeat(64), name: 'ex-keep', image: 'alpine', command: 'sleep 300', state: 'running' as const, createdAt: 1, blockKey: startKey('keep', 1) }
  const calls = () => runner.client!.run.mock.calls.map(([key, line]) => [key, line])

  it('shows the start, removes the exercise\'s containers and sets the start up again', async () => {
    runner.answer.facts = () => ({ containers: calls().length ? [] : [mine], redis: [] })
    const wrapper = mount(Exercise, { props: { exercise: KEEP }, attachTo: document.body })
    expect(wrapper.findAll('.exercise-start code').map((code) => code.text())).toEqual(KEEP.start)
    await wrapper.get('.exercise-reset').trigger('click')
    await flushPromises()
    expect(calls()).toEqual([[resetKey('keep'), `docker rm -f ${mine.id}`], [startKey('keep', 1), KEEP.start[0]], [startKey('keep', 2), KEEP.start[1]]])
    expect(wrapper.get('.exercise-reset-note').text()).toBe('이 연습의 컨테이너 1개를 지웠습니다. 시작 상태를 만들었습니다.')
    expect(wrapper.get('.exercise-reset-note').attributes('role')).toBe('status')
  })

  it('says which start line was refused, and why, and goes no further', async () => {
    runner.answer.facts = () => ({ containers: [], redis: [] })
    runner.refusals.set(KEEP.start[0]!, { code: 'not-deck-object', message: 'ex-keep is not the deck\'s.' })
    const wrapper = mount(Exercise, { props: { exercise: KEEP }, attachTo: document.body })
    await wrapper.get('.exercise-reset').trigger('click')
    await flushPromises()
    expect(calls()).toEqual([[resetKey('keep'), RESET_MARK], [startKey('keep', 1), KEEP.start[0]]])
    expect(wrapper.get('.exercise-reset-note.exercise-error').text()).toBe(`시작 상태의 명령어가 거부되었습니다: ${KEEP.start[0]}: ex-keep is not the deck's.`)
    expect(wrapper.get('.exercise-reset-note').attributes('role')).toBe('alert')
  })

  it('says which start line failed, and with what code', async () => {
    runner.answer.facts = () => ({ containers: [], redis: [] })
    runner.exits.set(KEEP.start[0]!, 125)
    const wrapper = mount(Exercise, { props: { exercise: KEEP }, attachTo: document.body })
    await wrapper.get('.exercise-reset').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('.exercise-reset-note').exists()).toBe(true))
    expect(calls()).toEqual([[resetKey('keep'), RESET_MARK], [startKey('keep', 1), KEEP.start[0]]])
    expect(wrapper.get('.exercise-reset-note.exercise-error').text()).toBe(`시작 상태를 만들지 못했습니다: ${KEEP.start[0]} (종료 코드 125). 같은 이름의 컨테이너가 이 연습 밖에 있으면 지우고 다시 누르세요.`)
  })
})

describe('Exercise.vue, no engine and printed', () => {
  it('lets the student write a try, then shows the reference solution\'s recordings and a self-check', async () => {
    runner = fakeRunner('recorded')
    fake.runner = runner
    const wrapper = mount(Exercise, { props: { exercise: ECHO } })
    expect(wrapper.find('.exercise-check').exists()).toBe(false)
    expect(wrapper.find('.exercise-terminal').exists()).toBe(false)
    expect(wrapper.get('.exercise-no-engine').text()).toContain('참고 풀이를 실제로 실행한 녹화')
    await wrapper.get('.exercise-next-hint').trigger('click')
    expect(wrapper.get('.exercise-hint-step').text()).toBe('힌트 1 컨테이너를 만들고 바로 실행하는 명령어를 떠올려 보세요')
    await wrapper.get('.exercise-draft').setValue('docker run alpine echo hi')
    await wrapper.get('.exercise-compare').trigger('click')
    expect(wrapper.findAll('.exercise-solution .run-stub').map((run) => run.attributes('data-key'))).toEqual([solutionKey('echo-hi', 1), solutionKey('echo-hi', 2)])
    await wrapper.get('.exercise-self-check').trigger('click')
    expect(wrapper.get('.exercise-passed').text()).toBe('✔ 스스로 확인함')
    expect(storedProgress().exercises['echo-hi']).toMatchObject({ passed: true, self: true })
  })

  it('prints the task, both hints, the reference solution and the section\'s predictions with their answers', () => {
    printMode.value = true
    const wrapper = mount(Exercise, { props: { exercise: STOP } })
    expect(wrapper.findAll('.exercise-hint-step').map((hint) => hint.text())).toEqual(['힌트 1 h1', '힌트 2 h2'])
    expect(wrapper.get('.exercise-solution-print').text()).toBe('docker ps')
    expect(wrapper.findAll('.section-answers li').map((li) => li.text())).toEqual([
      'docker kill 뒤 ping의 종료 코드는? 정답: 137 · SIGKILL(9): 128 + 9 = 137.',
      'stop 뒤 종료 코드는? 정답: 137 · 유예 뒤 SIGKILL.',
    ])
    expect(wrapper.find('.run-stub').exists()).toBe(false)
    expect(wrapper.find('.study-progress').exists()).toBe(false)
  })
})

describe('ProgressBar.vue', () => {
  it('shows each section and the whole deck: answered predictions and passed exercises', async () => {
    const wrapper = mountPredict()
    await wrapper.findAll('input[type=radio]')[0]!.setValue(true)
    await wrapper.get('form').trigger('submit')
    const bar = mount(ProgressBar)
    const rows = bar.findAll('.study-progress-row').map((row) => [row.attributes('data-section'), row.get('.study-progress-title').text(), row.get('.study-progress-count').text()])
    expect(rows).toEqual([['run', '실행과 이미지', '0/1'], ['lifecycle', '생명 주기', '1/3'], ['overall', '전체', '1/4']])
    const lifecycle = bar.get('.study-progress-row[data-section="lifecycle"] [role=progressbar]')
    expect(lifecycle.attributes()).toMatchObject({ 'aria-valuenow': '1', 'aria-valuemax': '3', 'aria-valuetext': '1/3', 'aria-label': '생명 주기' })
    expect(bar.get('.study-progress-row[data-section="lifecycle"] .study-progress-fill').attributes('style')).toContain('width: 33%')
  })

  it('shows one section on one line when asked, without the actions', () => {
    const bar = mount(ProgressBar, { props: { section: 'run', compact: true } })
    expect(bar.findAll('.study-progress-row').map((row) => row.attributes('data-section'))).toEqual(['run'])
    expect(bar.find('.study-progress-reset').exists()).toBe(false)
  })

  it('resets this student\'s progress in this deck after asking', async () => {
    const predict = mountPredict()
    await predict.findAll('input[type=radio]')[1]!.setValue(true)
    await predict.get('form').trigger('submit')
    const bar = mount(ProgressBar)
    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true)
    window.confirm = confirm
    await bar.get('.study-progress-reset').trigger('click')
    expect(bar.get('.study-progress-row[data-section="overall"] .study-progress-count').text()).toBe('1/4')
    await bar.get('.study-progress-reset').trigger('click')
    expect(confirm).toHaveBeenCalledWith('이 강의의 예측 답과 확인 기록을 모두 지울까요?')
    expect(bar.get('.study-progress-row[data-section="overall"] .study-progress-count').text()).toBe('0/4')
    expect(predict.find('form').exists()).toBe(true)
    expect(localStorage.getItem(STUDENT_KEY)).not.toBeNull()
  })

  it('gives the presenter the switch that hides the questions, which every window follows', async () => {
    expect(mount(ProgressBar).find('.study-questions-toggle').exists()).toBe(false)
    presenter.value = true
    const bar = mount(ProgressBar)
    const block = probe()
    expect(block.get('.probe').attributes()).toMatchObject({ 'data-asked': 'true', 'data-pending': 'true' })
    await bar.get('.study-questions-toggle').trigger('click')
    expect(localStorage.getItem(QUESTIONS_KEY)).toBe('off')
    expect(block.get('.probe').attributes(), 'turning questions off releases the block').toMatchObject({ 'data-asked': 'false', 'data-pending': 'false' })
    expect(bar.get('.study-questions-toggle').text()).toBe('예측 질문 보이기')
    expect(bar.get('.study-questions-hidden').text()).toBe('이번 강의에서는 예측 질문을 숨겼습니다.')
    await bar.get('.study-questions-toggle').trigger('click')
    expect(block.get('.probe').attributes()).toMatchObject({ 'data-asked': 'true', 'data-pending': 'true' })
  })

  it('is not printed', () => {
    printMode.value = true
    expect(mount(ProgressBar).find('.study-progress').exists()).toBe(false)
  })

  it('speaks English with ?lang=en', () => {
    setLanguage('en')
    const bar = mount(ProgressBar)
    expect(bar.get('.study-progress-row[data-section="overall"] .study-progress-title').text()).toBe('Overall')
    expect(bar.get('.study-progress-reset').text()).toBe('Reset progress')
  })
})
