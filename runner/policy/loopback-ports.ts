// `-p 8080:80` publishes on every interface, so a classroom network could
// reach the demo. The runner binds published ports to loopback instead.
import { Refused } from './refusal.ts'

/** Rewrites a `-p` value to publish on 127.0.0.1; returns it unchanged if it already does. */
export function loopbackPublish(value: string): string {
  let rest = value
  let host: string | undefined
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']:')
    if (close === -1) throw invalid(value)
    host = rest.slice(1, close)
    rest = rest.slice(close + 2)
  }
  const parts = rest.split(':')
  // The address given (if any) is replaced by 127.0.0.1 below.
  if (host === undefined && parts.length === 3) parts.shift()
  if (parts.length > 2 || parts.some((part, i) => part === '' && !(i === 0 && parts.length === 2))) throw invalid(value)
  const [hostPort, containerPort] = parts.length === 2 ? parts : ['', parts[0]!]
  return `127.0.0.1:${hostPort}:${containerPort}`
}

const invalid = (value: string) =>
  new Refused('invalid-value', `-p ${value} is not a port mapping the runner understands; write -p HOSTPORT:CONTAINERPORT, for example -p 6379:6379.`, `-p ${value}`)

const PUBLISH = /^(?:127\.0\.0\.1:)?(\d{1,5}):(\d{1,5})(?:\/(?:tcp|udp))?$/

/**
 * The one `-p` grammar the deck accepts, `[127.0.0.1:]HOST:CONTAINER[/tcp|udp]`
 * with ports 1–65535; returns the value bound to 127.0.0.1. Any other form
 * (another address, a range, docker's `published=…,target=…`) is refused.
 */
export function checkPublish(value: string): string {
  const match = PUBLISH.exec(value)
  const port = (text: string | undefined) => Number(text) >= 1 && Number(text) <= 65535
  if (!match || !port(match[1]) || !port(match[2])) {
    throw new Refused('invalid-value', `-p ${value} is refused: the deck publishes one port as HOSTPORT:CONTAINERPORT (optionally 127.0.0.1: before and /tcp or /udp after), for example -p 6379:6379.`, `-p ${value}`)
  }
  return loopbackPublish(value)
}

/** Which host ports `-p` may publish on: the lecturer's range, minus the ports the deck itself listens on. */
export interface HostPortRule {
  from: number
  to: number
  /** The deck's page, its runner (and anything else of the deck's) listen here. */
  reserved: readonly number[]
}

/** Refuses a checked `-p` value whose host port is outside the rule (below 1024 by default, or one of the deck's own). */
export function checkHostPort(value: string, rule: HostPortRule): void {
  const hostPort = Number(PUBLISH.exec(value)?.[1])
  if (hostPort < rule.from || hostPort > rule.to) {
    const system = rule.from >= 1024 && hostPort < 1024 ? ' (ports below 1024 belong to the system)' : ''
    throw new Refused('port', `-p ${value} is refused: host port ${hostPort} is outside ${rule.from}–${rule.to}, the range this deck publishes on${system}; use a port such as 8080, or change "hostPorts" in docker-live-deck.config.json.`, `-p ${value}`)
  }
  if (rule.reserved.includes(hostPort)) {
    throw new Refused('port', `-p ${value} is refused: port ${hostPort} is the deck's own (its page or its runner listens there); use another port such as 8080.`, `-p ${value}`)
  }
}
