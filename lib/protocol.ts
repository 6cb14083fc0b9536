// The one contract between the deck (browser) and the runner (Node).
// Both sides import this module; neither invents message shapes of its own.
// Every message crossing the socket is validated with these schemas.
import { z } from 'zod'
import { Check } from './self-study/check.ts'
import { Facts } from './self-study/facts.ts'
import { ExerciseId } from './self-study/names.ts'
import { Verdict } from './self-study/verdict.ts'

export const PROTOCOL_VERSION = 1
/** WebSocket subprotocol the runner answers with. */
export const SUBPROTOCOL = `docker-live-deck.v${PROTOCOL_VERSION}`
/**
 * Browsers cannot set headers on a WebSocket, so the token travels as a second
 * offered subprotocol (`token.<hex>`); the runner never echoes it back.
 */
export const TOKEN_SUBPROTOCOL_PREFIX = 'token.'
/** Offered instead of the token by a read-only follower (the classroom's share server): it may follow, and never act. */
export const FOLLOW_SUBPROTOCOL_PREFIX = 'follow.'
/** What a connection may do: everything the deck does, or only follow runs and the lecturer's position. */
export type Capability = 'full' | 'read-only'
export const WS_PATH = '/ws'
export const HEALTH_PATH = '/health'

export const LIMITS = {
  /** Longest command line accepted. */
  lineChars: 4096,
  /** Largest WebSocket frame the runner reads; bigger frames close the socket. */
  frameBytes: 64 * 1024,
  maxCols: 400,
  maxRows: 200,
} as const

const key = z.string().min(1).max(200)
const runId = z.string().min(1).max(64)
/** Where the lecturer is: the slide (from 1) and the click on it (from 0). */
export const Position = z.object({ slide: z.number().int().min(1).max(10_000), click: z.number().int().min(0).max(1_000) }).strict()
export type Position = z.infer<typeof Position>
/** The classroom share as `npm start -- --share` runs it: the students' address (the room code in it), the code, how many joined. */
export const ShareInfo = z.object({ url: z.string().max(300), code: z.string().max(20), followers: z.number().int().min(0) }).strict()
export type ShareInfo = z.infer<typeof ShareInfo>
/** How the room answered one block's multiple-choice question: a count per choice, in the fence's order. */
export const RoomTally = z.object({ key, counts: z.array(z.number().int().min(0).max(100_000)).min(2).max(6), answered: z.number().int().min(0).max(100_000) }).strict()
export type RoomTally = z.infer<typeof RoomTally>
/** Revealed questions a runner remembers (a chapter has a dozen). */
export const MAX_REVEALED = 500
/** Chosen by the client; every reply to a request carries it back. */
const requestId = z.string().max(64)

export const TerminalSize = z.object({
  cols: z.number().int().min(2).max(LIMITS.maxCols),
  rows: z.number().int().min(2).max(LIMITS.maxRows),
}).strict()
export type TerminalSize = z.infer<typeof TerminalSize>

// ── client → runner ──────────────────────────────────────────────────────────

