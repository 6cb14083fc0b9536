// The PDF: exported with the system Chromium (nothing runs during export) and
// read back with pdftotext. It holds the chapter's Korean headings and the
// recorded output of the key blocks, one page per slide; each section's
// exercise with its two hints and its reference solution, and the section's predictions with
// their answers, at the section's end. The English edition's PDF the same,
// in English throughout.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deckSlideCount } from '../support/deck-blocks.ts'
import { deckSelfStudy } from '../../setup/self-study-inventory.ts'
import { EDITION_PATHS } from '../../setup/deck-editions.ts'
import { readDeck } from '../../setup/deck-source.ts'

/** A PDF `npm run export` printed with `args`, read back: as laid out, folded, in drawing order, and its page count. */
interface ReadPdf {
  text: string
  /** Layout spreads words of a heading and wraps long output lines: compare with white space folded. */
  flat: string
  /** The text in the order Chromium drew it (a two-column part reads column by column), white space removed. */
  drawn: string
  pages: number
}

/** Exports the deck with `args` into a temporary folder and reads the PDF back; `cleanup` removes the folder. */
function exportedPdf(args: readonly string[]): { read: () => Promise<ReadPdf>; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'deck-pdf-'))
  const pdf = path.join(dir, 'deck.pdf')
  return {
    async read() {
      await execa('npx', ['tsx', 'scripts/bin/export.ts', ...args, '--output', pdf], { cwd: path.resolve(import.meta.dirname, '../..') })
      const text = (await execa('pdftotext', ['-layout', pdf, '-'])).stdout
      return {
        text,
        flat: text.replace(/\s+/g, ' '),
        drawn: (await execa('pdftotext', ['-raw', pdf, '-'])).stdout.replace(/\s+/g, ''),
        pages: Number(/Pages:\s+(\d+)/.exec((await execa('pdfinfo', [pdf])).stdout)?.[1]),
      }
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

describe('npm run export', () => {
  const pdf = exportedPdf([])
  let text: string
  let flat: string
  let drawn: string
  let pages: number

  beforeAll(async () => {
    ({ text, flat, drawn, pages } = await pdf.read())
  }, 240_000)

  afterAll(() => pdf.cleanup())

  it('has one page per slide', () => {
    expect(pages).toBe(deckSlideCount())
  })

  it.each(['도커 컨테이너 다루기', '작동 순서', '이미지 내부 파일 시스템 구조 보기', '컨테이너들 나열하기', '도커 컨테이너의 생명 주기', 'ping에 닿으면 곧바로 끝난다', '컨테이너 삭제하기', '레디스를 이용한 컨테이너 이해', '처리하는 서버', '종료 코드로 읽는 stop과 kill', '정리 1: 실행과 목록', '정리 2: 생명 주기, 지우기, exec'])('renders the Korean heading %s as text', (heading) => {
    expect(flat).toContain(heading)
  })

  it('holds the recorded output of the key blocks: hello-world, alpine ls, docker ps, the redis client\'s failure, prune\'s deleted list', () => {
    expect(text).toContain('Hello from Docker!')
    expect(text).toMatch(/^\s*bin\s*$/m)
    expect(text).toMatch(/^\s*etc\s*$/m)
    expect(text).toMatch(/CONTAINER ID\s+IMAGE/)
    expect(flat).toContain('Could not connect to Redis at 127.0.0.1:6379: Connection refused')
    expect(text).toContain('Deleted Containers:')
  })

  it('marks the output as recorded, in Korean', () => {
    expect(text).toContain('녹화된 출력')
  })

  it('is a document: no buttons, selectors, "running" or unanswered questions in print', () => {
    for (const word of ['▶ 실행', '■ 중지', '▶ 다시 보기', '⏭ 건너뛰기', '실행 중…', 'Replay', 'Skip', '1×', '예측 제출', '풀이와 비교하기', '다시 풀기']) expect(text, word).not.toContain(word)
  })

  const { predictions, exercises } = deckSelfStudy()

  it.each(exercises.map((exercise) => [exercise.id, exercise] as const))('prints exercise %s with both its hints and its reference solution', (_, exercise) => {
    expect(flat).toContain(exercise.title)
    // The hints sit beside the solution in print: read them in drawing order, without white space.
    for (const [i, hint] of exercise.hintSteps.entries()) expect(drawn, `힌트 ${i + 1}`).toContain(`힌트${i + 1}${hint.replace(/\s+/g, '')}`)
    for (const line of exercise.solution) expect(flat, line).toContain(line)
  })

  it.each(predictions.map((prediction) => [prediction.id, prediction] as const))('prints prediction %s with its answer and why at its section\'s end', (_, prediction) => {
    // pdftotext breaks long lines where the PDF wrapped them: compare without white space.
    const dense = text.replace(/\s+/g, '')
    expect(dense).toContain(`정답:${prediction.answer[0]}`.replace(/\s+/g, ''))
    expect(dense).toContain(prediction.why.replace(/\s+/g, '').slice(0, 24))
  })

  it('prints each section\'s answers once, after its exercise', () => {
    expect(flat.split('이 절의 예측 문제와 정답').length - 1).toBe(new Set(predictions.map((p) => p.section)).size)
  })
})

describe('npm run export, the English edition', () => {
  const { predictions, exercises } = deckSelfStudy(EDITION_PATHS.en)
  const pdf = exportedPdf(['--lang', 'en'])
  let text: string
  let flat: string
  let drawn: string
  let pages: number

  beforeAll(async () => {
    ({ text, flat, drawn, pages } = await pdf.read())
  }, 240_000)

  afterAll(() => pdf.cleanup())

  it('has one page per slide, as many as the Korean', () => {
    expect(pages).toBe(deckSlideCount())
  })

  it('is in English throughout: its headings, its recorded marker, and no Korean anywhere', () => {
    // Slide 1's title is the deck's (headmatter); from slide 2 on, each is its heading.
    // The typographer curls apostrophes on the page, and inline code gets space around it: compare without white space.
    const dense = (words: string) => words.replace(/’/g, "'").replace(/[`\s]/g, '')
    for (const slide of readDeck(EDITION_PATHS.en).slice(1).filter((s) => s.title)) expect(dense(flat), slide.title).toContain(dense(slide.title!))
    expect(text).toContain('recorded')
    expect(text.match(/.{0,30}[\uAC00-\uD7AF].{0,30}/)?.[0], 'Korean in the English PDF').toBeUndefined()
  })

  it('holds the same recordings as the Korean: hello-world, docker ps, the redis client\'s failure', () => {
    expect(text).toContain('Hello from Docker!')
    expect(text).toMatch(/CONTAINER ID\s+IMAGE/)
    expect(flat).toContain('Could not connect to Redis at 127.0.0.1:6379: Connection refused')
  })

  it.each(exercises.map((exercise) => [exercise.id, exercise] as const))('prints exercise %s with both its English hints and its reference solution', (_, exercise) => {
    expect(flat).toContain(exercise.title)
    for (const [i, hint] of exercise.hintSteps.entries()) expect(drawn, `Hint ${i + 1}`).toContain(`Hint${i + 1}${hint.replace(/\s+/g, '')}`)
    for (const line of exercise.solution) expect(flat, line).toContain(line)
  })

  it.each(predictions.map((prediction) => [prediction.id, prediction] as const))('prints prediction %s with its answer and why', (_, prediction) => {
    const dense = text.replace(/\s+/g, '')
    expect(dense).toContain(`Answer:${prediction.answer[0]}`.replace(/\s+/g, ''))
    expect(dense).toContain(prediction.why.replace(/\s+/g, '').slice(0, 24))
  })
})
