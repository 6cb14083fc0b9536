// @vitest-environment happy-dom
// Output a screen reader can follow and controls a keyboard can reach: the
// block's output is a polite live log that grows by chunks; the exit line is
// a status and a refusal an alert; every control is a native, focusable
// element with a visible focus style; the -it terminal runs xterm.js in
// screen-reader mode with Korean labels and a way out for the keyboard; and
// every coloured text in the components meets WCAG AA (4.5:1).
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import Run from '../../components/Run.vue'
import RunTerminal from '../../components/RunTerminal.vue'
import { focusEscape } from '../../components/model/terminal-keys.ts'
import { setLanguage } from '../../lib/i18n/index.ts'
import { emit, ended, helloRecording, mountRun as mountWith, out, started, useLive, useRecorded } from './run-fakes.ts'
import { printMode } from './slidev-stub.ts'

const xterm = vi.hoisted(() => ({ instances: [] as Array<{ options: Record<string, unknown>; keyHandler?: (event: KeyboardEvent) => boolean; written: string[] }>, strings: { promptLabel: 'Terminal input', tooMuchOutput: 'Too much output to announce, navigate to rows manually to read' } }))
vi.mock('@xterm/xterm', () => ({
  Terminal: class {
    static get strings() { return xterm.strings }
    options: Record<string, unknown>
    keyHandler?: (event: KeyboardEvent) => boolean
    written: string[] = []
    cols = 100
    rows = 14
    constructor(options: Record<string, unknown>) {
      this.options = { ...options }
      xterm.instances.push(this)
    }
    loadAddon() {}
    open(host: HTMLElement) { host.appendChild(document.createElement('textarea')) }
    attachCustomKeyEventHandler(handler: (event: KeyboardEvent) => boolean) { this.keyHandler = handler }
    onData() {}
    onResize() {}
    focus() {}
    write(data: string) { this.written.push(data) }
    dispose() {}
  },
}))
vi.mock('@xterm/addon-fit', () => ({ FitAddon: class {} }))
vi.mock('../../composables/useRunner', async () => (await import('./run-fakes.ts')).runnerModule)
vi.mock('../../composables/useRecordings', async () => (await import('./run-fakes.ts')).recordingsModule)
vi.mock('@slidev/client', async () => (await import('./slidev-stub.ts')).slidevClient)

const mountRun = (line?: string) => mountWith(Run, line)
enableAutoUnmount(afterEach)
afterEach(() => {
  document.body.innerHTML = ''
  printMode.value = false
  setLanguage('ko')
  xterm.instances.length = 0
})

describe('the output', () => {
  beforeEach(() => void useLive())

  it('is text in a polite live log, named in Korean', () => {
    emit(started(), out('Hello from Docker!\n'))
    const log = mountRun().get('pre.run-output')
    expect(log.attributes()).toMatchObject({ role: 'log', 'aria-live': 'polite', 'aria-label': '명령어 출력' })
    expect(log.text()).toBe('Hello from Docker!')
  })

  it('grows by appending: what was read out stays the same nodes', async () => {
    emit(started(), out('first\n'))
    const wrapper = mountRun()
    const first = wrapper.get('pre.run-output').element.firstElementChild!.firstElementChild
    emit(out('second\n'))
    await wrapper.vm.$nextTick()
    const chunks = [...wrapper.get('pre.run-output > .run-output-text').element.children]
    expect(chunks).toHaveLength(2)
    expect(chunks[0]).toBe(first)
    expect(chunks.map((chunk) => chunk.textContent)).toEqual(['first\n', 'second\n'])
  })

  it('announces the exit line as a status, and a refusal as an alert', async () => {
    const runner = useLive()
    emit(started(), ended(0))
    const wrapper = mountRun()
    expect(wrapper.get('[role=status]').text()).toBe('종료 코드 0 · 성공 · 1.2초')
    runner.client.run.mockResolvedValueOnce({ refusal: { code: 'busy', message: 'This block is already running; stop it first or wait for it to end.' } })
    await wrapper.get('.run-button').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role=alert]').text()).toMatch(/^실행 거부: 이 블록이 이미 실행 중이거나/)
  })

  it('says a notice in Korean only, with the runner\'s English in its tooltip', () => {
    emit(started([{ kind: 'scoped', text: 'Scoped: only the deck\'s containers.' }]))
    const li = mountRun().get('.run-notices li')
    expect(li.element.textContent?.trim()).toBe('이 강의가 만든 것만 대상이 되도록 범위를 좁혔습니다. 여러분의 것은 그대로 남습니다.ⓘ')
    expect(li.get('.runner-said').attributes()).toMatchObject({ lang: 'en', title: 'Scoped: only the deck\'s containers.' })
  })
})

