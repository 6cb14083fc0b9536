// How the runner reaches the engine, read from the CLI's own answers (`docker
// context inspect`, `docker info`) and the variables it was given: named for
// the badge and the doctor, and refused when anyone on the network could
// drive the engine. Also: which variables reach the CLI at all.
import { describe, expect, it } from 'vitest'
import { childEnv, ENGINE_ENV } from '../../runner/docker/child-env.ts'
import { describeEndpoint, endpointOf, unsafeEndpoint } from '../../runner/docker/engine-endpoint.ts'

const inspect = (host: string, over: { name?: string; skip?: boolean; material?: string[] } = {}) => JSON.stringify({
  Name: over.name ?? 'default', Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: over.skip ?? false } }, TLSMaterial: over.material ? { docker: over.material } : {}, Storage: {},
})
const LINUX = 'Debian GNU/Linux 12 (bookworm)|["name=seccomp,profile=default"]'

describe('endpointOf', () => {
  it.each([
    ['the local socket', inspect('unix:///var/run/docker.sock'), LINUX, {}, { context: 'default', transport: 'socket', remote: false, tlsVerified: false, rootless: false, desktop: false }],
    ['a rootless engine', inspect('unix:///run/user/1000/docker.sock', { name: 'rootless' }), 'Ubuntu 24.04|["name=seccomp,profile=builtin","name=rootless","name=cgroupns"]', {}, { context: 'rootless', rootless: true, remote: false }],
    ['Docker Desktop', inspect('unix:///Users/me/.docker/run/docker.sock', { name: 'desktop-linux' }), 'Docker Desktop|["name=seccomp,profile=unconfined","name=cgroupns"]', {}, { desktop: true, remote: false }],
    ['a context over ssh', inspect('ssh://lab@203.0.113.7', { name: 'lab' }), LINUX, {}, { context: 'lab', transport: 'ssh', remote: true }],
    ['TLS from DOCKER_TLS_VERIFY', inspect('tcp://lab.example:2376'), LINUX, { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, { transport: 'tls', tlsVerified: true, remote: true }],
    ['TLS from a context\'s material', inspect('tcp://127.0.0.1:2376', { name: 'lab-tls', material: ['ca.pem', 'cert.pem', 'key.pem'] }), LINUX, {}, { transport: 'tls', tlsVerified: true, remote: false }],
    ['TLS without checking the certificate', inspect('tcp://lab.example:2376', { material: ['cert.pem', 'key.pem'], skip: true }), LINUX, {}, { transport: 'tls', tlsVerified: false }],
    ['plain TCP', inspect('tcp://10.0.0.5:2375'), undefined, {}, { transport: 'tcp', remote: true, rootless: false, desktop: false }],
  ])('%s', (_, context, info, env, expected) => {
    expect(endpointOf(context, info, env)).toMatchObject(expected)
  })

  it('never shows a password written into the host', () => {
    expect(endpointOf(inspect('tcp://admin:s3cret@lab.example:2376'), LINUX, { DOCKER_TLS_VERIFY: '1' }).host).toBe('tcp://admin:…@lab.example:2376')
  })
})

describe('unsafeEndpoint', () => {
  it('refuses plain TCP to another machine, and TLS that does not check the engine\'s certificate, saying what to use instead', () => {
    expect(unsafeEndpoint(endpointOf(inspect('tcp://10.0.0.5:2375'), LINUX, {}))).toMatch(/plain TCP, without TLS: anyone on that network can drive it.*DOCKER_TLS_VERIFY=1.*ssh:\/\//)
    expect(unsafeEndpoint(endpointOf(inspect('tcp://lab.example:2376', { material: ['cert.pem', 'key.pem'], skip: true }), LINUX, {}))).toMatch(/without checking its certificate/)
  })

  it.each([
    ['the local socket', inspect('unix:///var/run/docker.sock'), {}],
    ['ssh', inspect('ssh://lab@203.0.113.7'), {}],
    ['verified TLS', inspect('tcp://lab.example:2376'), { DOCKER_TLS_VERIFY: '1' }],
    ['plain TCP on this machine\'s loopback', inspect('tcp://127.0.0.1:2375'), {}],
  ])('lets %s through', (_, context, env) => {
    expect(unsafeEndpoint(endpointOf(context, LINUX, env))).toBeUndefined()
  })
})

describe('describeEndpoint', () => {
  it('names the context, the host, TLS, and says when every run lands on another machine', () => {
    expect(describeEndpoint(endpointOf(inspect('ssh://lab@203.0.113.7', { name: 'lab' }), LINUX, {}))).toBe('context lab · ssh://lab@203.0.113.7 — another machine: every run lands there, and -p publishes on its loopback')
    expect(describeEndpoint(endpointOf(inspect('tcp://127.0.0.1:2376'), LINUX, { DOCKER_TLS_VERIFY: '1' }))).toBe('tcp://127.0.0.1:2376 (TLS, certificate checked)')
  })
})

describe('childEnv', () => {
  it('passes on exactly the variables that choose and reach the engine, when the runner has them, and nothing else of its environment', () => {
    const lecturer = { PATH: '/home/me/bin', HOME: '/home/me', DOCKER_HOST: 'ssh://lab@h', DOCKER_CONTEXT: 'lab', DOCKER_CONFIG: '/home/me/.docker-lab', DOCKER_TLS: '1', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/home/me/certs', SSH_AUTH_SOCK: '/tmp/agent.sock', DOCKER_API_VERSION: '1.12', AWS_SECRET_ACCESS_KEY: 'x', RUNNER_TOKEN: 'y' }
    const env = childEnv(lecturer)
    expect(Object.keys(env).sort()).toEqual(['DOCKER_CLI_HINTS', 'HOME', 'LANG', 'PATH', ...ENGINE_ENV].sort())
    for (const name of ENGINE_ENV) expect(env[name]).toBe(lecturer[name])
    expect(env.PATH).not.toContain('/home/me/bin')
    expect(childEnv({ HOME: '/h' })).toEqual({ PATH: expect.any(String), HOME: '/h', LANG: 'C.UTF-8', DOCKER_CLI_HINTS: 'false' })
  })
})
