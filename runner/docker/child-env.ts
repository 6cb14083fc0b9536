// The environment docker processes get: the minimum the CLI needs, so no
// secret of the runner (or of the lecturer's shell) reaches a container.

import { SYSTEM_PATH } from './system-path.ts'

/**
 * What the docker CLI reads to reach the engine the lecturer chose, passed on
 * only when the runner itself was started with it: the host, a context and the
 * config folder that holds contexts, TLS material, and the SSH agent an
 * `ssh://` host signs in with. A container never sees them: the policy takes
 * `-e` only as NAME=VALUE, so the CLI cannot copy one of its own variables in.
 */
export const ENGINE_ENV = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_TLS', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'SSH_AUTH_SOCK'] as const

/** PATH (the system's, where `ssh` is), HOME (~/.docker, ~/.ssh), a UTF-8 locale, and the ENGINE_ENV variables the runner was started with. */
export function childEnv(from: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {
    PATH: SYSTEM_PATH,
    HOME: from.HOME ?? '/',
    LANG: 'C.UTF-8',
    // The CLI's "What's next" hints are advertising, not output of the command.
    DOCKER_CLI_HINTS: 'false',
  }
  for (const name of ENGINE_ENV) {
    const value = from[name]
    if (value) env[name] = value
  }
  return env
}
