// Where recordings live: recordings/<key>.cast (asciicast v2) and
// recordings/<key>.json (how it ran, how it ended, lifecycle events).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { readCast, writeCast, type Cast } from '../../lib/asciicast.ts'
import type { BlockRecording } from '../../lib/block-recording.ts'
import type { RecordedBlock } from './record-deck.ts'

export const RECORDINGS_DIR = path.resolve(import.meta.dirname, '..', '..', 'recordings')

/** Writes every block's files and removes those of blocks no longer in the deck. */
export function saveRecordings(recorded: readonly RecordedBlock[], dir = RECORDINGS_DIR): void {
  mkdirSync(dir, { recursive: true })
  const keep = new Set(recorded.flatMap(({ meta }) => [`${meta.key}.cast`, `${meta.key}.json`]))
  for (const file of readdirSync(dir)) if (/\.(cast|json)$/.test(file) && !keep.has(file)) rmSync(path.join(dir, file))
  for (const { meta, cast } of recorded) {
    writeFileSync(path.join(dir, `${meta.key}.cast`), writeCast(cast))
    writeFileSync(path.join(dir, `${meta.key}.json`), `${JSON.stringify(meta, null, 2)}\n`)
  }
}

/** Reads one block's recording, or undefined when it has none. */
export function loadRecording(key: string, dir = RECORDINGS_DIR): { cast: Cast; meta: BlockRecording } | undefined {
  try {
    return {
      cast: readCast(readFileSync(path.join(dir, `${key}.cast`), 'utf8')),
      meta: JSON.parse(readFileSync(path.join(dir, `${key}.json`), 'utf8')) as BlockRecording,
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