export const ClientMessage = z.discriminatedUnion('type', [
  /** Start the command line for a block. One run per key at a time. */
  z.object({
    type: z.literal('run'),
    requestId,
    key,
    line: z.string().min(1).max(LIMITS.lineChars),
    /** Terminal size for `-it` commands; ignored for the others. */
    size: TerminalSize.optional(),
    /** Shorter limit than the runner's default (ms). */
    timeoutMs: z.number().int().positive().max(24 * 3600_000).optional(),
  }).strict(),
  /** Ask how a line would run (placeholders filled, scoping) without running it. */
  z.object({ type: z.literal('resolve'), requestId, line: z.string().min(1).max(LIMITS.lineChars) }).strict(),
  /**
   * Follow runs: the runner sends what each followed run produced after
   * `after[runId]` (all of it by default), then everything new.
   */
  z.object({
    type: z.literal('follow'),
    keys: z.union([z.literal('*'), z.array(key).max(500)]),
    after: z.record(runId, z.number().int().min(-1)).optional(),
  }).strict(),
  /** Ctrl-C: SIGINT to the docker CLI (a terminal gets the keystroke); docker passes it on, and what the run made stays. */
  z.object({ type: z.literal('interrupt'), runId }).strict(),
  /** Ends the run at once and removes the containers it created. */
  z.object({ type: z.literal('cancel'), runId }).strict(),
  /** The lecturer's slide and click, for the classroom's followers. */
  z.object({ type: z.literal('position'), position: Position }).strict(),
  /** From the share server (read-only): how the room answered a question, for the lecturer's windows. */
  z.object({ type: z.literal('tally'), tally: RoomTally }).strict(),
  /** The lecturer reveals a question's answer to the room (deck windows only). */
  z.object({ type: z.literal('reveal'), key }).strict(),
  /** The lecturer stops the classroom share (deck windows only): the share server hears it, tells the students and closes. */
  z.object({ type: z.literal('share-stop') }).strict(),
  z.object({ type: z.literal('input'), runId, data: z.string().max(16 * 1024) }).strict(),
  z.object({ type: z.literal('resize'), runId, size: TerminalSize }).strict(),
  /** Remove every container the deck made (and nothing else). */
  z.object({ type: z.literal('reset'), requestId }).strict(),
  /** Check an exercise: the runner reads the engine, read-only, and judges `check` (lib/self-study/check.ts). */
  z.object({ type: z.literal('check'), requestId, exerciseId: ExerciseId, check: Check }).strict(),
])
export type ClientMessage = z.infer<typeof ClientMessage>

// ── runner → client ──────────────────────────────────────────────────────────

/** Why the runner changed a command before running it; shown to the audience. */
export const Notice = z.object({
  kind: z.enum(['label', 'scoped', 'limits', 'loopback', 'resolved', 'confirm']),
  text: z.string(),
})
export type Notice = z.infer<typeof Notice>

/**
 * Every reason the runner refuses a line for, one closed set: the deck picks
 * the sentence a student reads by the code, so a code is never recovered from
 * the runner's English words.
 */
export const RefusalCode = z.enum([
  'busy', 'config', 'denied-flag', 'empty', 'expansion', 'glob', 'global-option', 'image', 'invalid-value', 'limit', 'missing-value',
  'not-deck-object', 'not-docker', 'placeholder', 'port', 'reference', 'shell-syntax', 'subcommand', 'substitution', 'too-long',
  'too-many', 'unknown-option', 'variable',
])
export type RefusalCode = z.infer<typeof RefusalCode>

export const Refusal = z.object({
  /** Machine-readable reason, e.g. `denied-flag`, `shell-syntax`, `busy`. */
  code: RefusalCode,
  /** One sentence: what was refused, why, what to do. */
  message: z.string(),
  /** The offending flag or token, when there is one. */
  subject: z.string().optional(),
})
export type Refusal = z.infer<typeof Refusal>

export const EndReason = z.enum(['exited', 'interrupted', 'cancelled', 'timeout', 'output-cap', 'disconnected', 'spawn-error', 'runner-stopped', 'engine-lost'])
export type EndReason = z.infer<typeof EndReason>

