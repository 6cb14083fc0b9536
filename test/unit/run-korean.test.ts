// @vitest-environment happy-dom
// Every word a student sees on a Run block is Korean: the block is rendered
// in each of its states with the language set to Korean, and no English UI
// word from lib/i18n/en.ts may appear outside command text, program output
// and the runner's own English detail. English, the second UI language, is
// checked the same way for Hangul.
import { enableAutoUnmount, flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setLanguage } from '../../lib/i18n/index.ts'
import type { EndReason, Refusal, RefusalCode } from '../../lib/protocol.ts'
import Run from '../../components/Run.vue'
import { ALL_NOTICES, emit, ended, helloRecording, KEY, LINE, mountRun as mountWith, notice, out, RESOLVED, started, useLive, useRecorded } from './run-fakes.ts'
import { currentSlide, printMode } from './slidev-stub.ts'
import { englishIn, englishUiWords, uiText } from './ui-words.ts'

vi.mock('../../composables/useRunner', async () => (await import('./run-fakes.ts')).runnerModule)
vi.mock('../../composables/useRecordings', async () => (await import('./run-fakes.ts')).recordingsModule)
vi.mock('../../components/RunTerminal.vue', async () => ({ default: (await import('./terminal-stub.ts')).TerminalStub }))
vi.mock('@slidev/client', async () => (await import('./slidev-stub.ts')).slidevClient)

enableAutoUnmount(afterEach)
afterEach(() => {
  vi.useRealTimers()
  document.body.innerHTML = ''
  printMode.value = false
  setLanguage('ko')
})

const REASONS: EndReason[] = ['exited', 'interrupted', 'cancelled', 'timeout', 'output-cap', 'disconnected', 'spawn-error', 'runner-stopped', 'engine-lost']
const RUNNER_STOPS: Record<EndReason, string> = {
  exited: 'Something the runner says.',
  interrupted: 'Sent SIGINT, as Ctrl-C in a terminal does.',
  cancelled: 'Stopped by the presenter.',
  timeout: 'Stopped: the run passed its time limit of 120 s.',
  'output-cap': 'Output passed the cap of 1024 KiB, so the run was stopped; the output above is truncated.',
  disconnected: 'Stopped: every window following this run closed.',
  'spawn-error': 'The listing inside $(…) failed, so nothing was removed: no such container',
  'runner-stopped': 'Stopped: the runner is shutting down.',
  'engine-lost': 'Stopped: the Docker engine went away. Start it again; the deck reconnects by itself.',
}
const REFUSALS: Refusal[] = [
  { code: 'busy', message: 'This block is already running; stop it first or wait for it to end.' },
  { code: 'denied-flag', message: 'The flag --privileged is not allowed on a lecture deck.', subject: '--privileged' },
  { code: 'empty', message: 'The command is empty; type a docker command such as `docker ps`.' },
  { code: 'expansion', message: 'A leading ~ would be expanded to a home directory by a shell; write the path itself.', subject: '~' },
  { code: 'glob', message: 'The pattern *.txt would be expanded by a shell, and there is none here; quote it or name the files.', subject: '*.txt' },
  { code: 'global-option', message: 'The global option --host is refused: it talks to another engine. Put the subcommand right after docker.', subject: '--host' },
  { code: 'invalid-value', message: '-p abc is not a port mapping the runner understands; write -p HOSTPORT:CONTAINERPORT, for example -p 6379:6379.', subject: '-p abc' },
  { code: 'limit', message: '--memory 8g is looser than the deck\'s limit of 512m; ask for 512m or less.', subject: '--memory' },
  { code: 'not-deck-object', message: 'docker rm abc is refused: abc is not a container this deck created, and the runner only touches its own.', subject: 'abc' },
  { code: 'not-docker', message: 'Only docker commands run here, and this line starts with "redis-cli"; start it with `docker`.', subject: 'redis-cli' },
  { code: 'placeholder', message: '<id:redis> stands for the deck\'s latest container, and there is none yet; run the slide that creates it first.', subject: '<id:redis>' },
  { code: 'shell-syntax', message: 'The shell operator | is not supported: the runner runs exactly one docker command, without a shell.', subject: '|' },
  { code: 'subcommand', message: 'docker network is not one of the commands this deck runs; try it in your own terminal.', subject: 'network' },
  { code: 'substitution', message: 'The command substitution is not closed; write it as `$(docker ps -a -q)`.' },
  { code: 'too-long', message: 'The command is 5000 characters long; the runner accepts at most 4096.' },
  { code: 'variable', message: 'Shell variables such as $HOME are not expanded here (there is no shell); write the value itself.', subject: '$HOME' },
  { code: 'unknown-option', message: '`docker run` has no option --frobnicate that the runner knows; check the spelling or run it in your own terminal.', subject: '--frobnicate' },
  { code: 'missing-value', message: '--name needs a value in `docker run`; add it after the flag.', subject: '--name' },
  // A code of a newer runner that this deck does not know yet.
  { code: 'some-new-code' as RefusalCode, message: 'A reason the deck does not know yet.' },
]

