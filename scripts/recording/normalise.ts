// What varies between two honest runs of the same block — container IDs and
// names, times, durations, sizes, the engine version — replaced by fixed
// words, so a comparison finds only real changes (a stale or edited file).

/** Normalises recorded text for comparison; `names` are the container names the run saw. */
export function normalise(text: string, names: readonly string[] = []): string {
  let result = text.replace(/\r/g, '')
  for (const name of names) if (name) result = result.replaceAll(name, '<name>')
  return result
    .replace(/docker-live-deck\.run=[0-9a-f]+/g, 'docker-live-deck.run=<run>')
    .replace(/\b(sha256:)?[0-9a-f]{12,64}\b/g, '<id>')
    .replace(/\b\d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2}(\.\d+)?/g, '<time>')
    .replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?\S*/g, '<time>')
    .replace(/time=\d+(\.\d+)? ms/g, 'time=<ms> ms')
    .replace(/\b(Less than a second|About an? \w+|\d+ \w+?s?) ago\b/g, '<ago> ago')
    .replace(/\b(Up|Exited \(\d+\)) (Less than a second|About an? \w+|\d+ \w+?s?)\b/g, '$1 <for>')
    .replace(/\b\d+(\.\d+)?\s?[kMG]?B\b/g, '<size>')
    .replace(/\b\d+:[CM]\b/g, '<pid>')
    .replace(/pid=\d+/g, 'pid=<pid>')
    // A terminal's answer to a shell's cursor query, echoed where keys do not reach the shell (-t alone): whether it lands before the keys depends on timing.
    .replace(/\^\[\[\d+;\d+R/g, '')
    .replace(/ {2,}/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
}

/**
 * For a block left running (`until`), only the output through the first line
 * holding `until` is stable; the rest depends on when it was stopped. On a
 * line still open (a prompt), that is through `until` itself: what follows
 * it there (a redrawn prompt, an echoed key) comes when it comes.
 */
export function stablePart(output: string, until: string | undefined): string {
  if (!until) return output
  const at = output.indexOf(until)
  if (at === -1) return output
  const end = output.indexOf('\n', at)
  return end === -1 ? output.slice(0, at + until.length) : output.slice(0, end + 1)
}

/**
 * `docker top` lists the container's processes by the host's process IDs,
 * new with every run: the numbers of its rows vary, the header and the
 * commands do not.
 */
export function stableProcessListing(output: string): string {
  const [header = '', ...rows] = output.split('\n')
  return [header, ...rows.map((row) => row.replace(/\b\d+\b/g, '<n>'))].join('\n')
}

/**
 * `docker images` lists every image of the engine, newest first: images made
 * in the same second come in either order, and other images on the machine
 * come and go. Only the header and the deck's own rows, sorted, are stable.
 */
export function stableImageListing(output: string, images: readonly string[]): string {
  const [header = '', ...rows] = output.split('\n')
  const ours = rows.filter((row) => images.some((image) => row.startsWith(`${image} `)) || row.startsWith('docker-live-deck/'))
  return [header, ...ours.sort()].join('\n')
}
