// The envelope a container the deck creates must stay inside, checked on the
// body of `POST /containers/create` as the docker CLI sends it (so every
// spelling the CLI accepts has already been turned into one field). Rules
// come from the threat model: no host paths, devices, capabilities or host
// namespaces, loopback-only ports, the deck's own objects only, the deck's
// labels, and limits never looser than the runner's defaults.

/** The runner's default limits (runner/policy/resource-limits.ts), the loosest a container may get. */
export const ENVELOPE_LIMITS = {
  memory: 512 * 1024 ** 2,
  nanoCpus: 1e9,
  pidsLimit: 256,
  /** Memory plus swap: the engine's default for a 512 MiB container is twice its memory. */
  memorySwap: 2 * 512 * 1024 ** 2,
  /** The kernel's default weights: more is a higher priority than the lecturer's own containers. */
  cpuShares: 1024,
  blkioWeight: 500,
  cpuPeriod: 100_000,
} as const

export interface Envelope {
  runId: string
  ownedLabel: string
  runLabel: string
  isDeckContainer(ref: string): boolean
  isDeckVolume(name: string): boolean
  isDeckNetwork(name: string): boolean
  isDeckImage(ref: string): boolean
  /** A value from the CLI's own environment that must never reach a container. */
  secret?: string
}

export interface Violation {
  /** `HostConfig.Binds`, `Config.Labels` … */
  field: string
  value: unknown
  why: string
}

type Json = Record<string, unknown>
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
const record = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {})
const num = (value: unknown): number => (typeof value === 'number' ? value : 0)
const HOST_NAMESPACE_MODES = ['PidMode', 'IpcMode', 'UTSMode', 'UsernsMode', 'CgroupnsMode'] as const
const EMPTY_LISTS = ['CapAdd', 'Devices', 'DeviceCgroupRules', 'DeviceRequests', 'SecurityOpt', 'VolumesFrom', 'BlkioWeightDevice',
  'BlkioDeviceReadBps', 'BlkioDeviceWriteBps', 'BlkioDeviceReadIOps', 'BlkioDeviceWriteIOps'] as const
const EMPTY_TEXTS = ['Runtime', 'CgroupParent', 'VolumeDriver'] as const