const mountRun = (line?: string) => mountWith(Run, line)
const words = englishUiWords()
const HANGUL = /[\uac00-\ud7a3]/

/** Fails with every English UI word the block shows, and checks that it does show Korean. */
function expectKoreanOnly(wrapper: VueWrapper, commands: string[] = [LINE, RESOLVED]): void {
  const texts = uiText(wrapper.element, commands)
  expect(englishIn(texts, words)).toEqual([])
  expect(texts.join(' ')).toMatch(HANGUL)
}

describe('the English words the check looks for', () => {
  it('include the buttons, labels and exit meanings of en.ts, and not the technical words Korean uses too', () => {
    for (const word of ['Run', 'Stop', 'Edit', 'Done', 'Replay', 'Skip', 'running', 'recorded', 'success', 'Refused', 'failed', 'stopped', 'grace', 'Terminal']) expect(words).toContain(word)
    for (const word of ['docker', 'SIGKILL', 'SIGTERM', 'exec', 'Enter', 'Ctrl']) expect(words).not.toContain(word)
  })

  it('catch an English word left in a Korean page', () => {
    expect(englishIn(['▶ Run', '실행 중…', 'exit 0 · success'], words)).toEqual(['Run (in "▶ Run")', 'success (in "exit 0 · success")'])
  })
})

