// Runs every block of the deck in order against a real engine, as a presenter
// would: blocks marked `until` are left running once their text appears
// (ping, redis), interactive blocks get their keystrokes after each prompt,
// and what was left running is stopped at the end.
import { RefusedError, type RunnerClient } from '../../lib/client/client.ts'
import type { ContainerInfo, LifecycleEvent, Refusal, RunEvent } from '../../lib/protocol.ts'
import type { DeckBlock } from './deck-blocks.ts'
import type { Cast, CastEvent } from '../../lib/asciicast.ts'
import { imagesNamed, recordingOf, type BlockRecording } from '../../lib/block-recording.ts'
import { msOfTimeNano } from '../../lib/event-time.ts'
import { TERMINAL_SIZE } from '../../lib/terminal-size.ts'
import { emulate } from './terminal-emulator.ts'

export interface RecordedBlock {
  cast: Cast
  meta: BlockRecording
}

const WAIT_MS = 30_000

const now = () => performance.timeOrigin + performance.now()

export interface RecordOptions {
  /** Hears one line per block. */
  log?: (line: string) => void
  /** Chapter images that are offline stand-ins on this engine; each block that uses one says so. */
  standIns?: readonly string[]
}

/** Records `blocks` in order. */
export async function recordDeck(client: RunnerClient, blocks: readonly DeckBlock[], options: RecordOptions = {}): Promise<RecordedBlock[]> {
  const { log = () => {}, standIns = [] } = options
  await resetWhenAllowed(client)
  const lifecycle: Array<LifecycleEvent & { at: number }> = []
  const off = client.on((message) => {
    if (message.type === 'lifecycle') lifecycle.push({ ...message.event, at: msOfTimeNano(message.event.timeNano) })
  })
  const inputs = new Map<string, CastEvent[]>()
  const screens = new Map<string, string[]>()
  const running: Array<{ block: DeckBlock; runId: string; emulator?: { dispose(): void } }> = []
  const done: Array<{ block: DeckBlock; runId?: string; refused?: Refusal }> = []
  const containersAfter = new Map<DeckBlock, ContainerInfo[]>()

  for (const block of blocks) {
    const outcome = await client.run(block.key, block.line, { size: TERMINAL_SIZE })
    if ('refusal' in outcome) {
      log(`slide ${block.slide}: ${block.line} → refused (${outcome.refusal.code})`)
      done.push({ block, refused: outcome.refusal })
      continue
    }
    const { runId } = outcome
    const tty = client.runs.get(runId)?.events[0]
    const emulator = tty?.kind === 'started' && tty.tty ? emulate(client, runId, TERMINAL_SIZE) : undefined
    if (block.record.until) {
      await waitFor(() => client.output(runId).includes(block.record.until!) || ended(client, runId), `"${block.record.until}" from ${block.line}`)
      // A terminal left running keeps its emulator, which answers its queries as the deck's xterm would, until it ends.
      running.push({ block, runId, ...(emulator ? { emulator } : {}) })
      containersAfter.set(block, await settledContainers(client))
      log(`slide ${block.slide}: ${block.line} → running (left on, as in the lecture)`)
      continue
    }
    const typed = await typeKeys(client, runId, block)
    // A piped -i run echoes its typed lines as output events of its own; only a terminal's keys are kept apart.
    if (emulator) inputs.set(runId, typed)
    const end = await withTimeout(client.ended(runId), `${block.line} to end`)
    if (emulator) {
      screens.set(runId, await emulator.screen())
      emulator.dispose()
    }
    log(`slide ${block.slide}: ${block.line} → exit ${end.exitCode ?? end.signal} (${end.reason}, ${end.durationMs} ms)`)
    containersAfter.set(block, await settledContainers(client))
    done.push({ block, runId })
  }
  for (const { runId } of running) if (!ended(client, runId)) client.cancel(runId)
  for (const { block, runId, emulator } of running) {
    await withTimeout(client.ended(runId), `${block.line} to stop`)
    emulator?.dispose()
    done.push({ block, runId })
  }
  off()
  return blocks.map((block) => {
    const entry = done.find((item) => item.block === block)!
    const events = entry.runId ? client.runs.get(entry.runId)?.events ?? [] : []
    const recorded = toRecording(block, entry.runId, events, entry.refused, inputs.get(entry.runId ?? '') ?? [], lifecycle)
    const screen = screens.get(entry.runId ?? '')
    if (screen) recorded.meta.screen = screen
    const fromEvents = recorded.meta.lifecycle.flatMap((event) => (event.image && standIns.includes(event.image) ? [event.image] : []))
    const used = new Set([...imagesNamed(block.line, standIns), ...fromEvents])
    if (used.size) recorded.meta.standInImages = [...used].sort()
    const containers = containersAfter.get(block)
    if (containers) recorded.meta.containersAfter = containers
    return recorded
  })
}

