// A fake runner connection and recordings for Run.vue tests, shared by the
// language, print and accessibility tests. (It must not import Run.vue: the
// mocks below load this module while Run.vue is loading.) Mock with:
//   vi.mock('../../composables/useRunner', async () => (await import('./run-fakes.ts')).runnerModule)
//   vi.mock('../../composables/useRecordings', async () => (await import('./run-fakes.ts')).recordingsModule)
import { mount, type VueWrapper } from '@vue/test-utils'
import type { Component } from 'vue'
import { vi } from 'vitest'
import { shallowReactive } from 'vue'
import type { Cast } from '../../lib/asciicast.ts'
import type { BlockRecording } from '../../lib/block-recording.ts'
import type { RunState } from '../../lib/client/client.ts'
import type { ContainerInfo, EndReason, LifecycleEvent, Notice, Refusal, RunEvent } from '../../lib/protocol.ts'

// The real store of each block's latest run (the mocks replace only useRunner itself).
const { LatestRuns } = await vi.importActual<typeof import('../../composables/useRunner.ts')>('../../composables/useRunner.ts')

export const KEY = 's3-abc'
export const LINE = 'docker run hello-world'
export const RESOLVED = `${LINE} --label docker-live-deck.owned=true`

type Recording = { cast: Cast; meta: BlockRecording }

function makeRunner(status: 'live' | 'recorded') {
  const state = shallowReactive({
    status, engine: undefined, message: '', containers: [] as ContainerInfo[], lifecycle: [] as LifecycleEvent[],
  })
  const client = {
    run: vi.fn(async (_key: string, _line: string, _options?: unknown): Promise<{ runId: string } | { refusal: Refusal }> => ({ runId: 'run-1' })),
    resolve: vi.fn(async (line: string): Promise<{ resolvedLine: string; notices: Notice[] } | { refusal: Refusal }> => ({ resolvedLine: line, notices: [] })),
    interrupt: vi.fn(),
    cancel: vi.fn(),
    input: vi.fn(),
    resize: vi.fn(),
  }
  return { state, client, runs: new LatestRuns(), run: { runId: 'run-1', key: KEY, events: [] } as RunState }
}

export const current = {
  runner: makeRunner('live'),
  recordings: { recording: vi.fn((_key: string): Recording | undefined => undefined), onSlide: (_slide: number): Recording[] => [], replaying: shallowReactive(new Map<string, number>()) },
}

export const runnerModule = { useRunner: () => current.runner }
export const recordingsModule = { useRecordings: () => current.recordings }

/** A connected runner with no runs yet, and no recordings. */
export function useLive(): ReturnType<typeof makeRunner> {
  current.runner = makeRunner('live')
  useRecordings([])
  return current.runner
}

/** No runner: blocks show `recordings` (by key). */
export function useRecorded(recordings: Recording[]): void {
  current.runner = makeRunner('recorded')
  useRecordings(recordings)
}

function useRecordings(recordings: Recording[]): void {
  current.recordings = {
    recording: vi.fn((key: string) => recordings.find((recording) => recording.meta.key === key)),
    onSlide: (slide: number) => recordings.filter((recording) => recording.meta.slide === slide),
    replaying: shallowReactive(new Map<string, number>()),
  }
}

/** What useRunner does on a run-event: the client keeps it in its run, the store takes the run as it now stands. */
export function emit(...events: RunEvent[]): void {
  const { runs, run } = current.runner
  for (const event of events) {
    run.events.push(event)
    runs.record(run, event)
  }
}

export const LABEL: Notice = { kind: 'label', text: 'Labelled as the deck\'s container, so reset and scoped commands find it and leave yours alone.' }
export const LIMITS: Notice = { kind: 'limits', text: 'Default limits added: --pids-limit 256 --memory 512m --cpus 1.' }
export const ALL_NOTICES: Notice[] = [
  LABEL, LIMITS,
  { kind: 'scoped', text: 'Scoped with --filter label=docker-live-deck.owned=true: only the deck\'s objects are pruned.' },
  { kind: 'confirm', text: '--force added: the runner answers the "Are you sure?" prompt, which a slide cannot.' },
  { kind: 'loopback', text: '-p 6379:6379 → -p 127.0.0.1:6379:6379: published on this computer only, not on the network.' },
  { kind: 'resolved', text: '<id:alpine> → 1a2b3c4d5e6f (eager_turing, alpine, running)' },
]

let seq = 1
export const started = (notices: Notice[] = [LABEL, LIMITS], tty = false): RunEvent => ({
  kind: 'started', seq: 0, key: KEY, line: LINE, resolvedLine: RESOLVED, notices, tty, startedAt: 1_700_000_000_000,
})
export const out = (data: string, stream: 'stdout' | 'stderr' | 'pty' = 'stdout'): RunEvent => ({ kind: 'output', seq: seq++, stream, data, at: 1_700_000_000_000 + seq })
export const notice = (text: string, reason?: EndReason): RunEvent => ({ kind: 'notice', seq: seq++, text, ...(reason ? { reason } : {}) })
export const ended = (exitCode: number | null, reason: EndReason = 'exited', signal: string | null = null, durationMs = 1234): RunEvent => ({ kind: 'ended', seq: seq++, exitCode, signal, durationMs, reason })

/** hello-world as the recorder saved it. */
export function helloRecording(over: Partial<BlockRecording> = {}, events: Cast['events'] = [[0.25, 'o', 'Hello from Docker!\n'], [0.75, 'o', 'This message shows that your installation appears to be working correctly.\n']]): Recording {
  return {
    cast: { header: { version: 2, width: 100, height: 24, timestamp: 1_700_000_000, duration: 0.9, command: LINE, title: LINE }, events },
    meta: {
      key: KEY, slide: 10, line: LINE, resolvedLine: RESOLVED, notices: [LABEL, LIMITS], tty: false,
      startedAt: 1_700_000_000_000, exit: { code: 0, signal: null, durationMs: 900, reason: 'exited' }, lifecycle: [], ...over,
    },
  }
}

/** Mounts Run.vue (passed in, see above) for the block KEY with `line`. */
export function mountRun(Run: Component, line = LINE): VueWrapper {
  return mount(Run, {
    props: { line, blockKey: KEY },
    slots: { default: `<pre class="shiki"><code>${line.replace(/</g, '&lt;')}</code></pre>` },
    attachTo: document.body,
  })
}
