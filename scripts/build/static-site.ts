// The static site a student opens without a runner: one self-contained
// index.html with hash routing and relative paths, so any static file server
// (none knows the deck's routes) and a folder on disk both serve #/5.
import { SINGLE_FILE_ENV } from '../../setup/single-file-site.ts'
import { slidevBuild } from './slidev-build.ts'

/** The entry page inside a built site; slides are `#/N` after it. */
export const SITE_ENTRY = 'index.html'

/** Builds the static site of slides file `entry` (slides.md unless said) into `outDir`. */
export function buildStaticSite(outDir: string, cwd: string, entry?: string): Promise<void> {
  return slidevBuild(outDir, { cwd, args: [...(entry ? [entry] : []), '--router-mode', 'hash', '--base', './'], env: { [SINGLE_FILE_ENV]: '1' } })
}
