// ```predict and ```exercise fences become <Predict> and <Exercise> with
// their validated data as props; a malformed one fails the build naming the
// slide and the field. The deck's inventory is read the way Slidev reads it
// and served as virtual:deck-self-study.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { CodeblockTransformContext } from '@slidev/types'
import { compileTemplate } from '@vue/compiler-sfc'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseSelfStudyBlock, selfStudyBlockHtml, slideName } from '../../setup/self-study-blocks.ts'
import { deckSelfStudy, INVENTORY_MODULE, selfStudyInventory } from '../../setup/self-study-inventory.ts'
import transformersSetup from '../../setup/transformers.ts'

const PREDICT = 'section: lifecycle\nquestion: "`docker kill` 뒤 종료 코드는? <b> & \\"따옴표\\" {{ x }}"\nchoices: [0, 137]\nanswer: 137\nwhy: SIGKILL.\nobserve: exit-code\n'
const EXERCISE = 'id: echo-hi\nsection: run\nsectionTitle: 실행\ntitle: echo hi\ntask: "`echo hi`"\nhintSteps: [첫 힌트, 둘째 힌트]\nsolution: docker run alpine echo hi\ncheck:\n  container: { image: alpine, exitCode: 0 }\n'

/** The props object the template compiler reads out of the markup (what the component receives). */
function propsOf(html: string, prop: string): unknown {
  const { code, errors } = compileTemplate({ source: html, id: 'x', filename: 'slide.vue' })
  expect(errors).toEqual([])
  const literal = new RegExp(`\\{ ${prop}: (\\{.*\\}) \\}\\)\\)`).exec(code)?.[1]
  if (!literal) throw new Error(`no ${prop} prop in:\n${code}`)
  return new Function(`return (${literal})`)()
}

