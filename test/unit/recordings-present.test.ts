// Every runnable block of the deck has a committed recording that parses, so
// the static build and the PDF never show an empty block.
import { describe, expect, it } from 'vitest'
import { recordedBlocks } from '../../scripts/recording/recorded-blocks.ts'
import { castOutput } from '../../lib/asciicast.ts'
import { loadRecording } from '../../scripts/recording/recording-files.ts'

describe('recordings/', () => {
  const blocks = recordedBlocks()

  it.each(blocks.map((block) => [`slide ${block.slide}: ${block.line}`, block] as const))('holds a recording of %s', (_, block) => {
    const recording = loadRecording(block.key)
    expect(recording, `Run \`npm run record\`: block ${block.key} has no recordings/${block.key}.cast`).toBeDefined()
    expect(recording!.meta.line).toBe(block.line)
    expect(recording!.cast.header.title).toBe(block.line)
    if (recording!.meta.refused) expect(castOutput(recording!.cast)).toBe('')
    else expect(recording!.meta.exit, `the recording of ${block.line} has no end`).toBeDefined()
  })

  it('records the chapter\'s key outputs', () => {
    const output = (line: string) => {
      const block = blocks.find((b) => b.line === line)!
      return castOutput(loadRecording(block.key)!.cast)
    }
    expect(output('docker run hello-world')).toContain('Hello from Docker!')
    expect(output('docker run alpine ls')).toMatch(/^bin\ndev\netc\n/m)
    expect(output('docker run hello-world ls')).toContain('executable file not found')
  })
})
