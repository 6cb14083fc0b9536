// What a tab without the runner's key can still find out, so its badge names
// the real cause: no runner at all, a runner this tab has no key for (the
// deck opened at its own address instead of the page `npm start` printed),
// or a runner of another version. /health answers without a key. Pure but
// for the probe it is given, so every case is unit-tested.
import { sameProtocol, type ConnectionStatus, type HealthProbe } from './connection-status.ts'
import { RUNNER_PORT } from '../ports.ts'

/** The runner a keyless tab asks: where `npm start` told the deck server it listens, else the default. */
export function keylessRunnerUrl(configuredPort: string | undefined): string {
  const port = Number(configuredPort)
  return `http://127.0.0.1:${Number.isInteger(port) && port > 0 && port < 65536 ? port : RUNNER_PORT}`
}

/** The link state of a tab that has no key: no-runner, no-key (with the page to open) or other-version. */
export async function keylessStatus(baseUrl: string, probe: HealthProbe): Promise<Extract<ConnectionStatus, { kind: 'no-runner' | 'no-key' | 'other-version' }>> {
  const health = await probe(baseUrl).catch(() => undefined)
  if (!health) return { kind: 'no-runner', attempt: 0 }
  if (!sameProtocol(health)) return { kind: 'other-version', runnerVersion: health.runnerVersion ?? '?' }
  return health.openPage ? { kind: 'no-key', openPage: health.openPage } : { kind: 'no-key' }
}