describe('the keyboard', () => {
  it('reaches every control: native buttons and a selector, none taken out of the tab order', async () => {
    useLive()
    const live = mountRun()
    expect(live.get('.run-block').attributes('tabindex')).toBe('0')
    expect(live.findAll('button').map((button) => [button.text(), button.attributes('type'), button.attributes('tabindex')])).toEqual([['▶ 실행', 'button', undefined], ['편집', 'button', undefined]])
    useRecorded([helloRecording()])
    const recorded = mountRun()
    expect(recorded.findAll('button, select').map((control) => control.element.tagName)).toEqual(['BUTTON', 'SELECT'])
    expect(recorded.findAll('[tabindex="-1"]')).toHaveLength(0)
    expect(recorded.get('select').attributes('aria-label')).toBe('재생 속도')
    expect(recorded.find('details summary').exists()).toBe(true)
  })

  it('runs once when Enter presses the focused Run button (the block does not run it a second time)', async () => {
    const runner = useLive()
    const wrapper = mountRun()
    const button = wrapper.get('.run-button')
    ;(button.element as HTMLButtonElement).focus()
    await button.trigger('keydown', { key: 'Enter' })
    expect(runner.client.run).not.toHaveBeenCalled()
    await button.trigger('click')
    expect(runner.client.run).toHaveBeenCalledTimes(1)
  })

  it('keeps the arrow keys of the speed selector from turning the slide', async () => {
    useRecorded([helloRecording()])
    const wrapper = mountRun()
    const slideKeys = vi.fn()
    window.addEventListener('keydown', slideKeys)
    await wrapper.get('select').trigger('keydown', { key: 'ArrowDown' })
    window.removeEventListener('keydown', slideKeys)
    expect(slideKeys).not.toHaveBeenCalled()
  })

  it('draws a visible focus ring on the block and on every kind of control', () => {
    const rules = styleRules('Run.vue')
    for (const selector of ['.run-block:focus-visible', '.run-bar button:focus-visible', '.run-bar select:focus-visible', '.run-edit:focus-visible', '.run-routine summary:focus-visible']) {
      const rule = rules.find((candidate) => candidate.selectors.includes(selector))
      expect(rule?.declarations.outline, selector).toMatch(/^2px solid #2563eb$/)
    }
    expect(styleRules('RunTerminal.vue').find((rule) => rule.selectors.includes('.run-terminal:focus-within'))?.declarations.outline).toBe('2px solid #2563eb')
    // A focus ring is not text: 3:1 against the slide, light (white) or dark (#121212).
    expect(contrast('#2563eb', '#ffffff')).toBeGreaterThanOrEqual(3)
    expect(contrast('#2563eb', '#121212')).toBeGreaterThanOrEqual(3)
  })
})

describe('RunTerminal.vue', () => {
  const mountTerminal = (pty: unknown) => mount(RunTerminal, {
    props: { session: 'run-1', events: [started([], true), out('/ # ', 'pty')], pty: pty as never },
    attachTo: document.body,
  })

  it('turns on xterm\'s screen-reader mode, with its words in Korean', () => {
    const wrapper = mountTerminal({ input: vi.fn(), resize: vi.fn() })
    expect(xterm.instances).toHaveLength(1)
    expect(xterm.instances[0]!.options.screenReaderMode).toBe(true)
    expect(xterm.strings.promptLabel).toBe('터미널 입력')
    expect(xterm.strings.tooMuchOutput).toBe('출력이 너무 많아 읽어 주지 않습니다. 터미널 화면을 직접 살펴보세요.')
    expect(wrapper.get('.run-terminal').attributes()).toMatchObject({ role: 'region', 'aria-label': '컨테이너 안의 터미널' })
    expect(wrapper.get('.run-terminal-hint').text()).toBe('Ctrl+D 또는 exit로 나옵니다 · 터미널 밖으로 이동: Esc 다음 Tab')
    expect(xterm.instances[0]!.written).toEqual(['/ # '])
  })

  it('says a recorded terminal takes no input', () => {
    expect(mountTerminal(undefined).get('.run-terminal-hint').text()).toBe('녹화된 터미널입니다 (입력할 수 없음)')
  })

  it('lets Esc then Tab leave the terminal', () => {
    mountTerminal({ input: vi.fn(), resize: vi.fn() })
    const handler = xterm.instances[0]!.keyHandler!
    expect(handler(new KeyboardEvent('keydown', { key: 'Tab' }))).toBe(true)
    expect(handler(new KeyboardEvent('keydown', { key: 'Escape' }))).toBe(true)
    expect(handler(new KeyboardEvent('keydown', { key: 'Tab' }))).toBe(false)
  })
})

describe('focusEscape', () => {
  const key = (key: string, type = 'keydown', init: KeyboardEventInit = {}) => new KeyboardEvent(type, { key, ...init })

  it('gives the terminal Tab (shell completion) unless Esc came just before', () => {
    const handle = focusEscape()
    expect(handle(key('Tab'))).toBe(true)
    expect([handle(key('Escape')), handle(key('Escape', 'keyup')), handle(key('Tab', 'keydown', { shiftKey: true }))]).toEqual([true, true, false])
  })

  it('forgets the Esc after any other key, and after one Tab', () => {
    const handle = focusEscape()
    expect([handle(key('Escape')), handle(key('a')), handle(key('Tab'))]).toEqual([true, true, true])
    expect([handle(key('Escape')), handle(key('Tab')), handle(key('Tab'))]).toEqual([true, false, true])
  })

  it('leaves Ctrl+Tab to the browser as it is', () => {
    const handle = focusEscape()
    handle(key('Escape'))
    expect(handle(key('Tab', 'keydown', { ctrlKey: true }))).toBe(true)
  })
})

// ── colours ──

// (Node's paths: happy-dom replaces URL.)
const COMPONENTS = path.join(import.meta.dirname, '../../components')

interface Rule { file: string; selectors: string[]; declarations: Record<string, string> }

/** The rules of a component's <style> block (flat CSS, as the components write it). */
function styleRules(file: string): Rule[] {
  const source = readFileSync(path.join(COMPONENTS, file), 'utf8')
  const css = (/<style[^>]*>([\s\S]*?)<\/style>/.exec(source)?.[1] ?? '').replace(/\/\*[\s\S]*?\*\//g, '')
  return [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(([, selectors, body]) => ({
    file,
    selectors: selectors!.split(',').map((selector) => selector.trim()),
    declarations: Object.fromEntries(body!.split(';').map((line) => line.split(':')).filter((parts) => parts.length >= 2).map(([name, ...value]) => [name!.trim(), value.join(':').trim()])),
  }))
}

function luminance(hex: string): number {
  const digits = hex.replace('#', '')
  const full = digits.length === 3 ? [...digits].map((digit) => digit + digit).join('') : digits
  const [r, g, b] = [0, 2, 4].map((at) => Number.parseInt(full.slice(at, at + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

/** WCAG contrast ratio of two #rgb/#rrggbb colours. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (light! + 0.05) / (dark! + 0.05)
}

const HEX = /^#[0-9a-f]{3}([0-9a-f]{3})?$/i
// The run blocks' components. (The self-study components are checked by their own tests.)
const components = ['Run.vue', 'RunTerminal.vue', 'LifecycleView.vue', 'ContainerTable.vue']
const rules = components.flatMap(styleRules)
// Text coloured without its own background sits on one of these.
const ON_BACKGROUND: Record<string, string> = {
  '.run-output :deep(.run-notice)': '#111111',
  '.run-output :deep(.runner-detail)': '#111111',
  '.run-typed': '#111111',
}

describe('colours', () => {
  it('are read from the components\' styles', () => {
    expect(readdirSync(COMPONENTS)).toEqual(expect.arrayContaining(components))
    expect(rules.filter((rule) => rule.declarations.color).length).toBeGreaterThan(10)
  })

  it.each(rules.filter((rule) => rule.declarations.color && rule.declarations.color !== 'inherit').map((rule) => [`${rule.file} ${rule.selectors.join(', ')}`, rule] as const))(
    'meet 4.5:1 for text: %s', (_, rule) => {
      const color = rule.declarations.color!
      const background = rule.declarations.background ?? rule.selectors.map((selector) => ON_BACKGROUND[selector]).find(Boolean)
      expect(background, 'coloured text needs its own background (or an entry in ON_BACKGROUND)').toBeDefined()
      expect(color).toMatch(HEX)
      expect(background).toMatch(HEX)
      expect(contrast(color, background!)).toBeGreaterThanOrEqual(4.5)
    },
  )

  it('dim text by no more than opacity 0.75, which keeps the slide\'s own text colour above 4.5:1 (light and dark)', () => {
    // A disabled control may be dimmer (WCAG exempts inactive controls).
    const dimmed = rules.filter((rule) => rule.declarations.opacity !== undefined && !rule.selectors.every((selector) => selector.endsWith(':disabled')))
    expect(dimmed.length).toBeGreaterThan(0)
    for (const rule of dimmed) expect(Number(rule.declarations.opacity), `${rule.file} ${rule.selectors.join(', ')}`).toBeGreaterThanOrEqual(0.75)
  })

  it('show a stopped run in neutral grey, a failed one in red, a success in green', () => {
    const outcome = (name: string) => rules.find((rule) => rule.selectors.includes(`.run-exit[data-outcome="${name}"]`))!.declarations
    expect(outcome('stopped')).toEqual({ background: '#e5e7eb', color: '#374151' })
    expect(outcome('error')).toEqual({ background: '#fee2e2', color: '#991b1b' })
    expect(outcome('success')).toEqual({ background: '#dcfce7', color: '#166534' })
  })
})
