// setup/deck-source.ts is the one reader of slides.md: the recordings, the
// self-study inventory, the bench and the tests all see the same slides, the
// same numbers and the same fences, snippet imports included.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { deckBlocks } from '../../scripts/recording/deck-blocks.ts'
import { readDeck } from '../../setup/deck-source.ts'
import { deckSelfStudy } from '../../setup/self-study-inventory.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'deck-source-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const PREDICT = ['```predict {for=sn-ls}', 'section: run', 'question: 무엇이 보일까?', 'choices: [bin, 없음]', 'answer: bin', 'why: 이미지의 파일 스냅샷이다', '```'].join('\n')

function deck(markdown: string, snippets: Record<string, string> = {}): string {
  mkdirSync(path.join(dir, 'snippets'), { recursive: true })
  for (const [name, text] of Object.entries(snippets)) writeFileSync(path.join(dir, 'snippets', name), text)
  const file = path.join(dir, 'slides.md')
  writeFileSync(file, markdown)
  return file
}

describe('readDeck', () => {
  it('numbers slides as the deck\'s URL does and expands snippet imports into fences', () => {
    const file = deck('---\ntitle: t\n---\n\n# 하나\n\n---\n\n# 둘\n\n<<< @/snippets/ls.sh sh {run key=sn-ls}\n', { 'ls.sh': 'docker run alpine \\\n  ls\n' })
    const slides = readDeck(file)
    expect(slides.map((slide) => [slide.no, slide.title])).toEqual([[1, 't'], [2, '둘']])
    expect(slides[0]!.frontmatter.title).toBe('t')
    expect(slides[1]!.fences).toEqual([{ info: 'sh {run key=sn-ls}', content: 'docker run alpine \\\n  ls\n' }])
    expect(slides[1]!.content).not.toContain('<<<')
  })

  it('gives the recordings and the self-study inventory the same slide for a question about a snippet block', () => {
    const file = deck(`# 하나\n\n---\n\n# 둘\n\n<<< @/snippets/ls.sh sh {run key=sn-ls}\n\n${PREDICT}\n`, { 'ls.sh': 'docker run alpine ls\n' })
    const [block] = deckBlocks(file)
    const { predictions } = deckSelfStudy(file)
    expect(block).toMatchObject({ key: 'sn-ls', slide: 2 })
    expect(predictions.map((prediction) => [prediction.for, prediction.slide])).toEqual([['sn-ls', 2]])
  })

  it('refuses a snippet region, which a runnable block cannot show exactly', () => {
    const file = deck('# 하나\n\n<<< @/snippets/ls.sh#part sh {run}\n', { 'ls.sh': 'docker ps\n' })
    expect(() => readDeck(file)).toThrow(/Snippet regions are not supported/)
  })
})
