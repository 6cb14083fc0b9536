// Every prediction and exercise of the deck, in slide order, grouped into
// sections: what the progress bar counts and what the printed deck lists
// at the end of each section. Built at build time from slides.md
// (setup/self-study-inventory.ts) and bundled as a virtual module.
import type { Exercise } from './exercise.ts'
import type { Prediction } from './prediction.ts'

export interface Section {
  id: string
  title: string
}

export interface Inventory {
  sections: Section[]
  predictions: Array<Prediction & { slide: number }>
  exercises: Array<Exercise & { slide: number }>
}

/**
 * Groups items into sections in order of first appearance; a section's title
 * comes from its exercise (`sectionTitle`), else its id. Throws when two items
 * share an id, or two exercises name one section differently.
 */
export function inventoryOf(predictions: Inventory['predictions'], exercises: Inventory['exercises']): Inventory {
  const seen = new Map<string, number>()
  for (const item of [...predictions.map((p) => ({ id: `prediction ${p.id}`, slide: p.slide })), ...exercises.map((e) => ({ id: `exercise ${e.id}`, slide: e.slide }))]) {
    const earlier = seen.get(item.id)
    if (earlier !== undefined) throw new Error(`Slides ${earlier} and ${item.slide} both have a ${item.id}: give one of them its own id, so progress keeps them apart.`)
    seen.set(item.id, item.slide)
  }
  const titles = new Map<string, string>()
  for (const exercise of exercises) {
    const other = titles.get(exercise.section)
    if (other !== undefined && other !== exercise.sectionTitle) {
      throw new Error(`Section ${exercise.section} is called both "${other}" and "${exercise.sectionTitle}" (exercise ${exercise.id}, slide ${exercise.slide}); use one sectionTitle.`)
    }
    titles.set(exercise.section, exercise.sectionTitle)
  }
  const order = [...predictions, ...exercises].sort((a, b) => a.slide - b.slide).map((item) => item.section)
  const sections = [...new Set(order)].map((id) => ({ id, title: titles.get(id) ?? id }))
  const bySlide = <T extends { slide: number }>(items: T[]) => [...items].sort((a, b) => a.slide - b.slide)
  return { sections, predictions: bySlide(predictions), exercises: bySlide(exercises) }
}

