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
  if (host === undefined && parts.length === 3) host = parts.shift()
  if (parts.length > 2 || parts.some((part, i) => part === '' && !(i === 0 && parts.length === 2))) throw invalid(value)
  const [hostPort, containerPort] = parts.length === 2 ? parts : ['', parts[0]!]
  return `127.0.0.1:${hostPort}:${containerPort}`
}

const invalid = (value: string) =>
  new Refused('invalid-value', `-p ${value} is not a port mapping the runner understands; write -p HOSTPORT:CONTAINERPORT, for example -p 6379:6379.`, `-p ${value}`)
