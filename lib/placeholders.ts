// The deck's placeholders in a command line: `<id>` (the deck's latest
// container), `<id:IMAGE>` (its latest from IMAGE) and `<image-id:NAME>`.
// The runner fills them in; the slide highlights them as one token. One
// pattern for both, so they cannot disagree on what a placeholder is.

export interface PlaceholderMatch {
  /** The text as written, e.g. `<id:redis>`. */
  text: string
  kind: 'id' | 'image-id'
  /** The image it names, if any. */
  image?: string
  index: number
}

const PATTERN = /<(id|image-id)(?::([a-z0-9][a-z0-9._/:-]*))?>/g

/** A fresh global RegExp for placeholders (callers may use lastIndex freely). */
export const placeholderPattern = () => new RegExp(PATTERN.source, 'g')

/** Every placeholder in `line`, in order. */
export function findPlaceholders(line: string): PlaceholderMatch[] {
  return [...line.matchAll(placeholderPattern())].map((match) => ({
    text: match[0],
    kind: match[1] as 'id' | 'image-id',
    ...(match[2] ? { image: match[2] } : {}),
    index: match.index,
  }))
}
