// The English edition (slides.en.md) keeps in step with the Korean deck
// (slides.md): the same slides, blocks, predictions, exercises and sections,
// and each English slide written from the Korean slide as it is now. The
// drift cases are made in memory from the real files, so each message the
// parity check gives is shown to name the slide to fix.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EDITION_PATHS, editionProblems, parityProblems, slideHash } from '../../setup/deck-editions.ts'
import { readDeck } from '../../setup/deck-source.ts'
import { withSourceHash } from '../../scripts/edition/source-hash.ts'

const koText = readFileSync(EDITION_PATHS.ko, 'utf8')
const enText = readFileSync(EDITION_PATHS.en, 'utf8')
const ko = (text = koText) => readDeck(EDITION_PATHS.ko, text)
const en = (text = enText) => readDeck(EDITION_PATHS.en, text)

/** `text` with its first occurrence of `from` replaced, failing when there is none (so a case cannot pass on a stale string). */
function edited(text: string, from: string, to: string): string {
  expect(text, `the deck has ${JSON.stringify(from)}`).toContain(from)
  return text.replace(from, to)
}

describe('the two editions', () => {
  it('agree: same slides, blocks, predictions, exercises and sections, each English slide written from its Korean slide as it is', () => {
    expect(editionProblems()).toEqual([])
    expect(en()).toHaveLength(ko().length)
  })

  it('share every run block, so one recording serves both', () => {
    const commands = (slides: ReturnType<typeof ko>) => slides.flatMap((slide) => slide.fences.filter((fence) => /^sh\b/.test(fence.info)).map((fence) => `${fence.info}\n${fence.content}`))
    expect(commands(en())).toEqual(commands(ko()))
    expect(commands(ko()).length).toBeGreaterThan(40)
  })

  it('says the English is the English edition, and the Korean is not', () => {
    expect(en()[0]!.frontmatter.edition).toBe('en')
    expect(ko()[0]!.frontmatter.edition).toBeUndefined()
  })
})

describe('when they drift, the check names the English slide to fix', () => {
  const exitTable = ko().find((slide) => slide.content.includes('| 143 |'))!

  it('a changed Korean slide: names the English slide written from its older text, and the command that records the new one', () => {
    const changed = edited(koText, '| 143 | = 128 + 15', '| 143 | = 128 + 15 (SIGTERM)')
    expect(parityProblems(ko(changed), en())).toEqual([
      `English slide ${exitTable.no} ("${en()[exitTable.index]!.title}") was written from an older Korean slide ${exitTable.no} ("${exitTable.title}"): bring it up to date, then run npm run edition:sync -- ${exitTable.no}.`,
    ])
  })

  it('a command changed on one side only', () => {
    const changed = edited(enText, '```sh {run}\ndocker run hello-world\n```', '```sh {run}\ndocker run  hello-world\n```')
    expect(parityProblems(ko(), en(changed)).join('\n')).toMatch(/English slide \d+ .*block 1: its commands or output differ/)
  })

  it('a prediction whose answer is another choice', () => {
    const question = ko().flatMap((slide) => slide.fences.filter((fence) => fence.info.startsWith('predict')).map((fence) => ({ slide, fence }))).find(({ fence }) => /choices:/.test(fence.content))!
    const enFence = en()[question.slide.index]!.fences.find((fence) => fence.info === question.fence.info)!
    const answer = /^answer: (.*)$/m.exec(enFence.content)![1]!
    const otherChoice = /^ {2}- (.*)$/m.exec(enFence.content)![1]!
    expect(otherChoice, 'the first choice is not already the answer').not.toBe(answer)
    const changed = edited(enText, `answer: ${answer}`, `answer: ${otherChoice}`)
    expect(parityProblems(ko(), en(changed)).join('\n')).toMatch(new RegExp(`English slide ${question.slide.no} .*the prediction's answer is not the Korean's`))
  })

  it('an exercise whose check differs (its hint texts may differ, its expectations may not)', () => {
    const changed = edited(enText, 'exitCodes: [0, 1, 125, 126, 127, 137, 143]', 'exitCodes: [0, 1, 125, 126, 127, 137]')
    expect(parityProblems(ko(), en(changed)).join('\n')).toMatch(/the exercise's check differs from the Korean/)
  })

  it('Korean words left in the English slides, outside their command blocks', () => {
    const changed = edited(enText, '# Working with containers', '# 도커 컨테이너 다루기')
    expect(parityProblems(ko(), en(changed))).toEqual([expect.stringMatching(/^English slide 1 .*Korean words outside its command blocks: # 도커 컨테이너 다루기/)])
  })

  it('a slide added on one side, and a slide that records no Korean slide', () => {
    const added = `${enText}\n---\n\n# One more\n`
    const problems = parityProblems(ko(), en(added))
    expect(problems[0]).toMatch(/slides\.en\.md has \d+ slides and slides\.md \d+/)
    // The first recorded hash is the headmatter's, slide 1's.
    const unrecorded = enText.replace(/^ko: "[0-9a-f]+"\n/m, '')
    expect(parityProblems(ko(), en(unrecorded)).join('\n')).toMatch(/English slide 1 .*records no Korean slide/)
  })
})

describe('edition:sync records a Korean slide\'s hash in the English slide', () => {
  const plain = '---\ntitle: t\n---\n\n# One\n\n---\n\n# Two\n\n---\nlayout: section\n---\n\n# Three\n'

  it('in a slide without frontmatter (giving it one), in a slide with frontmatter, and in the headmatter, leaving the rest as it was', () => {
    let text = withSourceHash(plain, '/deck/slides.en.md', 2, 'aaaa')
    text = withSourceHash(text, '/deck/slides.en.md', 3, 'bbbb')
    text = withSourceHash(text, '/deck/slides.en.md', 1, 'cccc')
    expect(text).toBe('---\nko: "cccc"\ntitle: t\n---\n\n# One\n\n---\nko: "aaaa"\n---\n\n# Two\n\n---\nko: "bbbb"\nlayout: section\n---\n\n# Three\n')
    expect(readDeck('/deck/slides.en.md', text).map((slide) => slide.frontmatter.ko)).toEqual(['cccc', 'aaaa', 'bbbb'])
  })

  it('replaces a hash recorded before, and keeps a hash that reads like a number a string', () => {
    const once = withSourceHash(plain, '/deck/slides.en.md', 2, 'aaaa')
    const twice = withSourceHash(once, '/deck/slides.en.md', 2, '21e0464874')
    expect(twice).toBe(once.replace('ko: "aaaa"', 'ko: "21e0464874"'))
    expect(readDeck('/deck/slides.en.md', twice)[1]!.frontmatter.ko).toBe('21e0464874')
  })

  it('hashes a Korean slide by what it says: its notes count, its own recorded hash does not', () => {
    const [a] = readDeck('/deck/slides.md', '---\ntitle: t\n---\n\n# One\n\n<!--\nnote\n-->\n')
    const [b] = readDeck('/deck/slides.md', '---\ntitle: t\n---\n\n# One\n\n<!--\nanother note\n-->\n')
    const [c] = readDeck('/deck/slides.md', '---\ntitle: t\nko: "x"\n---\n\n# One\n\n<!--\nnote\n-->\n')
    expect(slideHash(a!)).not.toBe(slideHash(b!))
    expect(slideHash(c!)).toBe(slideHash(a!))
  })
})
