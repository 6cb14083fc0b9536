// it.each shows `$field` values quoted and cut at 40 characters; command
// lines read better whole. `titled` pairs each row with its full title for
// `it.each(titled(rows, …))('refuses %s', (_, row) => …)`.

/** Each row preceded by its title, for a `%s` in the test name. */
export function titled<T>(rows: readonly T[], title: (row: T) => string): Array<[string, T]> {
  return rows.map((row) => [title(row), row])
}
