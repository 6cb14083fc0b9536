// The root filesystems of the offline stand-ins, staged into a directory from
// this host's Debian binaries. stand-in-images.ts turns a directory into an image.
import { chmod, copyFile, mkdir, realpath, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { findOnPath, pathWithSystemDirs } from '../../runner/docker/system-path.ts'

const HELLO_SOURCE = fileURLToPath(new URL('./hello.c', import.meta.url))
const BASE_DIRS = ['bin', 'dev', 'etc', 'home', 'lib', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var']
const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n'
const GROUP = 'root:x:0:root\nnogroup:x:65534:\n'
/** Docker's name for this CPU, as the real hello-world prints it. */
const DOCKER_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64v8', arm: 'arm32v7', ia32: 'i386', ppc64: 'ppc64le', s390x: 's390x' }

/** Splits `ldd` output into the library paths it resolved and the names it could not find. */
export function parseLddOutput(text: string): { libraries: string[]; missing: string[] } {
  const libraries: string[] = []
  const missing: string[] = []
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (!line || line.endsWith(':')) continue // a header naming the inspected file
    const notFound = /^(\S+)\s+=>\s+not found/.exec(line)
    const resolved = /=>\s+(\/\S+)\s+\(0x/.exec(line) ?? /^(\/\S+)\s+\(0x/.exec(line)
    if (notFound) missing.push(notFound[1]!)
    else if (resolved && !libraries.includes(resolved[1]!)) libraries.push(resolved[1]!)
  }
  return { libraries, missing }
}

/** Stages hello-world: one static binary, /hello, and nothing else. */
export async function stageHelloWorld(root: string): Promise<void> {
  const arch = DOCKER_ARCH[process.arch] ?? process.arch
  const gcc = requireTool('gcc', 'gcc')
  await execa(gcc, ['-static', '-Os', '-s', `-DDOCKER_ARCH="${arch}"`, '-o', path.join(root, 'hello'), HELLO_SOURCE])
  await chmod(path.join(root, 'hello'), 0o755)
}

/** Stages alpine: static busybox with a symlink per applet, the usual top-level dirs, passwd/group. */
export async function stageAlpine(root: string): Promise<void> {
  await stageBase(root, BASE_DIRS)
  await installBusybox(root)
  await writeFile(path.join(root, 'etc/os-release'),
    'NAME="BusyBox stand-in for alpine"\nID=docker-live-deck-stand-in\nPRETTY_NAME="Offline stand-in for alpine (Debian busybox-static), built by docker-live-deck"\n')
}

/** Stages redis: Debian's redis-server/redis-cli with every library ldd lists, busybox for sh/ls, /data. */
export async function stageRedis(root: string): Promise<void> {
  await stageBase(root, ['bin', 'dev', 'etc', 'proc', 'root', 'run', 'sys', 'tmp', 'usr/local/bin', 'data'])
  await installBusybox(root)
  const binaries = [requireTool('redis-server', 'redis-server'), requireTool('redis-cli', 'redis-tools')]
  for (const binary of binaries) {
    // Debian's redis-server is a symlink named redis-check-rdb; redis picks its mode by argv[0], so copy the file.
    await copyFile(await realpath(binary), path.join(root, 'usr/local/bin', path.basename(binary)))
    await chmod(path.join(root, 'usr/local/bin', path.basename(binary)), 0o755)
  }
  const ldd = await execa('ldd', binaries, { reject: false })
  const { libraries, missing } = parseLddOutput(ldd.stdout)
  if (ldd.exitCode !== 0 || missing.length > 0 || libraries.length === 0) {
    throw new Error(`\`ldd ${binaries.join(' ')}\` did not resolve their libraries (exit ${ldd.exitCode ?? 'none'}, missing: ${missing.join(', ') || 'none'}). Reinstall redis-server and redis-tools.`)
  }
  for (const library of libraries) {
    await mkdir(path.join(root, path.dirname(library)), { recursive: true })
    await copyFile(library, path.join(root, library)) // follows symlinks: the image gets the real file
  }
}

async function stageBase(root: string, dirs: readonly string[]): Promise<void> {
  await chmod(root, 0o755)
  for (const dir of dirs) await mkdir(path.join(root, dir), { recursive: true, mode: 0o755 })
  await chmod(path.join(root, 'tmp'), 0o1777)
  await chmod(path.join(root, 'root'), 0o700)
  await writeFile(path.join(root, 'etc/passwd'), PASSWD)
  await writeFile(path.join(root, 'etc/group'), GROUP)
}

async function installBusybox(root: string): Promise<void> {
  const busybox = requireTool('busybox', 'busybox-static')
  const ldd = await execa('ldd', [busybox], { reject: false, all: true })
  if (parseLddOutput(ldd.all ?? '').libraries.length > 0) {
    throw new Error(`${busybox} is dynamically linked, so it would not run inside the image. Install Debian's busybox-static (it replaces busybox) and run again.`)
  }
  await copyFile(await realpath(busybox), path.join(root, 'bin/busybox'))
  await chmod(path.join(root, 'bin/busybox'), 0o755)
  const { stdout } = await execa(busybox, ['--list'])
  for (const applet of stdout.split('\n').map((name) => name.trim())) {
    if (!applet || applet === 'busybox' || applet.includes('/')) continue
    await symlink('/bin/busybox', path.join(root, 'bin', applet))
  }
}

function requireTool(name: string, debianPackage: string): string {
  const found = findOnPath(name, pathWithSystemDirs())
  if (found) return found
  throw new Error(`\`${name}\` is not on PATH (${pathWithSystemDirs()}); building this stand-in needs it. Install the Debian package ${debianPackage} and run again.`)
}
