// Signal names for the lifecycle view and a terminal run's exit, and the
// 128 + n exit codes a signal leaves behind.
import { describe, expect, it } from 'vitest'
import { SIGKILL, SIGTERM, signalName, signalOfExitCode } from '../../lib/signals.ts'

describe('signalName', () => {
  it.each([
    [1, 'SIGHUP'],
    [2, 'SIGINT'],
    [3, 'SIGQUIT'],
    [9, 'SIGKILL'],
    [15, 'SIGTERM'],
  ])('names signal %d %s', (signal, name) => {
    expect(signalName(signal)).toBe(name)
  })

  it.each([0, 6, 11, 19, 64, -1])('leaves signal %d unnamed, for the caller to show by number', (signal) => {
    expect(signalName(signal)).toBeUndefined()
  })

  it('names the constants docker stop and docker kill send', () => {
    expect([signalName(SIGTERM), signalName(SIGKILL)]).toEqual(['SIGTERM', 'SIGKILL'])
  })
})

describe('signalOfExitCode', () => {
  it.each([
    [137, SIGKILL],
    [143, SIGTERM],
    [130, 2],
    [129, 1],
  ])('finds the signal behind exit code %d', (code, signal) => {
    expect(signalOfExitCode(code)).toBe(signal)
  })

  it.each([0, 1, 125, 127, 128])('finds no signal behind exit code %d', (code) => {
    expect(signalOfExitCode(code)).toBeUndefined()
  })
})
