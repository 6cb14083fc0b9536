// Stands in for Slidev's virtual module '#slidev/slides' in unit tests (the
// real one exists only inside a running deck): three slides that load at once.
// vitest.config.ts points the unit project's alias at this file.
import { shallowRef } from 'vue'

export const loads: number[] = []

export const slides = shallowRef([1, 2, 3].map((no) => ({ no, load: async () => void loads.push(no) })))
