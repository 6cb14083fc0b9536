// Test and benchmark helpers: a runner on a free port and a client that
// connects to it the way the deck does (Origin header, token subprotocol).
import WebSocket from 'ws'
import { RunnerClient } from '../../lib/client/client.ts'
import { webSocketFactory } from '../../lib/client/web-sockets.ts'
import { startRunner, type Runner, type RunnerOptions } from '../../runner/start-runner.ts'
import { deckOrigins } from '../../lib/ports.ts'

export const [DECK_ORIGIN] = deckOrigins() as [string]

/** A runner on a free loopback port that writes no state file unless asked. */
export function testRunner(options: Partial<RunnerOptions> = {}): Promise<Runner> {
  return startRunner({ port: 0, origins: [DECK_ORIGIN], stateDir: false, ...options })
}

/** A connected client with the deck's Origin. */
export async function connectClient(runner: { url: string; token: string }, origin = DECK_ORIGIN): Promise<RunnerClient> {
  const client = new RunnerClient(runner.url, runner.token, webSocketFactory(WebSocket, { origin }))
  await client.connect()
  return client
}
