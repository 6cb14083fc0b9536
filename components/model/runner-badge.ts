// What the badge on every slide says about the runner, in the page's
// language: live (engine version, and how it is reached when that is not the
// local default: a context, a remote host, rootless, Docker Desktop), engine unreachable, connecting,
// reconnecting (attempt n), runner restarted, token refused, a runner this
// tab has no key for, a runner of another version, no runner, or recorded
// output, or that the lecturer stopped sharing. Pure, so every state is unit-tested.
import { t } from '../../lib/i18n/index.ts'
import type { BlockRecording } from '../../lib/block-recording.ts'
import type { RunnerState } from '../../composables/useRunner.ts'
import type { EngineEndpoint } from '../../lib/protocol.ts'

/** The CLI's own default: nothing to name. */
const DEFAULT_SOCKET = 'unix:///var/run/docker.sock'

/** How the engine is reached, for the badge: "컨텍스트 lab · 원격 엔진 ssh://lab@host", "rootless 엔진"; empty for the default local socket. */
export function engineVia(endpoint: EngineEndpoint | undefined): string {
  if (!endpoint) return ''
  const parts: string[] = []
  if (endpoint.context !== 'default') parts.push(t('badge.via.context', { name: endpoint.context }))
  if (endpoint.desktop) parts.push(t('badge.via.desktop'))
  if (endpoint.rootless) parts.push(t('badge.via.rootless'))
  if (endpoint.remote) parts.push(t('badge.via.remote', { host: endpoint.host }))
  else if (endpoint.host !== DEFAULT_SOCKET && !endpoint.desktop) parts.push(endpoint.host)
  return parts.join(' · ')
}

export type BadgeKind = 'following' | 'live' | 'no-engine' | 'connecting' | 'reconnecting' | 'restarted' | 'token-refused' | 'no-key' | 'other-version' | 'no-runner' | 'recorded'

export interface Badge {
  kind: BadgeKind
  text: string
  /** The reset button is there while a runner is connected. */
  canReset: boolean
  /** The button that asks an open deck tab for the key, for a tab without one. */
  canTakeKey: boolean
}

/** The badge for `state`; a printed or exported deck always says recorded. */
export function runnerBadge(state: Pick<RunnerState, 'connection' | 'engine'> & Partial<Pick<RunnerState, 'readOnly' | 'shareEnded'>>, printMode: boolean): Badge {
  const badge = (kind: BadgeKind, text: string, canReset = false): Badge => ({ kind, text, canReset, canTakeKey: kind === 'no-key' })
  if (printMode) return badge('recorded', t('badge.recorded'))
  const { connection, engine } = state
  // A classroom follower never resets or takes a key: it watches the lecture.
  if (state.readOnly && state.shareEnded) return badge('recorded', t('badge.shareEnded'))
  if (state.readOnly) return connection.kind === 'live' || connection.kind === 'restarted' ? badge('following', t('badge.following')) : badge('reconnecting', t('badge.followingLost'))
  switch (connection.kind) {
    case 'live': {
      const via = engineVia(engine?.endpoint)
      const withVia = (text: string) => (via ? `${text} · ${via}` : text)
      return engine?.reachable
        ? badge('live', withVia(t('badge.live', { version: engine.version ?? '' })), true)
        : badge('no-engine', withVia(t('badge.noEngine', { message: engine?.message ?? 'npm run doctor' })))
    }
    case 'restarted': return badge('restarted', t('badge.restarted'), true)
    case 'connecting': return badge('connecting', t('badge.connecting'))
    case 'reconnecting': return badge('reconnecting', t('badge.reconnecting', { attempt: connection.attempt }))
    case 'token-refused': return badge('token-refused', t('badge.tokenRefused'))
    case 'no-key': return badge('no-key', t('badge.noKey', { openPage: connection.openPage ?? '' }))
    case 'other-version': return badge('other-version', t('badge.otherVersion', { version: connection.runnerVersion }))
    case 'recorded': return badge('recorded', t('badge.recorded'))
    default: return badge('no-runner', t('badge.noRunner'))
  }
}

const STAND_IN_KEYS = { alpine: 'badge.standIn.alpine', redis: 'badge.standIn.redis', 'hello-world': 'badge.standIn.hello-world' } as const

/** What the badge adds on a slide whose recordings were made with offline stand-in images; undefined when none were. */
export function standInNote(recordings: ReadonlyArray<{ meta: Pick<BlockRecording, 'standInImages'> }>): string | undefined {
  const images = [...new Set(recordings.flatMap(({ meta }) => meta.standInImages ?? []))].sort()
  if (images.length === 0) return undefined
  return t('badge.standIn', { images: images.map((image) => (Object.hasOwn(STAND_IN_KEYS, image) ? t(STAND_IN_KEYS[image as keyof typeof STAND_IN_KEYS]) : image)).join(', ') })
}
