// One resolution for every word that names an engine object: docker's own
// grammar first (no white space, no invisible characters, no `..`, no `/`
// outside an image's registry path), and the engine is asked nothing about
// a word outside it.
import { describe, expect, it, vi } from 'vitest'
import { checkReference, isReference, QUOTED_LISTING_DEMO, type ObjectKind } from '../../runner/policy/object-reference.ts'
import { planCommand, type EngineView } from '../../runner/policy/policy.ts'
import { DECK, fakeEngine, refusalOf } from './fake-engine.ts'

/** Every Unicode space or invisible character the docker CLI trims or carries into the request path. */
const INVISIBLE = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u2003', '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u200b', '\u200d', '\u0000', '\u001b', '\u007f', '\u0085']

describe('isReference', () => {
  it.each<[ObjectKind, string]>([
    ['container', 'my-ping'], ['container', 'web_1.a'], ['container', 'b21111111111'], ['container', 'a'.repeat(64)],
    ['network', 'deck-net'], ['volume', 'deck_data'],
    ['image', 'alpine'], ['image', 'redis:7'], ['image', 'docker.io/library/redis'], ['image', 'ghcr.io/acme/app:1.0'],
    ['image', 'docker-live-deck/rmi-demo:latest'], ['image', `sha256:${'a'.repeat(64)}`], ['image', '4a7f0f8c1b2e'],
  ])('accepts %s %j', (kind, word) => {
    expect(isReference(kind, word)).toBe(true)
  })

  it.each<[ObjectKind, string]>([
    ['container', ''], ['container', '/my-ping'], ['container', 'a b/../../volumes/x'], ['container', 'a..b'], ['container', '..'],
    ['container', '-f'], ['container', '_x'], ['container', 'x%2f..%2fy'], ['network', 'a/b'], ['volume', 'x/../y'], ['volume', 'v..w'],
    ['image', 'x/../../containers/lecturer-db'], ['image', 'a b/../../images/postgres:16'], ['image', '../alpine'], ['image', 'Alpine'],
  ])('refuses %s %j', (kind, word) => {
    expect(isReference(kind, word)).toBe(false)
  })

  it.each(INVISIBLE.map((char) => [char.codePointAt(0)!.toString(16).padStart(4, '0'), char]))('refuses U+%s before, inside and after a name, for every kind', (_, char) => {
    for (const kind of ['container', 'image', 'network', 'volume'] as const) {
      for (const word of [`${char}lecturer-db`, `lecturer${char}db`, `lecturer-db${char}`]) expect(isReference(kind, word), `${kind} ${JSON.stringify(word)}`).toBe(false)
    }
  })

  it('lets the chapter\'s quoted demo text through nowhere but docker rm', () => {
    expect(isReference('container', QUOTED_LISTING_DEMO)).toBe(false)
  })
})

describe('checkReference', () => {
  it('names the word, what is wrong with it and what to write instead', () => {
    expect(() => checkReference('container', ' lecturer-db', 'docker rm')).toThrow(/docker rm " lecturer-db" is refused: it holds white space .*Write the container's name or ID exactly/)
    expect(() => checkReference('volume', 'a..b', '-v')).toThrow(/holds "\.\."/)
  })
})

/** A fake engine that records every question the policy asks it. */
function spiedEngine(): { view: EngineView; asked: () => string[] } {
  const engine = fakeEngine()
  const asked: string[] = []
  const spy = (name: keyof EngineView) => vi.fn((...args: unknown[]) => {
    asked.push(`${name}(${JSON.stringify(args[0])})`)
    return (engine[name] as (...a: unknown[]) => unknown)(...args)
  })
  const view = { ...engine }
  for (const name of ['resolveDeckContainer', 'resolveDeckImage', 'resolveDeckNetwork', 'isDeckVolume', 'imageId'] as const) Object.assign(view, { [name]: spy(name) })
  return { view, asked: () => asked }
}

describe('planCommand with words the docker CLI would rewrite', () => {
  it.each([
    "docker rm -f ' lecturer-db'",
    "docker rm 'a b/../../volumes/lecturer_pgdata'",
    "docker rm -f 'a b/../../images/postgres:16'",
    "docker rm 'a b/../../networks/lecturer_app_default'",
    "docker rm 'a\tb/../../plugins/x'",
    "docker container rm 'x\u00a0y/../../secrets/s'",
    "docker container remove 'x y/../../services/s'",
    "docker rm 'a b/../../nodes/n'",
    "docker rm 'a b/../../configs/c'",
    `docker stop '${DECK.redisRunning.name} '`,
    `docker exec '\u3000${DECK.redisRunning.name}' ls`,
    "docker inspect 'x/../../volumes/v'",
    "docker rmi ' alpine'",
    'docker rmi <image-id:x/../../containers/lecturer-db>',
    "docker run --rm --network 'container: lecturer-db' alpine true",
    "docker run --rm --network 'a..b' alpine true",
    "docker run --rm -v 'v..w:/d' alpine true",
    "docker run --rm --mount 'type=volume,src=v..w,dst=/d' alpine true",
  ])('refuses %j without asking the engine about it', async (line) => {
    const { view, asked } = spiedEngine()
    const refusal = await refusalOf(planCommand(line, 'run-1', view))
    expect(refusal.code, refusal.message).toBe('reference')
    expect(asked()).toEqual([])
  })

  it('plans the chapter\'s `docker rm \'docker ps -a -q\'` as typed: a name no object can have', async () => {
    const { view, asked } = spiedEngine()
    const plan = await planCommand(`docker rm '${QUOTED_LISTING_DEMO}'`, 'run-1', view)
    expect(plan.argv).toEqual(['rm', QUOTED_LISTING_DEMO])
    expect(asked()).toEqual([])
  })

  it.each(["docker rm 'docker ps -a -q '", "docker rm 'docker ps -aq'", "docker stop 'docker ps -a -q'", "docker rm -f 'docker  ps -a -q'"])('refuses the near miss %j', async (line) => {
    expect((await refusalOf(planCommand(line, 'run-1', fakeEngine()))).code).toBe('reference')
  })

  it('fills <image-id:NAME> with a full ID, shown short', async () => {
    const plan = await planCommand('docker rmi <image-id:deck-hello>', 'run-1', fakeEngine())
    expect(plan.argv.at(-1)).toMatch(/^[0-9a-f]{64}$/)
    expect(plan.resolvedLine).toMatch(/^docker rmi [0-9a-f]{12}$/)
  })
})
