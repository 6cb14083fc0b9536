// Which images `docker run`, `create` and `pull` may name: the chapter's, the
// deck's demo image, and those the lecturer adds in the config file. Nothing
// else is pulled or run, so a slide cannot fetch an image from anywhere.
import { CHAPTER_IMAGES } from '../../lib/labels.ts'
import { DEMO_IMAGE } from '../engine/demo-image.ts'
import { CONFIG_FILE, ConfigError, type DeckConfig } from './deck-config.ts'
import { imageAllowed } from './image-names.ts'
import { Refused } from './refusal.ts'

/** The images the deck itself names. */
export const DECK_IMAGES: readonly string[] = [...CHAPTER_IMAGES, DEMO_IMAGE]

/** Reads the lecturer's config; the policy calls it only for commands that name an image. */
export type ConfigSource = () => Promise<DeckConfig>

/** The lecturer's config; one that cannot be used is refused with its own message. */
export async function lecturerConfig(config: ConfigSource): Promise<DeckConfig> {
  try {
    return await config()
  } catch (error) {
    if (error instanceof ConfigError) throw new Refused('config', error.message, error.file)
    throw error
  }
}

/** The deck's images and the lecturer's. */
export async function allowedImages(config: ConfigSource): Promise<string[]> {
  return [...DECK_IMAGES, ...(await lecturerConfig(config)).images]
}

/** Refuses `docker command image` unless the image is on `allowed`. */
export function checkImage(command: string, image: string | undefined, allowed: readonly string[]): void {
  const list = allowed.join(', ')
  if (image === undefined) throw new Refused('image', `docker ${command} needs an image; the deck's are ${list}.`)
  if (imageAllowed(image, allowed)) return
  throw new Refused('image', `docker ${command} ${image} is refused: the deck ${command === 'pull' ? 'pulls' : 'runs'} only the images it names (${list}); to allow another, add it to "images" in ${CONFIG_FILE}.`, image)
}
