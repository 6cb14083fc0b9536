// How fast the runner answers GET /health when idle and while 8 containers
// start at once. The figure a test cannot assert on a shared machine: the
// bench prints it, the load test only checks that /health keeps answering.
import http from 'node:http'
import type { RunnerClient } from '../../lib/client/client.ts'
import { nextKey } from './timing.ts'

/** One GET /health; resolves with its wall time in ms. */
function timeHealth(port: number): Promise<number> {
  const start = performance.now()
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/health', headers: { Host: `127.0.0.1:${port}` }, agent: false }, (response) => {
      response.resume()
      response.on('end', () => (response.statusCode === 200 ? resolve(performance.now() - start) : reject(new Error(`/health answered ${response.statusCode}`))))
    })
    request.on('error', reject)
  })
}

/** `count` samples of /health, `gapMs` apart, while `busy` has not settled (or all of them when it is undefined). */
async function sample(port: number, count: number, gapMs: number, busy?: Promise<unknown>): Promise<number[]> {
  let settled = false
  void busy?.finally(() => (settled = true))
  const times: number[] = []
  while (times.length < count && !(busy && settled && times.length > 0)) {
    times.push(await timeHealth(port))
    await new Promise((resolve) => setTimeout(resolve, gapMs))
  }
  return times
}

export interface HealthFigures {
  idle: number[]
  loaded: number[]
}

/** /health idle, then while `runs` clients each start `docker run --rm alpine sh -c 'echo hi; sleep 1'`. */
export async function healthUnderLoad(port: number, clients: RunnerClient[]): Promise<HealthFigures> {
  const idle = await sample(port, 50, 20)
  const line = "docker run --rm alpine sh -c 'echo hi; sleep 1'"
  const runs = Promise.all(clients.map(async (client) => {
    const outcome = await client.run(nextKey('health'), line)
    if ('refusal' in outcome) throw new Error(`The runner refused ${line}: ${outcome.refusal.message}`)
    return client.ended(outcome.runId)
  }))
  const loaded = await sample(port, 1_000, 20, runs)
  await runs
  return { idle, loaded }
}
