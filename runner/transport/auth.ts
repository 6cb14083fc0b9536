// The checks every request passes before the runner does any work: the Host
// header (DNS rebinding), the Origin (other web pages), the token (other
// local programs). Pure functions, so the tables are unit-tested.
import { createHash, timingSafeEqual } from 'node:crypto'
import { FOLLOW_SUBPROTOCOL_PREFIX, SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX, type Capability } from '../../lib/protocol.ts'

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; reason: string }

const OK: Verdict = { ok: true }

/** Host must name loopback on our own port, so a rebound DNS name is refused. */
export function checkHost(host: string | undefined, port: number): Verdict {
  const allowed = [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]
  if (host !== undefined && allowed.includes(host.toLowerCase())) return OK
  return { ok: false, status: 403, reason: `Host ${JSON.stringify(host ?? null)} is not this runner (expected localhost:${port})` }
}

/** Origin must be exactly one of the deck's origins; a missing or "null" Origin is refused. */
export function checkOrigin(origin: string | undefined, allowed: readonly string[]): Verdict {
  if (origin !== undefined && origin !== 'null' && allowed.includes(origin)) return OK
  return { ok: false, status: 403, reason: `Origin ${JSON.stringify(origin ?? null)} is not the deck's (${allowed.join(', ')})` }
}

/** The offered subprotocols must include ours and the right token. */
export function checkToken(offered: string | undefined, token: string): Verdict {
  const protocols = (offered ?? '').split(',').map((p) => p.trim())
  const tokens = protocols.filter((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX))
  if (!protocols.includes(SUBPROTOCOL)) return { ok: false, status: 401, reason: `the ${SUBPROTOCOL} subprotocol was not offered` }
  if (tokens.length !== 1 || !sameSecret(tokens[0]!.slice(TOKEN_SUBPROTOCOL_PREFIX.length), token)) {
    return { ok: false, status: 401, reason: 'missing or wrong token' }
  }
  return OK
}

/**
 * Which capability the offered subprotocols earn: the token gives the deck's
 * full one, the follow token only following. Exactly one credential may be
 * offered; a wrong one is refused whatever else is offered.
 */
export function checkCapability(offered: string | undefined, token: string, followToken: string): (Verdict & { ok: false }) | { ok: true; capability: Capability } {
  const protocols = (offered ?? '').split(',').map((p) => p.trim())
  const credentials = protocols.filter((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX) || p.startsWith(FOLLOW_SUBPROTOCOL_PREFIX))
  if (!protocols.includes(SUBPROTOCOL)) return { ok: false, status: 401, reason: `the ${SUBPROTOCOL} subprotocol was not offered` }
  const [credential] = credentials
  if (credentials.length !== 1) return { ok: false, status: 401, reason: 'missing or wrong token' }
  if (credential!.startsWith(FOLLOW_SUBPROTOCOL_PREFIX)) {
    return sameSecret(credential!.slice(FOLLOW_SUBPROTOCOL_PREFIX.length), followToken) ? { ok: true, capability: 'read-only' } : { ok: false, status: 401, reason: 'missing or wrong token' }
  }
  const full = checkToken(offered, token)
  return full.ok ? { ok: true, capability: 'full' } : full
}

/** Constant-time comparison that also hides the length of a wrong guess. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(given), digest(expected)) && given.length === expected.length
}
