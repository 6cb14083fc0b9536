// The deck carries one patch of Slidev's nav bar (setup/slidev-nav-patch.ts):
// a button nested in a button. These tests say when the patch still applies,
// what it changes, and fail once the installed Slidev has fixed it upstream.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { parse } from 'vue/compiler-sfc'
import { describe, expect, it } from 'vitest'
import { MENU_BUTTON_FILE, NESTED_TOGGLE, slidevNavPatch, unnestMenuButton } from '../../setup/slidev-nav-patch.ts'

const clientRoot = path.dirname(createRequire(import.meta.url).resolve('@slidev/client/package.json'))
const installed = path.join(clientRoot, 'internals', 'MenuButton.vue')
const source = readFileSync(installed, 'utf8')

/** The tag names of the template's elements, outermost first along the toggle's path. */
function toggleTags(sfc: string): string[] {
  const template = parse(sfc).descriptor.template!.ast!
  const root = template.children.find((node) => node.type === 1) as { tag: string; children: unknown[] }
  const toggle = root.children.find((node) => (node as { type: number }).type === 1) as { tag: string; children: Array<{ type: number; tag?: string; props?: Array<{ name: string; value?: { content: string } }> }> }
  return [root.tag, toggle.tag, ...toggle.children.filter((node) => node.type === 1).map((node) => node.tag!)]
}

describe('the nav bar patch', () => {
  it('still has something to fix: the installed Slidev nests the menu\'s toggle button around its slot (remove the patch when this fails)', () => {
    expect(source, `${installed} no longer has the nested toggle: Slidev fixed it, so remove setup/slidev-nav-patch.ts and its plugin`).toContain(NESTED_TOGGLE.open)
    const navControls = readFileSync(path.join(clientRoot, 'internals', 'NavControls.vue'), 'utf8')
    expect(navControls).toMatch(/<template #button[^>]*>\s*<IconButton title="More Options"/)
  })

  it('turns the outer <button> into a <div> and keeps the click that toggles the menu', () => {
    expect(toggleTags(source).slice(0, 2)).toEqual(['div', 'button'])
    const patched = unnestMenuButton(source)
    expect(toggleTags(patched).slice(0, 2)).toEqual(['div', 'div'])
    expect(patched).toContain('<div :class="{ disabled }" @click="value = !value">')
    expect(patched.match(/<button\b/g)).toBeNull()
    // The rest of the file is untouched.
    expect(patched.replace('<div :class="{ disabled }" @click="value = !value">', NESTED_TOGGLE.open).replace(/<\/div>(\s*<KeepAlive>)/, '</button>$1')).toBe(source)
  })

  it('applies only to that file, and refuses loudly when the file changed under it', () => {
    const plugin = slidevNavPatch() as { transform: (code: string, id: string) => string | undefined }
    expect(plugin.transform(source, `/x/node_modules${MENU_BUTTON_FILE}`)).toBe(unnestMenuButton(source))
    expect(plugin.transform(source, '/x/components/MenuButton.vue')).toBeUndefined()
    expect(() => unnestMenuButton('<template><div><slot /></div></template>')).toThrow(/has changed: it no longer has the nested toggle/)
  })
})
