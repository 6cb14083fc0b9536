// @vitest-environment happy-dom
// The -it terminal belongs to one session: a run, or one replay of a
// recording. Each new session starts on a fresh xterm screen and shows that
// session from its first byte, however many runs or replays came before on
// the same block; keystrokes and the size go to that run's PTY only. xterm.js
// is replaced by a recorder of what it was asked to write.
import { enableAutoUnmount, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunState } from '../../lib/client/client.ts'
import type { RunEvent } from '../../lib/protocol.ts'
import { TERMINAL_SIZE } from '../../lib/terminal-size.ts'
import Run from '../../components/Run.vue'
import RunTerminal from '../../components/RunTerminal.vue'
import { current, ended, helloRecording, KEY, mountRun as mountWith, out, started, useLive, useRecorded } from './run-fakes.ts'

const xterm = vi.hoisted(() => ({
  instances: [] as Array<{ options: Record<string, unknown>; written: string[]; disposed: boolean; focused: boolean; type(data: string): void }>,
}))
vi.mock('@xterm/xterm', () => ({
  Terminal: class {
    static strings = {}
    options: Record<string, unknown>
    written: string[] = []
    disposed = false
    focused = false
    cols: number
    rows: number
    private element: HTMLElement | undefined
    private onInput: (data: string) => void = () => {}
    constructor(options: { cols: number; rows: number }) {
      this.options = { ...options }
      this.cols = options.cols
      this.rows = options.rows
      xterm.instances.push(this)
    }
    loadAddon() {}
    open(host: HTMLElement) {
      this.element = host.appendChild(document.createElement('textarea'))
    }
    attachCustomKeyEventHandler() {}
    onData(handler: (data: string) => void) { this.onInput = handler }
    onResize() {}
    focus() { this.focused = true }
    write(data: string) { this.written.push(data) }
    // As xterm does: its element leaves the page.
    dispose() {
      this.disposed = true
      this.element?.remove()
    }
    type(data: string) { this.onInput(data) }
  },
}))
vi.mock('@xterm/addon-fit', () => ({ FitAddon: class {} }))
vi.mock('../../composables/useRunner', async () => (await import('./run-fakes.ts')).runnerModule)
vi.mock('../../composables/useRecordings', async () => (await import('./run-fakes.ts')).recordingsModule)
vi.mock('@slidev/client', async () => (await import('./slidev-stub.ts')).slidevClient)

enableAutoUnmount(afterEach)
beforeEach(() => {
  xterm.instances.length = 0
})
afterEach(() => {
  vi.useRealTimers()
  document.body.innerHTML = ''
})

const pty = () => ({ input: vi.fn(), resize: vi.fn() })
const output = (seq: number, data: string): RunEvent => ({ kind: 'output', seq, stream: 'pty', data, at: seq })
const session = (...data: string[]): RunEvent[] => [started([], true), ...data.map((text, i) => output(i + 1, text))]
/** New props from the block (tsc sees .vue files without their props). */
const update = (wrapper: VueWrapper, props: { session?: string; events?: RunEvent[]; pty?: ReturnType<typeof pty> }) => wrapper.setProps(props as never)

describe('RunTerminal.vue', () => {
  it('is 100×14, the one terminal size', () => {
    mount(RunTerminal, { props: { session: 'run-a', events: session('a') }, attachTo: document.body })
    expect(xterm.instances[0]!.options).toMatchObject(TERMINAL_SIZE)
  })

  it('writes each event once as a session grows', async () => {
    const wrapper = mount(RunTerminal, { props: { session: 'run-a', events: session('a1', 'a2') }, attachTo: document.body })
    await update(wrapper, { events: session('a1', 'a2', 'a3') })
    expect(xterm.instances).toHaveLength(1)
    expect(xterm.instances[0]!.written).toEqual(['a1', 'a2', 'a3'])
  })

  it('shows run B from its first byte after run A, on a fresh screen, however long A was', async () => {
    const ptyA = pty()
    const ptyB = pty()
    const wrapper = mount(RunTerminal, { props: { session: 'run-a', events: session('a1', 'a2', 'a3'), pty: ptyA }, attachTo: document.body })
    // B as long as A, then longer: no count carries over from A.
    await update(wrapper, { session: 'run-b', events: session('b1', 'b2', 'b3'), pty: ptyB })
    await update(wrapper, { events: session('b1', 'b2', 'b3', 'b4') })
    const [a, b] = xterm.instances
    expect(a!.written).toEqual(['a1', 'a2', 'a3'])
    expect(a!.disposed).toBe(true)
    expect(b!.written).toEqual(['b1', 'b2', 'b3', 'b4'])
    expect(b!.disposed).toBe(false)
    expect(wrapper.findAll('.run-terminal textarea')).toHaveLength(1)
    // B's screen talks to B's PTY only, and tells it the screen's size.
    expect(ptyB.resize).toHaveBeenCalledExactlyOnceWith(TERMINAL_SIZE)
    b!.type('ls\r')
    expect(ptyB.input).toHaveBeenCalledExactlyOnceWith('ls\r')
    expect(ptyA.input).not.toHaveBeenCalled()
    expect(b!.focused).toBe(true)
  })

  it('says how to leave a terminal that passes input on, and that keys go nowhere in one that does not (-t alone)', () => {
    const withInput = mount(RunTerminal, { props: { session: 'run-it', events: session('/ # '), pty: pty(), passesInput: true }, attachTo: document.body })
    expect(withInput.get('.run-terminal-hint').text()).toBe('Ctrl+D 또는 exit로 나옵니다 · 터미널 밖으로 이동: Esc 다음 Tab')
    const tAlone = mount(RunTerminal, { props: { session: 'run-t', events: session('/ # '), pty: pty(), passesInput: false }, attachTo: document.body })
    expect(tAlone.get('.run-terminal-hint').text()).toBe('-i가 없어 친 글자가 컨테이너로 가지 않습니다 · 중지로 닫습니다')
  })

  it('takes no input without a PTY (a recording)', () => {
    const wrapper = mount(RunTerminal, { props: { session: 'recording', events: session('/ # ') }, attachTo: document.body })
    expect(xterm.instances[0]!.options.disableStdin).toBe(true)
    expect(xterm.instances[0]!.focused).toBe(false)
    expect(wrapper.get('.run-terminal-hint').text()).toBe('녹화된 터미널입니다 (입력할 수 없음)')
  })
})