/** Everything a run produces, numbered from 0 so followers can spot gaps. */
export const RunEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('started'),
    seq: z.number().int(),
    key,
    line: z.string(),
    /** The command as it runs, after placeholders, labels and scoping. */
    resolvedLine: z.string(),
    notices: z.array(Notice),
    tty: z.boolean(),
    /**
     * `-i`: docker passes input on. Without `tty` the run reads lines the deck
     * sends (`input`), Ctrl-D (\u0004) ending them; a terminal without it (`-t`
     * alone) shows keys typed but never passes them on.
     */
    stdin: z.boolean().optional(),
    startedAt: z.number(),
  }),
  z.object({
    kind: z.literal('output'),
    seq: z.number().int(),
    /** `stdin`: a line sent to a piped run, echoed as a terminal in line mode shows what was typed. */
    stream: z.enum(['stdout', 'stderr', 'pty', 'stdin']),
    data: z.string(),
    /** When the runner read it (epoch ms, sub-ms precision): recordings keep the timing. */
    at: z.number(),
  }),
  z.object({ kind: z.literal('notice'), seq: z.number().int(), text: z.string(), reason: EndReason.optional() }),
  z.object({
    kind: z.literal('ended'),
    seq: z.number().int(),
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    durationMs: z.number(),
    reason: EndReason,
  }),
])
export type RunEvent = z.infer<typeof RunEvent>

/** One engine event about a deck container, as the lifecycle view needs it. */
export const LifecycleEvent = z.object({
  containerId: z.string(),
  name: z.string().optional(),
  image: z.string().optional(),
  action: z.string(),
  exitCode: z.number().int().optional(),
  signal: z.number().int().optional(),
  /** For exec events: the command started inside the container. */
  execCommand: z.string().optional(),
  /** For exec events: the engine's id of that exec session. */
  execId: z.string().max(128).optional(),
  /** The runner run that created the container (its label). */
  runId: z.string().optional(),
  timeNano: z.string(),
})
export type LifecycleEvent = z.infer<typeof LifecycleEvent>

export const ContainerState = z.enum(['created', 'running', 'paused', 'exited', 'removed'])
export const ContainerInfo = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  state: ContainerState,
  exitCode: z.number().int().optional(),
  createdAt: z.number(),
})
export type ContainerInfo = z.infer<typeof ContainerInfo>

/** How the runner reaches the engine (runner/docker/engine-endpoint.ts): the badge names it. No credential is in it. */
export const EngineEndpoint = z.object({
  /** The docker context in use (`default` without one). */
  context: z.string().max(200),
  /** `unix:///var/run/docker.sock`, `ssh://lab@host`, `tcp://host:2376`. */
  host: z.string().max(500),
  transport: z.enum(['socket', 'ssh', 'tls', 'tcp']),
  tlsVerified: z.boolean(),
  /** On another machine (tcp or ssh to a host that is not loopback). */
  remote: z.boolean(),
  rootless: z.boolean(),
  desktop: z.boolean(),
})
export type EngineEndpoint = z.infer<typeof EngineEndpoint>
export const EngineStatus = z.object({ reachable: z.boolean(), version: z.string().optional(), message: z.string().optional(), endpoint: EngineEndpoint.optional() })
export type EngineStatus = z.infer<typeof EngineStatus>

