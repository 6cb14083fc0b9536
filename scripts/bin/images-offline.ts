// `npm run images:offline [-- --rebuild]`: makes sure an engine runs and the
// chapter's images exist, building labelled offline stand-ins for missing ones.
// Real images are never replaced; --rebuild rebuilds only existing stand-ins.
import { ensureEngine } from '../engine-setup/ensure-engine.ts'
import { ensureChapterImages } from '../engine-setup/stand-in-images.ts'

const known = new Set(['--rebuild'])
const unknown = process.argv.slice(2).filter((arg) => !known.has(arg))
if (unknown.length > 0) {
  console.error(`images:offline: unknown argument ${unknown.join(' ')}; the only option is --rebuild (rebuild existing stand-ins).`)
  process.exit(2)
}

const log = (line: string) => console.log(`  ${line}`)

try {
  const engine = await ensureEngine({ log })
  console.log(`Docker engine ${engine.version} (${engine.action})`)
  const images = await ensureChapterImages({ log, rebuildStandIns: process.argv.includes('--rebuild') })
  console.log('')
  for (const { image, kind, action, id, sizeBytes, ms } of images) {
    const what = kind === 'stand-in' ? 'offline stand-in' : 'real image'
    const time = action === 'kept' ? '' : ` in ${(ms / 1000).toFixed(1)} s`
    const size = `${(sizeBytes / 1e6).toFixed(1)} MB`
    console.log(`${image.padEnd(12)} ${what.padEnd(17)} ${action}${time}  ${size}  ${id.slice(7, 19)}`)
  }
} catch (error) {
  console.error(`images:offline failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
