// A block's committed recording, played back as the live run produced it and
// with its real timing: the events so far, the position, replay, skip and
// speed. The position also goes to useRecordings().replaying, so the
// lifecycle view on the slide replays along.
import { computed, onScopeDispose, shallowRef, toValue, type ComputedRef, type MaybeRefOrGetter, type ShallowRef } from 'vue'
import type { Cast } from '../lib/asciicast.ts'
import type { BlockRecording } from '../lib/block-recording.ts'
import type { RunEvent } from '../lib/protocol.ts'
import { eventsUntil, recordedEvents, type TimedEvent } from '../components/model/recorded-run.ts'
import { useRecordings } from './useRecordings.ts'

/** The speeds a replay offers. */
export const REPLAY_SPEEDS = [1, 2, 4] as const

export interface UseReplayOptions {
  /** How often the position moves on, in ms of real time. @default 50 */
  tickMs?: number
}

export interface UseReplayReturn {
  recording: ComputedRef<{ cast: Cast; meta: BlockRecording } | undefined>
  /** The recording's events with their times. */
  timed: ComputedRef<TimedEvent[]>
  /** What the block shows: every event, or, while replaying, those up to the position. */
  events: ComputedRef<readonly RunEvent[]>
  /** ms into the replay; undefined when not replaying. */
  position: Readonly<ShallowRef<number | undefined>>
  replaying: ComputedRef<boolean>
  /** 1, 2 or 4 (REPLAY_SPEEDS); read at each tick, so a change applies at once. */
  speed: ShallowRef<number>
  /** Names what is shown: each replay is a session of its own, so a terminal starts it on a fresh screen. */
  session: ComputedRef<string>
  /** Plays the recording from its start (again, if it is playing). */
  replay(): void
  /** Jumps to the end. */
  skip(): void
}

/** Block `blockKey`'s recording and its replay; the replay stops with the calling scope. */
export function useReplay(blockKey: MaybeRefOrGetter<string>, options: UseReplayOptions = {}): UseReplayReturn {
  const tickMs = options.tickMs ?? 50
  const recordings = useRecordings()
  const recording = computed(() => recordings.recording(toValue(blockKey)))
  const timed = computed(() => (recording.value ? recordedEvents(recording.value.cast, recording.value.meta) : []))
  const everything = computed(() => timed.value.map((item) => item.event))
  const position = shallowRef<number>()
  const speed = shallowRef(1)
  const replays = shallowRef(0)
  let timer: ReturnType<typeof setInterval> | undefined
  // The key the shared position was set under, so skip clears that one.
  let replayedKey: string | undefined

  function skip(): void {
    clearInterval(timer)
    timer = undefined
    position.value = undefined
    if (replayedKey !== undefined) recordings.replaying.delete(replayedKey)
    replayedKey = undefined
  }

  function replay(): void {
    if (!recording.value) return
    skip()
    const key = toValue(blockKey)
    const last = timed.value.at(-1)?.atMs ?? 0
    replayedKey = key
    replays.value++
    position.value = 0
    timer = setInterval(() => {
      position.value = (position.value ?? 0) + tickMs * speed.value
      recordings.replaying.set(key, position.value)
      if (position.value >= last) skip()
    }, tickMs)
  }

  onScopeDispose(skip, true)

  return {
    recording,
    timed,
    events: computed(() => (position.value === undefined ? everything.value : eventsUntil(timed.value, position.value))),
    position,
    replaying: computed(() => position.value !== undefined),
    speed,
    session: computed(() => (position.value === undefined ? 'recording' : `replay-${replays.value}`)),
    replay,
    skip,
  }
}
