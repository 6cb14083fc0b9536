// Scoring a prediction: a chosen option, or a short answer typed in. Short
// answers are compared normalised, so " 137 ", "137" and "１３７" agree, as
// do `Exited (0)` and "exited (0)".

/** Unicode-compatible, trimmed, inner whitespace collapsed, lower case, wrapping quotes or backticks dropped. */
export function normaliseAnswer(text: string): string {
  let value = text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()
  while (/^(["'`]).*\1$/.test(value) && value.length >= 2) value = value.slice(1, -1).trim()
  // "137." and "137。" are 137: a trailing full stop is not part of an answer.
  return value.replace(/[.。]$/, '').trim()
}

/** True when `given` is one of the accepted answers. */
export function isCorrect(given: string, accepted: readonly string[]): boolean {
  const normal = normaliseAnswer(given)
  return normal !== '' && accepted.some((answer) => normaliseAnswer(answer) === normal)
}
