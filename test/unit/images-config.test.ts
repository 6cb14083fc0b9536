// Which images run, create and pull may name: docker's reference grammar,
// the deck's own list, and the lecturer's docker-live-deck.config.json.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, DEFAULT_CONFIG_PATH, loadDeckConfig } from '../../runner/policy/deck-config.ts'
import { DECK_IMAGES } from '../../runner/policy/image-allow-list.ts'
import { imageAllowed, parseImageName } from '../../runner/policy/image-names.ts'
import { planCommand } from '../../runner/policy/policy.ts'
import { fakeEngine, refusalOf } from './fake-engine.ts'

describe('parseImageName', () => {
  it.each([
    ['alpine', { repository: 'docker.io/library/alpine' }],
    ['alpine:3.20', { repository: 'docker.io/library/alpine', tag: '3.20' }],
    ['library/redis:7', { repository: 'docker.io/library/redis', tag: '7' }],
    ['docker.io/library/hello-world', { repository: 'docker.io/library/hello-world' }],
    ['index.docker.io/library/alpine', { repository: 'docker.io/library/alpine' }],
    ['docker-live-deck/rmi-demo:latest', { repository: 'docker.io/docker-live-deck/rmi-demo', tag: 'latest' }],
    ['ghcr.io/acme/app:1.0', { repository: 'ghcr.io/acme/app', tag: '1.0' }],
    ['localhost:5000/x', { repository: 'localhost:5000/x' }],
    // As docker reads it: a first component with capitals is a registry.
    ['UPPER/case', { repository: 'UPPER/case' }],
    [`alpine@sha256:${'a'.repeat(64)}`, { repository: 'docker.io/library/alpine', digest: `sha256:${'a'.repeat(64)}` }],
  ])('reads %s', (text, image) => {
    expect(parseImageName(text)).toEqual(image)
  })

  it.each(['', 'Alpine', 'alpine:', 'alpine:bad tag', 'alpine@sha256:abc', '-alpine', 'a//b', 'alpine:1:2', 'Registry/Upper', 'x'.repeat(256), 'ghcr.io:port/x'])('refuses %j', (text) => {
    expect(parseImageName(text)).toBeUndefined()
  })
})

describe('imageAllowed', () => {
  it.each([
    ['alpine', true], ['alpine:3.20', true], ['docker.io/library/alpine:latest', true], ['redis:7', true], ['hello-world', true],
    ['docker-live-deck/rmi-demo', true], ['docker-live-deck/rmi-demo:latest', true], ['docker-live-deck/rmi-demo:other', false],
    ['nginx', false], ['alpine2', false], ['evil.example/library/alpine', false], ['ghcr.io/library/redis', false], ['library/docker-live-deck/rmi-demo', false],
  ])('%s on the deck\'s list: %s', (image, allowed) => {
    expect(imageAllowed(image, DECK_IMAGES)).toBe(allowed)
  })

  it('honours a tag or digest on a lecturer\'s entry', () => {
    expect(imageAllowed('nginx:1.27', ['nginx:1.27'])).toBe(true)
    expect(imageAllowed('nginx', ['nginx:1.27'])).toBe(false)
    expect(imageAllowed(`nginx@sha256:${'b'.repeat(64)}`, [`nginx@sha256:${'b'.repeat(64)}`])).toBe(true)
    expect(imageAllowed('nginx:1.27', [`nginx@sha256:${'b'.repeat(64)}`])).toBe(false)
  })
})

