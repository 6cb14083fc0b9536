// What `npm run doctor` says about the Node.js it runs on: supported lines
// with their minimums, a warning past a line's end of life, and what to install.
import { describe, expect, it } from 'vitest'
import { nodeSupport } from '../../scripts/node-versions/node-support.ts'

const DAY = new Date('2026-12-07T12:00:00Z')

describe('nodeSupport', () => {
  it('supports Node 24 and 22 quietly while they are maintained', () => {
    expect(nodeSupport('24.22.3', DAY)).toEqual({ supported: true, warning: false, detail: '24.22.3 (supported until 2028-04-30)' })
    expect(nodeSupport('22.23.5', DAY)).toMatchObject({ supported: true, warning: false })
  })

  it('still runs on Node 20.19+, and warns that it has reached its end of life', () => {
    expect(nodeSupport('20.20.2', DAY)).toEqual({
      supported: true, warning: true,
      detail: '20.20.2: works, but Node.js 20 reached its end of life on 2026-04-30 (no more security fixes) → install Node.js 24 LTS (recommended) or 22',
    })
    expect(nodeSupport('20.20.2', new Date('2026-04-30T12:00:00Z')).warning).toBe(false)
  })

  it('refuses versions below a line\'s minimum and lines that are not supported, saying what to install', () => {
    expect(nodeSupport('20.18.1', DAY)).toMatchObject({ supported: false, detail: '20.18.1: older than 20.19.0 → install Node.js 24 LTS (recommended) or 22' })
    expect(nodeSupport('22.11.0', DAY).supported).toBe(false)
    expect(nodeSupport('18.20.8', DAY)).toMatchObject({ supported: false, detail: '18.20.8: not supported → install Node.js 24 LTS (recommended) or 22' })
    expect(nodeSupport('21.7.3', DAY).supported).toBe(false)
  })

  it('lets a newer line run, with a warning that nothing here tests it', () => {
    expect(nodeSupport('26.1.0', DAY)).toMatchObject({ supported: true, warning: true })
    expect(nodeSupport('26.1.0', DAY).detail).toContain('not tested on (tested: 20, 22, 24)')
  })
})
