// Removing what the deck made, and only that: all labelled containers (reset,
// and at every runner start so a crash leaves nothing), or one run's.
import type { DockerCli } from './docker-cli.ts'
import { OWNED_FILTER, RUN_LABEL } from './labels.ts'

/** Force-removes the containers matching `filter`; returns their IDs. */
async function removeByFilter(cli: DockerCli, filter: string): Promise<string[]> {
  const listed = await cli.text(['ps', '-a', '-q', '--no-trunc', '--filter', filter])
  const ids = (listed ?? '').split('\n').filter(Boolean)
  if (ids.length > 0) await cli.run(['rm', '-f', ...ids], 30_000)
  return ids.map((id) => id.slice(0, 12))
}

/** Every container carrying the deck's label. The lecturer's own are never listed. */
export const removeDeckContainers = (cli: DockerCli) => removeByFilter(cli, OWNED_FILTER)

/** The containers one run created (for cancel, timeout and output cap). */
export const removeRunContainers = (cli: DockerCli, runId: string) => removeByFilter(cli, `label=${RUN_LABEL}=${runId}`)
