// An image the deck owns so the `docker rmi` slide can remove something
// without touching the chapter's images: an empty, labelled image imported
// from a 1 KiB tarball (offline, well under a second). Recreated at every
// runner start and reset, so the lecture can be given again. Its start
// command names a program it does not hold: `docker create` of it works (so
// the slide can show "image is being used"), running it would fail at once.
import { execa } from 'execa'
import type { DockerCli } from '../docker/docker-cli.ts'
import { OWNED_LABEL } from '../../lib/labels.ts'

export const DEMO_IMAGE = 'docker-live-deck/rmi-demo:latest'

/** The image's start command (a file it does not have). */
const DEMO_COMMAND = ['/demo']

/** An empty tar archive: two 512-byte zero blocks. */
const EMPTY_TAR = Buffer.alloc(1024)

/** Whether a planned command names the demo image (as typed, with or without its tag). */
export const namesDemoImage = (argv: readonly string[]) => argv.some((word) => word === DEMO_IMAGE || `${word}:latest` === DEMO_IMAGE)

/** Makes sure the demo image exists; returns false when the engine refused. */
export async function ensureDemoImage(cli: DockerCli): Promise<boolean> {
  if ((await cli.text(['image', 'inspect', '--format', '{{json .Config.Cmd}}', DEMO_IMAGE])) === JSON.stringify(DEMO_COMMAND)) return true
  const result = await execa(cli.path, [
    'import', '--change', `LABEL ${OWNED_LABEL}=true`, '--change', `CMD ${JSON.stringify(DEMO_COMMAND)}`, '--change', 'LABEL org.opencontainers.image.description="docker-live-deck: an empty image for the docker rmi slide"', '-', DEMO_IMAGE,
  ], { env: cli.env, extendEnv: false, input: EMPTY_TAR, reject: false, timeout: 30_000 })
  return result.exitCode === 0
}
