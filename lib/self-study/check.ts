// What an exercise's Check button verifies, as data: expectations about the
// containers the exercise's own blocks made, read from the engine with
// read-only queries (runner/checks/). The runner validates a check
// with these schemas before it asks the engine anything.
//
//   - container: { image: alpine, commandIncludes: echo hi, state: exited, exitCode: 0 }
//   - absent: { commandIncludes: echo }            # none of them may be left
//   - redisKey: { key: course, value: docker }     # in a running redis container of the exercise
//   - redisKey: { key: course, value: docker, sessions: 2 }  # … reached from two `docker exec` sessions
//   - exitCodes: [0, 1, 125, 126, 127, 137, 143]   # each seen from the exercise's own runs
//   - imageAbsent: { image: docker-live-deck/rmi-demo }  # removed from the engine
//
// `hints` replaces the default hint for a failure of one field; `{saw}` and
// `{expected}` in it are filled in.
import { z } from 'zod'

/** An image as `docker run` names one: `alpine`, `redis:7`, `docker-live-deck/rmi-demo`. */
const ImageName = z.string().regex(/^[a-z0-9][a-z0-9._/:-]{0,127}$/, 'an image name such as alpine or redis:7')
/** A fragment of a container's command (`docker ps`'s COMMAND), e.g. `echo hi`. */
const CommandText = z.string().min(1).max(200)
export const CheckedState = z.enum(['created', 'running', 'exited'])
/** A redis key the runner may pass to `redis-cli GET` as one plain argv word. */
const RedisKeyName = z.string().regex(/^[A-Za-z0-9:_.-]{1,100}$/, 'a redis key of letters, digits and : _ . - (at most 100)')

/** Why an expectation failed: the field whose hint the student sees. */
export const FailedField = z.enum(['exists', 'name', 'image', 'command', 'state', 'exitCode', 'absent', 'running', 'value', 'sessions', 'exitCodes', 'imagePresent'])
export type FailedField = z.infer<typeof FailedField>

const Hints = z.partialRecord(FailedField, z.string().min(1).max(300)).optional()

const saysSomething = (value: object) => Object.values(value).some((field) => field !== undefined)
/** A container name as `--name` takes it. */
const ContainerName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/, 'a container name such as ex-web')
const ContainerMatch = z.object({
  name: ContainerName.optional(),
  image: ImageName.optional(),
  commandIncludes: CommandText.optional(),
  state: CheckedState.optional(),
  exitCode: z.number().int().min(0).max(255).optional(),
}).strict()

export const ContainerExpectation = z.object({
  container: ContainerMatch.refine(saysSomething, 'say at least one of name, image, commandIncludes, state, exitCode'),
  hints: Hints,
}).strict()

export const AbsentExpectation = z.object({
  absent: ContainerMatch.omit({ exitCode: true }).refine(saysSomething, 'say which containers must be gone: name, image, commandIncludes or state'),
  hints: Hints,
}).strict()

export const RedisKeyExpectation = z.object({
  redisKey: z.object({
    /** Which of the exercise's running containers hold the server. @default { image: redis } */
    container: z.object({ image: ImageName }).strict().default({ image: 'redis' }),
    key: RedisKeyName,
    /** The value it must hold; without it, any value passes. */
    value: z.union([z.string(), z.number()]).transform(String).pipe(z.string().max(200)).optional(),
    /**
     * How many separate `docker exec … redis-cli` sessions must have reached
     * that server (the engine's exec_start events): 2 for "read it from a
     * second terminal". The check's own read is not counted.
     */
    sessions: z.number().int().min(1).max(3).optional(),
  }).strict(),
  hints: Hints,
}).strict()

/** An exit code a docker command can end with, made on purpose in the exit-code lab. */
const ExitCode = z.number().int().min(0).max(255)

export const ExitCodesExpectation = z.object({
  exitCodes: z.array(ExitCode).min(1).max(10).refine((codes) => new Set(codes).size === codes.length, 'list each exit code once'),
  hints: Hints,
}).strict()

export const ImageAbsentExpectation = z.object({
  imageAbsent: z.object({ image: ImageName }).strict(),
  hints: Hints,
}).strict()

export type ContainerExpectation = z.output<typeof ContainerExpectation>
export type AbsentExpectation = z.output<typeof AbsentExpectation>
export type RedisKeyExpectation = z.output<typeof RedisKeyExpectation>
export type ExitCodesExpectation = z.output<typeof ExitCodesExpectation>
export type ImageAbsentExpectation = z.output<typeof ImageAbsentExpectation>
export type Expectation = ContainerExpectation | AbsentExpectation | RedisKeyExpectation | ExitCodesExpectation | ImageAbsentExpectation

const KINDS = {
  container: ContainerExpectation, absent: AbsentExpectation, redisKey: RedisKeyExpectation, exitCodes: ExitCodesExpectation, imageAbsent: ImageAbsentExpectation,
} as const

/**
 * One expectation, validated by the schema its kind names (container,
 * absent or redisKey), so an error points into that kind's fields rather
 * than saying only that no kind matched.
 */
export const Expectation = z.unknown().transform((value, context): Expectation => {
  const kinds = value !== null && typeof value === 'object' ? (Object.keys(KINDS) as Array<keyof typeof KINDS>).filter((kind) => kind in value) : []
  if (kinds.length !== 1) {
    context.addIssue({ code: 'custom', message: `say exactly one of container:, absent:, redisKey:, exitCodes:, imageAbsent: (found ${kinds.length ? kinds.join(', ') : 'none'})`, input: value })
    return z.NEVER
  }
  const parsed = KINDS[kinds[0]!].safeParse(value)
  if (parsed.success) return parsed.data
  for (const issue of parsed.error.issues) context.addIssue({ code: 'custom', message: issue.message, path: issue.path, input: value })
  return z.NEVER
})

/** A check as the protocol carries it: expectations in order; the first that fails is the answer. */
export const Check = z.array(Expectation).min(1).max(6)
export type Check = Expectation[]
