// One fold from engine actions to container states: the runner's container
// list (the live table) and the lifecycle view (and the table replayed from
// recordings) must say the same state after the same events.
import { describe, expect, it } from 'vitest'
import { containerStatus } from '../../components/model/container-status.ts'
import { lifecycleRows } from '../../components/model/lifecycle-model.ts'
import { stateAfter, type ContainerState } from '../../lib/container-state.ts'
import type { LifecycleEvent } from '../../lib/protocol.ts'
import type { DockerCli } from '../../runner/docker/docker-cli.ts'
import { DeckContainers } from '../../runner/engine/deck-containers.ts'

const T0 = 1_700_000_000_000
const ID = 'c'.repeat(64)
const event = (action: string, ms: number, over: Partial<LifecycleEvent> = {}): LifecycleEvent => ({
  containerId: ID, name: 'calm_pause', image: 'alpine', action, timeNano: `${T0 + ms}000000`, ...over,
})

/** DeckContainers without an engine: apply() never asks the CLI. */
const deckContainers = () => new DeckContainers({} as DockerCli)

describe('stateAfter', () => {
  it.each<[string, ContainerState]>([
    ['create', 'created'],
    ['start', 'running'],
    ['restart', 'running'],
    ['unpause', 'running'],
    ['pause', 'paused'],
    ['die', 'exited'],
    ['destroy', 'removed'],
  ])('moves a container to its state after %s', (action, state) => {
    expect(stateAfter(action)).toBe(state)
  })

  it.each(['kill', 'stop', 'exec_start', 'exec_die', 'attach', 'oom', 'constructor', 'toString', '__proto__', ''])('leaves the state as it was after %j', (action) => {
    expect(stateAfter(action)).toBeUndefined()
  })
})

describe('the container table and the lifecycle view agree', () => {
  const sequences: Array<[string, LifecycleEvent[]]> = [
    ['run, pause, unpause, stop, rm', [
      event('create', 0), event('start', 100), event('pause', 1000), event('unpause', 2000),
      event('kill', 3000, { signal: 15 }), event('die', 3100, { exitCode: 143 }), event('stop', 3150), event('destroy', 4000),
    ]],
    ['run, kill, start again, restart', [
      event('create', 0), event('start', 100), event('kill', 500, { signal: 9 }), event('die', 510, { exitCode: 137 }),
      event('start', 1000), event('kill', 1500, { signal: 15 }), event('die', 1600, { exitCode: 0 }), event('start', 1700), event('restart', 1701),
    ]],
    ['pause, then rm -f', [event('create', 0), event('start', 100), event('pause', 200), event('kill', 300, { signal: 9 }), event('die', 310, { exitCode: 137 }), event('destroy', 400)]],
  ]

  it.each(sequences)('after every event of %s', (_, events) => {
    const table = deckContainers()
    for (const [index, next] of events.entries()) {
      table.apply(next)
      const view = lifecycleRows(events.slice(0, index + 1), T0 + 10_000)[0]
      expect({ after: next.action, state: view?.state }).toEqual({ after: next.action, state: table.list()[0]?.state })
    }
  })

  it('shows a paused container as paused in both, and the table says Up (Paused) for either', () => {
    const events = [event('create', 0), event('start', 100), event('pause', 1000)]
    const table = deckContainers()
    for (const next of events) table.apply(next)
    const [row] = lifecycleRows(events, T0 + 2000)
    expect(table.list()[0]?.state).toBe('paused')
    expect(row?.state).toBe('paused')
    expect(containerStatus(row!.state).docker).toBe('Up (Paused)')
    expect(table.aliveDeckContainers()).toBe(1)
  })
})

describe('lifecycleRows through pause and unpause', () => {
  const paused = [event('create', 0), event('start', 100), event('kill', 500, { signal: 15 }), event('pause', 1000)]

  it('keeps the run\'s history while paused, with no grace countdown', () => {
    expect(lifecycleRows(paused, T0 + 1500)[0]).toMatchObject({
      state: 'paused', times: { created: T0, running: T0 + 100, paused: T0 + 1000 }, signals: [{ name: 'SIGTERM' }], graceLeftMs: undefined,
    })
  })

  it('continues the same run after unpause: signals kept, running since the unpause', () => {
    expect(lifecycleRows([...paused, event('unpause', 2000)], T0 + 2500)[0]).toMatchObject({
      state: 'running', times: { created: T0, running: T0 + 2000, paused: T0 + 1000 }, signals: [{ name: 'SIGTERM' }],
    })
  })

  it('starts a new run on start: earlier states and signals no longer apply', () => {
    const again = [...paused, event('unpause', 2000), event('die', 2100, { exitCode: 143 }), event('start', 3000)]
    expect(lifecycleRows(again, T0 + 3500)[0]).toMatchObject({ state: 'running', times: { created: T0, running: T0 + 3000 }, signals: [], exitCode: undefined })
  })
})
