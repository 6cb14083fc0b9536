// The PDF: exported with the system Chromium (nothing runs during export) and
// read back with pdftotext. It holds the chapter's Korean headings and the
// recorded output of the key blocks, one page per slide; each section's
// exercise with its two hints and its reference solution, and the section's predictions with
// their answers, at the section's end.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deckSlideCount } from '../support/deck-blocks.ts'
import { deckSelfStudy } from '../../setup/self-study-inventory.ts'

describe('npm run export', () => {
  const root = path.resolve(import.meta.dirname, '../..')
  let dir: string
  let text: string
  let flat: string
  /** The text in the order Chromium drew it (a two-column part reads column by column), white space removed. */
  let drawn: string
  let pages: number

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'deck-pdf-'))
    const pdf = path.join(dir, 'deck.pdf')
    await execa('npx', ['tsx', 'scripts/bin/export.ts', '--output', pdf], { cwd: root })
    text = (await execa('pdftotext', ['-layout', pdf, '-'])).stdout
    // Layout spreads words of a heading and wraps long output lines: compare with white space folded.
    flat = text.replace(/\s+/g, ' ')
    drawn = (await execa('pdftotext', ['-raw', pdf, '-'])).stdout.replace(/\s+/g, '')
    pages = Number(/Pages:\s+(\d+)/.exec((await execa('pdfinfo', [pdf])).stdout)?.[1])
  }, 240_000)

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

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
