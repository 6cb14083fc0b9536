// DeckContainers answers the policy's ownership questions from the engine:
// which object a reference names (docker's own resolution, by inspect), and
// its full ID only when it carries the deck's label. A stub CLI stands in for
// docker here; the engine tests use the real one.
import { describe, expect, it } from 'vitest'
import type { DockerCli } from '../../runner/docker/docker-cli.ts'
import { DeckContainers } from '../../runner/engine/deck-containers.ts'

const ID = 'a'.repeat(64)

/** A CLI whose `text` answers from `answers` by the inspect kind and reference, recording each call. */
function stubCli(answers: Record<string, string | undefined>) {
  const calls: string[][] = []
  const cli = {
    async text(args: readonly string[]) {
      calls.push([...args])
      const key = `${args[0]} ${args.at(-1)}`
      return Object.hasOwn(answers, key) ? answers[key] : undefined
    },
  }
  return { cli: cli as unknown as DockerCli, calls }
}

describe('DeckContainers ownership lookups', () => {
  it('resolves a deck container to its full ID, asking docker with -- before the reference', async () => {
    const { cli, calls } = stubCli({ 'container web': `${ID} true` })
    expect(await new DeckContainers(cli).resolveDeckContainer('web')).toBe(ID)
    expect(calls[0]).toEqual(['container', 'inspect', '--format', '{{.Id}} {{index .Config.Labels "docker-live-deck.owned"}}', '--', 'web'])
  })

  it.each([
    ['an unlabelled container', `${ID} <no value>`],
    ['a container labelled false', `${ID} false`],
    ['no such container', undefined],
    ['an answer that is not one ID', `${ID} true\n${'b'.repeat(64)} true`],
    ['a short ID', `${'a'.repeat(12)} true`],
  ])('refuses %s', async (_, answer) => {
    const { cli } = stubCli({ 'container x': answer })
    expect(await new DeckContainers(cli).resolveDeckContainer('x')).toBeUndefined()
  })

  it('strips sha256: from a deck image\'s ID', async () => {
    const { cli } = stubCli({ 'image demo': `sha256:${ID} true` })
    expect(await new DeckContainers(cli).resolveDeckImage('demo')).toBe(ID)
  })

  it('resolves a deck network and refuses one without the label', async () => {
    const { cli, calls } = stubCli({ 'network deck-net': `${ID} true`, 'network other': `${ID} ` })
    const view = new DeckContainers(cli)
    expect(await view.resolveDeckNetwork('deck-net')).toBe(ID)
    expect(await view.resolveDeckNetwork('other')).toBeUndefined()
    expect(calls[0]).toContain('{{.Id}} {{index .Labels "docker-live-deck.owned"}}')
  })

  it('says a volume is the deck\'s only when its name and label match', async () => {
    const { cli } = stubCli({ 'volume deck-data': 'deck-data true', 'volume mine': 'mine <no value>', 'volume odd': 'other true' })
    const view = new DeckContainers(cli)
    expect(await view.isDeckVolume('deck-data')).toBe(true)
    expect(await view.isDeckVolume('mine')).toBe(false)
    expect(await view.isDeckVolume('odd')).toBe(false)
    expect(await view.isDeckVolume('absent')).toBe(false)
  })

  it('ignores an engine event whose action is a name on Object.prototype', () => {
    const { cli } = stubCli({})
    const view = new DeckContainers(cli)
    for (const action of ['constructor', '__proto__', 'toString']) {
      expect(view.apply({ action, containerId: ID, timeNano: '1' })).toBe(false)
    }
    expect(view.list()).toEqual([])
  })
})

describe('DeckContainers and words outside docker\'s grammar', () => {
  it.each([' lecturer-db', 'a b/../../volumes/x', 'x\u00a0', 'x/../y'])('asks docker nothing about %j, and owns nothing by it', async (word) => {
    const { cli, calls } = stubCli({})
    const view = new DeckContainers(cli)
    expect(await view.resolveDeckContainer(word)).toBeUndefined()
    expect(await view.resolveDeckImage(word)).toBeUndefined()
    expect(await view.resolveDeckNetwork(word)).toBeUndefined()
    expect(await view.isDeckVolume(word)).toBe(false)
    expect(await view.imageId(word)).toBeUndefined()
    expect(calls).toEqual([])
  })
})

describe('DeckContainers container slots', () => {
  const created = (runId: string, id: string) => ({ action: 'create', containerId: id, runId, timeNano: '1' })

  it('counts a start in flight as alive, so parallel starts cannot all pass the cap', () => {
    const view = new DeckContainers(stubCli({}).cli)
    expect(view.reserveStart('r1', 2)).toBe(true)
    expect(view.reserveStart('r2', 2)).toBe(true)
    expect(view.reserveStart('r3', 2)).toBe(false)
    expect(view.aliveDeckContainers()).toBe(2)
  })

  it('counts a container once: its slot goes back when the engine announces it', () => {
    const view = new DeckContainers(stubCli({}).cli)
    view.reserveStart('r1', 12)
    view.apply(created('r1', ID))
    expect(view.aliveDeckContainers()).toBe(1)
  })

  it('gives a slot back when its run ends without a container', () => {
    const view = new DeckContainers(stubCli({}).cli)
    view.reserveStart('r1', 1)
    view.releaseStart('r1')
    expect(view.aliveDeckContainers()).toBe(0)
    expect(view.reserveStart('r2', 1)).toBe(true)
  })
})
