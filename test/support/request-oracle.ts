// The engine's view as the judge of a planned line: every request the real
// docker CLI sent must touch only the deck's objects (or nothing at all, a
// name no object has), be a read-only listing the chapter shows, create a
// container inside the envelope, prune with the deck's label, or pull an
// image the deck names. Anything else, a request that reaches one of the
// lecturer's objects or any endpoint outside that set (plugins, secrets,
// services, nodes, configs, swarm, build, volume prunes …), is a violation.
import { OWNED_FILTER, OWNED_LABEL, RUN_LABEL } from '../../lib/labels.ts'
import { DEMO_IMAGE } from '../../runner/engine/demo-image.ts'
import { envelopeViolations, type Envelope } from './create-envelope.ts'
import { routeOf } from './engine-route.ts'
import { isDeckObject, normalImageRef, repositoryOf, resolveImage, WORLD, type EngineWorld } from './engine-world.ts'
import type { RecordedRequest } from './stand-in-daemon.ts'
import { filtersOf } from './world-answers.ts'

/** Repositories a create or a pull may name: the chapter's images and the deck's demo image (any tag). */
const ALLOWED_REPOSITORIES = new Set([...WORLD.chapterImages.map((image) => image.ref), DEMO_IMAGE].map((ref) => repositoryOf(normalImageRef(ref)!)))

/** Whether a create or pull naming `ref` runs an image the deck may run: resolved as dockerd does, else by repository. */
export function imageAllowed(world: EngineWorld, ref: string): boolean {
  const found = resolveImage(world, ref).found
  if (found) return found.deck || ALLOWED_REPOSITORIES.has(repositoryOf(found.name))
  const normal = normalImageRef(ref)
  return normal !== undefined && ALLOWED_REPOSITORIES.has(repositoryOf(normal))
}

/** The envelope a create request must stay inside, with the world answering which objects are the deck's. */
export function worldEnvelope(world: EngineWorld, runId: string): Envelope {
  return {
    runId, ownedLabel: OWNED_LABEL, runLabel: RUN_LABEL,
    isDeckContainer: (ref) => isDeckObject(world, 'container', ref),
    isDeckVolume: (name) => isDeckObject(world, 'volume', name),
    isDeckNetwork: (ref) => isDeckObject(world, 'network', ref),
    isDeckImage: (ref) => imageAllowed(world, ref),
  }
}

/** `docker-live-deck.owned=true`, as a prune's label filter carries it. */
const OWNED_KEY_VALUE = OWNED_FILTER.slice('label='.length)

/**
 * Why `request` leaves what a slide may do, one reason per problem; empty
 * when it is fine. `world` is the world before the line ran (for the
 * objects a create request names); what a path reached was noted by the
 * stand-in when the request arrived.
 */
export function requestViolations(request: RecordedRequest, world: EngineWorld, runId: string): string[] {
  const route = request.route ?? routeOf(request.method, request.cleanPath)
  const target = request.target
  const reaches = () => {
    if (!target || target.deck) return []
    const id = target.kind === 'volume' ? '' : ` (ID ${target.id.replace(/^sha256:/, '').slice(0, 12)})`
    return [`reaches ${target.kind} ${target.name}${id}, which is not the deck's`]
  }
  switch (route.kind) {
    case 'listing': return []
    case 'create': return envelopeViolations((request.body ?? {}) as Record<string, unknown>, worldEnvelope(world, runId))
      .map((v) => `creates a container outside the envelope: ${v.field} = ${JSON.stringify(v.value)?.slice(0, 160)} (${v.why})`)
    case 'container':
    case 'exec':
    case 'image':
    case 'network':
    case 'volume': return reaches()
    case 'pull': {
      if (request.query.fromSrc !== undefined) return ['imports an image from a source (fromSrc)']
      const { fromImage = '', tag = '' } = request.query
      const ref = tag === '' ? fromImage : `${fromImage}${tag.startsWith('sha256:') ? '@' : ':'}${tag}`
      return imageAllowed(world, ref) ? [] : [`pulls ${ref}, an image the deck does not name`]
    }
    case 'prune': {
      if (route.of === 'volumes' || route.of === 'build') return [`prunes ${route.of}, which a slide never does`]
      const labels = filtersOf(request.query).get('label') ?? []
      return labels.includes(OWNED_KEY_VALUE) ? [] : [`prunes ${route.of} without the filter ${OWNED_FILTER}`]
    }
    case 'other': return ['an endpoint outside what the chapter uses']
  }
}

/** A request as a violation report shows it: method, the path as sent and as routed, and the query. */
export function describeRequest(request: RecordedRequest): string {
  const query = new URLSearchParams(request.query).toString()
  const routed = request.cleanPath === request.rawPath.replace(/^\/v\d+\.\d+/, '') ? '' : ` (routed as ${request.cleanPath})`
  return `${request.method} ${request.rawPath}${query ? `?${query}` : ''}${routed}`
}
