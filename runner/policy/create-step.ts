// `docker run` and `docker create`: options from the allow-list only, one of
// the deck's images, the deck's label and default limits added, published
// ports bound to loopback, and every deck object an option names pinned by ID.
import { OWNED_LABEL, RUN_LABEL } from '../../lib/labels.ts'
import { checkOptions } from './allow-list.ts'
import { DEFAULT_HOST_PORTS } from './deck-config.ts'
import { allowedImages, checkImage, lecturerConfig } from './image-allow-list.ts'
import { checkHostPort, checkPublish } from './loopback-ports.ts'
import { isListing } from './plan-words.ts'
import { limitWords } from './resource-limits.ts'
import { Refused } from './refusal.ts'
import { optionOn, type Step } from './step.ts'

/** The label every container made through the runner carries. */
export const ownedLabelWords = (runId: string) => ['--label', `${OWNED_LABEL}=true`, '--label', `${RUN_LABEL}=${runId}`]

/** At most this many deck containers alive at once: a slide cannot pile them up on the lecturer's machine. */
export const MAX_ALIVE_CONTAINERS = 12

/** The refusal of one container more than the cap; `alive` counts starts in flight. */
export const tooManyContainers = (name: string, alive: number) =>
  new Refused('too-many', `docker ${name} is refused: the deck has ${alive} containers alive or starting already (the limit is ${MAX_ALIVE_CONTAINERS}). Stop or remove one, or press ↺ reset on the badge (it removes only the deck's containers), then run this again.`, String(alive))

/** The step for run and create. */
export const createStep: Step = {
  async plan({ name, units, options, positionals, runId, view, config, reservedPorts }) {
    // A first look; the runner takes the slot itself, atomically, once the plan is made (Runs.start).
    const alive = view.aliveDeckContainers()
    if (alive >= MAX_ALIVE_CONTAINERS) throw tooManyContainers(name, alive)
    const checked = checkOptions(name, units)
    const limits = limitWords(options)
    const published = options.filter((option) => option.name === 'publish' && option.value !== undefined)
    if (published.length > 0) {
      const { hostPorts = DEFAULT_HOST_PORTS } = await lecturerConfig(config)
      for (const option of published) checkHostPort(checkPublish(option.value!), { ...hostPorts, reserved: reservedPorts })
    }
    const pinned = await checked.resolve(view)
    const image = positionals[0]
    checkImage(name, image && !isListing(image) ? image.word : undefined, await allowedImages(config))
    return {
      prefix: [...ownedLabelWords(runId), ...limits],
      units: pinned.units,
      notices: [
        { kind: 'label', text: 'Labelled as the deck\'s container, so reset and scoped commands find it and leave yours alone.' },
        ...(limits.length > 0 ? [{ kind: 'limits' as const, text: `Default limits added: ${limits.join(' ')}.` }] : []),
        ...checked.notices,
        ...pinned.notices,
      ],
      tty: name === 'run' && optionOn(options, 'tty'),
      stdin: name === 'run' && !optionOn(options, 'detach') && optionOn(options, 'interactive'),
    }
  },
}
