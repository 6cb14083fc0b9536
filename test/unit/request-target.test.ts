// The runner reads the path of every request target without throwing, and
// tells a target that is no path (what once ended the process) apart.
import { describe, expect, it } from 'vitest'
import { targetPath } from '../../runner/transport/server.ts'

describe('targetPath', () => {
  it.each([['/health', '/health'], ['/ws?x=1', '/ws'], ['/health#x', '/health'], ['/%zz', '/%zz'], ['/a/../health', '/health'], ['/\u00ff', '/%C3%BF']])('reads %s as %s', (target, path) => {
    expect(targetPath(target)).toBe(path)
  })

  it.each(['//x:99999', '//', '*', 'http://[', 'http://x:99999/health', 'health', '', undefined])('reads %s as no path', (target) => {
    expect(targetPath(target)).toBeUndefined()
  })
})
