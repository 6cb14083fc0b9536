// deckBlocks() is what the recorder and the recording comparison iterate: it
// must list the blocks the deck shows, with the slide numbers and keys the
// codeblock transformer gives their <Run> components.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseSync } from '@slidev/parser'
import type { CodeblockTransformContext } from '@slidev/types'
import { createMarkdownExit } from 'markdown-exit'
import { afterAll, describe, expect, it } from 'vitest'
import { deckBlocks, SLIDES_PATH } from '../../scripts/recording/deck-blocks.ts'
import transformersSetup from '../../setup/transformers.ts'

/**
 * What the deck renders: Slidev's parser splits the slides, its markdown
 * engine finds the fences, and the real transformer turns each into markup.
 */
async function transformedBlocks(file: string): Promise<Array<{ slide: number; key: string; line: string }>> {
  const [transform] = (await transformersSetup()).codeblocks ?? []
  const md = createMarkdownExit({ html: true })
  const blocks: Array<{ slide: number; key: string; line: string }> = []
  for (const slide of parseSync(readFileSync(file, 'utf8'), file).slides) {
    // Slidev's snippet plugin turns `<<< @/file lang {meta}` into a fence token of the file's content.
    const snippets = [...slide.content.matchAll(/^<<<[ \t]*@\/(\S+)[ \t]+(\S+)[ \t]*(\{.*\})?$/gm)].map(([, from, lang, meta = '']) =>
      ({ type: 'fence', info: `${lang} ${meta}`, content: readFileSync(path.join(path.dirname(file), from!), 'utf8') }))
    for (const token of [...md.parse(slide.content, {}), ...snippets].filter((t) => t.type === 'fence')) {
      const html = await (transform as (ctx: CodeblockTransformContext) => Promise<string | undefined>)({
        info: token.info.trim(), code: token.content, slide: { index: slide.index }, renderHighlighted: async () => '',
      } as unknown as CodeblockTransformContext)
      // Self-study fences become <Predict>/<Exercise>, not runnable blocks.
      const run = html && /^<Run line="([^"]*)" block-key="([^"]*)"[ a-z-]*>/.exec(html)
      if (!run) continue
      const [, line, key] = run
      blocks.push({ slide: slide.index + 1, key: unescape(key!), line: unescape(line!) })
    }
  }
  return blocks
}

