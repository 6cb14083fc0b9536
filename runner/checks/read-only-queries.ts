// The only four questions an exercise check may ask the engine, as command
// lines the policy plans like any slide's: list the deck's containers with
// their run label, inspect one deck container, read one redis key with
// `redis-cli GET` inside one deck container, and whether an image is there. Each plan is compared with the
// exact argv expected before it runs: a check can never run anything else,
// and nothing the policy refuses (the policy plans every one of them).
import { OWNED_FILTER, RUN_LABEL } from '../../lib/labels.ts'
import type { Plan } from '../policy/policy.ts'

/** `docker ps` output: `<full id> <run id>` per deck container, newest first. */
export const LIST_FORMAT = `{{.ID}} {{.Label "${RUN_LABEL}"}}`

const FULL_ID = /^[0-9a-f]{64}$/
const KEY = /^[A-Za-z0-9:_.-]{1,100}$/
/** As check.ts's ImageName: one plain argv word. */
const IMAGE = /^[a-z0-9][a-z0-9._/:-]{0,127}$/

export type Query =
  | { kind: 'list' }
  | { kind: 'inspect'; id: string }
  | { kind: 'redis-get'; id: string; key: string }
  | { kind: 'image-ids'; image: string }

/** The line a query is planned from. */
export function queryLine(query: Query): string {
  switch (query.kind) {
    case 'list':
      return `docker ps -a --no-trunc --filter ${OWNED_FILTER} --format '${LIST_FORMAT}'`
    case 'inspect':
      return `docker inspect --type container ${checkedId(query.id)}`
    case 'redis-get':
      if (!KEY.test(query.key)) throw new Error(`checks: ${JSON.stringify(query.key)} is not a redis key the check form allows`)
      return `docker exec ${checkedId(query.id)} redis-cli --no-raw GET ${query.key}`
    case 'image-ids':
      return `docker images --quiet ${checkedImage(query.image)}`
  }
}

/** The argv the plan of `query` must be, word for word. */
export function expectedArgv(query: Query): string[] {
  switch (query.kind) {
    case 'list':
      return ['ps', '-a', '--no-trunc', '--filter', OWNED_FILTER, '--format', LIST_FORMAT]
    case 'inspect':
      return ['inspect', '--type', 'container', query.id]
    case 'redis-get':
      return ['exec', query.id, 'redis-cli', '--no-raw', 'GET', query.key]
    case 'image-ids':
      return ['images', '--quiet', query.image]
  }
}

/** Throws unless `plan` runs exactly the read-only query asked for, with no terminal and nothing added. */
export function assertReadOnly(query: Query, plan: Plan): void {
  const expected = expectedArgv(query)
  const same = plan.argv.length === expected.length && plan.argv.every((word, i) => word === expected[i])
  if (!same || plan.tty || plan.stdin || plan.substitution || plan.attachesTo.length > 0) {
    throw new Error(`checks: the policy planned ${JSON.stringify(plan.argv)} for the read-only query ${JSON.stringify(expected)}; the check does not run it.`)
  }
}

function checkedImage(image: string): string {
  if (!IMAGE.test(image)) throw new Error(`checks: ${JSON.stringify(image)} is not an image name the check form allows`)
  return image
}

function checkedId(id: string): string {
  if (!FULL_ID.test(id)) throw new Error(`checks: ${JSON.stringify(id)} is not a full container ID`)
  return id
}
