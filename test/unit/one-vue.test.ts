// One Vue: the deck's own components and Slidev's client must share one copy,
// the version Slidev asks for. Two copies (a nested one under @slidev/*)
// make Vite's dedupe run Slidev on the older one, and their types disagree.
import { execa } from 'execa'
import { describe, expect, it } from 'vitest'

interface NpmTree {
  name?: string
  version?: string
  dependencies?: Record<string, NpmTree>
}

/** Every version of `name` installed anywhere in `tree`. */
function versionsOf(name: string, tree: NpmTree, found = new Set<string>()): Set<string> {
  for (const [dependency, child] of Object.entries(tree.dependencies ?? {})) {
    if (dependency === name && child.version) found.add(child.version)
    versionsOf(name, child, found)
  }
  return found
}

describe('versionsOf', () => {
  it('finds a nested second copy', () => {
    const tree = { dependencies: { vue: { version: '3.5.22' }, '@slidev/cli': { dependencies: { vue: { version: '3.5.45' } } } } }
    expect([...versionsOf('vue', tree)].sort()).toEqual(['3.5.22', '3.5.45'])
  })
})

describe('the installed Vue', () => {
  it('is one version, shared by the deck and every Slidev package', async () => {
    const { stdout } = await execa('npm', ['ls', 'vue', '--all', '--json'], { reject: false })
    const versions = versionsOf('vue', JSON.parse(stdout) as NpmTree)
    expect([...versions], `npm ls vue found ${[...versions].join(', ')}; pin "vue" in package.json to the version @slidev/client asks for`).toHaveLength(1)
  }, 60_000)
})