/** Every way the create request `body` leaves the envelope; empty when it stays inside. */
export function envelopeViolations(body: Json, envelope: Envelope): Violation[] {
  const out: Violation[] = []
  const host = record(body.HostConfig)
  const flag = (field: string, value: unknown, why: string) => out.push({ field, value, why })
  const joinsOutside = (mode: string) => mode === 'host' || (mode.startsWith('container:') && !envelope.isDeckContainer(mode.slice('container:'.length)))

  for (const bind of list(host.Binds)) {
    const source = String(bind).split(':')[0]!
    if (source.includes('/') || source.startsWith('.')) flag('HostConfig.Binds', bind, 'mounts a host path')
    else if (!envelope.isDeckVolume(source)) flag('HostConfig.Binds', bind, `mounts volume ${source}, which the deck did not create`)
  }
  for (const mount of list(host.Mounts).map(record)) {
    const source = String(mount.Source ?? '')
    const driver = record(record(mount.VolumeOptions).DriverConfig)
    if (mount.Type === 'tmpfs') {
      if (source !== '') flag('HostConfig.Mounts', mount, 'a tmpfs mount with a source')
      continue
    }
    if (mount.Type !== 'volume') flag('HostConfig.Mounts', mount, `a ${String(mount.Type)} mount; only volume and tmpfs are allowed`)
    else if (source !== '' && !envelope.isDeckVolume(source)) flag('HostConfig.Mounts', mount, `mounts volume ${source}, which the deck did not create`)
    else if (driver.Name || Object.keys(record(driver.Options)).length > 0) flag('HostConfig.Mounts', mount, 'names a volume driver or its options')
  }
  if (host.Privileged === true) flag('HostConfig.Privileged', true, 'privileged is root on the host')
  for (const field of EMPTY_LISTS) if (list(host[field]).length > 0) flag(`HostConfig.${field}`, host[field], 'must be empty')
  for (const field of EMPTY_TEXTS) if (host[field]) flag(`HostConfig.${field}`, host[field], 'must be empty')
  for (const field of ['MaskedPaths', 'ReadonlyPaths']) {
    if (host[field] !== null && host[field] !== undefined) flag(`HostConfig.${field}`, host[field], 'set by the client unmasks /proc and /sys paths (systempaths=unconfined)')
  }
  if (Object.keys(record(host.Sysctls)).length > 0) flag('HostConfig.Sysctls', host.Sysctls, 'changes kernel parameters')
  if (host.OomKillDisable === true) flag('HostConfig.OomKillDisable', true, 'lets the container exhaust the host\'s memory')
  const log = record(host.LogConfig)
  if (log.Type || Object.keys(record(log.Config)).length > 0) flag('HostConfig.LogConfig', log, 'sends logs somewhere else')
  const restart = String(record(host.RestartPolicy).Name ?? '')
  if (!['', 'no', 'on-failure'].includes(restart)) flag('HostConfig.RestartPolicy', host.RestartPolicy, 'restarts the container after the lecture')

  for (const [port, bindings] of Object.entries(record(host.PortBindings))) {
    for (const binding of list(bindings).map(record)) {
      if (binding.HostIp !== '127.0.0.1') flag('HostConfig.PortBindings', { [port]: binding }, `published on ${JSON.stringify(binding.HostIp)}, not loopback`)
    }
  }
  if (host.PublishAllPorts === true) flag('HostConfig.PublishAllPorts', true, 'publishes every exposed port on all interfaces')

  const networkOk = (mode: string) => ['', 'default', 'bridge', 'none'].includes(mode) || envelope.isDeckNetwork(mode) || (mode.startsWith('container:') && !joinsOutside(mode))
  const networkMode = String(host.NetworkMode ?? '')
  if (!networkOk(networkMode)) flag('HostConfig.NetworkMode', networkMode, 'joins a network the deck did not create')
  for (const name of Object.keys(record(record(body.NetworkingConfig).EndpointsConfig))) {
    if (!networkOk(name)) flag('NetworkingConfig.EndpointsConfig', name, 'joins a network the deck did not create')
  }
  for (const field of HOST_NAMESPACE_MODES) {
    const mode = String(host[field] ?? '')
    if (joinsOutside(mode)) flag(`HostConfig.${field}`, mode, 'shares the host\'s or a foreign container\'s namespace')
  }
  for (const link of list(host.Links)) {
    const target = String(link).split(':')[0]!.replace(/^\//, '')
    if (!envelope.isDeckContainer(target)) flag('HostConfig.Links', link, `links ${target}, a container the deck did not create (its env would be copied in)`)
  }

  out.push(...limitViolations(host))
  const labels = record(body.Labels)
  if (labels[envelope.ownedLabel] !== 'true') flag('Config.Labels', labels, `lacks ${envelope.ownedLabel}=true`)
  if (labels[envelope.runLabel] !== envelope.runId) flag('Config.Labels', labels, `lacks ${envelope.runLabel}=${envelope.runId}`)
  if (!envelope.isDeckImage(String(body.Image ?? ''))) flag('Config.Image', body.Image, 'is not an image the deck names')
  const secret = envelope.secret
  if (secret && list(body.Env).some((entry) => String(entry).includes(secret))) flag('Config.Env', body.Env, 'carries a value from the CLI\'s own environment')
  return out
}

/** Resource fields looser than the runner's defaults. */
function limitViolations(host: Json): Violation[] {
  const out: Violation[] = []
  const L = ENVELOPE_LIMITS
  const within = (field: string, value: number, max: number, unit = '') => {
    if (!(value > 0 && value <= max)) out.push({ field: `HostConfig.${field}`, value, why: `must be > 0 and ≤ ${max}${unit}` })
  }
  within('Memory', num(host.Memory), L.memory, ' bytes')
  within('NanoCpus', num(host.NanoCpus), L.nanoCpus)
  within('PidsLimit', num(host.PidsLimit), L.pidsLimit)
  const swap = num(host.MemorySwap)
  if (swap !== 0 && !(swap > 0 && swap <= L.memorySwap)) out.push({ field: 'HostConfig.MemorySwap', value: swap, why: `must be 0 (the engine's default) or > 0 and ≤ ${L.memorySwap} bytes of memory plus swap` })
  const quota = num(host.CpuQuota)
  const period = num(host.CpuPeriod) || L.cpuPeriod
  if (quota !== 0 && !(quota > 0 && quota <= period)) out.push({ field: 'HostConfig.CpuQuota', value: quota, why: `must be 0 or > 0 and ≤ the period (${period} µs): at most one CPU` })
  if (num(host.CpuShares) > L.cpuShares) out.push({ field: 'HostConfig.CpuShares', value: host.CpuShares, why: `raises CPU priority above the default ${L.cpuShares}` })
  if (num(host.BlkioWeight) > L.blkioWeight) out.push({ field: 'HostConfig.BlkioWeight', value: host.BlkioWeight, why: `raises I/O priority above the default ${L.blkioWeight}` })
  if (num(host.OomScoreAdj) < 0) out.push({ field: 'HostConfig.OomScoreAdj', value: host.OomScoreAdj, why: 'a negative score makes the host kill its own processes first' })
  if (num(host.CpuRealtimeRuntime) !== 0) out.push({ field: 'HostConfig.CpuRealtimeRuntime', value: host.CpuRealtimeRuntime, why: 'grants a real-time CPU budget' })
  for (const limit of list(host.Ulimits).map(record)) {
    if ((limit.Name === 'rtprio' || limit.Name === 'nice') && (num(limit.Soft) !== 0 || num(limit.Hard) !== 0)) {
      out.push({ field: 'HostConfig.Ulimits', value: limit, why: `raises ${String(limit.Name)}, the real-time or scheduling priority` })
    }
  }
  return out
}
