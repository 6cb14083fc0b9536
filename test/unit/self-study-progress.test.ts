// Progress kept in the browser (per deck, per student), its summary per
// section and overall, the questions switch, the inventory of a deck, and
// what a prediction observes of a run.
import { describe, expect, it } from 'vitest'
import type { RunEvent } from '../../lib/protocol.ts'
import { Exercise } from '../../lib/self-study/exercise.ts'
import { inventoryOf, type Inventory } from '../../lib/self-study/inventory.ts'
import { observeRun } from '../../lib/self-study/observe.ts'
import { Prediction } from '../../lib/self-study/prediction.ts'
import {
  emptyProgress, loadProgress, progressKey, saveProgress, STUDENT_KEY, studentId, summarise, withAnswer, withCheck, withHelp, withoutAnswer, type StorageLike,
} from '../../lib/self-study/progress.ts'
import { questionsShown } from '../../lib/self-study/settings.ts'

function memory(): StorageLike & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value), removeItem: (key) => void items.delete(key) }
}

const prediction = (id: string, section: string, slide: number) => ({ ...Prediction.parse({ for: id, section, question: 'q', answer: 'a', why: 'w' }), slide })
const exercise = (id: string, section: string, sectionTitle: string, slide: number) => ({
  ...Exercise.parse({ id, section, sectionTitle, title: 't', task: 't', hintSteps: ['h1', 'h2'], solution: 'docker ps', check: [{ container: { image: 'alpine' } }] }), slide,
})

describe('student and storage keys', () => {
  it('makes a random student id once and keeps it', () => {
    const storage = memory()
    expect(studentId(storage, () => 'aaaa-bbbb-1')).toBe('aaaa-bbbb-1')
    expect(studentId(storage, () => 'other-id-22')).toBe('aaaa-bbbb-1')
    expect(storage.items.get(STUDENT_KEY)).toBe('aaaa-bbbb-1')
  })

  it('replaces a stored id that is not one', () => {
    const storage = memory()
    storage.setItem(STUDENT_KEY, '<script>')
    expect(studentId(storage, () => 'fresh-id-333')).toBe('fresh-id-333')
  })

  it('keys progress per deck title and per student', () => {
    expect(progressKey('도커 2장', 's1')).toBe('docker-live-deck:study:%EB%8F%84%EC%BB%A4%202%EC%9E%A5:s1')
    expect(progressKey('a', 's1')).not.toBe(progressKey('a', 's2'))
    expect(progressKey('a', 's1')).not.toBe(progressKey('b', 's1'))
  })
})

describe('progress', () => {
  it('is saved and loaded back', () => {
    const storage = memory()
    const progress = withHelp(withCheck(withAnswer(emptyProgress(), 'p1', '137', true, 5), 'e1', true, { at: 6 }), 'e1', 'hint')
    saveProgress(storage, 'k', progress)
    expect(loadProgress(storage, 'k')).toEqual({ version: 1, predictions: { p1: { answer: '137', correct: true, at: 5 } }, exercises: { e1: { passed: true, tries: 1, at: 6 } }, help: { e1: { hints: 1, solution: false } } })
  })

  it('loads as empty when missing, unreadable or of another version', () => {
    const storage = memory()
    expect(loadProgress(storage, 'k')).toEqual(emptyProgress())
    storage.setItem('k', '{not json')
    expect(loadProgress(storage, 'k')).toEqual(emptyProgress())
    storage.setItem('k', JSON.stringify({ version: 2, predictions: {}, exercises: {} }))
    expect(loadProgress(storage, 'k')).toEqual(emptyProgress())
  })

  it('takes an answer back', () => {
    expect(withoutAnswer(withAnswer(emptyProgress(), 'p1', 'x', false), 'p1').predictions).toEqual({})
  })

  it('counts tries, and a passed exercise stays passed after a later failed check', () => {
    let progress = withCheck(emptyProgress(), 'e1', false, { at: 1 })
    expect(progress.exercises.e1).toEqual({ passed: false, tries: 1, at: 1 })
    progress = withCheck(progress, 'e1', true, { at: 2 })
    progress = withCheck(progress, 'e1', false, { at: 3 })
    expect(progress.exercises.e1).toEqual({ passed: true, tries: 3, at: 2 })
  })

  it('marks an exercise the student checked against the recording themselves', () => {
    expect(withCheck(emptyProgress(), 'e1', true, { self: true, at: 1 }).exercises.e1).toEqual({ passed: true, self: true, tries: 1, at: 1 })
  })
})

