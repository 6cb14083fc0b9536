// The mark the classroom's share server puts on the page it serves a student
// (share/static-files.ts), which the deck reads to follow the lecture
// read-only (lib/client/follower-page.ts). One definition for both sides.

export const FOLLOWER_META_NAME = 'docker-live-deck-share'
export const FOLLOWER_META_CONTENT = 'follow'