// Replies (`started`, `refused`, `resolved`, `reset-done`, `check-result`, and `error`
// when a request failed) carry the request's id; the rest are events.
export const ServerMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    protocol: z.literal(PROTOCOL_VERSION),
    runnerVersion: z.string(),
    /**
     * Random per runner process: a client that reconnects and sees another
     * instance knows the runner restarted (its earlier runs are gone).
     */
    instance: z.string().min(1).max(64),
    engine: EngineStatus,
    containers: z.array(ContainerInfo),
    /** What this connection may do; a read-only one is refused everything but `follow`. */
    capability: z.enum(['full', 'read-only']),
    /** The lecturer's position, once a deck window has sent one. */
    position: Position.optional(),
    /** The classroom share, while there is one; told to the deck's own windows only. */
    share: ShareInfo.optional(),
    /** The questions whose answers the lecturer has revealed to the room. */
    revealed: z.array(key).max(MAX_REVEALED).optional(),
  }),
  /** The questions revealed so far, whole, after each reveal (and empty after a reset, for the next lecture). */
  z.object({ type: z.literal('revealed'), keys: z.array(key).max(MAX_REVEALED) }),
  /** The lecturer stopped sharing; to read-only followers only (the share server closes). */
  z.object({ type: z.literal('share-stop') }),
  /** How the room answered a question (the share server's tally); to the deck's own windows only. */
  z.object({ type: z.literal('tally'), tally: RoomTally }),
  /** The classroom share started, changed (someone joined) or stopped (null); to the deck's own windows only. */
  z.object({ type: z.literal('share'), share: ShareInfo.nullable() }),
  z.object({ type: z.literal('run-event'), runId, event: RunEvent }),
  /** The lecturer moved: a deck window sent `position`. */
  z.object({ type: z.literal('position'), position: Position }),
  /** The reply to `run`: the run exists; its events follow as `run-event`s. */
  z.object({ type: z.literal('started'), requestId, runId, key }),
  z.object({ type: z.literal('refused'), requestId, key: z.string().optional(), line: z.string(), refusal: Refusal }),
  z.object({ type: z.literal('resolved'), requestId, line: z.string(), resolvedLine: z.string(), notices: z.array(Notice) }),
  z.object({ type: z.literal('lifecycle'), event: LifecycleEvent }),
  z.object({ type: z.literal('containers'), containers: z.array(ContainerInfo) }),
  z.object({ type: z.literal('engine'), engine: EngineStatus }),
  z.object({ type: z.literal('reset-done'), requestId, removed: z.array(z.string()) }),
  /** The reply to `check`: what the runner saw of the exercise's containers, and its verdict. */
  z.object({ type: z.literal('check-result'), requestId, exerciseId: z.string(), facts: Facts, verdict: Verdict }),
  /** `requestId` names the request that failed, when the frame had one. */
  z.object({ type: z.literal('error'), requestId: requestId.optional(), code: z.string(), message: z.string() }),
])
export type ServerMessage = z.infer<typeof ServerMessage>

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string }

function parseWith<T>(schema: z.ZodType<T>, raw: string, side: string): ParseResult<T> {
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return { ok: false, error: `${side} message is not JSON` }
  }
  const result = schema.safeParse(json)
  if (result.success) return { ok: true, value: result.data }
  const issue = result.error.issues[0]
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : ''
  return { ok: false, error: `${side} message rejected${where}: ${issue?.message ?? 'invalid'}` }
}

/** Validates a frame from the deck. */
export function parseClientMessage(raw: string): ParseResult<ClientMessage> {
  return parseWith(ClientMessage, raw, 'client')
}

/** Validates a frame from the runner. */
export function parseServerMessage(raw: string): ParseResult<ServerMessage> {
  return parseWith(ServerMessage, raw, 'runner')
}

/** The request id of a frame, even one the schema rejects, so the error can name it. */
export function requestIdOf(raw: string): string | undefined {
  try {
    const json: unknown = JSON.parse(raw)
    const id = json !== null && typeof json === 'object' ? (json as { requestId?: unknown }).requestId : undefined
    return requestId.safeParse(id).success ? (id as string) : undefined
  } catch {
    return undefined
  }
}

/** What `GET /health` answers (no secret in it). */
export const Health = z.object({
  ok: z.boolean(),
  protocol: z.number(),
  runnerVersion: z.string(),
  /** The runner instance, as in `hello`. */
  instance: z.string(),
  engine: EngineStatus,
  activeRuns: z.number(),
  /** The page `npm start` wrote to hand a deck its key (a file:// address; never the key). */
  openPage: z.string().optional(),
})
export type Health = z.infer<typeof Health>

/** The subprotocol list a client offers: the protocol and its token. */
export function clientSubprotocols(token: string): string[] {
  return [SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + token]
}

/** The subprotocol list a read-only follower offers: the protocol and the follow token. */
export function followerSubprotocols(followToken: string): string[] {
  return [SUBPROTOCOL, FOLLOW_SUBPROTOCOL_PREFIX + followToken]
}
