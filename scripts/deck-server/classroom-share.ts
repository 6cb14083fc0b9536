// `npm start -- --share ADDRESS`: builds the deck for the students, starts
// the share server on that one address (an IP address of this machine, or
// an interface name), following the runner read-only, and writes the
// students' address and the room code to share.json (mode 0600) in the
// deck's state folder. Without --share nothing of this runs.
import { chmodSync, rmSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { networkInterfaces } from 'node:os'
import path from 'node:path'
import { slidevBuild } from '../build/slidev-build.ts'
import { readState } from '../../runner/transport/state-file.ts'
import { startShare, WILDCARDS, type ShareServer } from '../../share/share-server.ts'
import type { ShareInfo } from '../../lib/protocol.ts'
import { SHARE_FILE } from '../../runner/transport/share-info.ts'

export interface ClassroomShareOptions {
  /** What the lecturer typed after --share: an address or an interface name. */
  address: string
  port: number
  /** The deck's state folder (outside the project): the build and share.json go there. */
  stateDir: string
  /** The slides file the lecture is given from (slides.md unless said): the students see the same edition. */
  entry?: string
  log(line: string): void
}

export const shareFile = (stateDir: string) => path.join(stateDir, SHARE_FILE)

/** Writes share.json (mode 0600): the runner reads it and tells the lecturer's windows (badge, title slide). */
export function writeShareFile(stateDir: string, share: ShareInfo): void {
  const file = shareFile(stateDir)
  writeFileSync(file, `${JSON.stringify(share, null, 2)}\n`, { mode: 0o600 })
  chmodSync(file, 0o600)
}

/** The address to listen on for what the lecturer typed; throws naming what was wrong and what to type instead. */
export function shareAddress(given: string, interfaces = networkInterfaces()): string {
  const typed = given.trim()
  if (WILDCARDS.has(typed)) {
    throw new Error(`--share ${JSON.stringify(given)} would listen on every network this machine is on. Name one address or interface: ${describeInterfaces(interfaces)}.`)
  }
  if (isIP(typed.replace(/^\[|\]$/g, ''))) return typed.replace(/^\[|\]$/g, '')
  const found = interfaces[typed]?.find((entry) => entry.family === 'IPv4') ?? interfaces[typed]?.[0]
  if (!found) throw new Error(`--share ${JSON.stringify(given)} is neither an IP address nor an interface of this machine. Try one of: ${describeInterfaces(interfaces)}.`)
  return found.address
}

function describeInterfaces(interfaces: ReturnType<typeof networkInterfaces>): string {
  const names = Object.entries(interfaces).flatMap(([name, entries]) => (entries ?? []).filter((entry) => entry.family === 'IPv4').map((entry) => `${name} (${entry.address})`))
  return names.length ? names.join(', ') : '127.0.0.1'
}

/** Builds the deck, starts sharing, writes share.json; resolves with the server and a stop that removes share.json. */
export async function startClassroomShare(options: ClassroomShareOptions): Promise<{ server: ShareServer; stop(): Promise<void> }> {
  const address = shareAddress(options.address)
  const state = readState(options.stateDir)
  if (!state?.followToken) throw new Error('The runner wrote no follow token to its state file: start the deck with npm start (the runner it starts writes one).')
  const deckDir = path.join(options.stateDir, 'share-deck')
  options.log('수업 공유용 덱을 빌드하는 중… (Building the deck for the students…)')
  // Outside the project Vite does not empty the folder: an older build's files would be served beside the new ones.
  rmSync(deckDir, { recursive: true, force: true })
  await slidevBuild(deckDir, options.entry ? { args: [options.entry] } : {})
  const file = shareFile(options.stateDir)
  // Rewritten as students join.
  const write = (share: ShareInfo) => writeShareFile(options.stateDir, share)
  let info: { url: string; code: string } | undefined
  const server = await startShare({
    address, port: options.port, deckDir, runner: { url: `http://127.0.0.1:${state.port}`, followToken: state.followToken },
    onFollowers: (followers) => info && write({ ...info, followers }),
    // The lecturer pressed the badge's button: the share is gone; so is share.json, and the badge hears of it.
    onStopped: () => {
      rmSync(file, { force: true })
      options.log('수업 공유를 끝냈습니다: 학생용 주소는 이제 응답하지 않습니다. (Sharing stopped from the deck.)')
    },
  })
  info = { url: server.joinUrl, code: server.code }
  write({ ...info, followers: 0 })
  return {
    server,
    stop: async () => {
      await server.close()
      rmSync(file, { force: true })
    },
  }
}

/** What npm start prints for the lecturer: the students' address (with the code in it) and the code. */
export function shareText(server: Pick<ShareServer, 'joinUrl' | 'code'>): string {
  return [
    '',
    '학생들이 여는 주소 (방 코드 포함, 같은 네트워크에서):',
    '',
    `    ${server.joinUrl}`,
    '',
    `방 코드: ${server.code}    (Students open the address above; the room code is in it.)`,
    '',
  ].join('\n')
}
