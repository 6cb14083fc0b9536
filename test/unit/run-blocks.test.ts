// Which fences of the deck become <Run> components, with which key, line and
// recording directives, and the markup the codeblock transformer returns.
import type { CodeblockTransformContext, CodeblockTransformer } from '@slidev/types'
import { describe, expect, it, vi } from 'vitest'
import { keystrokes, maskPlaceholders, parseRunBlock, runBlockHtml } from '../../setup/run-blocks.ts'
import transformersSetup from '../../setup/transformers.ts'

describe('parseRunBlock', () => {
  it.each([
    ['sh {run}', 'sh'],
    ['bash {run}', 'bash'],
    ['sh {1,3} {run}', 'sh {1,3}'],
    ['sh {run key=x}', 'sh'],
  ])('turns a ```%s fence into a run block highlighted as %j', (info, highlightInfo) => {
    expect(parseRunBlock(info, 'docker ps\n')).toMatchObject({ info: highlightInfo, line: 'docker ps' })
  })

  it.each(['sh', 'mermaid', 'sh {1,3}', 'sh {runner}', 'ts {lines:true}', ''])('leaves a ```%s fence alone', (info) => {
    expect(parseRunBlock(info, 'docker ps\n')).toBeUndefined()
  })

  it('leaves a multi-line fence alone when it does not run', () => {
    expect(parseRunBlock('sh', 'docker ps\ndocker images\n')).toBeUndefined()
  })

  it('reads the key and the recording directives, turning ⏎ into Enter', () => {
    const block = parseRunBlock('sh {run key=x until="seq=1 " prompt="6379>" keys="set a 1⏎|quit⏎"}', 'docker exec -it <id:redis> redis-cli\n')
    expect(block).toEqual({
      info: 'sh',
      line: 'docker exec -it <id:redis> redis-cli',
      key: 'x',
      record: { until: 'seq=1 ', prompt: '6379>', keys: ['set a 1\r', 'quit\r'] },
    })
  })

  it('reads Ctrl-D steps and unquoted values', () => {
    expect(parseRunBlock('sh {run prompt=# keys="ls⏎|^D"}', 'docker exec -it <id:alpine> sh')?.record).toEqual({ prompt: '#', keys: ['ls\r', '\u0004'] })
  })

  it('records nothing for a plain {run}', () => {
    expect(parseRunBlock('sh {run}', 'docker ps')?.record).toEqual({})
  })

  it('trims the code to the line a student types', () => {
    expect(parseRunBlock('sh {run}', '  docker ps -a  \n\n')?.line).toBe('docker ps -a')
  })

  describe('default keys', () => {
    it('are a slug of the line and a hash of it, with no slide number, so inserting a slide renames nothing', () => {
      expect(parseRunBlock('sh {run}', 'docker ps\n')?.key).toBe('docker-ps-mh002q')
      expect(parseRunBlock('sh {run}', 'docker ps -a\n')?.key).toBe('docker-ps-a-og4p8w')
      expect(parseRunBlock('sh {run}', "docker ps -a --format 'table {{.ID}}\\t{{.Image}}'")?.key).toMatch(/^docker-ps-a-format-table-id-t-image-[0-9a-z]+$/)
    })

    it('are the same on every call and for the same line however it is padded', () => {
      const first = parseRunBlock('sh {run}', 'docker images\n')?.key
      expect(parseRunBlock('sh {run}', 'docker images\n')?.key).toBe(first)
      expect(parseRunBlock('sh {run}', '  docker images  ')?.key).toBe(first)
    })

    it('differ between lines that slug alike', () => {
      expect(parseRunBlock('sh {run}', 'docker ps -a')!.key).not.toBe(parseRunBlock('sh {run}', 'docker ps --a')!.key)
    })

    it('stay within 40 characters of slug and use only lower-case letters, digits and dashes', () => {
      const key = parseRunBlock('sh {run}', "docker run --rm alpine sh -c 'echo a very long line that goes on and on'")!.key
      expect(key).toMatch(/^[a-z0-9-]+$/)
      expect(key.length).toBeLessThanOrEqual(48)
    })

    it('do not depend on directives in the meta', () => {
      expect(parseRunBlock('sh {run until="x"}', 'docker ps')?.key).toBe('docker-ps-mh002q')
    })

    it('an explicit key wins, and one that could not name a file is refused', () => {
      expect(parseRunBlock('sh {run key=ping-for-stop}', 'docker run alpine ping localhost')?.key).toBe('ping-for-stop')
      expect(() => parseRunBlock('sh {run key=../x}', 'docker ps')).toThrow(/not a block key/)
    })
  })

  it('show=end marks a block whose finished output opens at its end; any other show is refused by name', () => {
    expect(parseRunBlock('sh {run key=r until="Ready" show=end}', 'docker run redis')).toMatchObject({ showEnd: true, record: { until: 'Ready' } })
    expect(parseRunBlock('sh {run}', 'docker run redis')?.showEnd).toBeUndefined()
    expect(() => parseRunBlock('sh {run show=top}', 'docker ps')).toThrow('{run show="top"} is not a way to show output: the one choice is show=end')
  })

  it('refuses a multi-line run block, saying it must be one line and how many it has', () => {
    expect(() => parseRunBlock('sh {run}', 'docker ps\ndocker images\ndocker info\n'))
      .toThrow('A {run} block holds one command on one line; this one has 3 lines: docker ps')
  })
})

