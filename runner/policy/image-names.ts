// Image references as docker reads them (`alpine`, `redis:7`,
// `docker.io/library/redis`, `ghcr.io/acme/app:1.0`, `alpine@sha256:…`),
// normalised so that every spelling of one image compares equal. The deck
// runs and pulls only images on its list.

/** A parsed reference: `docker.io/library/redis`, with its tag or digest if written. */
export interface ImageName {
  repository: string
  tag?: string
  digest?: string
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const DOMAIN_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/
const TAG = /^\w[\w.-]{0,127}$/
const DIGEST = /^sha256:[a-f0-9]{64}$/

function isDomain(text: string): boolean {
  const [host = '', port, extra] = text.split(':')
  if (extra !== undefined || (port !== undefined && !/^\d{1,5}$/.test(port))) return false
  return host === 'localhost' || host.split('.').every((label) => DOMAIN_LABEL.test(label))
}

/** Parses a docker image reference; undefined when docker would not read it as one. */
export function parseImageName(text: string): ImageName | undefined {
  if (text.length === 0 || text.length > 255) return undefined
  let rest = text
  let digest: string | undefined
  let tag: string | undefined
  const at = rest.indexOf('@')
  if (at !== -1) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!DIGEST.test(digest)) return undefined
  }
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG.test(tag)) return undefined
  }
  const parts = rest.split('/')
  const first = parts[0]!
  // As docker does: the first component is a registry when it has a dot or port, is localhost, or has capitals.
  let domain = 'docker.io'
  if (parts.length > 1 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase())) {
    domain = parts.shift()!
    if (!isDomain(domain)) return undefined
  }
  if (!parts.every((part) => PATH_COMPONENT.test(part))) return undefined
  if (domain === 'index.docker.io') domain = 'docker.io'
  if (domain === 'docker.io' && parts.length === 1) parts.unshift('library')
  return { repository: `${domain}/${parts.join('/')}`, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) }
}

/**
 * Whether reference `text` names an image on `allowed`: the same repository,
 * and, when the entry names a tag or digest, that one (an entry without one
 * allows every tag).
 */
export function imageAllowed(text: string, allowed: readonly string[]): boolean {
  const image = parseImageName(text)
  if (!image) return false
  const tag = image.tag ?? (image.digest === undefined ? 'latest' : undefined)
  return allowed.some((entry) => {
    const wanted = parseImageName(entry)
    if (!wanted || wanted.repository !== image.repository) return false
    if (wanted.digest !== undefined) return wanted.digest === image.digest
    return wanted.tag === undefined || wanted.tag === tag
  })
}
