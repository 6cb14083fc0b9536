// Compares a fresh recording of the deck with the committed one, block by
// block, after normalising what varies between honest runs.
import { castOutput } from '../../lib/asciicast.ts'
import { CHAPTER_IMAGES } from '../../lib/labels.ts'
import { normalise, stableImageListing, stableProcessListing, stablePart } from './normalise.ts'
import type { RecordedBlock } from './record-deck.ts'
import type { DeckBlock } from './deck-blocks.ts'

export interface RecordingDifference {
  key: string
  slide: number
  line: string
  what: string
  committed: string
  fresh: string
}

type Loaded = Pick<RecordedBlock, 'cast' | 'meta'> | undefined

/** What a reader would see of a block, normalised; `names` are the container names of the whole recording. */
export function comparableView(recording: Pick<RecordedBlock, 'cast' | 'meta'>, block: DeckBlock, names: readonly string[] = recording.meta.lifecycle.map((event) => event.name ?? '')): Record<string, string> {
  // A terminal's byte stream varies with redraw timing; its final screen is what a reader sees.
  const raw = recording.meta.screen ? recording.meta.screen.join('\n') : stablePart(castOutput(recording.cast), block.record.until)
  const output = /^docker (images|image ls)\b/.test(block.line) ? stableImageListing(raw, CHAPTER_IMAGES)
    : /^docker (container )?top\b/.test(block.line) ? stableProcessListing(raw) : raw
  const exit = recording.meta.exit
  return {
    output: normalise(output, names),
    exit: block.record.until ? '(left running)' : exit ? `${exit.code ?? exit.signal} ${exit.reason}` : 'none',
    refused: recording.meta.refused?.message ?? '',
    command: normalise(recording.meta.resolvedLine, names),
    notices: normalise(recording.meta.notices.map((notice) => `${notice.kind}: ${notice.text}`).join('\n'), names),
  }
}

/** Every difference between the committed and the fresh recordings of `blocks`. */
export function compareRecordings(blocks: readonly DeckBlock[], committed: (key: string) => Loaded, fresh: (key: string) => Loaded): RecordingDifference[] {
  const differences: RecordingDifference[] = []
  // `docker ps -a` lists containers earlier blocks made: their names count as varying too.
  const namesIn = (load: (key: string) => Loaded) => [...new Set(blocks.flatMap((block) => load(block.key)?.meta.lifecycle.map((event) => event.name ?? '') ?? []))]
    .filter(Boolean).sort((a, b) => b.length - a.length)
  const committedNames = namesIn(committed)
  const freshNames = namesIn(fresh)
  for (const block of blocks) {
    const base = { key: block.key, slide: block.slide, line: block.line }
    const before = committed(block.key)
    const after = fresh(block.key)
    if (!before || !after) {
      differences.push({ ...base, what: 'recording', committed: before ? 'present' : 'missing', fresh: after ? 'present' : 'missing' })
      continue
    }
    const a = comparableView(before, block, committedNames)
    const b = comparableView(after, block, freshNames)
    for (const field of Object.keys(a)) if (a[field] !== b[field]) differences.push({ ...base, what: field, committed: a[field]!, fresh: b[field]! })
  }
  return differences
}