const ENTITIES: Record<string, string> = { '&#123;': '{', '&#125;': '}', '&quot;': '"', '&lt;': '<', '&gt;': '>', '&amp;': '&' }
const unescape = (attribute: string) => attribute.replace(/&(#123|#125|quot|lt|gt|amp);/g, (entity) => ENTITIES[entity]!)
const summary = (blocks: ReadonlyArray<{ slide: number; key: string; line: string }>) => blocks.map(({ slide, key, line }) => ({ slide, key, line }))

describe('deckBlocks on the chapter (slides.md)', () => {
  const blocks = deckBlocks()

  it('reads slides.md next to the scripts folder by default', () => {
    expect(SLIDES_PATH).toBe(path.resolve(import.meta.dirname, '../../slides.md'))
    expect(blocks.length).toBeGreaterThan(20)
  })

  it('finds only docker commands (the redis client outside the server runs in a container of its own)', () => {
    expect(blocks.filter(({ line }) => !/^docker\s/.test(line))).toEqual([])
    expect(blocks.filter(({ line }) => line === 'docker run --rm redis redis-cli ping')).toHaveLength(1)
  })

  it('gives every block its own key', () => {
    const keys = blocks.map(({ key }) => key)
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([])
  })

  it('lists the blocks in presentation order', () => {
    const slides = blocks.map(({ slide }) => slide)
    expect(slides).toEqual([...slides].sort((a, b) => a - b))
    expect(slides[0]).toBeGreaterThan(1)
  })

  it('lists exactly the blocks the transformer turns into <Run>, with the same slide numbers and keys', async () => {
    expect(summary(blocks)).toEqual(await transformedBlocks(SLIDES_PATH))
  })

  it('keeps the keys written in the fences', () => {
    expect(blocks.filter(({ key }) => key.startsWith('ping-for-')).map(({ key, line }) => [key, line])).toEqual([
      ['ping-for-stop', 'docker run --name stop-demo alpine ping localhost'],
      ['ping-for-kill', 'docker run --name kill-demo alpine ping localhost'],
      ['ping-for-exec', 'docker run alpine ping localhost'],
      ['ping-for-shell', 'docker run alpine ping localhost'],
    ])
  })

  it('gives every block its own key, so no two share a recording', () => {
    expect(new Set(blocks.map(({ key }) => key)).size).toBe(blocks.length)
  })
})

describe('deckBlocks on a small deck', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'deck-blocks-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  function deck(name: string, lines: string[]): string {
    const file = path.join(dir, name)
    writeFileSync(file, lines.join('\n') + '\n')
    return file
  }

  const small = deck('small.md', [
    '---', 'title: small', '---', '', '# one', '',
    '```sh {run}', 'docker run hello-world', '```', '',
    '---', '', '# two', '', '```yaml', 'a: 1', '---', 'b: 2', '```', '',
    '```sh', 'docker images', '```', '',
    '```sh {run}', 'docker ps', '```', '',
    '---', 'layout: center', '---', '', '# three', '',
    '```sh {run key=ping until="seq=1 "}', 'docker run alpine ping localhost', '```', '',
    '````md', '```sh {run}', 'docker version', '```', '````', '',
    '```sh {run prompt="# " keys="ls⏎|^D"}', 'docker exec -it <id:alpine> sh', '```', '',
    '<!-- presenter notes -->',
  ])

  it('numbers slides from 1 past frontmatter and a --- inside a code fence, with the transformer\'s keys', async () => {
    const blocks = deckBlocks(small)
    expect(blocks.map(({ slide, line }) => [slide, line])).toEqual([
      [1, 'docker run hello-world'],
      [2, 'docker ps'],
      [3, 'docker run alpine ping localhost'],
      [3, 'docker exec -it <id:alpine> sh'],
    ])
    expect(summary(blocks)).toEqual(await transformedBlocks(small))
    expect(blocks.map(({ key }) => key.replace(/-[0-9a-z]+$/, ''))).toEqual(['docker-run-hello-world', 'docker-ps', 'ping', 'docker-exec-it-id-alpine-sh'])
  })

  it('refuses a line repeated without its own key, naming both slides and the fix', () => {
    const repeated = deck('repeated.md', ['# one', '', '```sh {run}', 'docker ps -a', '```', '', '---', '', '# two', '', '```sh {run}', 'docker ps -a', '```'])
    expect(() => deckBlocks(repeated)).toThrow(/Slides 1 and 2 both have a \{run\} block keyed "docker-ps-a-og4p8w" \(`docker ps -a`\): give the later one its own \{run key=…\}/)
  })

  it('keeps each block\'s recording directives and highlight info', () => {
    const [, , ping, shell] = deckBlocks(small)
    expect(ping).toMatchObject({ info: 'sh', key: 'ping', record: { until: 'seq=1 ' } })
    expect(shell).toMatchObject({ info: 'sh', record: { prompt: '# ', keys: ['ls\r', '\u0004'] } })
  })

  it('finds nothing in a deck without run fences', () => {
    expect(deckBlocks(deck('none.md', ['# only', '', '```sh', 'docker ps', '```']))).toEqual([])
  })

  it('refuses a multi-line run fence as the transformer does', () => {
    expect(() => deckBlocks(deck('multi.md', ['# multi', '', '```sh {run}', 'docker ps', 'docker images', '```'])))
      .toThrow(/one command on one line; this one has 2 lines/)
  })

  // The recorder must see exactly the fences the deck renders: otherwise it
  // runs a block nobody sees, or never records one the deck shows.
  it('skips a run fence commented out with <!-- -->, which the deck does not render', async () => {
    const file = deck('comment.md', ['# c', '', '<!--', '```sh {run}', 'docker rm -f x', '```', '-->', '', '```sh {run}', 'docker ps', '```'])
    expect(await transformedBlocks(file)).toEqual([{ slide: 1, key: expect.any(String), line: 'docker ps' }])
    expect(summary(deckBlocks(file))).toEqual(await transformedBlocks(file))
  })

  it('finds a run fence indented inside a list item, which the deck renders as <Run>', async () => {
    const file = deck('list.md', ['# l', '', '- first:', '', '  ```sh {run}', '  docker images', '  ```'])
    expect(await transformedBlocks(file)).toEqual([{ slide: 1, key: expect.any(String), line: 'docker images' }])
    expect(summary(deckBlocks(file))).toEqual(await transformedBlocks(file))
  })

  it('finds a ~~~ run fence, which the deck renders as <Run>', async () => {
    const file = deck('tilde.md', ['# t', '', '~~~sh {run}', 'docker info', '~~~'])
    expect(await transformedBlocks(file)).toEqual([{ slide: 1, key: expect.any(String), line: 'docker info' }])
    expect(summary(deckBlocks(file))).toEqual(await transformedBlocks(file))
  })
})
