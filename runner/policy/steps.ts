// planCommand's table: one step per canonical subcommand, looked up in a Map
// (so `docker constructor` finds nothing). A subcommand without a step is not
// one the deck runs.
import { OWNED_FILTER } from '../../lib/labels.ts'
import type { Notice } from '../../lib/protocol.ts'
import { containerStep, execStep, inspectStep, startStep, statsStep } from './container-steps.ts'
import { createStep } from './create-step.ts'
import { CREATING_SUBCOMMANDS } from './creates-container.ts'
import { allowedImages, checkImage } from './image-allow-list.ts'
import { deckImages, type Access } from './ownership.ts'
import { isListing } from './plan-words.ts'
import { Refused } from './refusal.ts'
import { optionOn, type Step } from './step.ts'

/** Runs as typed: listings and engine information (`docker ps` lists the lecturer's too, by design). */
const asTyped: Step = { plan: async () => ({}) }

/**
 * Prunes run as their scoped parts: containers, images and networks carrying
 * the deck's label. The engine ignores a label filter for build cache, and
 * volumes are never the slide's to remove, so neither is pruned from here.
 */
const pruneStep: Step = {
  async plan({ name, options }) {
    const filters = options.filter((option) => option.name === 'filter' && option.value).flatMap((option) => ['--filter', option.value!])
    const scope = ['--force', '--filter', OWNED_FILTER, ...filters]
    const parts: string[][] = []
    if (name !== 'image prune') parts.push(['container', 'prune', ...scope])
    if (name !== 'container prune') parts.push(['image', 'prune', ...scope, ...(optionOn(options, 'all') ? ['--all'] : [])])
    if (name === 'system prune') parts.push(['network', 'prune', ...scope])
    const notices: Notice[] = [{ kind: 'scoped', text: `Run as ${parts.map((part) => `docker ${part.slice(0, 2).join(' ')}`).join(', ')}, each with --filter ${OWNED_FILTER}: only the deck's objects are pruned; build cache and volumes are left alone.` }]
    if (!optionOn(options, 'force')) notices.push({ kind: 'confirm', text: '--force added: the runner answers the "Are you sure?" prompt, which a slide cannot.' })
    if (optionOn(options, 'volumes')) notices.push({ kind: 'scoped', text: '--volumes is not run: a slide never removes volumes.' })
    return { sequence: parts, notices }
  },
}

/** `docker pull`: one of the deck's images, one tag at a time. */
const pullStep: Step = {
  async plan({ options, positionals, config }) {
    if (optionOn(options, 'all-tags')) throw new Refused('denied-flag', '--all-tags is refused: it would download every tag of the image; pull one, for example docker pull redis:7.', '--all-tags')
    const image = positionals[0]
    checkImage('pull', image && !isListing(image) ? image.word : undefined, await allowedImages(config))
    return {}
  },
}

/** `docker rmi` and `docker image inspect`: the deck's own images, pinned by full ID. */
const imageStep = (access: Access, takesListing: boolean): Step => ({
  takesListing,
  async plan({ name, positionals, view }) {
    const notices: Notice[] = []
    return { positionals: await deckImages(positionals, name, access, view, notices), notices }
  },
})

/** The step for each canonical subcommand (the names canonicalSubcommand returns). */
export const STEPS: ReadonlyMap<string, Step> = new Map<string, Step>([
  ...CREATING_SUBCOMMANDS.map((name) => [name, createStep] as const),
  ['exec', execStep],
  ['start', startStep],
  ...(['stop', 'restart', 'kill', 'rm', 'pause', 'unpause'] as const).map((name) => [name, containerStep('changes', 'all', true)] as const),
  ['inspect', inspectStep],
  ['wait', containerStep('reads', 'all')],
  ...(['logs', 'top', 'port', 'diff'] as const).map((name) => [name, containerStep('reads', 'first')] as const),
  ['stats', statsStep],
  ['rmi', imageStep('changes', true)],
  ['image inspect', imageStep('reads', false)],
  ['pull', pullStep],
  ...(['ps', 'images', 'version', 'info', 'system df'] as const).map((name) => [name, asTyped] as const),
  ...(['system prune', 'container prune', 'image prune'] as const).map((name) => [name, pruneStep] as const),
])
