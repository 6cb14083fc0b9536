// Names the deck stamps on the objects it owns. Everything destructive the
// runner does is scoped by these, so they live in one place.

/** Every container created through the runner carries `${OWNED_LABEL}=true`. */
export const OWNED_LABEL = 'docker-live-deck.owned'

/** The run that created a container, so cancel/timeout can remove exactly it. */
export const RUN_LABEL = 'docker-live-deck.run'

/** Images built by `npm run images:offline` carry `${STAND_IN_LABEL}=true`. */
export const STAND_IN_LABEL = 'docker-live-deck.stand-in'

/** The `docker ... --filter` argument that selects the deck's containers. */
export const OWNED_FILTER = `label=${OWNED_LABEL}=true`

/** The images the chapter uses. */
export const CHAPTER_IMAGES = ['hello-world', 'alpine', 'redis'] as const
export type ChapterImage = (typeof CHAPTER_IMAGES)[number]
