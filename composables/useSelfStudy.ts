// The student's self-study progress and the questions switch, shared by every
// Predict, Exercise and ProgressBar of the page. Kept in localStorage per deck
// (its title) and per student (a random id), so it works in the static build
// with no server; other windows of the browser (presenter, audience) follow
// through the `storage` event.
import { hasInjectionContext, inject, shallowRef, type InjectionKey, type ShallowRef } from 'vue'
import {
  emptyProgress, loadProgress, progressKey, saveProgress, studentId, withAnswer, withCheck, withHelp, withoutAnswer, type HelpStep, type Progress, type StorageLike,
} from '../lib/self-study/progress.ts'
import { QUESTIONS_KEY, questionsShown } from '../lib/self-study/settings.ts'

export interface DeckSettings {
  /** The deck's title (headmatter `title`): progress is kept per deck. */
  title?: string
  /** Headmatter `selfStudy`, e.g. `{ questions: false }` to hide predictions by default. */
  selfStudy?: unknown
}

export interface SelfStudy {
  progress: ShallowRef<Progress>
  /** Whether prediction questions are shown (deck setting, presenter toggle, `?questions=`). */
  questions: ShallowRef<boolean>
  answer(id: string, answer: string, correct: boolean): void
  retract(id: string): void
  checked(id: string, passed: boolean, options?: { self?: boolean }): void
  /** The student climbed one rung of an exercise's help (the next hint, or the solution). */
  helped(id: string, step: HelpStep): void
  /** Clears this student's progress in this deck. */
  reset(): void
  /** The presenter's toggle: every window of this browser follows it. */
  setQuestions(shown: boolean): void
}

/** Where an app may provide its own self-study state (a test mounts each case with a fresh one). */
export const SELF_STUDY: InjectionKey<SelfStudy> = Symbol('self-study')

let shared: SelfStudy | undefined

/** The self-study state provided to this component, else the page's (created on first use, from the deck's settings). */
export function useSelfStudy(deck: DeckSettings = {}): SelfStudy {
  const provided = hasInjectionContext() ? inject(SELF_STUDY, undefined) : undefined
  if (provided) return provided
  if (!shared) shared = createSelfStudy(deck)
  return shared
}

function browserStorage(): StorageLike | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage
  } catch {
    return undefined
  }
}

function memoryStorage(): StorageLike {
  const items = new Map<string, string>()
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value), removeItem: (key) => void items.delete(key) }
}

/** A self-study state of its own: progress from this browser's storage, questions from the settings. */
export function createSelfStudy(deck: DeckSettings): SelfStudy {
  const storage = browserStorage() ?? memoryStorage()
  const key = progressKey(deck.title || 'deck', studentId(storage))
  const search = () => (typeof window === 'undefined' ? '' : window.location.search)
  const shown = () => questionsShown({ search: search(), stored: storage.getItem(QUESTIONS_KEY), deck: deck.selfStudy })
  const progress = shallowRef(loadProgress(storage, key))
  const questions = shallowRef(shown())
  const update = (next: Progress) => {
    progress.value = next
    try {
      saveProgress(storage, key, next)
    } catch {
      // Storage full or refused: progress lasts for this page only.
    }
  }
  if (typeof window !== 'undefined') {
    window.addEventListener('storage', (event) => {
      if (event.key === key || event.key === null) progress.value = loadProgress(storage, key)
      if (event.key === QUESTIONS_KEY || event.key === null) questions.value = shown()
    })
  }
  return {
    progress,
    questions,
    answer: (id, answer, correct) => update(withAnswer(progress.value, id, answer, correct)),
    retract: (id) => update(withoutAnswer(progress.value, id)),
    checked: (id, passed, options = {}) => update(withCheck(progress.value, id, passed, options)),
    helped: (id, step) => update(withHelp(progress.value, id, step)),
    reset() {
      storage.removeItem(key)
      progress.value = emptyProgress()
    },
    setQuestions(on) {
      storage.setItem(QUESTIONS_KEY, on ? 'on' : 'off')
      questions.value = shown()
    },
  }
}
