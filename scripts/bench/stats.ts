// Small statistics and formatting for `npm run bench`: percentiles, medians,
// and the summary table printed at the end.

/** The value at percentile `p` (0–100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile: expected at least one value, received none.')
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

export const median = (values: readonly number[]) => percentile(values, 50)

export const ms = (value: number) => `${value.toFixed(1)} ms`
export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`

/** One line of the summary: a figure measured raw and through the runner. */
export interface Row {
  figure: string
  raw: string
  runner: string
  /** runner ÷ raw, or a dash where a ratio means nothing. */
  ratio: string
}

export const ratio = (runner: number, raw: number) => (raw > 0 ? (runner / raw).toFixed(3) : '—')

/** The rows as an aligned text table with a header. */
export function table(rows: readonly Row[]): string {
  const all: Row[] = [{ figure: 'figure', raw: 'raw CLI', runner: 'runner', ratio: 'ratio' }, ...rows]
  const width = (key: keyof Row) => Math.max(...all.map((row) => row[key].length))
  const line = (row: Row) => `${row.figure.padEnd(width('figure'))}  ${row.raw.padStart(width('raw'))}  ${row.runner.padStart(width('runner'))}  ${row.ratio.padStart(width('ratio'))}`
  return [line(all[0]!), '-'.repeat(line(all[0]!).length), ...rows.map(line)].join('\n')
}
