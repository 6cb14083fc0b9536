// Default limits on every container the deck creates; stricter ones are
// kept, looser ones refused.
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, limitWords, memoryBytes } from '../../runner/policy/resource-limits.ts'
import { Refused } from '../../runner/policy/refusal.ts'
import type { ParsedOption } from '../../runner/policy/split-options.ts'

const refusalOf = (options: ParsedOption[]) => {
  try {
    limitWords(options)
  } catch (error) {
    if (error instanceof Refused) return error.toRefusal()
    throw error
  }
  throw new Error(`limitWords accepted ${JSON.stringify(options)}`)
}

describe('DEFAULT_LIMITS', () => {
  it('caps processes at 256, memory at 512m and CPUs at 1', () => {
    expect(DEFAULT_LIMITS).toEqual({ 'pids-limit': 256, 'memory': '512m', 'cpus': 1 })
  })
})

describe('memoryBytes', () => {
  it.each([
    ['512m', 512 * 1024 ** 2],
    ['512M', 512 * 1024 ** 2],
    ['512mb', 512 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['0.5g', 512 * 1024 ** 2],
    ['64k', 64 * 1024],
    ['1048576', 1048576],
    ['100b', 100],
    [' 256m ', 256 * 1024 ** 2],
  ])('reads %j as %d bytes', (text, bytes) => {
    expect(memoryBytes(text)).toBe(bytes)
  })

  it.each([[''], ['1t'], ['-1'], ['lots'], ['m'], ['1e9']])('reads %j as NaN', (text) => {
    expect(memoryBytes(text)).toBeNaN()
  })
})

describe('limitWords', () => {
  it('adds all three defaults when the command sets none', () => {
    expect(limitWords([{ name: 'detach' }])).toEqual(['--pids-limit', '256', '--memory', '512m', '--cpus', '1'])
  })

  it.each([
    [[{ name: 'pids-limit', value: '100' }], ['--memory', '512m', '--cpus', '1']],
    [[{ name: 'pids-limit', value: '256' }], ['--memory', '512m', '--cpus', '1']],
    [[{ name: 'memory', value: '256m' }], ['--pids-limit', '256', '--cpus', '1']],
    [[{ name: 'memory', value: '512m' }], ['--pids-limit', '256', '--cpus', '1']],
    [[{ name: 'cpus', value: '0.5' }], ['--pids-limit', '256', '--memory', '512m']],
    [[{ name: 'pids-limit', value: '1' }, { name: 'memory', value: '6m' }, { name: 'cpus', value: '0.01' }], []],
  ])('keeps the stricter %j and adds %j', (options, words) => {
    expect(limitWords(options)).toEqual(words)
  })

  it.each([
    [{ name: 'pids-limit', value: '257' }, '--pids-limit 257 is looser than the deck\'s limit of 256; ask for 256 or less.'],
    [{ name: 'pids-limit', value: '-1' }, '--pids-limit -1 is looser than the deck\'s limit of 256; ask for 256 or less.'],
    [{ name: 'pids-limit', value: '0' }, '--pids-limit 0 is looser than the deck\'s limit of 256; ask for 256 or less.'],
    [{ name: 'pids-limit', value: 'many' }, '--pids-limit many is looser than the deck\'s limit of 256; ask for 256 or less.'],
    [{ name: 'memory', value: '513m' }, '--memory 513m is looser than the deck\'s limit of 512m; ask for 512m or less.'],
    [{ name: 'memory', value: '1g' }, '--memory 1g is looser than the deck\'s limit of 512m; ask for 512m or less.'],
    [{ name: 'memory', value: '2t' }, '--memory 2t is looser than the deck\'s limit of 512m; ask for 512m or less.'],
    [{ name: 'cpus', value: '1.01' }, '--cpus 1.01 is looser than the deck\'s limit of 1; ask for 1 or less.'],
    [{ name: 'cpus', value: '0' }, '--cpus 0 is looser than the deck\'s limit of 1; ask for 1 or less.'],
    [{ name: 'cpus', value: '-1' }, '--cpus -1 is looser than the deck\'s limit of 1; ask for 1 or less.'],
  ])('refuses %j', (option, message) => {
    expect(refusalOf([option])).toEqual({ code: 'limit', subject: `--${option.name}`, message })
  })

  it('refuses a looser value even after a stricter one', () => {
    expect(refusalOf([{ name: 'memory', value: '256m' }, { name: 'memory', value: '1g' }])).toMatchObject({ code: 'limit', subject: '--memory' })
  })

  // docker reads a memory limit of 0 bytes (0.5 rounds down to 0) as "no limit".
  it.each([['0'], ['0b'], ['0m'], ['0.5']])('refuses --memory %s, which docker reads as no limit', (value) => {
    expect(refusalOf([{ name: 'memory', value }])).toMatchObject({ code: 'limit', subject: '--memory' })
  })
})
