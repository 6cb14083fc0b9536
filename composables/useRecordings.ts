// The deck's committed recordings, bundled at build time (no fetch at view
// time), and which blocks are being replayed right now, so the lifecycle view
// replays along with them.
import { shallowReactive } from 'vue'
import { readCast, type Cast } from '../lib/asciicast.ts'
import type { BlockRecording } from '../lib/block-recording.ts'

const casts = import.meta.glob('../recordings/*.cast', { query: '?raw', import: 'default', eager: true }) as Record<string, string>
const metas = import.meta.glob('../recordings/*.json', { import: 'default', eager: true }) as Record<string, BlockRecording>

const keyOf = (file: string) => file.replace(/^.*\//, '').replace(/\.(cast|json)$/, '')
const byKey = new Map<string, { cast: Cast; meta: BlockRecording }>()
for (const [file, meta] of Object.entries(metas)) {
  const cast = casts[file.replace(/\.json$/, '.cast')]
  if (cast) byKey.set(keyOf(file), { cast: readCast(cast), meta })
}

/** Block key → ms into its replay, while it replays. */
const replaying = shallowReactive(new Map<string, number>())

/** The recordings, and the replay progress every view shares. */
export function useRecordings() {
  return {
    recording: (key: string) => byKey.get(key),
    onSlide: (slide: number) => [...byKey.values()].filter(({ meta }) => meta.slide === slide),
    replaying,
  }
}
