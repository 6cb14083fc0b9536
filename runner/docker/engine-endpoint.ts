// How the runner reaches the engine, as the lecturer chose it (a context,
// DOCKER_HOST, TLS, ssh://) and what the engine says of itself (rootless,
// Docker Desktop): the badge and the doctor name it before anything runs, and
// an engine that anyone on the network could drive is refused.
import type { EngineEndpoint } from '../../lib/protocol.ts'
import type { DockerCli } from './docker-cli.ts'

interface ContextInspect {
  Name?: string
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } }
  TLSMaterial?: { docker?: string[] }
}

/** What `docker info` says of the engine, read as `{{.OperatingSystem}}|{{json .SecurityOptions}}`. */
export const ENGINE_INFO_FORMAT = '{{.OperatingSystem}}|{{json .SecurityOptions}}'

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i

/** The endpoint from the CLI's answers and the variables the CLI got; pure, so every setup is unit-tested. */
export function endpointOf(contextJson: string, info: string | undefined, env: Record<string, string | undefined>): EngineEndpoint {
  const context = JSON.parse(contextJson) as ContextInspect
  const host = redactHost(context.Endpoints?.docker?.Host ?? env.DOCKER_HOST ?? 'unix:///var/run/docker.sock')
  const scheme = /^([a-z]+):\/\//i.exec(host)?.[1]?.toLowerCase() ?? 'unix'
  const material = context.TLSMaterial?.docker ?? []
  const tls = scheme === 'tcp' && (material.length > 0 || Boolean(env.DOCKER_TLS_VERIFY) || Boolean(env.DOCKER_TLS))
  const verified = tls && !context.Endpoints?.docker?.SkipTLSVerify && (material.includes('ca.pem') || Boolean(env.DOCKER_TLS_VERIFY))
  const [os = '', securityJson = '[]'] = (info ?? '').split('|')
  const security = safeJsonArray(securityJson)
  return {
    context: context.Name ?? 'default',
    host,
    transport: scheme === 'ssh' ? 'ssh' : scheme === 'tcp' ? (tls ? 'tls' : 'tcp') : 'socket',
    tlsVerified: verified,
    remote: (scheme === 'tcp' || scheme === 'ssh') && !LOOPBACK.test(hostName(host)),
    rootless: security.some((option) => /(^|,)name=rootless(,|$)/.test(option)),
    desktop: /docker desktop/i.test(os),
  }
}

/** The endpoint in a line for the terminal (`npm run doctor`, npm start): "context lab · ssh://lab@host (another machine)". */
export function describeEndpoint(endpoint: EngineEndpoint): string {
  const parts = [
    ...(endpoint.context !== 'default' ? [`context ${endpoint.context}`] : []),
    endpoint.host + (endpoint.transport === 'tls' ? (endpoint.tlsVerified ? ' (TLS, certificate checked)' : ' (TLS, certificate not checked)') : ''),
    ...(endpoint.desktop ? ['Docker Desktop'] : []),
    ...(endpoint.rootless ? ['rootless'] : []),
  ]
  return `${parts.join(' · ')}${endpoint.remote ? ' — another machine: every run lands there, and -p publishes on its loopback' : ''}`
}

/** Why the runner will not drive this engine, or undefined when it may. */
export function unsafeEndpoint(endpoint: EngineEndpoint): string | undefined {
  if (endpoint.transport === 'tcp' && endpoint.remote) {
    return `The engine at ${endpoint.host} takes commands over plain TCP, without TLS: anyone on that network can drive it, and the deck would too. Reach it with TLS (DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH, or a context made with ca=, cert= and key=) or over ssh:// instead.`
  }
  if (endpoint.transport === 'tls' && endpoint.remote && !endpoint.tlsVerified) {
    return `The engine at ${endpoint.host} is reached over TLS without checking its certificate (skip-tls-verify, or no CA): another machine could answer in its place. Give the context the engine's CA (ca=…), or set DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH.`
  }
  return undefined
}

/** Reads the endpoint through the CLI (the engine's own words only when it answered); undefined when the CLI cannot say. */
export async function readEndpoint(cli: Pick<DockerCli, 'text' | 'env'>, engineAnswered: boolean): Promise<EngineEndpoint | undefined> {
  const context = await cli.text(['context', 'inspect', '--format', '{{json .}}'], 10_000)
  if (!context) return undefined
  const info = engineAnswered ? await cli.text(['info', '--format', ENGINE_INFO_FORMAT], 15_000) : undefined
  try {
    return endpointOf(context, info, cli.env)
  } catch {
    return undefined
  }
}

/** A host as it may be shown: a password in the URL (tcp://user:secret@…) never is. */
function redactHost(host: string): string {
  return host.replace(/^([a-z]+:\/\/[^:@/]+):[^@/]*@/i, '$1:…@')
}

function hostName(host: string): string {
  try {
    return new URL(host).hostname
  } catch {
    return ''
  }
}

function safeJsonArray(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown
    return Array.isArray(value) ? value.map(String) : []
  } catch {
    return []
  }
}