describe('images in planCommand', () => {
  const plan = (line: string, images: string[] = []) => planCommand(line, 'run-1', fakeEngine(), { config: async () => ({ images }) })

  it.each(['docker run nginx', 'docker create ubuntu sh', 'docker pull some.registry/x', 'docker image pull evil.example/library/alpine', 'docker run 9c6f07244728'])('refuses %s with the list of the deck\'s images', async (line) => {
    const result = await refusalOf(plan(line))
    expect(result.code).toBe('image')
    expect(result.message).toContain('only the images it names (hello-world, alpine, redis, docker-live-deck/rmi-demo:latest)')
    expect(result.message).toContain('docker-live-deck.config.json')
  })

  it.each(['docker run', 'docker create --rm', 'docker pull'])('refuses %s without an image', async (line) => {
    const result = await refusalOf(plan(line))
    expect(result.code).toBe('image')
    expect(result.message).toContain('needs an image')
  })

  it('runs an image the lecturer added in the config', async () => {
    expect((await plan('docker run --rm nginx:1.27', ['nginx'])).argv.at(-1)).toBe('nginx:1.27')
    expect((await plan('docker pull ghcr.io/acme/app:1.0', ['ghcr.io/acme/app:1.0'])).argv).toEqual(['pull', 'ghcr.io/acme/app:1.0'])
    const refused = await refusalOf(plan('docker pull ghcr.io/acme/app:2.0', ['ghcr.io/acme/app:1.0']))
    expect(refused.message).toContain('ghcr.io/acme/app:1.0')
  })

  it('refuses docker pull --all-tags', async () => {
    expect(await refusalOf(plan('docker pull -a redis'))).toMatchObject({ code: 'denied-flag', subject: '--all-tags' })
  })

  it('reads the config only for commands that name an image', async () => {
    let reads = 0
    const config = async () => {
      reads++
      return { images: [] }
    }
    await planCommand('docker ps', 'run-1', fakeEngine(), { config })
    await planCommand('docker run alpine', 'run-1', fakeEngine(), { config })
    expect(reads).toBe(1)
  })

  it('turns a bad config into a refusal naming the file and field', async () => {
    const config = async () => {
      throw new ConfigError('docker-live-deck.config.json: images[0] must be an image name, but it is 42.', 'docker-live-deck.config.json', 'images[0]')
    }
    const result = await refusalOf(planCommand('docker run alpine', 'run-1', fakeEngine(), { config }))
    expect(result).toMatchObject({ code: 'config', subject: 'docker-live-deck.config.json' })
    expect(result.message).toContain('images[0]')
  })
})

describe('loadDeckConfig', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deck-config-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  const write = async (text: string) => {
    const path = join(dir, 'docker-live-deck.config.json')
    await writeFile(path, text)
    return path
  }
  const errorOf = (path: string) => loadDeckConfig(path).then(() => undefined, (error: unknown) => error as ConfigError)

  it('reads the config at the project root by default', () => {
    expect(DEFAULT_CONFIG_PATH.endsWith('/docker-live-deck.config.json')).toBe(true)
    expect(DEFAULT_CONFIG_PATH).not.toContain('/scripts/')
  })

  it('treats a missing file as no extra images', async () => {
    expect(await loadDeckConfig(join(dir, 'absent.json'))).toEqual({ images: [] })
  })

  it('reads a list of images', async () => {
    expect(await loadDeckConfig(await write('{ "images": ["nginx", "ghcr.io/acme/app:1.0"] }'))).toEqual({ images: ['nginx', 'ghcr.io/acme/app:1.0'] })
    expect(await loadDeckConfig(await write('{}'))).toEqual({ images: [] })
  })

  it.each([
    ['{ "images": [42] }', 'images[0]', 'must be an image name (a string), but it is 42.'],
    ['{ "images": ["nginx", "Not An Image"] }', 'images[1]', 'must be an image name such as "nginx"'],
    ['{ "images": "nginx" }', 'images', 'must be a list of image names, but it is "nginx".'],
    ['{ "image": ["nginx"] }', 'image', '"image" is not a field the runner reads; the fields are "images"'],
    ['["nginx"]', '(top level)', 'must be an object such as { "images": ["nginx"] }'],
  ])('refuses %s naming the file and field %s', async (text, field, says) => {
    const error = await errorOf(await write(text))
    expect(error).toBeInstanceOf(ConfigError)
    expect(error).toMatchObject({ file: 'docker-live-deck.config.json', field })
    expect(error!.message.startsWith('docker-live-deck.config.json')).toBe(true)
    expect(error!.message).toContain(says)
  })

  it('says when the file is not JSON', async () => {
    const error = await errorOf(await write('{ images: [nginx] }'))
    expect(error).toBeInstanceOf(ConfigError)
    expect(error!.message).toContain('docker-live-deck.config.json is not valid JSON')
  })
})