describe('keystrokes', () => {
  it.each([
    ['ls⏎', 'ls\r'],
    ['^D', '\u0004'],
    ['^C', '\u0003'],
    ['set a 1⏎get a⏎', 'set a 1\rget a\r'],
    ['plain', 'plain'],
  ])('turns %j into %j', (step, sent) => {
    expect(keystrokes(step)).toBe(sent)
  })
})

describe('runBlockHtml', () => {
  const block = (line: string, key = 's3-abc') => ({ info: 'sh', line, key, record: {} })

  it('passes show=end to the component as show-end, and nothing otherwise', () => {
    expect(runBlockHtml({ ...block('docker run redis'), showEnd: true }, '<pre/>')).toMatch(/^<Run line="docker run redis" block-key="s3-abc" show-end>/)
    expect(runBlockHtml(block('docker run redis'), '<pre/>')).not.toContain('show-end')
  })

  it('wraps the highlighted HTML in a v-pre div inside <Run>', () => {
    expect(runBlockHtml(block('docker ps'), '<pre class="shiki"><code>docker ps</code></pre>'))
      .toBe('<Run line="docker ps" block-key="s3-abc">\n<div v-pre><pre class="shiki"><code>docker ps</code></pre></div>\n</Run>')
  })

  it('escapes quotes, <, >, & and {{ }} in the line attribute', () => {
    const html = runBlockHtml(block(`docker ps --format '{{.Names}}' "a" <b> & c`), '')
    expect(html).toContain(`line="docker ps --format '&#123;&#123;.Names&#125;&#125;' &quot;a&quot; &lt;b&gt; &amp; c"`)
    expect(/ line="([^"]*)"/.exec(html)?.[1]).not.toMatch(/[<>{}"]|&(?!(amp|quot|lt|gt|#123|#125);)/)
  })

  it('escapes & before the other entities, so a literal entity survives', () => {
    expect(runBlockHtml(block('echo &quot;'), '')).toContain('line="echo &amp;quot;"')
  })

  it('escapes the key attribute too', () => {
    expect(runBlockHtml(block('docker ps', 'a"b'), '')).toContain('block-key="a&quot;b"')
  })

  it('leaves the highlighted HTML untouched, {{ }} included (v-pre keeps Vue out)', () => {
    const highlighted = '<pre><code><span>{{.Names}}</span></code></pre>'
    expect(runBlockHtml(block('docker ps'), highlighted)).toContain(`<div v-pre>${highlighted}</div>`)
  })
})

