// What the engine and the kernel say, asked directly (not through a runner):
// a run's containers, inspect output, and whether processes are still there.
import { readdirSync, readFileSync } from 'node:fs'
import { execa } from 'execa'
import { RUN_LABEL } from '../../lib/labels.ts'
import { processAlive } from '../../scripts/deck-server/npm-start-process.ts'

/** IDs of every container (running or not) labelled with run `runId`. */
export async function runContainers(runId: string): Promise<string[]> {
  const { stdout } = await execa('docker', ['ps', '-a', '-q', '--filter', `label=${RUN_LABEL}=${runId}`])
  return stdout.split('\n').filter(Boolean)
}

/** `docker inspect` of one object, parsed. */
export async function inspect<T = Record<string, any>>(ref: string): Promise<T> {
  const { stdout } = await execa('docker', ['inspect', '--', ref])
  return (JSON.parse(stdout) as T[])[0]!
}

/** True while `pid` names a process that has not been reaped (zombies count as gone). */
export const alive = processAlive

/** Live processes whose process group is `pgid`. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(pgrp) === pgid && state !== 'Z') members.push(Number(entry))
    } catch {
      // gone while we looked
    }
  }
  return members
}

/** The command lines of every process on the machine, NUL-separated words joined by spaces. */
export function allCommandLines(): Array<{ pid: number; cmdline: string }> {
  const lines: Array<{ pid: number; cmdline: string }> = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      lines.push({ pid: Number(entry), cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ') })
    } catch {
      // gone while we looked
    }
  }
  return lines
}

/** Sends SIGKILL to `pid` if it is still there (only for processes a test started). */
export function killIfAlive(pid: number): void {
  try {
    if (alive(pid)) process.kill(pid, 'SIGKILL')
  } catch {
    // already gone
  }
}
