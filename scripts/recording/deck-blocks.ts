// The deck's runnable blocks in presentation order, found the way Slidev
// finds them: its parser splits the slides (so numbers and keys match the
// transformer's) and its markdown engine finds the fences (so indented,
// `~~~` and commented-out fences count exactly as on the page). Snippet
// imports (`<<< @/snippets/file.sh sh {run}`) become fences first, as
// Slidev's snippet plugin makes them.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseSync } from '@slidev/parser'
import { createMarkdownExit } from 'markdown-exit'
import { parseRunBlock, type RunBlock } from '../../setup/run-blocks.ts'

export interface DeckBlock extends RunBlock {
  /** 1-based slide number, as in the deck's URL. */
  slide: number
}

export const SLIDES_PATH = path.resolve(import.meta.dirname, '..', '..', 'slides.md')
const SNIPPET = /^<<<[ \t]*@\/(\S+?)[ \t]+(\S+)[ \t]*(\{.*\})?[ \t]*$/gm

/** Replaces each `<<< @/file lang {meta}` line with the fence it stands for. */
function expandSnippets(content: string, root: string): string {
  return content.replace(SNIPPET, (_, file: string, lang: string, meta = '') => {
    if (file.includes('#')) throw new Error(`Snippet regions are not supported in runnable blocks: <<< @/${file}`)
    const code = readFileSync(path.join(root, file), 'utf8').replace(/\n$/, '')
    return `\`\`\`\`${`${lang} ${meta}`.trim()}\n${code}\n\`\`\`\``
  })
}

/** Every {run} block of the deck; throws when two blocks would share a key (and so a recording). */
export function deckBlocks(slidesPath = SLIDES_PATH, markdown = readFileSync(slidesPath, 'utf8')): DeckBlock[] {
  const md = createMarkdownExit({ html: true })
  const root = path.dirname(slidesPath)
  const blocks = parseSync(markdown, slidesPath).slides.flatMap((slide) => md.parse(expandSnippets(slide.content, root), {})
    .filter((token) => token.type === 'fence')
    .flatMap((token) => {
      const block = parseRunBlock(token.info, token.content)
      return block ? [{ ...block, slide: slide.index + 1 }] : []
    }))
  for (const [i, block] of blocks.entries()) {
    const earlier = blocks.slice(0, i).find((other) => other.key === block.key)
    if (earlier) {
      throw new Error(`Slides ${earlier.slide} and ${block.slide} both have a {run} block keyed "${block.key}" (\`${block.line}\`): give the later one its own {run key=…}, so each keeps its own recording.`)
    }
  }
  return blocks
}
