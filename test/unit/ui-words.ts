// The English words of the UI (lib/i18n/en.ts) that a Korean page must not
// show, and a reader of a rendered component that leaves out what is not UI:
// command text (the slot, <code>, the edited line), program output, and the
// runner's own English detail (marked lang="en").
import { en } from '../../lib/i18n/en.ts'
import { ko } from '../../lib/i18n/ko.ts'

const WORD = /[A-Za-z]{3,}/g

/** Every word a message can produce, whatever its parameters. */
function wordsOf(messages: Record<string, unknown>): Set<string> {
  const words = new Set<string>()
  const params = [new Proxy({}, { get: () => '' }), new Proxy({}, { get: () => '#' })]
  for (const message of Object.values(messages)) {
    const texts = typeof message === 'function' ? params.map((p) => String((message as (p: unknown) => string)(p))) : [String(message)]
    for (const text of texts) for (const word of text.match(WORD) ?? []) words.add(word)
  }
  return words
}

/**
 * English UI words (case kept: "Stop" is a button, "docker stop" a command
 * the Korean text names too). Words the Korean messages use themselves
 * (docker, SIGKILL, exec, Enter …) are not counted.
 */
export function englishUiWords(): Set<string> {
  const korean = wordsOf(ko)
  return new Set([...wordsOf(en)].filter((word) => !korean.has(word)))
}

const NOT_UI = '.run-code, code, [lang="en"], .terminal-stub'
const OUTPUT = 'pre.run-output'
const ATTRIBUTES = ['aria-label', 'title', 'placeholder', 'alt', 'aria-description']

/** The UI text of `root`: its text and labelling attributes, without command text, output and runner detail. */
export function uiText(root: Element, commands: readonly string[] = []): string[] {
  const texts: string[] = []
  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      const parent = node.parentElement
      // In the output box only the deck's own notices are UI.
      if (parent && (!parent.closest(OUTPUT) || parent.closest('.run-notice-text'))) texts.push(node.textContent ?? '')
      return
    }
    if (!(node instanceof Element)) return
    if (node.matches(NOT_UI)) return
    for (const name of ATTRIBUTES) {
      const value = node.getAttribute(name)
      if (value) texts.push(value)
    }
    node.childNodes.forEach(walk)
  }
  walk(root)
  return texts.map((text) => commands.reduce((rest, command) => rest.split(command).join(' '), text)).filter((text) => text.trim())
}

/** The English UI words found in `texts`, each with the text it was in. */
export function englishIn(texts: readonly string[], words = englishUiWords()): string[] {
  return texts.flatMap((text) => (text.match(WORD) ?? []).filter((word) => words.has(word)).map((word) => `${word} (in "${text.trim()}")`))
}