describe('Run.vue in Korean, live', () => {
  beforeEach(() => void useLive())

  it('idle: code, 실행 and 편집', () => {
    expectKoreanOnly(mountRun())
  })

  it('editing: the command line and 완료', async () => {
    const wrapper = mountRun()
    await wrapper.get('.edit-button').trigger('click')
    expectKoreanOnly(wrapper)
  })

  it('running, with output streaming in', () => {
    emit(started(), out('Hello from Docker!\n'), out('warning: stderr line\n', 'stderr'))
    expectKoreanOnly(mountRun())
  })

  it('with every kind of notice the runner adds', () => {
    emit(started(ALL_NOTICES), out('ok\n'))
    expectKoreanOnly(mountRun())
  })

  it.each([0, 1, 2, 125, 126, 127, 130, 137, 139, 143])('exited with code %i', (code) => {
    emit(started(), out('output\n'), ended(code))
    expectKoreanOnly(mountRun())
  })

  it('exited without a code, by a signal', () => {
    emit(started(), ended(null, 'exited', 'SIGTERM', 85))
    expectKoreanOnly(mountRun())
  })

  it.each(REASONS)('stopped by the runner (%s), with its notice in the output', (reason) => {
    emit(started(), out('64 bytes from 127.0.0.1\n'), notice(RUNNER_STOPS[reason], reason), ended(reason === 'exited' ? 0 : null, reason, 'SIGTERM', 11_300))
    const wrapper = mountRun()
    expectKoreanOnly(wrapper)
    expect(wrapper.get('.run-notice [lang=en]').text()).toContain(RUNNER_STOPS[reason])
  })

  it('a notice in the output without a reason', () => {
    emit(started(), notice('Something happened.'))
    expectKoreanOnly(mountRun())
  })

  it('a terminal run', () => {
    emit(started([], true), out('/ # ', 'pty'))
    expectKoreanOnly(mountRun())
  })

  it.each(REFUSALS.map((refusal) => [refusal.code, refusal] as const))('refused (%s): Korean first, the runner\'s words as detail', async (_, refusal) => {
    const runner = useLive()
    runner.client.run.mockResolvedValueOnce({ refusal })
    const wrapper = mountRun()
    await wrapper.get('.run-button').trigger('click')
    await flushPromises()
    // The subject is command text (a flag, a word of the line).
    expectKoreanOnly(wrapper, [LINE, ...(refusal.subject ? [refusal.subject] : [])])
    expect(wrapper.get('.run-refused-text').text()).toMatch(/^실행 거부: /)
    if (refusal.subject) expect(wrapper.get('.run-refused-text').text()).toContain(refusal.subject)
    expect(wrapper.get('.run-refused [lang=en]').text()).toBe(refusal.message)
  })

  it('a placeholder preview when it can be filled in, and an empty line that keeps its place when it cannot (the run says why)', async () => {
    const runner = useLive()
    runner.client.resolve.mockResolvedValueOnce({ resolvedLine: 'docker stop 1a2b3c4d5e6f', notices: [] })
    const filled = mountRun('docker stop <id:alpine>')
    await flushPromises()
    expect(filled.get('.run-preview').text()).toBe('→ docker stop 1a2b3c4d5e6f')
    runner.client.resolve.mockResolvedValueOnce({ refusal: REFUSALS.find((refusal) => refusal.code === 'placeholder')! })
    const refused = mountRun('docker stop <id:redis>')
    await flushPromises()
    expectKoreanOnly(refused, ['docker stop <id:redis>'])
    expect(refused.get('.run-preview').text()).toBe('')
    expect(refused.get('.run-preview').attributes('aria-hidden')).toBe('true')
    expect(refused.get('.run-preview').attributes('data-filled')).toBeUndefined()
  })

  it('has no preview line for a line without a placeholder', async () => {
    useLive()
    const plain = mountRun('docker stop stop-demo')
    await flushPromises()
    expect(plain.find('.run-preview').exists()).toBe(false)
  })
})

describe('Run.vue previews only on the slide on screen', () => {
  it('asks the runner nothing for a block on a slide that is mounted but not shown, and asks once it is shown', async () => {
    const runner = useLive()
    runner.client.resolve.mockResolvedValue({ resolvedLine: 'docker stop 1a2b3c4d5e6f', notices: [] })
    currentSlide.value = 11
    try {
      const offScreen = mountRun('docker stop <id:alpine>')
      await flushPromises()
      expect(runner.client.resolve).not.toHaveBeenCalled()
      // Its line is there, empty, so showing the preview later moves nothing under the pointer.
      expect(offScreen.get('.run-preview').text()).toBe('')
      currentSlide.value = 10
      await flushPromises()
      expect(runner.client.resolve).toHaveBeenCalledTimes(1)
      expect(offScreen.get('.run-preview').text()).toBe('→ docker stop 1a2b3c4d5e6f')
    } finally {
      currentSlide.value = 10
    }
  })
})

