// Slidev 52.20's navigation bar nests a button in a button: the toggle of
// internals/MenuButton.vue is a <button> whose slot holds an <IconButton>,
// itself a <button> ("More Options", "Select recording device"). Screen
// readers cannot reach the inner one and axe-core calls it serious
// (nested-interactive). Until Slidev changes it, the deck compiles that one
// file with the outer element as a <div>: the inner button still takes the
// click and the keys, and its click still bubbles to the toggle.
// test/unit/slidev-nav-patch.test.ts fails once the installed Slidev no
// longer nests them, so the patch goes when upstream fixes it.
import type { Plugin } from 'vite'

/** The file the patch rewrites, as its path ends. */
export const MENU_BUTTON_FILE = '/@slidev/client/internals/MenuButton.vue'
/** The outer toggle in Slidev 52.20.1's MenuButton.vue, and what it becomes. */
export const NESTED_TOGGLE = { open: '<button :class="{ disabled }" @click="value = !value">', close: '</button>' }
const UNNESTED_TOGGLE = { open: '<div :class="{ disabled }" @click="value = !value">', close: '</div>' }

/** MenuButton.vue's source with its outer toggle as a <div>; throws when the source is not the one this patch was written for. */
export function unnestMenuButton(source: string): string {
  const start = source.indexOf(NESTED_TOGGLE.open)
  const end = start < 0 ? -1 : source.indexOf(NESTED_TOGGLE.close, start)
  if (start < 0 || end < 0) throw new Error(`Slidev's ${MENU_BUTTON_FILE} has changed: it no longer has the nested toggle setup/slidev-nav-patch.ts rewrites. Check whether Slidev still nests a button in a button there, and remove or update the patch.`)
  const toggle = source.slice(start, end + NESTED_TOGGLE.close.length)
  return source.replace(toggle, UNNESTED_TOGGLE.open + toggle.slice(NESTED_TOGGLE.open.length, -NESTED_TOGGLE.close.length) + UNNESTED_TOGGLE.close)
}

/** The Vite plugin: rewrites MenuButton.vue before Vue compiles it. */
export function slidevNavPatch(): Plugin {
  return {
    name: 'docker-live-deck:slidev-nav-patch',
    enforce: 'pre',
    transform: (code, id) => (id.replaceAll('\\', '/').endsWith(MENU_BUTTON_FILE) ? unnestMenuButton(code) : undefined),
  }
}
