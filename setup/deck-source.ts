// The one reader of slides.md, for everything that runs in Node (the
// recordings, the self-study inventory, the bench, the tests, the PDF): the
// slides as Slidev numbers them (its parser), snippet imports
// (`<<< @/snippets/file.sh sh {run}`) expanded into the fences Slidev's
// snippet plugin makes of them, and each slide's fences as Slidev's markdown
// engine finds them (indented, `~~~` and commented-out fences count exactly
// as on the page).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseSync } from '@slidev/parser'
import { createMarkdownExit } from 'markdown-exit'

export const SLIDES_PATH = path.resolve(import.meta.dirname, '..', 'slides.md')

export interface DeckFence {
  /** The fence's info string: `sh {run key=…}`, `predict`, … */
  info: string
  content: string
}

export interface DeckSlide {
  /** 0-based, as Slidev's parser counts. */
  index: number
  /** 1-based, as in the deck's URL. */
  no: number
  title?: string
  frontmatter: Record<string, unknown>
  /** The slide's markdown with its snippet imports expanded (its notes apart). */
  content: string
  /** The lecturer's notes: the comment that ends the slide. */
  note?: string
  fences: DeckFence[]
}

const SNIPPET = /^<<<[ \t]*@\/(\S+?)[ \t]+(\S+)[ \t]*(\{.*\})?[ \t]*$/gm

/** Replaces each `<<< @/file lang {meta}` line with the fence it stands for. */
function expandSnippets(content: string, root: string): string {
  return content.replace(SNIPPET, (_, file: string, lang: string, meta = '') => {
    if (file.includes('#')) throw new Error(`Snippet regions are not supported in the deck: <<< @/${file}`)
    const code = readFileSync(path.join(root, file), 'utf8').replace(/\n$/, '')
    return `\`\`\`\`${`${lang} ${meta}`.trim()}\n${code}\n\`\`\`\``
  })
}

/** The deck's slides in order (slides.md, or `markdown` read as if it were at `slidesPath`). */
export function readDeck(slidesPath = SLIDES_PATH, markdown = readFileSync(slidesPath, 'utf8')): DeckSlide[] {
  const md = createMarkdownExit({ html: true })
  const root = path.dirname(slidesPath)
  return parseSync(markdown, slidesPath).slides.map((slide) => {
    const content = expandSnippets(slide.content, root)
    const fences = md.parse(content, {}).filter((token) => token.type === 'fence').map((token) => ({ info: token.info, content: token.content }))
    return { index: slide.index, no: slide.index + 1, title: slide.title, frontmatter: slide.frontmatter, content, ...(slide.note ? { note: slide.note } : {}), fences }
  })
}
