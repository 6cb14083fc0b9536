// Every runnable block of the deck is clicked by a browser test: slides.md's
// {run} fences against the list in test/support/blocks.ts, both ways.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { COVERED_BLOCKS } from '../support/blocks.ts'
import { blockName, coverage, deckRunBlocks, SLIDES_FILE } from '../support/deck-blocks.ts'

describe('deckRunBlocks', () => {
  const deck = [
    '---', 'title: t', '---', '', '# one', '',
    '---', '', '# two', '', '```yaml', 'a: 1', '---', 'b: 2', '```', '',
    '```sh {run}', 'docker ps', '```', '',
    '---', 'layout: default', '---', '', '# three', '',
    '```sh {run key=first until="seq=1 "}', 'docker run alpine ping localhost', '```', '',
    '```sh', 'docker images', '```', '',
    '<!--', '```sh {run}', 'docker rm -f x', '```', '-->',
  ].join('\n')

  it('numbers slides as the deck\'s URLs do, past a --- inside a code fence and slide frontmatter', () => {
    expect(deckRunBlocks(deck).map(({ slide, line }) => ({ slide, line }))).toEqual([
      { slide: 2, line: 'docker ps' },
      { slide: 3, line: 'docker run alpine ping localhost' },
    ])
  })

  it('gives each block the key its <Run> gets, and says which keys the fence names', () => {
    const [ps, ping] = deckRunBlocks(deck)
    expect(ps).toMatchObject({ key: expect.stringMatching(/^docker-ps-[0-9a-z]+$/), keyGiven: false })
    expect(ping).toMatchObject({ key: 'first', keyGiven: true })
    expect(blockName(ping!)).toBe('slide 3: docker run alpine ping localhost [key=first]')
  })
})

describe('the browser tests cover the deck', () => {
  const blocks = deckRunBlocks()
  const { uncovered, unknown, ambiguous } = coverage(blocks, COVERED_BLOCKS)

  it('finds every {run} fence and snippet import of slides.md (none hidden from the markdown parser)', () => {
    const text = readFileSync(SLIDES_FILE, 'utf8').replace(/<!--[\s\S]*?-->/g, '')
    const fences = text.split('\n').filter((line) => /^\s*(`{3,}|~{3,}|<<<).*\{run\b/.test(line))
    expect(blocks.length).toBeGreaterThan(0)
    expect(blocks).toHaveLength(fences.length)
  })

  it('clicks every runnable block of slides.md', () => {
    expect(uncovered.map(blockName), 'blocks in slides.md no browser test runs: add each to test/support/blocks.ts and click it in test/support/lecture-walk.ts').toEqual([])
  })

  it('lists no block the deck does not have', () => {
    expect(unknown.map(blockName), 'test/support/blocks.ts lists blocks slides.md no longer has (moved to another slide, or the line changed)').toEqual([])
  })

  it('names each block unambiguously', () => {
    expect(ambiguous.map(blockName), 'these entries match several blocks of one slide: give each fence a {run key=…} and the entry that key').toEqual([])
  })
})

describe('the words a run explains', () => {
  it('every <AfterRun block="…"> names a {run} block of slides.md', () => {
    const keys = new Set(deckRunBlocks().map((block) => block.key))
    const named = [...readFileSync(SLIDES_FILE, 'utf8').matchAll(/<AfterRun block="([^"]+)">/g)].map((match) => match[1]!)
    expect(named.length).toBeGreaterThan(0)
    expect(named.filter((key) => !keys.has(key)), 'AfterRun blocks that name no {run} block').toEqual([])
  })
})
