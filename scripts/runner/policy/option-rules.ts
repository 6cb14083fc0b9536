// Which options of `docker run` / `create` / `exec` the runner refuses, and
// why. Options are checked by long name after splitting, so every spelling
// (`--privileged`, `--privileged=true`, `-itv /:/h`) meets the same rule.
// Sources: the threat model's deny list (CIS Docker Benchmark section 5).
import { OWNED_LABEL, RUN_LABEL } from '../../../lib/labels.ts'
import type { ParsedOption } from './split-options.ts'
import { Refused } from './refusal.ts'

/** Looks up whether a container reference names one of the deck's containers. */
export type IsDeckContainer = (ref: string) => Promise<boolean>

const ALWAYS_DENIED: Record<string, string> = {
  'privileged': 'gives the container every capability and every host device, which is root on the host',
  'cap-add': 'adds kernel capabilities that let a container reach the host',
  'device': 'passes a host device into the container',
  'device-cgroup-rule': 'opens host devices to the container',
  'device-read-bps': 'names a host device',
  'device-read-iops': 'names a host device',
  'device-write-bps': 'names a host device',
  'device-write-iops': 'names a host device',
  'blkio-weight-device': 'names a host device',
  'gpus': 'passes host GPUs into the container',
  'security-opt': 'can switch off seccomp, AppArmor or SELinux confinement',
  'cgroup-parent': 'moves the container out of the engine\'s resource control',
  'sysctl': 'changes kernel parameters',
  'runtime': 'chooses another container runtime',
  'env-file': 'reads a file from the host',
  'label-file': 'reads a file from the host',
  'cidfile': 'writes a file on the host',
  'volumes-from': 'mounts another container\'s volumes, which may hold host paths',
  'log-driver': 'sends logs to a host or network destination',
  'log-opt': 'configures where logs go on the host',
  'publish-all': 'publishes every exposed port on all network interfaces; publish one port with -p instead',
  'use-api-socket': 'mounts the Docker API socket, which controls the host',
  'volume-driver': 'loads a volume plugin',
  'oom-kill-disable': 'lets the container exhaust the host\'s memory',
}

const HOST_NAMESPACES = ['pid', 'ipc', 'uts', 'userns', 'cgroupns'] as const

const refuse = (flag: string, why: string, code = 'denied-flag') =>
  new Refused(code, `--${flag} is refused: it ${why}.`, `--${flag}`)

/** Checks one option of run/create; returns nothing or throws Refused. */
export async function checkRunOption(option: ParsedOption, isDeckContainer: IsDeckContainer): Promise<void> {
  const { name, value = '' } = option
  const why = ALWAYS_DENIED[name]
  if (why) throw refuse(name, why)
  if (name === 'volume') return checkVolume(value)
  if (name === 'mount') return checkMount(value)
  if (name === 'env') return checkEnv(value)
  if (name === 'label' && value.startsWith('docker-live-deck.')) {
    throw refuse(name, `sets ${value.split('=')[0]}, a label the runner reserves to track its own containers`)
  }
  if (name === 'restart' && !/^(no|on-failure(:\d+)?)$/.test(value)) {
    throw refuse(name, `with "${value}" restarts the container on its own after the lecture; use --restart no or on-failure`)
  }
  if (name === 'memory-swap' && value.trim() === '-1') throw refuse(name, 'with -1 lets the container use unlimited swap')
  if (name === 'network' || name === 'net') return checkJoin(name, value, isDeckContainer, 'the host\'s network stack')
  if ((HOST_NAMESPACES as readonly string[]).includes(name)) return checkJoin(name, value, isDeckContainer, `the host's ${name} namespace`)
}

/** Checks one option of exec. */
export function checkExecOption(option: ParsedOption): void {
  if (option.name === 'privileged' || option.name === 'env-file') throw refuse(option.name, ALWAYS_DENIED[option.name]!)
  if (option.name === 'env') checkEnv(option.value ?? '')
}

async function checkJoin(flag: string, value: string, isDeckContainer: IsDeckContainer, what: string): Promise<void> {
  // docker reads `--network name=host,alias=x` (CSV, quotes allowed) as the long form; only the short one is checked here.
  if ((flag === 'network' || flag === 'net') && /[=,"']/.test(value)) {
    throw refuse(flag, `with "${value}" uses the long name=…,alias=… form, which the runner does not read; write --${flag} NAME`)
  }
  if (value === 'host') throw refuse(flag, `shares ${what} when set to "host"`)
  if (value.startsWith('container:')) {
    const ref = value.slice('container:'.length)
    if (!(await isDeckContainer(ref))) throw refuse(flag, `joins ${ref}, a container the deck did not create`)
  }
}

function checkEnv(value: string): void {
  if (!value.includes('=')) {
    throw new Refused('denied-flag', `-e ${value} without a value would copy the runner's own environment into the container; write -e ${value}=VALUE.`, `-e ${value}`)
  }
}

const NAMED_VOLUME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

function checkVolume(value: string): void {
  const parts = value.split(':')
  // `-v /data` is an anonymous volume; `-v name:/data[:ro]` a named one.
  if (parts.length === 1 && value.startsWith('/')) return
  if (parts.length >= 2 && NAMED_VOLUME.test(parts[0]!)) return
  throw new Refused('denied-flag', `-v ${value} is refused: mounting a host path gives the container the host's files (and / or the Docker socket is root on the host); use a named volume such as -v data:/data.`, `-v ${value}`)
}

function checkMount(value: string): void {
  // docker reads --mount as CSV; a quoted field could hide `type=bind` from a plain split.
  if (/["']/.test(value)) throw new Refused('denied-flag', `--mount ${value} is refused: quoted fields in --mount are not supported here; write type=volume,src=NAME,dst=/PATH without quotes.`, '--mount')
  const fields = new Map(value.split(',').map((field) => {
    const [key = '', ...rest] = field.split('=')
    return [key.trim().toLowerCase(), rest.join('=')] as const
  }))
  const type = fields.get('type') ?? 'volume'
  if (type === 'bind') throw new Refused('denied-flag', `--mount ${value} is refused: a bind mount gives the container the host's files; use type=volume or type=tmpfs.`, '--mount type=bind')
  if (type !== 'volume' && type !== 'tmpfs') throw new Refused('denied-flag', `--mount type=${type} is refused: only volume and tmpfs mounts are allowed.`, `--mount type=${type}`)
  for (const key of fields.keys()) {
    if (key === 'volume-driver' || key.startsWith('volume-opt')) {
      throw new Refused('denied-flag', `--mount with ${key} is refused: volume drivers and their options can mount host paths or remote storage.`, `--mount ${key}`)
    }
  }
}

/** The label every container made through the runner carries. */
export const ownedLabelWords = (runId: string) => ['--label', `${OWNED_LABEL}=true`, '--label', `${RUN_LABEL}=${runId}`]