describe('the codeblocks transformer', () => {
  async function transformer(): Promise<CodeblockTransformer> {
    const setup = await transformersSetup()
    const [first] = setup.codeblocks ?? []
    if (!first) throw new Error('setup/transformers.ts registers no codeblock transformer')
    return first
  }

  function context(info: string, code: string, slide: { index: number } | null = { index: 2 }) {
    const renderHighlighted = vi.fn(async ({ info }: { info?: string }) => `<pre class="shiki">${info}</pre>`)
    return { renderHighlighted, ctx: { info, code, slide, fence: 3, renderHighlighted } as unknown as CodeblockTransformContext }
  }

  it('registers exactly one codeblock transformer and nothing else', async () => {
    const setup = await transformersSetup()
    expect(setup.codeblocks).toHaveLength(1)
    expect([setup.pre, setup.preCodeblock, setup.postCodeblock, setup.post]).toEqual([[], [], [], []])
  })

  it.each(['sh', 'mermaid', 'sh {1,3}'])('returns undefined for a ```%s fence, without rendering it', async (info) => {
    const { ctx, renderHighlighted } = context(info, 'docker ps\n')
    expect(await (await transformer())(ctx)).toBeUndefined()
    expect(renderHighlighted).not.toHaveBeenCalled()
  })

  it('returns <Run> markup for a run fence, keyed by its line whatever the slide', async () => {
    const { ctx } = context('sh {run}', 'docker ps\n', { index: 6 })
    expect(await (await transformer())(ctx)).toBe('<Run line="docker ps" block-key="docker-ps-mh002q">\n<div v-pre><pre class="shiki">sh</pre></div>\n</Run>')
  })

  it('asks for highlighting with the info minus its {run …} part', async () => {
    const { ctx, renderHighlighted } = context('sh {1,3} {run key=ping until="seq=1 "}', 'docker run alpine ping localhost\n')
    const html = await (await transformer())(ctx)
    expect(renderHighlighted).toHaveBeenCalledExactlyOnceWith({ info: 'sh {1,3}', code: 'docker run alpine ping localhost' })
    expect(html).toBe('<Run line="docker run alpine ping localhost" block-key="ping">\n<div v-pre><pre class="shiki">sh {1,3}</pre></div>\n</Run>')
  })

  it('keys a block without slide info the same way', async () => {
    const { ctx } = context('sh {run}', 'docker ps', null)
    expect(await (await transformer())(ctx)).toContain('block-key="docker-ps-mh002q"')
  })

  it('fails the build on a multi-line run fence', async () => {
    const { ctx } = context('sh {run}', 'docker ps\ndocker images\n')
    await expect((await transformer())(ctx) as Promise<unknown>).rejects.toThrow(/one command on one line; this one has 2 lines/)
  })
})

describe('maskPlaceholders', () => {
  it('hands the highlighter a plain word for each placeholder and puts each back as one token', () => {
    const { masked, restore } = maskPlaceholders('docker exec -it <id:redis> redis-cli')
    expect(masked).toBe('docker exec -it DECKPLACEHOLDER0X redis-cli')
    const highlighted = '<span class="a">docker</span> <span class="b">exec -it DECKPLACEHOLDER0X redis-cli</span>'
    expect(restore(highlighted)).toBe('<span class="a">docker</span> <span class="b">exec -it <span class="run-placeholder">&lt;id:redis&gt;</span> redis-cli</span>')
  })

  it('handles several placeholders and lines without any', () => {
    const { masked, restore } = maskPlaceholders('docker rmi <image-id:docker-live-deck/rmi-demo> <id>')
    expect(masked).toBe('docker rmi DECKPLACEHOLDER0X DECKPLACEHOLDER1X')
    expect(restore(masked)).toBe('docker rmi <span class="run-placeholder">&lt;image-id:docker-live-deck/rmi-demo&gt;</span> <span class="run-placeholder">&lt;id&gt;</span>')
    expect(maskPlaceholders('docker ps -a').masked).toBe('docker ps -a')
  })

  it('leaves a redirection that is no placeholder alone', () => {
    expect(maskPlaceholders('docker ps > out.txt').masked).toBe('docker ps > out.txt')
  })
})
