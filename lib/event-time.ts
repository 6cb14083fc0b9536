// The engine stamps each event with timeNano: nanoseconds since the epoch as
// 19 digits, more than a JS number holds exactly. Conversions go through
// BigInt on the text, never through a float.

const NANOS_PER_MS = 1_000_000n

/** Whole milliseconds since the epoch (rounded down) of an event's timeNano. */
export function msOfTimeNano(timeNano: string): number {
  return Number(BigInt(timeNano) / NANOS_PER_MS)
}

/** The timeNano text of a moment in milliseconds since the epoch. */
export function timeNanoOfMs(ms: number): string {
  return String(BigInt(Math.round(ms)) * NANOS_PER_MS)
}

/** `docker events --since` for an event's timeNano: seconds with nine decimals, exact ("1700000000.123456789"). */
export function sinceOfTimeNano(timeNano: string): string {
  const digits = timeNano.padStart(10, '0')
  return `${digits.slice(0, -9)}.${digits.slice(-9)}`
}
