// Before the engine tests: a reachable engine and the chapter's images (it
// installs and starts Debian's engine when run as root on a fresh machine),
// and an sshd to reach it through (Debian's openssh-server).
// After them: the run fails if any deck-labelled container is left behind.
import { existsSync } from 'node:fs'
import { execa } from 'execa'
import { aptInstall, canProvision } from '../../scripts/engine-setup/debian-host.ts'
import { ensureEngine } from '../../scripts/engine-setup/ensure-engine.ts'
import { ensureChapterImages } from '../../scripts/engine-setup/stand-in-images.ts'
import { OWNED_FILTER } from '../../lib/labels.ts'

const log = (line: string) => console.log(`[engine setup] ${line}`)

/** The sshd that any-engine.test.ts runs on loopback, as a lab server's. */
export const SSHD = '/usr/sbin/sshd'

export async function setup(): Promise<void> {
  await ensureEngine({ log })
  await ensureChapterImages({ log })
  // Reaching the engine over ssh:// needs a server; a fresh Debian machine has the client only.
  if (!existsSync(SSHD) && canProvision()) await aptInstall(['openssh-server'], { log })
}

export async function teardown(): Promise<void> {
  const { stdout } = await execa('docker', ['ps', '-a', '--filter', OWNED_FILTER, '--format', '{{.ID}} {{.Image}} {{.Status}}'])
  if (stdout.trim()) {
    throw new Error(`Deck-labelled containers were left behind by the engine tests:\n${stdout}\nEvery test must remove what it created.`)
  }
}
