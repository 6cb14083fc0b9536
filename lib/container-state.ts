// A container's state as the engine's events move it. The live container
// table (the runner's DeckContainers) and the lifecycle view both fold events
// with this one table, so they never disagree on what an action means.
import type { ContainerInfo } from './protocol.ts'

/** created, running, paused, exited or removed: the states the protocol carries. */
export type ContainerState = ContainerInfo['state']

// A Map, so an event action such as `constructor` finds nothing.
const STATE_AFTER = new Map<string, ContainerState>([
  ['create', 'created'],
  ['start', 'running'],
  ['restart', 'running'],
  ['unpause', 'running'],
  ['pause', 'paused'],
  ['die', 'exited'],
  ['destroy', 'removed'],
])

/** The state a container is in after the engine reports `action`; undefined for actions that leave it as it was (kill, exec_start …). */
export function stateAfter(action: string): ContainerState | undefined {
  return STATE_AFTER.get(action)
}
