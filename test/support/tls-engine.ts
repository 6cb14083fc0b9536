// A TLS endpoint in front of this machine's engine, as a lab server exposes
// one: certificates made for the test (a CA, the server's for 127.0.0.1, a
// client's), and a TLS server that asks every caller for a client certificate
// signed by that CA before it passes the bytes on to the engine's socket.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect as connectSocket } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createServer, type TLSSocket } from 'node:tls'

export interface TlsEngine {
  /** `tcp://127.0.0.1:PORT` */
  host: string
  /** The client's folder as DOCKER_CERT_PATH wants it: ca.pem, cert.pem, key.pem. */
  certPath: string
  /** Connections that presented a valid client certificate. */
  authorized(): number
  close(): Promise<void>
}

/** The engine's own socket (DOCKER_HOST when it names one, else the default). */
export function engineSocket(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST?.startsWith('unix://') ? env.DOCKER_HOST.slice('unix://'.length) : '/var/run/docker.sock'
}

function openssl(cwd: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' })
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, in a new folder. */
export function makeCertificates(): { dir: string; certPath: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'deck-tls-'))
  const certPath = path.join(dir, 'client')
  execFileSync('mkdir', ['-p', certPath])
  openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=deck test CA', '-keyout', 'ca-key.pem', '-out', 'ca.pem')
  writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n')
  openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server-key.pem', '-out', 'server.csr')
  openssl(dir, 'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '2', '-extfile', 'server.ext', '-out', 'server-cert.pem')
  writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n')
  openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=lecturer', '-keyout', path.join('client', 'key.pem'), '-out', 'client.csr')
  openssl(dir, 'x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '2', '-extfile', 'client.ext', '-out', path.join('client', 'cert.pem'))
  writeFileSync(path.join(certPath, 'ca.pem'), readFileSync(path.join(dir, 'ca.pem')))
  return { dir, certPath }
}

/** Starts the TLS endpoint on a free loopback port. */
export async function startTlsEngine(socketPath = engineSocket()): Promise<TlsEngine> {
  const { dir, certPath } = makeCertificates()
  let authorized = 0
  const open = new Set<TLSSocket>()
  const server = createServer({
    key: readFileSync(path.join(dir, 'server-key.pem')),
    cert: readFileSync(path.join(dir, 'server-cert.pem')),
    ca: readFileSync(path.join(dir, 'ca.pem')),
    requestCert: true,
    rejectUnauthorized: true,
    // docker closes its writing half after the input of an attached run, then reads the output to the end.
    allowHalfOpen: true,
  }, (socket) => {
    authorized++
    open.add(socket)
    const engine = connectSocket({ path: socketPath, allowHalfOpen: true })
    socket.pipe(engine).pipe(socket)
    const end = () => {
      open.delete(socket)
      socket.destroy()
      engine.destroy()
    }
    socket.on('error', end).on('close', end)
    engine.on('error', end).on('close', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    host: `tcp://127.0.0.1:${port}`,
    certPath,
    authorized: () => authorized,
    async close() {
      for (const socket of open) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
