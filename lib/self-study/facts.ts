// What the runner found out about an exercise's containers with its
// read-only queries (runner/checks/): the facts a check is judged on.
// The runner sends them in `check-result`, so the deck can show what was seen.
import { z } from 'zod'

export const ContainerFact = z.object({
  id: z.string().max(128),
  name: z.string().max(256),
  /** As the container was created from it (`docker inspect` .Config.Image). */
  image: z.string().max(256),
  /** The command it runs: its path and arguments, joined by spaces. */
  command: z.string().max(2000),
  state: z.enum(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']),
  /**
   * For a container that has ended; and for one left `created` because its
   * start failed (126: not executable, 127: not found), the start's code.
   */
  exitCode: z.number().int().optional(),
  /** When it was created (epoch ms); newest first is the order facts are listed in. */
  createdAt: z.number(),
  /** The block whose run created it, when the runner still knows that run. */
  blockKey: z.string().max(200).optional(),
}).strict()
export type ContainerFact = z.infer<typeof ContainerFact>

export const RedisFact = z.object({
  containerId: z.string().max(128),
  key: z.string().max(100),
  /** The key's value; null when the key does not exist. */
  value: z.string().max(10_000).nullable(),
  /** Why the value could not be read (the server still starting, say). */
  error: z.string().max(500).optional(),
}).strict()
export type RedisFact = z.infer<typeof RedisFact>

/** One command of the exercise's own blocks, as the runner ran it, and how the docker CLI ended. */
export const RunFact = z.object({
  blockKey: z.string().max(200),
  line: z.string().max(2000),
  /** The docker CLI's exit code; null when it was stopped. */
  exitCode: z.number().int().nullable(),
}).strict()
export type RunFact = z.infer<typeof RunFact>

/** One `docker exec` session the engine started in one of the exercise's containers (its exec_start event). */
export const ExecFact = z.object({
  containerId: z.string().max(128),
  command: z.string().max(2000),
  timeNano: z.string().max(30),
}).strict()
export type ExecFact = z.infer<typeof ExecFact>

/** Whether the engine still has an image an imageAbsent expectation names. */
export const ImageFact = z.object({
  image: z.string().max(256),
  present: z.boolean(),
}).strict()
export type ImageFact = z.infer<typeof ImageFact>

export const Facts = z.object({
  containers: z.array(ContainerFact).max(100),
  redis: z.array(RedisFact).max(20),
  /** Only when an exitCodes expectation asks: the exercise's runs, newest first. */
  runs: z.array(RunFact).max(100).optional(),
  /** Only when a redisKey expectation counts sessions. */
  execs: z.array(ExecFact).max(100).optional(),
  /** Only when an imageAbsent expectation asks. */
  images: z.array(ImageFact).max(10).optional(),
}).strict()
export type Facts = z.infer<typeof Facts>

/** `redis` matches `redis`, `redis:latest`, `library/redis` and `docker.io/library/redis`. */
export function sameImage(actual: string, wanted: string): boolean {
  const normal = (name: string) => name.replace(/^(docker\.io\/)?(library\/)?/, '').replace(/:latest$/, '')
  return normal(actual) === normal(wanted)
}

/** True when a container's command holds `fragment`, spacing aside. */
export function commandHas(command: string, fragment: string): boolean {
  const normal = (text: string) => text.replace(/\s+/g, ' ').trim()
  return normal(command).includes(normal(fragment))
}
