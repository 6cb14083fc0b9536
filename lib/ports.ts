// Where the deck and its runner listen by default, and the origins the
// runner accepts for a deck on a port. Every entry point, test and the
// benchmark take them from here.

/** The Slidev dev server (`npm start`); DOCKER_DECK_PORT changes it. */
export const DECK_PORT = 3030

/** The runner, on 127.0.0.1; DOCKER_DECK_RUNNER_PORT changes it. */
export const RUNNER_PORT = 4123

/** The classroom's share server (`npm start -- --share ADDRESS`); DOCKER_DECK_SHARE_PORT changes it. */
export const SHARE_PORT = 3031

/** The origins a deck on `port` has: by name and by loopback address. */
export const deckOrigins = (port: number = DECK_PORT): string[] => [`http://localhost:${port}`, `http://127.0.0.1:${port}`]