describe('Run.vue\'s terminal, live', () => {
  /** What the page's connection does with a run's event (run-fakes' emit is for one run). */
  function emitTo(run: RunState, ...events: RunEvent[]): void {
    for (const event of events) {
      run.events.push(event)
      current.runner.runs.record(run, event)
    }
  }

  it('shows the second run of the block from its first byte, with its own PTY', async () => {
    const runner = useLive()
    const first: RunState = { runId: 'run-1', key: KEY, events: [] }
    const second: RunState = { runId: 'run-2', key: KEY, events: [] }
    emitTo(first, started([], true), out('/ # ', 'pty'), out('exit\r\n', 'pty'), ended(0))
    const wrapper = mountWith(Run, 'docker exec -it <id> sh')
    expect(xterm.instances[0]!.written).toEqual(['/ # ', 'exit\r\n'])
    expect(runner.client.resize).toHaveBeenLastCalledWith('run-1', TERMINAL_SIZE)

    emitTo(second, started([], true), out('/ # ', 'pty'))
    await wrapper.vm.$nextTick()
    emitTo(second, out('ls\r\n', 'pty'))
    await wrapper.vm.$nextTick()
    expect(xterm.instances).toHaveLength(2)
    expect(xterm.instances[0]!.disposed).toBe(true)
    expect(xterm.instances[1]!.written).toEqual(['/ # ', 'ls\r\n'])
    expect(runner.client.resize).toHaveBeenLastCalledWith('run-2', TERMINAL_SIZE)
    xterm.instances[1]!.type('x')
    expect(runner.client.input).toHaveBeenCalledExactlyOnceWith('run-2', 'x')
  })
})

describe('Run.vue\'s terminal, replayed', () => {
  const SESSION = ['/ # ', 'ls\r\n', 'bin  etc\r\n', '/ # ']
  const recording = (screen: string[] | undefined) => helloRecording(
    { tty: true, line: 'docker exec -it <id> sh', screen, exit: { code: 0, signal: null, durationMs: 400, reason: 'exited' } },
    SESSION.map((data, i) => [0.1 * (i + 1), 'o', data]),
  )

  it.each([
    ['the final screen between replays', ['/ # ls', 'bin  etc', '/ # ']],
    ['the whole recording between replays', undefined],
  ])('writes the session from its start each time it is replayed (%s)', async (_, screen) => {
    useRecorded([recording(screen)])
    vi.useFakeTimers()
    const wrapper = mountWith(Run, 'docker exec -it <id> sh')
    const before = xterm.instances.length
    const replayed: string[][] = []
    for (let time = 0; time < 2; time++) {
      await wrapper.get('.replay-button').trigger('click')
      const replayScreen = xterm.instances.at(-1)!
      await vi.advanceTimersByTimeAsync(150)
      expect(replayScreen.written).toEqual(SESSION.slice(0, 1))
      await vi.advanceTimersByTimeAsync(200)
      replayed.push([...replayScreen.written])
      // The last tick ends the replay: the block shows the recording's end again.
      await vi.advanceTimersByTimeAsync(100)
      expect(wrapper.find('.replay-button').exists()).toBe(true)
      if (screen) expect(wrapper.get('pre.run-screen').text()).toBe(screen.join('\n').trim())
      else expect(xterm.instances.at(-1)!.written).toEqual(SESSION)
    }
    expect(replayed).toEqual([SESSION.slice(0, 3), SESSION.slice(0, 3)])
    // A fresh screen per replay (and, without a final screen, one for the whole recording after each).
    expect(xterm.instances.length - before).toBe(screen ? 2 : 4)
    expect(xterm.instances.slice(0, -1).every((instance) => instance.disposed)).toBe(true)
  })

  it('starts over on a fresh screen when Replay is asked again midway', async () => {
    useRecorded([recording(['/ # '])])
    vi.useFakeTimers()
    const wrapper = mountWith(Run, 'docker exec -it <id> sh')
    await wrapper.get('.replay-button').trigger('click')
    await vi.advanceTimersByTimeAsync(250)
    expect(xterm.instances[0]!.written).toEqual(SESSION.slice(0, 2))
    await wrapper.get('.run-block').trigger('keydown', { key: 'Enter' })
    await vi.advanceTimersByTimeAsync(150)
    expect(xterm.instances).toHaveLength(2)
    expect(xterm.instances[0]!.disposed).toBe(true)
    expect(xterm.instances[1]!.written).toEqual(SESSION.slice(0, 1))
  })
})
