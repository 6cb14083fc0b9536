// Whether this page is a classroom student's: the share server marks the
// page it serves (share/static-files.ts), and such a page follows the
// lecture read-only and sends its answers to the share server.
import { FOLLOWER_META_CONTENT, FOLLOWER_META_NAME } from '../follower-marker.ts'

export function isFollowerPage(document: Document | undefined = globalThis.document): boolean {
  return document?.querySelector(`meta[name="${FOLLOWER_META_NAME}"][content="${FOLLOWER_META_CONTENT}"]`) != null
}

/** A student's answer to the lecturer's question, to the share server (same origin, its cookie); it counts the room's answers. */
export function sendRoomAnswer(key: string, choice: number, of: number): Promise<boolean> {
  return fetch('/answer', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key, choice, of }), credentials: 'same-origin' })
    .then((response) => response.ok, () => false)
}
