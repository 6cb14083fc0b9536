// What a client can say about its link to the runner, and why an attempt to
// connect failed. Browsers hide the HTTP status of a refused WebSocket
// upgrade, so the runner's /health answer (no secret, and the runner's
// instance id) tells a runner that is gone from one that refused this page's
// token (a new runner) or was only busy (the same runner), and a runner of
// another version from both. Browser-safe.
import { Health, HEALTH_PATH, PROTOCOL_VERSION } from '../protocol.ts'

export type ConnectionStatus =
  /** The first attempt is under way. */
  | { kind: 'connecting' }
  /** Connected; `instance` is the runner's, from its hello. */
  | { kind: 'live'; instance: string }
  /** Connected again, to a new runner instance: the runs of the old one are gone. */
  | { kind: 'restarted'; instance: string }
  /** The connection dropped; attempt `attempt` starts in `delayMs`. */
  | { kind: 'reconnecting'; attempt: number; delayMs: number }
  /** No runner answers; with `delayMs`, the client tries again then. */
  | { kind: 'no-runner'; attempt: number; delayMs?: number }
  /** A runner answers but refused this page's token: it was started again with a new one. */
  | { kind: 'token-refused' }
  /** A runner answers, but this page has no key for it (opened at the deck's address instead of the one npm start printed). */
  | { kind: 'no-key'; openPage?: string }
  /** A runner answers, but speaks another version of the protocol than this deck. */
  | { kind: 'other-version'; runnerVersion: string }
  /** close() was called. */
  | { kind: 'closed' }

/** Why one attempt failed: nobody listens, the runner is busy, it refused this page, or it is of another version. */
export type AttemptFailure = 'absent' | 'busy' | 'refused' | 'other-version'

/** What the deck reads of a runner's /health answer. */
export interface RunnerHealth {
  instance: string
  /** The runner's protocol version; another than PROTOCOL_VERSION means another version of the deck. */
  protocol?: number
  runnerVersion?: string
  /** Where `npm start` wrote the page that hands the deck its key. */
  openPage?: string
}

/** Asks the runner's /health; resolves with what it said, or undefined when nothing answers. */
export type HealthProbe = (baseUrl: string) => Promise<RunnerHealth | undefined>

/** Whether a runner that answered speaks this deck's protocol. */
export const sameProtocol = (health: RunnerHealth) => health.protocol === undefined || health.protocol === PROTOCOL_VERSION

/** The HTTP status of a refused upgrade when the socket says it (Node's `ws` does; browsers do not). */
export function refusedStatus(event: unknown): number | undefined {
  const error = event as { message?: unknown; error?: { message?: unknown } } | null
  const text = typeof error?.message === 'string' ? error.message : typeof error?.error?.message === 'string' ? error.error.message : ''
  const match = /Unexpected server response: (\d{3})/.exec(text)
  return match ? Number(match[1]) : undefined
}

/** Decides why an attempt failed, from the upgrade's status if known, else from /health. */
export async function classifyFailure(status: number | undefined, known: string | undefined, probe: () => Promise<RunnerHealth | undefined>): Promise<AttemptFailure> {
  if (status === 503) return 'busy'
  if (status !== undefined) return 'refused'
  const health = await probe().catch(() => undefined)
  if (!health) return 'absent'
  if (!sameProtocol(health)) return 'other-version'
  // The runner that accepted this token before is still there: it turned us away for now (busy).
  return known !== undefined && health.instance === known ? 'busy' : 'refused'
}

/** The default probe: `GET /health` with fetch (the runner allows the deck's origin), 3 s at most. */
export const fetchHealth: HealthProbe = async (baseUrl) => {
  if (typeof fetch !== 'function') return undefined
  try {
    const response = await fetch(`${baseUrl}${HEALTH_PATH}`, { cache: 'no-store', signal: AbortSignal.timeout(3_000) })
    const parsed = Health.safeParse(await response.json())
    if (!parsed.success) return { instance: '' }
    const { instance, protocol, runnerVersion, openPage } = parsed.data
    return { instance, protocol, runnerVersion, ...(openPage ? { openPage } : {}) }
  } catch {
    return undefined
  }
}
