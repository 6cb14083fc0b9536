// This machine's engine reached the way a lab server's is, over ssh://: an
// sshd of its own on a loopback port (its own host key, key-only sign-in for
// root), an ssh-agent holding a key made for the test, and the host's key in
// root's known_hosts (ssh reads that from the account's home, not $HOME),
// removed again on close. The docker CLI runs `ssh … docker system
// dial-stdio`, so the engine answers through the ssh connection.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync, existsSync } from 'node:fs'
import { connect } from 'node:net'
import { homedir, tmpdir, userInfo } from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { freePorts } from '../../scripts/deck-server/npm-start-process.ts'
import { SSHD } from '../setup/engine.ts'

export interface SshEngine {
  /** `ssh://root@ADDRESS:PORT` */
  host: string
  /** The agent's socket: SSH_AUTH_SOCK. */
  agentSocket: string
  /** Sessions sshd accepted (each docker command opens one). */
  sessions(): number
  close(): Promise<void>
}

/** Starts sshd on `address` (loopback unless a test needs another machine's look) and an agent with a fresh key; throws, saying what is missing, when this machine cannot run them. */
export async function startSshEngine(address = '127.0.0.1'): Promise<SshEngine> {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: install Debian's openssh-server (the engine tests' setup does, as root on Debian).`)
  if (userInfo().uid !== 0) throw new Error('The ssh:// engine test signs in as root (its sshd runs as root): run the engine tests as root.')
  const dir = mkdtempSync(path.join(tmpdir(), 'deck-ssh-'))
  const file = (name: string) => path.join(dir, name)
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file('host_key')])
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'deck-test', '-f', file('id_ed25519')])
  writeFileSync(file('authorized_keys'), readFileSync(file('id_ed25519.pub')))
  const [port] = (await freePorts(1)) as [number]
  writeFileSync(file('sshd_config'), [
    `Port ${port}`, `ListenAddress ${address}`, `HostKey ${file('host_key')}`, `AuthorizedKeysFile ${file('authorized_keys')}`,
    'PermitRootLogin prohibit-password', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'UsePAM no', 'StrictModes no',
    `PidFile ${file('sshd.pid')}`, 'LogLevel VERBOSE', 'MaxSessions 64', 'MaxStartups 64',
  ].join('\n') + '\n')
  mkdirSync('/run/sshd', { recursive: true })
  const sshd = spawn(SSHD, ['-D', '-e', '-f', file('sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let sessions = 0
  let log = ''
  sshd.stderr!.on('data', (chunk: Buffer) => {
    log += chunk.toString()
    sessions += (chunk.toString().match(/Accepted publickey for root/g) ?? []).length
  })
  const agentSocket = file('agent.sock')
  const agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' })
  const knownHosts = path.join(homedir(), '.ssh', 'known_hosts')
  const hostEntry = `[${address}]:${port}`
  try {
    await waitFor(() => portOpen(address, port), () => `sshd did not listen on ${address}:${port}: ${log.slice(-500)}`)
    await waitFor(async () => existsSync(agentSocket), () => 'ssh-agent did not open its socket')
    await execa('ssh-add', ['-q', file('id_ed25519')], { env: { SSH_AUTH_SOCK: agentSocket } })
    mkdirSync(path.dirname(knownHosts), { recursive: true, mode: 0o700 })
    const hostKey = readFileSync(file('host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ')
    appendFileSync(knownHosts, `${hostEntry} ${hostKey}\n`)
  } catch (error) {
    stop(sshd, agent)
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return {
    host: `ssh://root@${address}:${port}`,
    agentSocket,
    sessions: () => sessions,
    async close() {
      await execa('ssh-keygen', ['-R', hostEntry, '-f', knownHosts], { reject: false })
      rmSync(`${knownHosts}.old`, { force: true })
      stop(sshd, agent)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

function stop(...processes: ChildProcess[]): void {
  for (const child of processes) child.kill('SIGTERM')
}

function portOpen(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, address)
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
  })
}

async function waitFor(check: () => Promise<boolean> | boolean, why: () => string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(why())
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