describe('parseSelfStudyBlock', () => {
  it.each(['sh', 'sh {run}', 'yaml', 'mermaid', '', 'predictable', 'exercises'])('leaves a ```%s fence alone', (info) => {
    expect(parseSelfStudyBlock(info, PREDICT)).toBeUndefined()
  })

  it('reads a predict fence and an exercise fence', () => {
    expect(parseSelfStudyBlock('predict {for=ping-for-kill}', PREDICT)).toMatchObject({ kind: 'predict', prediction: { for: 'ping-for-kill', answer: ['137'] } })
    expect(parseSelfStudyBlock('exercise', EXERCISE)).toMatchObject({ kind: 'exercise', exercise: { id: 'echo-hi', solution: ['docker run alpine echo hi'] } })
  })

  it('fails with a message naming the slide, the field and the fence\'s first line', () => {
    expect(() => parseSelfStudyBlock('exercise', EXERCISE.replace('exitCode: 0', 'exitCode: -1'), 'slide 9 ("생명 주기")'))
      .toThrow('The ```exercise fence on slide 9 ("생명 주기") is not valid: check[0].container.exitCode: Too small: expected number to be >=0. (The fence begins: "id: echo-hi".) See lib/self-study/exercise.ts for the form.')
    expect(() => parseSelfStudyBlock('predict', PREDICT, 'slide 4')).toThrow(/```predict fence on slide 4 is not valid: for: /)
  })
})

describe('slideName', () => {
  it('names a slide by number and title, or its first heading', () => {
    expect(slideName({ index: 8, title: '생명 주기' })).toBe('slide 9 ("생명 주기")')
    expect(slideName({ index: 2, content: '\n# docker ps\n\ntext' })).toBe('slide 3 ("docker ps")')
    expect(slideName(null)).toBe('a slide')
  })
})

describe('selfStudyBlockHtml', () => {
  it('renders nothing for a prediction: its run block asks it', () => {
    const block = parseSelfStudyBlock('predict {for=ping-for-kill}', PREDICT)!
    expect(block.kind).toBe('predict')
    expect(selfStudyBlockHtml(block)).toBe('')
  })

  it('hands <Exercise> the validated exercise', () => {
    const block = parseSelfStudyBlock('exercise', EXERCISE)!
    expect(propsOf(selfStudyBlockHtml(block), 'exercise')).toEqual(block.kind === 'exercise' && block.exercise)
  })
})

describe('the codeblocks transformer', () => {
  async function transform(info: string, code: string, slide: { index: number; title?: string } | null = { index: 4, title: '목록' }) {
    const setup = await transformersSetup()
    const renderHighlighted = vi.fn(async () => '<pre/>')
    const [transformer] = setup.codeblocks ?? []
    if (!transformer) throw new Error('setup/transformers.ts registers no codeblock transformer')
    const html = await transformer({ info, code, slide, fence: 3, renderHighlighted } as unknown as CodeblockTransformContext)
    return { html, renderHighlighted }
  }

  it('checks a predict fence and puts nothing in its place (Slidev keeps an empty result, so no code block appears)', async () => {
    const { html, renderHighlighted } = await transform('predict {for=ping-for-kill}', PREDICT)
    expect(html).toBe('')
    expect(renderHighlighted).not.toHaveBeenCalled()
  })

  it('turns an exercise fence into <Exercise>', async () => {
    expect((await transform('exercise', EXERCISE)).html).toMatch(/^<Exercise :exercise=/)
  })

  it('still turns run fences into <Run>', async () => {
    expect((await transform('sh {run}', 'docker ps')).html).toMatch(/^<Run line="docker ps"/)
  })

  it('fails the build on a malformed fence, naming the slide', async () => {
    await expect(transform('exercise', 'id: x\n', { index: 4, title: '목록' })).rejects.toThrow(/fence on slide 5 \("목록"\) is not valid: section: /)
  })
})

describe('the deck inventory', () => {
  let dir: string | undefined
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
    dir = undefined
  })

  const deck = [
    '---', 'title: t', '---', '', '# one', '',
    '```predict {for=docker-ps-mh002q}', 'section: list', 'question: q', 'answer: a', 'why: w', '```', '',
    '---', '', '# two', '', '```exercise', EXERCISE.trimEnd(), '```', '',
    '<!--', '```exercise', 'not: shown', '```', '-->',
  ].join('\n')

  it('finds the fences Slidev renders, with their slide numbers, grouped into sections', () => {
    const inventory = deckSelfStudy('/deck/slides.md', deck)
    expect(inventory.sections).toEqual([{ id: 'list', title: 'list' }, { id: 'run', title: '실행' }])
    expect(inventory.predictions.map((p) => [p.id, p.slide])).toEqual([['docker-ps-mh002q', 1]])
    expect(inventory.exercises.map((e) => [e.id, e.slide])).toEqual([['echo-hi', 2]])
  })

  it('fails on a malformed fence, naming its slide', () => {
    expect(() => deckSelfStudy('/deck/slides.md', deck.replace('answer: a', 'answer: [a, {x: 1}]'))).toThrow(/fence on slide 1 \("t"\) is not valid: answer\[1\]: expected text or a number/)
  })

  it('is served as a virtual module from the deck file, which it watches', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'self-study-'))
    const file = path.join(dir, 'slides.md')
    writeFileSync(file, deck)
    const plugin = selfStudyInventory(file)
    const resolveId = plugin.resolveId as (source: string) => string | undefined
    const load = plugin.load as (this: { addWatchFile(file: string): void }, id: string) => string | undefined
    const resolved = resolveId(INVENTORY_MODULE)!
    expect(resolveId('vue')).toBeUndefined()
    const watched: string[] = []
    const code = load.call({ addWatchFile: (f) => watched.push(f) }, resolved)!
    expect(watched).toEqual([file])
    const inventory = JSON.parse(code.replace(/^export default /, '').trim())
    expect(inventory.exercises[0].id).toBe('echo-hi')
    expect(load.call({ addWatchFile: () => {} }, 'other')).toBeUndefined()
  })
})

describe('exerciseSolutionBlocks', () => {
  it('gives the recorder one block per solution line, keyed as Exercise.vue shows it', async () => {
    const { exerciseSolutionBlocks } = await import('../../scripts/recording/exercise-blocks.ts')
    const inventory = deckSelfStudy('/deck/slides.md', ['# one', '', '```exercise', EXERCISE.replace('solution: docker run alpine echo hi', 'solution: [docker run alpine echo hi, docker ps -a]').trimEnd(), '```'].join('\n'))
    expect(exerciseSolutionBlocks(inventory)).toEqual([
      { info: 'sh', line: 'docker run alpine echo hi', key: 'ex--echo-hi--solution-1', record: {}, slide: 1 },
      { info: 'sh', line: 'docker ps -a', key: 'ex--echo-hi--solution-2', record: {}, slide: 1 },
    ])
  })
})
