// What the lecturer's windows hear of the classroom share: npm start writes
// the students' address, the room code and how many joined to share.json
// (mode 0600) in the state folder while it shares; the runner reads it when
// it changes and tells the deck's own windows, never a read-only follower.
import { readFileSync, unwatchFile, watchFile } from 'node:fs'
import path from 'node:path'
import { ShareInfo } from '../../lib/protocol.ts'

export const SHARE_FILE = 'share.json'

/** The share as share.json says, or undefined when there is none (or it is not one). */
export function readShareInfo(stateDir: string): ShareInfo | undefined {
  try {
    const parsed = ShareInfo.safeParse(JSON.parse(readFileSync(path.join(stateDir, SHARE_FILE), 'utf8')))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/** Calls `changed` with the share each time share.json changes (undefined once it is gone); returns the function that stops watching. */
export function watchShareInfo(stateDir: string, changed: (share: ShareInfo | undefined) => void, intervalMs = 1_000): () => void {
  const file = path.join(stateDir, SHARE_FILE)
  const listener = () => changed(readShareInfo(stateDir))
  watchFile(file, { interval: intervalMs, persistent: false }, listener)
  return () => unwatchFile(file, listener)
}
