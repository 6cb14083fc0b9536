// Keys RunTerminal.vue keeps from xterm.js. A terminal takes Tab for itself
// (shell completion), which would trap a keyboard user inside it: Esc then
// Tab (or Shift+Tab) is the way out, as in code editors that keep Tab.

/**
 * A custom key handler for `terminal.attachCustomKeyEventHandler`: false
 * (xterm leaves the key to the page) for a Tab right after an Esc.
 */
export function focusEscape(): (event: KeyboardEvent) => boolean {
  let armed = false
  return (event) => {
    if (event.type !== 'keydown') return true
    if (event.key === 'Tab' && armed && !event.ctrlKey && !event.altKey && !event.metaKey) {
      armed = false
      return false
    }
    armed = event.key === 'Escape' && !event.ctrlKey && !event.altKey && !event.metaKey
    return true
  }
}