describe('inventory and summary', () => {
  const inventory: Inventory = inventoryOf(
    [prediction('kill-block', 'lifecycle', 11), prediction('ls-block', 'run', 6), prediction('stop-block', 'lifecycle', 11)],
    [exercise('echo-hi', 'run', '실행과 이미지', 7), exercise('stop-143', 'lifecycle', '생명 주기', 12)],
  )

  it('orders sections by first appearance, titled by their exercise', () => {
    expect(inventory.sections).toEqual([{ id: 'run', title: '실행과 이미지' }, { id: 'lifecycle', title: '생명 주기' }])
    expect(inventory.predictions.map((p) => p.id)).toEqual(['ls-block', 'kill-block', 'stop-block'])
  })

  it('refuses two items with one id, and two titles for one section', () => {
    expect(() => inventoryOf([prediction('a', 'run', 2), prediction('a', 'run', 3)], [])).toThrow(/Slides 2 and 3 both have a prediction a/)
    expect(() => inventoryOf([], [exercise('e1', 'run', 'A', 2), exercise('e2', 'run', 'B', 3)])).toThrow(/Section run is called both "A" and "B"/)
  })

  it('counts answered predictions (right or wrong) and passed exercises, per section and overall', () => {
    let progress = withAnswer(emptyProgress(), 'kill-block', '0', false)
    progress = withAnswer(progress, 'ls-block', 'x', true)
    progress = withCheck(progress, 'stop-143', true)
    progress = withCheck(progress, 'echo-hi', false)
    expect(summarise(inventory, progress)).toEqual({
      sections: [{ id: 'run', title: '실행과 이미지', done: 1, total: 2 }, { id: 'lifecycle', title: '생명 주기', done: 2, total: 3 }],
      overall: { done: 3, total: 5 },
    })
  })

  it('ignores progress of items the deck no longer has', () => {
    expect(summarise(inventory, withAnswer(emptyProgress(), 'gone', 'x', true)).overall).toEqual({ done: 0, total: 5 })
  })
})

describe('questionsShown', () => {
  it.each([
    [{ search: '', stored: null, deck: undefined }, true],
    [{ search: '', stored: null, deck: { questions: false } }, false],
    [{ search: '', stored: 'on', deck: { questions: false } }, true],
    [{ search: '', stored: 'off', deck: undefined }, false],
    [{ search: '?questions=on', stored: 'off', deck: { questions: false } }, true],
    [{ search: '?questions=off', stored: 'on', deck: undefined }, false],
    [{ search: '?questions=maybe', stored: 'junk', deck: 'yes' }, true],
  ])('%j → %s', (sources, shown) => {
    expect(questionsShown(sources)).toBe(shown)
  })
})

describe('observeRun', () => {
  const started: RunEvent = { kind: 'started', seq: 0, key: 'k', line: 'l', resolvedLine: 'l', notices: [], tty: false, startedAt: 0 }
  const out = (data: string, seq = 1): RunEvent => ({ kind: 'output', seq, stream: 'stdout', data, at: 0 })
  const ended = (exitCode: number | null, signal: string | null = null): RunEvent => ({ kind: 'ended', seq: 9, exitCode, signal, durationMs: 1, reason: 'exited' })

  it('has nothing before a run, and waits while it runs', () => {
    expect(observeRun('exit-code', [])).toEqual({ kind: 'not-run' })
    expect(observeRun('exit-code', [started, out('PING')])).toEqual({ kind: 'running' })
  })

  it('shows the exit code, or the signal when there is none', () => {
    expect(observeRun('exit-code', [started, ended(137)])).toEqual({ kind: 'exit-code', code: '137' })
    expect(observeRun('exit-code', [started, ended(null, 'SIGKILL')])).toEqual({ kind: 'exit-code', code: 'SIGKILL' })
  })

  it('shows the output without colours, eight lines at most', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i}`).join('\r\n')
    expect(observeRun('output', [started, out(`\x1b[1mbin\x1b[0m\ndev\n`), ended(0)])).toEqual({ kind: 'seen', text: 'bin\ndev' })
    expect(observeRun('output', [started, out(lines), ended(0)])).toEqual({ kind: 'seen', text: `${Array.from({ length: 8 }, (_, i) => `line ${i}`).join('\n')}\n…` })
  })

  it('shows the first match of a pattern, or says it was not there once the run ended', () => {
    const ps = 'CONTAINER ID   IMAGE   STATUS\nabc   hello-world   Exited (0) 3 seconds ago\n'
    expect(observeRun({ match: 'Exited \\(\\d+\\)' }, [started, out(ps), ended(0)])).toEqual({ kind: 'seen', text: 'Exited (0)' })
    expect(observeRun({ match: 'Up \\d+' }, [started, out(ps)])).toEqual({ kind: 'running' })
    expect(observeRun({ match: 'Up \\d+' }, [started, out(ps), ended(0)])).toEqual({ kind: 'no-match' })
  })
})

describe('withHelp', () => {
  it('climbs one hint at a time, no further than there are hints, then the solution; progress saved before help existed loads with none', () => {
    let progress = emptyProgress()
    progress = withHelp(progress, 'echo-hi', 'hint')
    expect(progress.help['echo-hi']).toEqual({ hints: 1, solution: false })
    progress = withHelp(withHelp(withHelp(progress, 'echo-hi', 'hint'), 'echo-hi', 'hint'), 'echo-hi', 'solution')
    expect(progress.help['echo-hi']).toEqual({ hints: 2, solution: true })
    expect(progress.help['stop-143']).toBeUndefined()
    const storage = new Map<string, string>([['k', JSON.stringify({ version: 1, predictions: {}, exercises: { 'echo-hi': { passed: true, tries: 1, at: 1 } } })]])
    const loaded = loadProgress({ getItem: (key) => storage.get(key) ?? null, setItem: () => {}, removeItem: () => {} }, 'k')
    expect(loaded.help).toEqual({})
    expect(loaded.exercises['echo-hi']?.passed).toBe(true)
  })
})
