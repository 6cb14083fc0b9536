// A spy on the docker processes a runner starts: a temporary executable that
// appends one JSON line per call (its pid, argv and environment) to a log
// file, then `exec`s the real docker client, so the pid it logs is the
// docker process itself. Use it as `testRunner({ cli: new DockerCli(spy.path) })`.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { dockerPath } from '../../runner/docker/docker-commands.ts'

export interface SpiedCall {
  /** The docker process's pid (the wrapper execs docker, so it keeps this pid). */
  pid: number
  /** The words after `docker`. */
  argv: string[]
  /** The environment the process received. */
  env: Record<string, string>
}

export interface SpawnSpy {
  /** The wrapper to give DockerCli, or to put on PATH as `docker` (see `dir`). */
  path: string
  /** A folder holding the wrapper under the name `docker`, for a child process's PATH. */
  dir: string
  /** The argv of every docker process started since the last `clear()`. */
  calls(): string[][]
  /** Every call with its pid and environment. */
  records(): SpiedCall[]
  /**
   * The calls that did something on behalf of a request: everything except the
   * runner's own read-only control commands (engine version, the events
   * stream, its `ps --no-trunc --filter label=docker-live-deck.…` listings,
   * and the `inspect --format … -- ref` lookups the policy makes).
   */
  commands(): string[][]
  clear(): void
  remove(): void
}

/** True for the runner's read-only control commands (see `commands()`). */
export function isControlCall(argv: readonly string[]): boolean {
  const [first, second, third] = argv
  if (first === 'version' && second === '--format') return true
  if (first === 'events' && second === '--format') return true
  // Its own listings of the deck's containers (at start, after a run, before a cleanup).
  if (first === 'ps' && argv.includes('--no-trunc') && argv.some((word) => word.startsWith('label=docker-live-deck.'))) return true
  return (first === 'container' || first === 'image') && second === 'inspect' && third === '--format' && argv.includes('--')
}

// One awk process per call writes the whole line with one write(2) to an
// O_APPEND file, so concurrent calls never interleave.
const AWK = String.raw`
function esc(s) { gsub(/\\/, "&&", s); gsub(/"/, "\\\"", s); gsub(/\n/, "\\n", s); gsub(/\r/, "\\r", s); gsub(/\t/, "\\t", s); return "\"" s "\"" }
BEGIN {
  line = "{\"pid\":" pid ",\"argv\":["
  for (i = 1; i < ARGC; i++) line = line (i > 1 ? "," : "") esc(ARGV[i])
  line = line "],\"env\":{"
  n = 0
  for (k in ENVIRON) line = line (n++ ? "," : "") esc(k) ":" esc(ENVIRON[k])
  printf "%s}}\n", line >> logfile
  exit
}`

/** Makes a spy wrapper around the docker client found on PATH now. */
export function spawnSpy(): SpawnSpy {
  const dir = mkdtempSync(path.join(tmpdir(), 'deck-spy-'))
  const log = path.join(dir, 'calls.jsonl')
  const wrapper = path.join(dir, 'docker')
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`
  writeFileSync(log, '')
  writeFileSync(wrapper, [
    '#!/bin/sh',
    `/usr/bin/awk -v pid="$$" -v logfile=${quote(log)} ${quote(AWK)} "$@"`,
    `exec ${quote(dockerPath())} "$@"`,
    '',
  ].join('\n'))
  chmodSync(wrapper, 0o755)
  const records = (): SpiedCall[] => readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => {
    try {
      return JSON.parse(line) as SpiedCall
    } catch (error) {
      throw new Error(`The spawn spy logged a line that is not JSON (${String(error)}): ${line.slice(0, 300)}`, { cause: error })
    }
  })
  return {
    path: wrapper,
    dir,
    records,
    calls: () => records().map((call) => call.argv),
    commands: () => records().map((call) => call.argv).filter((argv) => !isControlCall(argv)),
    clear: () => writeFileSync(log, ''),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
