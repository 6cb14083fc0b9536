// `npm run doctor`: checks what presenting live needs and says what to do about
// each gap. Exit 0 when the deck can run live, 1 otherwise.
import { execa } from 'execa'
import { CHAPTER_IMAGES } from '../../lib/labels.ts'
import { findChromium } from '../browser/chromium.ts'
import { canProvision } from '../engine-setup/debian-host.ts'
import { dockerTry } from '../../runner/docker/docker-commands.ts'
import { findOnPath } from '../../runner/docker/system-path.ts'
import { DockerCli } from '../../runner/docker/docker-cli.ts'
import { describeEndpoint, readEndpoint, unsafeEndpoint } from '../../runner/docker/engine-endpoint.ts'
import { engineVersion, hostAdvice, startEngineHint } from '../engine-setup/ensure-engine.ts'
import { imageKind } from '../engine-setup/stand-in-images.ts'
import { nodeSupport } from '../node-versions/node-support.ts'

interface Check {
  title: string
  ok: boolean
  detail: string
  /** Optional checks (tests, PDF export) do not change the exit code. */
  optional?: boolean
  /** Works, but worth acting on (an end-of-life Node.js): marked `!`, exit code unchanged. */
  warning?: boolean
}

const checks: Check[] = []
const add = (check: Check) => {
  checks.push(check)
  const mark = check.ok ? (check.warning ? '!' : '✓') : check.optional ? '○' : '✗'
  console.log(`${mark} ${check.title}: ${check.detail}`)
}

const advice = hostAdvice()
const node = nodeSupport(process.versions.node)
add({ title: 'Node.js', ok: node.supported, warning: node.warning, detail: node.detail })

const client = findOnPath('docker')
const clientVersion = client ? (await dockerTry(['version', '--format', '{{.Client.Version}}'], { timeoutMs: 10_000 })).stdout.trim() : ''
add({
  title: 'docker client',
  ok: Boolean(client),
  detail: client ? `${client} (${clientVersion || 'version unknown'})` : `not on PATH → ${advice.installDocker}`,
})

const server = await engineVersion()
const provisionHint = canProvision() ? '`npm run images:offline` installs and starts it here (root on Debian)' : startEngineHint()
add({ title: 'Docker engine', ok: Boolean(server), detail: server ? `reachable, server ${server}` : `not reachable → ${provisionHint}` })
// Read as the runner reads it: the same CLI and the same environment.
const endpoint = client ? await readEndpoint(new DockerCli(client), Boolean(server)) : undefined
if (endpoint) {
  const unsafe = unsafeEndpoint(endpoint)
  add({ title: 'how the deck reaches it', ok: !unsafe, warning: endpoint.remote, detail: unsafe ? `refused → ${unsafe}` : describeEndpoint(endpoint) })
}

for (const image of CHAPTER_IMAGES) {
  if (!server) {
    add({ title: `image ${image}`, ok: false, detail: 'unknown (no engine) → start the engine, then run `npm run images:offline`' })
    continue
  }
  let present = await imageKind(image)
  let pulled = false
  if (!present) {
    pulled = (await dockerTry(['pull', `${image}:latest`], { timeoutMs: 20_000 })).exitCode === 0
    present = pulled ? await imageKind(image) : undefined
  }
  const what = present?.kind === 'stand-in' ? 'offline stand-in (labelled)' : 'real image'
  add({
    title: `image ${image}`,
    ok: Boolean(present),
    detail: present ? `${what}${pulled ? ', pulled now' : ''}` : 'missing and no registry answered → run `npm run images:offline`',
  })
}

try {
  const pty = await import('node-pty')
  add({ title: 'node-pty', ok: typeof pty.spawn === 'function', detail: 'loads (terminals for `docker exec -it`)' })
} catch (error) {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
  add({ title: 'node-pty', ok: false, detail: `does not load (${reason}) → ${advice.buildTools}` })
}

const chromium = findChromium()
const chromiumVersion = chromium ? (await execa(chromium, ['--version'], { reject: false, timeout: 15_000 })).stdout.trim() : ''
add({
  title: 'Chromium',
  ok: Boolean(chromium),
  optional: true,
  detail: chromium
    ? `${chromium} (${chromiumVersion || 'version unknown'}), for browser tests and PDF export`
    : `none found; only browser tests and PDF export need it → ${advice.chromium}`,
})

const failed = checks.filter((check) => !check.ok && !check.optional)
console.log(failed.length === 0 ? '\nReady to present live.' : `\nNot ready to present live: fix ${failed.map((check) => check.title).join(', ')}.`)
process.exitCode = failed.length === 0 ? 0 : 1
