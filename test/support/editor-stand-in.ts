// An editor for a dev server under test. Vite's /__open-in-editor starts
// $LAUNCH_EDITOR (Slidev's shortcuts read $EDITOR and $VISUAL) on the file it
// was asked for; this executable only appends that file to a log. A test can
// then tell whether any editor was started, and no real one ever opens on the
// machine running the tests.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface EditorStandIn {
  /** The environment that makes a dev server start this stand-in as its editor. */
  env: Record<string, string>
  /** Where each start appends its arguments, one line per start; absent until the first. */
  log: string
  remove(): void
}

export function createEditorStandIn(): EditorStandIn {
  const dir = mkdtempSync(path.join(tmpdir(), 'deck-editor-stand-in-'))
  const script = path.join(dir, 'editor')
  const log = path.join(dir, 'launches.log')
  // mkdtemp's names hold no quote, so single quotes keep the path one word.
  writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\n`)
  chmodSync(script, 0o755)
  return {
    env: { LAUNCH_EDITOR: script, EDITOR: script, VISUAL: script },
    log,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** The arguments of every editor started so far, one entry per start; [] while none was. */
export function editorLaunches(log: string): string[] {
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []
}
