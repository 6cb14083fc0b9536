// The deck's `docker events` stream against a stand-in `docker` script: the
// arguments it is started with, the events it passes on, and the reason it
// gives when it ends (the CLI's own words, or a plain one).
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { LifecycleEvent } from '../../lib/protocol.ts'
import { DockerCli } from '../../runner/docker/docker-cli.ts'
import { dockerEventStream } from '../../runner/engine/event-stream.ts'

const ID = 'f'.repeat(64)
const LINE = `{"Type":"container","Action":"start","Actor":{"ID":"${ID}","Attributes":{"name":"deck-redis","image":"redis"}},"timeNano":1700000000123456789}`

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

/** A `docker` that writes its arguments to a file, then runs `body`. */
function standIn(body: string): { cli: DockerCli; args: () => string[] } {
  dir = mkdtempSync(path.join(tmpdir(), 'event-stream-'))
  const script = path.join(dir, 'docker')
  const argsFile = path.join(dir, 'args')
  writeFileSync(script, `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > '${argsFile}'\n${body}\n`)
  chmodSync(script, 0o755)
  return { cli: new DockerCli(script, {}), args: () => readFileSync(argsFile, 'utf8').trimEnd().split('\n') }
}

describe('dockerEventStream', () => {
  it('follows the deck\'s container events from the one after the last seen', async () => {
    const { cli, args } = standIn('exit 0')
    const stream = dockerEventStream(cli)('1700000000123456789', () => {})
    await stream.ended
    expect(args()).toEqual(['events', '--format', '{{json .}}', '--filter', 'type=container', '--filter', 'label=docker-live-deck.owned=true', '--since', '1700000000.123456789'])
  })

  it('passes on the container events and skips other lines', async () => {
    const { cli } = standIn(`echo 'not json'\necho '${LINE}'\necho '{"Type":"network","Action":"connect"}'`)
    const events: LifecycleEvent[] = []
    const stream = dockerEventStream(cli)(undefined, (event) => events.push(event))
    await stream.ended
    await new Promise<void>((resolve) => setImmediate(resolve))
    expect(events).toEqual([{ containerId: ID, action: 'start', timeNano: '1700000000123456789', name: 'deck-redis', image: 'redis' }])
  })

  it('ends with what the CLI said when the engine went away', async () => {
    const { cli } = standIn('echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock." >&2\nexit 1')
    await expect(dockerEventStream(cli)(undefined, () => {}).ended).resolves.toBe('Cannot connect to the Docker daemon at unix:///var/run/docker.sock.')
  })

  it('ends with a plain reason when the CLI said nothing, also when killed', async () => {
    const { cli } = standIn('exec sleep 30')
    const stream = dockerEventStream(cli)(undefined, () => {})
    stream.kill()
    await expect(stream.ended).resolves.toBe('docker events ended')
  })
})
