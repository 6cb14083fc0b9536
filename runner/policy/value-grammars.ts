// The value grammar of each simple option the deck accepts on run, create and
// exec. Each check returns nothing or throws Refused naming the option, what
// it expected and what it got.
import { Refused } from './refusal.ts'

/** pflag's strconv.ParseBool spellings. */
const BOOLEAN = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'])
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False'])

/** Whether docker reads `value` after a boolean's `=`; any other value is a usage error. */
export const isBooleanWord = (value: string): boolean => BOOLEAN.has(value)

const invalid = (flag: string, value: string, expected: string, joiner = ' ') =>
  new Refused('invalid-value', `${flag}${joiner}${value} is refused: ${expected}.`, flag)

/** Whether a boolean option is on: given bare, or with a true value (`-t=false` is off). */
export const isOn = (value: string | undefined): boolean => value === undefined || !FALSE.has(value)

/** A boolean flag takes no value or one of true/false (1/0, t/f). */
export function checkBoolean(flag: string, value: string | undefined): void {
  if (value !== undefined && !isBooleanWord(value)) throw invalid(flag, value, `${flag} takes no value, or true or false`, '=')
}

/** docker's container name grammar: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`, without `..` (no deck name could be used in a command then). */
export function checkName(value: string): void {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(value) || value.includes('..')) {
    throw invalid('--name', value, 'a name is two or more letters, digits, _ . or - (no ..), starting with a letter or digit, for example --name web')
  }
}

/** `-e NAME=VALUE`, with a variable name a shell would accept. */
export function checkEnv(value: string): void {
  const eq = value.indexOf('=')
  if (eq === -1) {
    throw new Refused('denied-flag', `-e ${value} without a value would copy the runner's own environment into the container; write -e ${value}=VALUE.`, `-e ${value}`)
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value.slice(0, eq))) {
    throw invalid('-e', value, 'the name before = is letters, digits and _, not starting with a digit, for example -e GREETING=hello')
  }
}

/** Directories where a working directory could reach the host through the runtime (CVE-2024-21626: `-w /proc/self/fd/N`; `/dev/fd` links there). */
const HOST_DIRECTORIES = new Set(['proc', 'sys', 'dev'])

/** Whether `value` is an absolute path of plain names (no `.`, `..` or `//`). */
function isPlainAbsolutePath(value: string): boolean {
  const segments = value.split('/').slice(1)
  if (segments.at(-1) === '') segments.pop()
  return value.startsWith('/') && segments.every((segment) => /^[\w.@+-]+$/.test(segment) && segment !== '.' && segment !== '..')
}

/** Refuses a plain absolute path under /proc, /sys or /dev (where the runtime's own files could leak the host's). */
function refuseHostDirectory(flag: string, value: string, what: string, instead: string): void {
  const top = value.split('/')[1] ?? ''
  if (HOST_DIRECTORIES.has(top)) {
    throw new Refused('denied-flag', `${flag} ${value} is refused: ${what} under /${top} can reach the host's files through the container runtime; use ${instead}.`, flag)
  }
}

/** `-w /path`: an absolute path of plain segments, not under /proc, /sys or /dev. */
export function checkWorkdir(value: string): void {
  if (!isPlainAbsolutePath(value)) {
    throw invalid('-w', value, 'the working directory is an absolute path of plain names, without . or .. or //, for example -w /data')
  }
  refuseHostDirectory('-w', value, 'a working directory', 'a directory such as /data')
}

const USER_PART = '(?:[a-z_][a-z0-9_-]{0,31}|\\d{1,10})'

/** `-u user[:group]`, by name or number. */
export function checkUser(value: string): void {
  if (!new RegExp(`^${USER_PART}(?::${USER_PART})?$`).test(value)) {
    throw invalid('-u', value, 'the user is a name or number, optionally :group, for example -u root or -u 1000:1000')
  }
}

/** `--stop-signal SIGTERM` (name with or without SIG, or a number). */
export function checkSignal(value: string): void {
  if (!/^((SIG)?[A-Z][A-Z0-9]{1,9}([+-]\d{1,2})?|\d{1,2})$/.test(value)) {
    throw invalid('--stop-signal', value, 'the signal is a name such as SIGTERM or SIGINT, or its number')
  }
}

/** The longest grace period `--stop-timeout` may ask for, in seconds. */
export const MAX_STOP_TIMEOUT = 120

/** `--stop-timeout N`: whole seconds from 0 to MAX_STOP_TIMEOUT (-1, wait for ever, is not offered). */
export function checkStopTimeout(value: string): void {
  if (!/^\d{1,3}$/.test(value) || Number(value) > MAX_STOP_TIMEOUT) {
    throw invalid('--stop-timeout', value, `the grace period is whole seconds from 0 to ${MAX_STOP_TIMEOUT}, for example --stop-timeout 5`)
  }
}

/**
 * `--entrypoint PROGRAM`: a program name looked up on the container's PATH,
 * an absolute path under the same rule as `-w` (CVE-2024-21626 works through
 * `/proc/self/fd/N` as an entrypoint too), or empty to clear the image's.
 */
export function checkEntrypoint(value: string): void {
  const name = /^[\w.+-]{1,256}$/.test(value) && value !== '.' && value !== '..'
  if (!(value === '' || name || (value.length <= 256 && isPlainAbsolutePath(value)))) {
    throw invalid('--entrypoint', value, 'the entrypoint is one program, by name or by absolute path without . or .., such as sh or /bin/sh (its arguments go after the image)')
  }
  refuseHostDirectory('--entrypoint', value, 'a program', 'a program such as /bin/sh')
}