/** How long the recorder waits for the runner to take another reset (it allows a few in a row, then one per 5 s). */
const RESET_RETRY_MS = 2_500
const RESET_TRIES = 12

/** Resets the engine's deck containers, waiting while the runner refuses resets for coming too fast (one pass follows another in seconds). */
async function resetWhenAllowed(client: RunnerClient): Promise<void> {
  for (let tries = 1; ; tries++) {
    try {
      await client.reset()
      return
    } catch (error) {
      if (!(error instanceof RefusedError) || error.refusal.code !== 'busy' || tries >= RESET_TRIES) throw error
      await new Promise((resolve) => setTimeout(resolve, RESET_RETRY_MS))
    }
  }
}

/** The runner's list of the deck's containers once the engine's events for what just ended have come in. */
async function settledContainers(client: RunnerClient): Promise<ContainerInfo[]> {
  // The runner sends a new list on each engine event; a die or destroy follows the run's end by a few ms.
  await new Promise((resolve) => setTimeout(resolve, 250))
  return client.containers.map((container) => ({ ...container }))
}

/**
 * Types each step after the prompt shows again (after a newline since the
 * last step). A piped `-i` run has no prompt: each line waits for the answer
 * to the one before (output beyond its echo), as a person reading it would.
 */
async function typeKeys(client: RunnerClient, runId: string, block: DeckBlock): Promise<CastEvent[]> {
  const typed: CastEvent[] = []
  const { keys = [], prompt } = block.record
  const first = client.runs.get(runId)?.events[0]
  const piped = first?.kind === 'started' && first.stdin === true
  let mark = 0
  let answered = 0
  for (const step of keys) {
    if (piped && answered > 0) await waitFor(() => client.output(runId).length > answered || ended(client, runId), `an answer to the line before "${step}" in ${block.line}`)
    if (prompt) {
      await waitFor(() => {
        const fresh = client.output(runId).slice(mark)
        const line = mark === 0 ? fresh : fresh.slice(fresh.indexOf('\n') + 1 || fresh.length)
        return line.includes(prompt) || ended(client, runId)
      }, `the prompt "${prompt}" in ${block.line}`)
    }
    mark = client.output(runId).length
    client.input(runId, step)
    typed.push([now(), 'i', step])
    // Past the echo of this step: what comes after it is the answer.
    answered = mark + step.replace('\u0004', '').length
  }
  return typed
}

function toRecording(block: DeckBlock, runId: string | undefined, events: readonly RunEvent[], refused: Refusal | undefined, inputs: CastEvent[], lifecycle: Array<LifecycleEvent & { at: number }>): RecordedBlock {
  const started = events.find((event) => event.kind === 'started')
  const endedEvent = events.findLast((event) => event.kind === 'ended')
  const start = started?.kind === 'started' ? started.startedAt : now()
  const end = endedEvent ? start + endedEvent.durationMs + 50 : start
  const outputs: CastEvent[] = events.flatMap((event) => (event.kind === 'output' ? [[event.at, event.stream === 'stdin' ? 'i' : 'o', event.data] as CastEvent] : []))
  const timeline = [...outputs, ...inputs].sort((a, b) => a[0] - b[0]).map(([at, kind, data]): CastEvent => [Math.max(0, round((at - start) / 1000)), kind, data])
  const seen = lifecycle.filter((event) => event.at >= start - 50 && event.at <= end).map(({ at, ...event }) => ({ ...event, atMs: Math.max(0, Math.round(at - start)) }))
  const meta = recordingOf({ key: block.key, slide: block.slide, line: block.line, ...(runId ? { runId } : {}) }, events, seen)
  if (refused) meta.refused = refused
  return {
    meta,
    cast: {
      header: { version: 2, width: TERMINAL_SIZE.cols, height: TERMINAL_SIZE.rows, timestamp: Math.floor(start / 1000), duration: round((end - start) / 1000), command: meta.resolvedLine, title: block.line },
      events: timeline,
    },
  }
}

const round = (seconds: number) => Math.round(seconds * 1e6) / 1e6
const ended = (client: RunnerClient, runId: string) => client.runs.get(runId)?.events.at(-1)?.kind === 'ended'

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Recording stalled: waited ${WAIT_MS / 1000} s for ${what}.`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Recording stalled: waited ${WAIT_MS / 1000} s for ${what}.`)), WAIT_MS)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
