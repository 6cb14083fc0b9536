// A student's self-study progress, kept in the browser only: which
// predictions they answered (and whether right) and which exercises passed.
// One entry per deck (its title) and per student (a random id kept in
// localStorage), so two students on one machine, or two decks, do not mix.
// Pure: storage is passed in, so the static site and the tests work alike.
import type { Inventory } from './inventory.ts'

export interface Progress {
  version: 1
  predictions: Record<string, { answer: string; correct: boolean; at: number }>
  /** `self`: checked by the student against the solution's recording (no engine). */
  exercises: Record<string, { passed: boolean; self?: boolean; tries: number; at: number }>
  /** How far up an exercise's help the student climbed: hints read (0–2), and whether the solution was shown. */
  help: Record<string, ExerciseHelp>
}

export interface ExerciseHelp {
  hints: number
  solution: boolean
  /** The reference solution was run on the student's engine (풀이 실행). */
  ran?: boolean
}

/** The help a student may ask for on an exercise, in the order it climbs. */
export type HelpStep = 'hint' | 'solution' | 'run-solution'

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export const STUDENT_KEY = 'docker-live-deck:student'
const PREFIX = 'docker-live-deck:study:'

export const emptyProgress = (): Progress => ({ version: 1, predictions: {}, exercises: {}, help: {} })

/** The student id kept in `storage`, made (random) on first use. */
export function studentId(storage: StorageLike, random: () => string = () => crypto.randomUUID()): string {
  const known = storage.getItem(STUDENT_KEY)
  if (known && /^[\w-]{8,64}$/.test(known)) return known
  const id = random()
  storage.setItem(STUDENT_KEY, id)
  return id
}

/** Where one student's progress in one deck is kept. */
export const progressKey = (deckTitle: string, student: string) => `${PREFIX}${encodeURIComponent(deckTitle)}:${student}`

/** The stored progress; an empty one when there is none or it is unreadable. */
export function loadProgress(storage: StorageLike, key: string): Progress {
  try {
    const stored = JSON.parse(storage.getItem(key) ?? 'null') as Partial<Progress> | null
    if (stored?.version !== 1 || typeof stored.predictions !== 'object' || typeof stored.exercises !== 'object') return emptyProgress()
    // `help` came later: progress saved before it has none.
    const help = typeof stored.help === 'object' && stored.help !== null ? { ...stored.help } : {}
    return { version: 1, predictions: { ...stored.predictions }, exercises: { ...stored.exercises }, help }
  } catch {
    return emptyProgress()
  }
}

export function saveProgress(storage: StorageLike, key: string, progress: Progress): void {
  storage.setItem(key, JSON.stringify(progress))
}

/** A prediction answered (again). */
export function withAnswer(progress: Progress, id: string, answer: string, correct: boolean, at = Date.now()): Progress {
  return { ...progress, predictions: { ...progress.predictions, [id]: { answer, correct, at } } }
}

/** A prediction taken back (Try again). */
export function withoutAnswer(progress: Progress, id: string): Progress {
  const { [id]: _dropped, ...predictions } = progress.predictions
  return { ...progress, predictions }
}

/** One more Check of an exercise; once passed it stays passed. */
export function withCheck(progress: Progress, id: string, passed: boolean, options: { self?: boolean; at?: number } = {}): Progress {
  const before = progress.exercises[id]
  const stays = before?.passed === true && !passed
  const entry = stays ? { ...before, tries: before.tries + 1 } : {
    passed, tries: (before?.tries ?? 0) + 1, at: options.at ?? Date.now(), ...(passed && options.self ? { self: true } : {}),
  }
  return { ...progress, exercises: { ...progress.exercises, [id]: entry } }
}

/** One more rung of an exercise's help: the next hint (at most `hintCount`), or the solution. */
export function withHelp(progress: Progress, id: string, step: HelpStep, hintCount = 2): Progress {
  const before = progress.help[id] ?? { hints: 0, solution: false }
  const after = step === 'hint' ? { ...before, hints: Math.min(hintCount, before.hints + 1) }
    : step === 'solution' ? { ...before, solution: true }
      : { ...before, solution: true, ran: true }
  return { ...progress, help: { ...progress.help, [id]: after } }
}

export interface Tally {
  done: number
  total: number
}

export interface ProgressSummary {
  sections: Array<{ id: string; title: string } & Tally>
  overall: Tally
}

/** Done out of total per section and overall: a prediction counts once answered, an exercise once passed. */
export function summarise(inventory: Inventory, progress: Progress): ProgressSummary {
  const sections = inventory.sections.map((section) => {
    const predictions = inventory.predictions.filter((p) => p.section === section.id)
    const exercises = inventory.exercises.filter((e) => e.section === section.id)
    const done = predictions.filter((p) => progress.predictions[p.id]).length + exercises.filter((e) => progress.exercises[e.id]?.passed).length
    return { ...section, done, total: predictions.length + exercises.length }
  })
  const overall = sections.reduce((sum, section) => ({ done: sum.done + section.done, total: sum.total + section.total }), { done: 0, total: 0 })
  return { sections, overall }
}