describe('Run.vue in Korean, recorded', () => {
  it('with its recording: 녹화된 출력, 다시 보기 and the speeds', () => {
    useRecorded([helloRecording()])
    expectKoreanOnly(mountRun())
  })

  it('while replaying: 건너뛰기 and 다시 보는 중…', async () => {
    vi.useFakeTimers()
    useRecorded([helloRecording()])
    const wrapper = mountRun()
    await wrapper.get('.replay-button').trigger('click')
    await vi.advanceTimersByTimeAsync(300)
    expect(wrapper.find('.skip-button').exists()).toBe(true)
    expectKoreanOnly(wrapper)
  })

  it('a long demo the recorder stopped', () => {
    useRecorded([helloRecording({ exit: { code: null, signal: 'SIGTERM', durationMs: 11_300, reason: 'cancelled' } })])
    expectKoreanOnly(mountRun())
  })

  it('without a recording', () => {
    useRecorded([])
    expectKoreanOnly(mountRun())
  })

  it('a recorded refusal, known or not', () => {
    const recorded: Refusal[] = [
      { code: 'not-docker', message: 'Only docker commands run here, and this line starts with "redis-cli"; start it with `docker`.', subject: 'redis-cli' },
      { code: 'some-new-code' as RefusalCode, message: 'Some refusal the deck cannot place.' },
    ]
    for (const refused of recorded) {
      useRecorded([helloRecording({ refused, exit: undefined }, [])])
      const wrapper = mountRun()
      expectKoreanOnly(wrapper)
      expect(wrapper.get('.run-refused [lang=en]').text()).toBe(refused.message)
      wrapper.unmount()
    }
  })

  it('a recorded terminal screen', () => {
    useRecorded([helloRecording({ tty: true, screen: ['/ # ls', 'bin   etc', '/ # '] })])
    expectKoreanOnly(mountRun())
  })

  it('printed', () => {
    printMode.value = true
    useRecorded([helloRecording()])
    expectKoreanOnly(mountRun())
  })
})

describe('Run.vue in English, the second UI language', () => {
  beforeEach(() => setLanguage('en'))

  it('labels its controls in English', async () => {
    useLive()
    const wrapper = mountRun()
    expect(wrapper.get('.run-block').attributes('lang')).toBe('en')
    expect(wrapper.get('.run-button').text()).toBe('▶ Run')
    expect(wrapper.get('.edit-button').text()).toBe('Edit')
    await wrapper.get('.edit-button').trigger('click')
    expect(wrapper.get('.edit-button').text()).toBe('Done')
  })

  it('writes the exit line as before: exit 127 · the command was not found in the container · 1.2 s', () => {
    useLive()
    emit(started(), ended(127))
    expect(mountRun().get('.run-exit').text()).toBe('exit 127 · the command was not found in the container · 1.2 s')
  })

  it('shows the runner\'s own words for refusals and notices, once', async () => {
    const runner = useLive()
    emit(started(ALL_NOTICES), notice('Stopped by the presenter.', 'cancelled'), ended(null, 'cancelled', 'SIGTERM', 85))
    runner.client.run.mockResolvedValueOnce({ refusal: REFUSALS[1]! })
    const wrapper = mountRun()
    await wrapper.get('.run-button').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role=alert]').text()).toBe('Refused: The flag --privileged is not allowed on a lecture deck.')
    expect(wrapper.get('.run-notices li[data-kind=scoped]').text()).toBe(ALL_NOTICES[2]!.text)
    expect(wrapper.get('.run-notice').text()).toBe('Stopped by the presenter.')
    // The runner's words stand as the notice itself, not again as a detail; a resolved word also says why docker echoes a full ID.
    expect(wrapper.findAll('[lang=en].runner-detail').map((detail) => detail.text())).toEqual(['<id:alpine> → 1a2b3c4d5e6f (eager_turing, alpine, running)'])
    expect(wrapper.get('.run-notices li[data-kind=resolved]').text()).toBe('Sent as the full ID (docker echoes it in full): <id:alpine> → 1a2b3c4d5e6f (eager_turing, alpine, running)')
    expect(wrapper.get('.run-exit').text()).toBe('stopped · 85 ms')
  })

  it.each([
    ['live, idle', () => void useLive()],
    ['live, exited 137 with every notice', () => { useLive(); emit(started(ALL_NOTICES), out('x\n'), ended(137)) }],
    ['recorded', () => useRecorded([helloRecording()])],
    ['not recorded', () => useRecorded([])],
  ])('shows no Korean UI text (%s)', (_, arrange) => {
    arrange()
    const texts = uiText(mountRun().element, [LINE, RESOLVED])
    expect(texts.filter((text) => HANGUL.test(text))).toEqual([])
  })
})

describe('the block key', () => {
  it('stays the data-key of the block in both languages', () => {
    useLive()
    expect(mountRun().get('.run-block').attributes('data-key')).toBe(KEY)
  })
})
