// What the runner asks docker when it cleans up: only the deck's containers
// (with their anonymous volumes), and for a stopped exec, the process it
// started inside the container, in either spelling of the command.
import { describe, expect, it } from 'vitest'
import type { DockerCli } from '../../runner/docker/docker-cli.ts'
import { endExecProcess, removeDeckContainers } from '../../runner/execution/cleanup.ts'

function recordingCli(listed = ''): { cli: DockerCli; calls: string[][] } {
  const calls: string[][] = []
  const cli = {
    async run(args: readonly string[]) {
      calls.push([...args])
      return { exitCode: 0, stdout: args[0] === 'ps' ? listed : '', stderr: '' }
    },
    async text(args: readonly string[]) {
      calls.push([...args])
      return args[0] === 'ps' ? listed : ''
    },
  } as unknown as DockerCli
  return { cli, calls }
}

describe('endExecProcess', () => {
  it.each([
    [['exec', '-it', 'abc123', 'sh']],
    [['container', 'exec', '-it', 'abc123', 'sh']],
    [['exec', '-e', 'A=1', 'abc123', 'redis-cli', 'ping']],
  ])('ends the process a stopped `docker %j` started, inside the container it named', async (argv) => {
    const { cli, calls } = recordingCli()
    await endExecProcess(cli, argv)
    expect(calls).toHaveLength(1)
    const [call] = calls
    expect(call!.slice(0, 4)).toEqual(['exec', 'abc123', 'sh', '-c'])
    expect(call!.slice(5)).toEqual(['sh', ...argv.slice(argv.indexOf('abc123') + 1)])
  })
})

describe('removeDeckContainers', () => {
  it('force-removes the labelled containers with their anonymous volumes, and only those', async () => {
    const { cli, calls } = recordingCli('aaaaaaaaaaaa1111\nbbbbbbbbbbbb2222\n')
    expect(await removeDeckContainers(cli)).toEqual(['aaaaaaaaaaaa', 'bbbbbbbbbbbb'])
    expect(calls[0]).toEqual(['ps', '-a', '-q', '--no-trunc', '--filter', 'label=docker-live-deck.owned=true'])
    expect(calls[1]).toEqual(['rm', '-f', '-v', 'aaaaaaaaaaaa1111', 'bbbbbbbbbbbb2222'])
  })
})
