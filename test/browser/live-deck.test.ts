// The Korean edition's lecture, given in order on one engine, in Chromium
// against the deck the browser setup started with `npm start`.
import { inject } from 'vitest'
import { walkTheLecture } from '../support/lecture-walk.ts'

walkTheLecture('ko', () => inject('deck'))
