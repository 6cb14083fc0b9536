// Recordings in asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/):
// a JSON header line, then one `[seconds, "o" | "i", text]` line per event, so
// asciinema's player and tools read them. No Node imports: the deck reads
// these files too.

export interface CastHeader {
  version: 2
  width: number
  height: number
  timestamp?: number
  duration?: number
  command?: string
  title?: string
}

export type CastEvent = [seconds: number, kind: 'o' | 'i', data: string]

export interface Cast {
  header: CastHeader
  events: CastEvent[]
}

/** Serialises a recording as asciicast v2 text. */
export function writeCast(cast: Cast): string {
  return [cast.header, ...cast.events].map((line) => JSON.stringify(line)).join('\n') + '\n'
}

/** Parses asciicast v2 text; throws naming the line that is wrong. */
export function readCast(text: string): Cast {
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  const header = JSON.parse(lines[0] ?? 'null') as CastHeader | null
  if (!header || header.version !== 2) throw new Error('Not an asciicast v2 recording: the first line must be a header with "version": 2.')
  const events = lines.slice(1).map((line, i) => {
    let event: unknown
    try {
      event = JSON.parse(line)
    } catch (error) {
      throw new Error(`asciicast line ${i + 2} is not JSON (${(error as Error).message}): ${line.slice(0, 80)}`, { cause: error })
    }
    if (!Array.isArray(event) || typeof event[0] !== 'number' || (event[1] !== 'o' && event[1] !== 'i') || typeof event[2] !== 'string') {
      throw new Error(`asciicast line ${i + 2} is not [seconds, "o"|"i", text]: ${line.slice(0, 80)}`)
    }
    return event as CastEvent
  })
  return { header, events }
}

/** The output text of a recording (what a reader of the PDF sees). */
export const castOutput = (cast: Cast) => cast.events.filter((event) => event[1] === 'o').map((event) => event[2]).join('')
