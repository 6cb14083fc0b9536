// The chapter's images, offline: keep what is there, pull what a registry
// serves, and build a labelled stand-in (with `docker import`) for the rest.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { CHAPTER_IMAGES, STAND_IN_LABEL, type ChapterImage } from '../../lib/labels.ts'
import { aptInstall, canProvision, missingPackages, type Log } from './debian-host.ts'
import { dockerText, dockerTry } from '../../runner/docker/docker-commands.ts'
import { stageAlpine, stageHelloWorld, stageRedis } from './stand-in-rootfs.ts'
import { SYSTEM_PATH } from '../../runner/docker/system-path.ts'

export interface StandInSpec {
  /** Debian packages the build needs on this host. */
  packages: string[]
  cmd: string[]
  workdir?: string
  expose?: number[]
  /** Fills an empty directory with the image's root filesystem. */
  stage: (root: string) => Promise<void>
}

const PATH_ENV = `PATH=${SYSTEM_PATH}`

/** What each chapter image's stand-in is made of and how it starts. */
export const STAND_INS: Record<ChapterImage, StandInSpec> = {
  'hello-world': { packages: ['gcc', 'libc6-dev'], cmd: ['/hello'], stage: stageHelloWorld },
  alpine: { packages: ['busybox-static'], cmd: ['/bin/sh'], stage: stageAlpine },
  redis: {
    packages: ['redis-server', 'redis-tools', 'busybox-static'],
    cmd: ['redis-server', '--protected-mode', 'no'],
    workdir: '/data',
    expose: [6379],
    stage: stageRedis,
  },
}

export type ImageKind = 'real' | 'stand-in'
export interface ImageSummary {
  image: ChapterImage
  kind: ImageKind
  /** kept: was already there; pulled: came from a registry now; built: stand-in built now. */
  action: 'kept' | 'pulled' | 'built'
  id: string
  sizeBytes: number
  /** Time spent pulling or building, 0 when kept. */
  ms: number
}

/** The `docker import --change` arguments that give a stand-in its config and labels. */
export function importChanges(image: string, spec: StandInSpec): string[] {
  const description = `Offline stand-in for ${image}, built by docker-live-deck from Debian packages; not the official image`
  const changes = [
    `ENV ${PATH_ENV}`,
    `LABEL ${STAND_IN_LABEL}=true org.opencontainers.image.description=${JSON.stringify(description)}`,
    `CMD ${JSON.stringify(spec.cmd)}`,
    ...(spec.workdir ? [`WORKDIR ${spec.workdir}`] : []),
    ...(spec.expose ?? []).map((port) => `EXPOSE ${port}/tcp`),
  ]
  return changes.flatMap((change) => ['--change', change])
}

/** Whether `image` is present, and if so whether it is a real image or a labelled stand-in. */
export async function imageKind(image: string): Promise<{ kind: ImageKind; id: string; sizeBytes: number } | undefined> {
  const result = await dockerTry(['image', 'inspect', '--format', '{{json .}}', image], { timeoutMs: 15_000 })
  if (result.exitCode !== 0) return undefined
  const info = JSON.parse(result.stdout) as { Id: string; Size: number; Config?: { Labels?: Record<string, string> | null } }
  const standIn = info.Config?.Labels?.[STAND_IN_LABEL] === 'true'
  return { kind: standIn ? 'stand-in' : 'real', id: info.Id, sizeBytes: info.Size }
}

/** Builds the stand-in for `image` as `image:latest` with `docker import`; returns the new image ID. */
export async function buildStandIn(image: ChapterImage, options: { log?: Log } = {}): Promise<string> {
  const spec = STAND_INS[image]
  const work = await mkdtemp(path.join(os.tmpdir(), `docker-live-deck-${image}-`))
  try {
    const root = path.join(work, 'rootfs')
    await mkdir(root, { mode: 0o755 })
    options.log?.(`${image}: staging the root filesystem`)
    await spec.stage(root)
    const tarball = path.join(work, 'rootfs.tar')
    await execa('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', root, '-cf', tarball, '.'])
    options.log?.(`${image}: docker import → ${image}:latest`)
    const args = ['import', ...importChanges(image, spec), '--message', 'docker-live-deck offline stand-in', tarball, `${image}:latest`]
    return await dockerText(args, { timeoutMs: 120_000 })
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/** Installs (root on Debian) or names the Debian packages that building `images` needs. */
export async function ensureBuildPackages(images: readonly ChapterImage[], options: { log?: Log } = {}): Promise<void> {
  const wanted = [...new Set(images.flatMap((image) => STAND_INS[image].packages))]
  if (wanted.length === 0) return
  const missing = await missingPackages(wanted).catch(() => wanted)
  if (missing.length === 0) return
  if (!canProvision()) {
    throw new Error(
      `Building offline stand-ins for ${images.join(', ')} needs the Debian packages ${wanted.join(', ')}; missing: ${missing.join(', ')}. ` +
        `Install them (\`sudo apt-get install -y --no-install-recommends ${missing.join(' ')}\`) and run \`npm run images:offline\` again, ` +
        'or pull the real images where a registry is reachable.',
    )
  }
  options.log?.(`installing missing Debian packages: ${missing.join(' ')}`)
  await aptInstall(missing, options)
}

/** Makes every chapter image present: keeps what exists, pulls if a registry answers, else builds a stand-in. */
export async function ensureChapterImages(options: { log?: Log; pullTimeoutMs?: number; rebuildStandIns?: boolean } = {}): Promise<ImageSummary[]> {
  const { log = () => {}, pullTimeoutMs = 20_000, rebuildStandIns = false } = options
  const summaries: ImageSummary[] = []
  const toBuild: { image: ChapterImage; oldId?: string }[] = []
  for (const image of CHAPTER_IMAGES) {
    const present = await imageKind(image)
    if (present && !(rebuildStandIns && present.kind === 'stand-in')) {
      log(`${image}: already present (${present.kind}), keeping it`)
      summaries.push({ image, ...present, action: 'kept', ms: 0 })
      continue
    }
    if (!present) {
      const started = Date.now()
      const pull = await dockerTry(['pull', `${image}:latest`], { timeoutMs: pullTimeoutMs })
      const pulled = pull.exitCode === 0 ? await imageKind(image) : undefined
      if (pulled) {
        summaries.push({ image, ...pulled, action: 'pulled', ms: Date.now() - started })
        continue
      }
      log(`${image}: not present and \`docker pull\` failed (${pull.timedOut ? 'timed out' : pull.stderr.trim().split('\n').at(-1)}); building a stand-in`)
    }
    toBuild.push({ image, oldId: present?.id })
  }
  await ensureBuildPackages(toBuild.map((entry) => entry.image), { log })
  for (const { image, oldId } of toBuild) {
    const started = Date.now()
    const id = await buildStandIn(image, { log })
    const built = await imageKind(image)
    if (!built || built.id !== id) throw new Error(`${image}:latest does not point at the stand-in just imported (${id}); check \`docker image ls ${image}\`.`)
    if (oldId && oldId !== id) await dockerTry(['image', 'rm', oldId], { timeoutMs: 30_000 }) // best effort: still used → kept
    summaries.push({ image, ...built, action: 'built', ms: Date.now() - started })
  }
  return CHAPTER_IMAGES.map((image) => summaries.find((summary) => summary.image === image)!)
}
