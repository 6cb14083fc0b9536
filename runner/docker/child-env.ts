// The environment docker processes get: the minimum the CLI needs, so no
// secret of the runner (or of the lecturer's shell) reaches a container.

import { SYSTEM_PATH } from './system-path.ts'

/**
 * PATH, HOME (the CLI reads ~/.docker for credentials), a UTF-8 locale, and
 * DOCKER_HOST only when the lecturer set it for the runner.
 */
export function childEnv(from: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {
    PATH: SYSTEM_PATH,
    HOME: from.HOME ?? '/',
    LANG: 'C.UTF-8',
    // The CLI's "What's next" hints are advertising, not output of the command.
    DOCKER_CLI_HINTS: 'false',
  }
  if (from.DOCKER_HOST) env.DOCKER_HOST = from.DOCKER_HOST
  return env
}
