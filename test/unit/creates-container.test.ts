// The subcommands that create a container, under every spelling the deck
// accepts, all get the create step and run's options.
import { describe, expect, it } from 'vitest'
import { createStep } from '../../scripts/runner/policy/create-step.ts'
import { CREATING_SUBCOMMANDS, createsContainer } from '../../scripts/runner/policy/creates-container.ts'
import { canonicalSubcommand, optionTable } from '../../scripts/runner/policy/docker-options.ts'
import { STEPS } from '../../scripts/runner/policy/steps.ts'

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

  it('takes run\'s options', () => {
    expect(optionTable(name)).toBe(optionTable('run'))
  })
})
