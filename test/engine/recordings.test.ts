// The committed recordings are honest: the deck is recorded again on the real
// engine and compared block by block, after normalising what varies between
// runs (IDs, names, times, durations, sizes). A stale or hand-edited
// recording fails here, naming the block and what changed.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordAllPasses, recordedBlocks } from '../../scripts/recording/recorded-blocks.ts'
import { compareRecordings } from '../../scripts/recording/compare.ts'
import { loadRecording, saveRecordings } from '../../scripts/recording/recording-files.ts'
import type { RunnerClient } from '../../lib/client/client.ts'
import type { Runner } from '../../runner/start-runner.ts'
import { connectClient, testRunner } from '../support/connect.ts'
import { CHAPTER_IMAGES } from '../../lib/labels.ts'
import { imageKind } from '../../scripts/engine-setup/stand-in-images.ts'

describe('the committed recordings', () => {
  const blocks = recordedBlocks()
  let runner: Runner
  let client: RunnerClient
  let fresh: string

  beforeAll(async () => {
    runner = await testRunner()
    client = await connectClient(runner)
    fresh = mkdtempSync(path.join(tmpdir(), 'deck-recordings-'))
    const kinds = await Promise.all(CHAPTER_IMAGES.map(async (image) => ({ image, kind: (await imageKind(image))?.kind })))
    const standIns = kinds.filter(({ kind }) => kind === 'stand-in').map(({ image }) => image)
    saveRecordings(await recordAllPasses(client, { standIns }), fresh)
  }, 420_000)

  afterAll(async () => {
    client?.close()
    await runner?.close()
    rmSync(fresh, { recursive: true, force: true })
  })

  it('match a fresh recording of every block on this engine', () => {
    const differences = compareRecordings(blocks, (key) => loadRecording(key), (key) => loadRecording(key, fresh))
    const report = differences.map((d) => `slide ${d.slide}, block ${d.key} (\`${d.line}\`): ${d.what} changed\n  committed: ${JSON.stringify(d.committed)}\n  fresh:     ${JSON.stringify(d.fresh)}`)
    expect(report, `Recordings are stale or were edited; run \`npm run record\` and commit recordings/.\n${report.join('\n')}`).toEqual([])
  })

  it('cover every block, and a fresh recording of each block ends the way the committed one does', () => {
    for (const block of blocks) {
      const committed = loadRecording(block.key)
      expect(committed, `no recording for slide ${block.slide} \`${block.line}\``).toBeDefined()
      expect(loadRecording(block.key, fresh)?.meta.exit?.code).toBe(committed!.meta.exit?.code)
    }
  })
})
