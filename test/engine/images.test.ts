// The chapter's images on the real engine behave as the chapter says, whether
// they are the real images or the offline stand-ins from `npm run images:offline`.
import { afterAll, describe, expect, it } from 'vitest'
import { execa } from 'execa'
import { CHAPTER_IMAGES, OWNED_LABEL, STAND_IN_LABEL } from '../../lib/labels.ts'

const OWNED = ['--label', `${OWNED_LABEL}=true`]
const created: string[] = []
const docker = (args: string[]) => execa('docker', args, { reject: false, stdin: 'ignore', timeout: 60_000 })

interface ImageInfo {
  RepoDigests: string[]
  Config: { Cmd: string[] | null; Labels: Record<string, string> | null }
}

async function inspect(image: string): Promise<ImageInfo> {
  const result = await docker(['image', 'inspect', '--format', '{{json .}}', image])
  expect(result.exitCode, `${image} is missing; run \`npm run images:offline\`\n${result.stderr}`).toBe(0)
  return JSON.parse(result.stdout) as ImageInfo
}

afterAll(async () => {
  if (created.length > 0) await docker(['rm', '-f', ...created])
})

describe('the chapter images', () => {
  it.each(CHAPTER_IMAGES)('%s is present, and is either a labelled stand-in or a real pulled image', async (image) => {
    const info = await inspect(image)
    const labels = info.Config.Labels ?? {}
    if (labels[STAND_IN_LABEL] !== undefined) {
      expect(labels[STAND_IN_LABEL]).toBe('true')
      expect(labels['org.opencontainers.image.description']).toMatch(/offline stand-in/i)
      expect(info.RepoDigests).toEqual([]) // never came from a registry
    } else {
      expect(info.RepoDigests.length, `${image} has no stand-in label, so it must be a pulled image`).toBeGreaterThan(0)
      expect(info.RepoDigests.every((digest) => digest.includes('@sha256:'))).toBe(true)
    }
  })
})

describe('docker run hello-world', () => {
  it('prints the greeting and the four steps', async () => {
    const result = await docker(['run', '--rm', ...OWNED, 'hello-world'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('Hello from Docker!')
    expect(result.stdout).toContain('This message shows that your installation appears to be working correctly.')
    expect(result.stdout).toMatch(/ 1\. The Docker client contacted the Docker daemon\.\n 2\. .*\n[\s\S]* 3\. [\s\S]* 4\. /)
  })

  it('fails with "executable file not found" when asked to run ls', async () => {
    const result = await docker(['run', '--rm', ...OWNED, 'hello-world', 'ls'])
    expect(result.exitCode).toBe(127)
    expect(result.stderr).toContain('executable file not found')
    expect(result.stderr).toContain('"ls"')
  })
})

describe('docker run alpine', () => {
  it('lists the usual top-level directories with ls', async () => {
    const result = await docker(['run', '--rm', ...OWNED, 'alpine', 'ls'])
    expect(result.exitCode).toBe(0)
    const entries = result.stdout.split('\n')
    for (const dir of ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'tmp', 'usr', 'var']) expect(entries).toContain(dir)
  })

  it('pings localhost', async () => {
    const result = await docker(['run', '--rm', ...OWNED, 'alpine', 'ping', '-c', '2', '-i', '0.2', 'localhost'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/2 packets transmitted, 2 (packets )?received/)
  })
})

describe('docker run redis', () => {
  it('becomes ready and answers redis-cli ping with PONG', async () => {
    const run = await docker(['run', '-d', ...OWNED, 'redis'])
    expect(run.exitCode, run.stderr).toBe(0)
    const id = run.stdout.trim()
    created.push(id)
    await expect.poll(async () => (await docker(['logs', id])).stdout, { timeout: 15_000, interval: 100 })
      .toContain('Ready to accept connections')
    const ping = await docker(['exec', id, 'redis-cli', 'ping'])
    expect(ping.stdout.trim()).toBe('PONG')
  })
})
