// The PDF: exported with the system Chromium (nothing runs during export) and
// read back with pdftotext. It holds the chapter's Korean headings and the
// recorded output of the key blocks, one page per slide.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseSync } from '@slidev/parser'
import { readFileSync } from 'node:fs'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SLIDES_PATH } from '../../scripts/recording/deck-blocks.ts'

describe('npm run export', () => {
  const root = path.resolve(import.meta.dirname, '../..')
  let dir: string
  let text: string
  let pages: number

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'deck-pdf-'))
    const pdf = path.join(dir, 'deck.pdf')
    await execa('npx', ['tsx', 'scripts/bin/export.ts', '--output', pdf], { cwd: root })
    text = (await execa('pdftotext', ['-layout', pdf, '-'])).stdout
    pages = Number(/Pages:\s+(\d+)/.exec((await execa('pdfinfo', [pdf])).stdout)?.[1])
  }, 240_000)

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('has one page per slide', () => {
    expect(pages).toBe(parseSync(readFileSync(SLIDES_PATH, 'utf8'), SLIDES_PATH).slides.length)
  })

  it.each(['도커 컨테이너 다루기', '작동 순서', '이미지 내부 파일 시스템 구조 보기', '컨테이너들 나열하기', '도커 컨테이너의 생명 주기', '컨테이너 삭제하기', '레디스를 이용한 컨테이너 이해'])('renders the Korean heading %s as text', (heading) => {
    expect(text).toContain(heading)
  })

  it('holds the recorded output of docker run hello-world, docker run alpine ls and docker ps -a', () => {
    expect(text).toContain('Hello from Docker!')
    expect(text).toMatch(/^\s*bin\s*$/m)
    expect(text).toMatch(/^\s*etc\s*$/m)
    expect(text).toMatch(/CONTAINER ID\s+IMAGE/)
  })

  it('marks the output as recorded', () => {
    expect(text).toContain('recorded')
  })
})
