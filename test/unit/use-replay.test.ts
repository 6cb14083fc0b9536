// useReplay: a block's recording as events, played back with its timing. The
// position moves by the speed at each tick and is shared with the lifecycle
// view; each replay is a session of its own; skip and the end of the scope
// stop the timer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, type EffectScope } from 'vue'
import { useReplay } from '../../composables/useReplay.ts'
import { current, helloRecording, KEY, useRecorded } from './run-fakes.ts'

vi.mock('../../composables/useRecordings', async () => (await import('./run-fakes.ts')).recordingsModule)

let scope: EffectScope
beforeEach(() => {
  vi.useFakeTimers()
  useRecorded([helloRecording()])
  scope = effectScope()
})
afterEach(() => {
  scope.stop()
  vi.useRealTimers()
})

const replayOf = (key = KEY) => scope.run(() => useReplay(key, { tickMs: 50 }))!
const texts = (replay: ReturnType<typeof replayOf>) => replay.events.value.map((event) => (event.kind === 'output' ? event.data : event.kind))

describe('useReplay', () => {
  it('shows the whole recording until replayed', () => {
    const replay = replayOf()
    expect(replay.recording.value?.meta.key).toBe(KEY)
    expect(texts(replay)).toEqual(['started', 'Hello from Docker!\n', 'This message shows that your installation appears to be working correctly.\n', 'ended'])
    expect([replay.replaying.value, replay.position.value, replay.session.value]).toEqual([false, undefined, 'recording'])
  })

  it('plays the events by their time, shares the position, and ends by itself', async () => {
    const replay = replayOf()
    replay.replay()
    expect(texts(replay)).toEqual(['started'])
    expect(replay.session.value).toBe('replay-1')
    await vi.advanceTimersByTimeAsync(250)
    expect(replay.position.value).toBe(250)
    expect(current.recordings.replaying.get(KEY)).toBe(250)
    expect(texts(replay)).toEqual(['started', 'Hello from Docker!\n'])
    await vi.advanceTimersByTimeAsync(650)
    expect(replay.replaying.value).toBe(false)
    expect(current.recordings.replaying.has(KEY)).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('moves at the speed chosen, also mid-replay', async () => {
    const replay = replayOf()
    replay.replay()
    await vi.advanceTimersByTimeAsync(100)
    replay.speed.value = 4
    await vi.advanceTimersByTimeAsync(100)
    expect(replay.position.value).toBe(100 + 400)
  })

  it('starts each replay from the beginning as a new session', async () => {
    const replay = replayOf()
    replay.replay()
    await vi.advanceTimersByTimeAsync(300)
    replay.replay()
    expect(replay.position.value).toBe(0)
    expect(replay.session.value).toBe('replay-2')
    expect(texts(replay)).toEqual(['started'])
    expect(vi.getTimerCount()).toBe(1)
  })

  it('jumps to the end on skip, and stops with its scope', async () => {
    const replay = replayOf()
    replay.replay()
    await vi.advanceTimersByTimeAsync(100)
    replay.skip()
    expect(texts(replay)).toHaveLength(4)
    expect(vi.getTimerCount()).toBe(0)
    replay.replay()
    await vi.advanceTimersByTimeAsync(100)
    scope.stop()
    expect(vi.getTimerCount()).toBe(0)
    expect(current.recordings.replaying.has(KEY)).toBe(false)
  })

  it('has nothing to replay for a block without a recording', () => {
    const replay = replayOf('unrecorded')
    replay.replay()
    expect([replay.recording.value, replay.replaying.value, replay.events.value]).toEqual([undefined, false, []])
    expect(vi.getTimerCount()).toBe(0)
  })
})
