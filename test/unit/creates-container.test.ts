// The subcommands that create a container, under every spelling the deck
// accepts, all get the create step and run's options (create without the
// ones only run has).
import { describe, expect, it } from 'vitest'
import { createStep } from '../../runner/policy/create-step.ts'
import { CREATING_SUBCOMMANDS, createsContainer } from '../../runner/policy/creates-container.ts'
import { canonicalSubcommand, optionTable } from '../../runner/policy/docker-options.ts'
import { STEPS } from '../../runner/policy/steps.ts'

describe('createsContainer', () => {
  it.each([
    [['run'], true],
    [['create'], true],
    [['container', 'run'], true],
    [['container', 'create'], true],
    [['start'], false],
    [['exec'], false],
    [['container', 'start'], false],
    [['rm'], false],
  ])('docker %j creates a container: %s', (words, creates) => {
    const name = canonicalSubcommand(words)?.name
    expect(name).toBeDefined()
    expect(createsContainer(name!)).toBe(creates)
  })

  it.each(['constructor', 'toString', '', 'container run'])('is false for %j, which is no canonical name', (name) => {
    expect(createsContainer(name)).toBe(false)
  })
})

describe.each(CREATING_SUBCOMMANDS)('docker %s', (name) => {
  it('is planned by the create step', () => {
    expect(STEPS.get(name)).toBe(createStep)
  })

  it('takes run\'s options, but for -d, --detach-keys and --sig-proxy on create', () => {
    const run = optionTable('run')!
    const table = optionTable(name)!
    const missing = (all: readonly string[], some: readonly string[]) => all.filter((option) => !some.includes(option))
    const only = name === 'create'
    expect(missing(run.valued, table.valued)).toEqual(only ? ['detach-keys'] : [])
    expect(missing(run.flags, table.flags)).toEqual(only ? ['detach', 'sig-proxy'] : [])
    expect(missing(Object.keys(run.short), Object.keys(table.short))).toEqual(only ? ['d'] : [])
    expect(missing(table.valued, run.valued)).toEqual([])
    expect(missing(table.flags, run.flags)).toEqual([])
    expect(table.interspersed).toBe(false)
  })
})
