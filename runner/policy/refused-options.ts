// Why an option that is not on the deck's allow-list is refused, in one
// sentence with what to do instead. Options with a known danger say what it
// is (CIS Docker Benchmark section 5); every other one gets the list of what
// the deck does accept.
import { OWNED_LABEL } from '../../lib/labels.ts'
import { Refused } from './refusal.ts'

type Reason = string | ((value: string) => string)

const FLOOR = 'and the deck\'s limits are a floor nobody loosens; ask for less with --cpus, --memory or --pids-limit, or leave it out'
const namespace = (ns: string) => (value: string) => value === 'host'
  ? `shares the host's ${ns} namespace when set to "host"`
  : `sets the container's ${ns} namespace (${value}), and the deck's containers keep their own (with "host" it would share the host's); leave it out`

const REASONS = new Map<string, Reason>([
  ['privileged', 'gives the container every capability and every host device, which is root on the host'],
  ['cap-add', 'adds kernel capabilities that let a container reach the host'],
  ['cap-drop', 'changes the container\'s kernel capabilities, which the chapter never needs; leave it out'],
  ['device', 'passes a host device into the container'],
  ['device-cgroup-rule', 'opens host devices to the container'],
  ['device-read-bps', 'names a host device'],
  ['device-read-iops', 'names a host device'],
  ['device-write-bps', 'names a host device'],
  ['device-write-iops', 'names a host device'],
  ['blkio-weight-device', 'names a host device'],
  ['gpus', 'passes host GPUs into the container'],
  ['security-opt', 'can switch off seccomp, AppArmor or SELinux confinement'],
  ['cgroup-parent', 'moves the container out of the engine\'s resource control'],
  ['sysctl', 'changes kernel parameters'],
  ['runtime', 'chooses another container runtime'],
  ['isolation', 'chooses another isolation technology'],
  ['env-file', 'reads a file from the host; write each variable as -e NAME=VALUE'],
  ['label-file', 'reads a file from the host'],
  ['cidfile', 'writes a file on the host'],
  ['volumes-from', 'mounts another container\'s volumes, which may hold host paths'],
  ['volume-driver', 'loads a volume plugin'],
  ['log-driver', 'sends logs to a host or network destination'],
  ['log-opt', 'configures where logs go on the host'],
  ['publish-all', 'publishes every exposed port on all network interfaces; publish one port with -p instead'],
  ['use-api-socket', 'mounts the Docker API socket, which controls the host'],
  ['oom-kill-disable', 'lets the container exhaust the host\'s memory'],
  ['oom-score-adj', `changes which processes the host's OOM killer picks first (-1000 would spare the container), ${FLOOR}`],
  ['memory-swap', (value) => value.trim() === '-1' ? 'lets the container use unlimited swap' : `changes the container's swap, ${FLOOR}`],
  ['memory-swappiness', `changes how the container swaps, ${FLOOR}`],
  ['memory-reservation', `changes the container's memory, ${FLOOR}`],
  ['kernel-memory', `changes the container's memory, ${FLOOR}`],
  ['shm-size', `sizes the container's shared memory, ${FLOOR}`],
  ['ulimit', `changes the container's resource limits (rtprio, nofile, nproc …), ${FLOOR}`],
  ['blkio-weight', `changes the container's disk priority, ${FLOOR}`],
  ['storage-opt', `changes the container's disk quota, ${FLOOR}`],
  ...['cpu-count', 'cpu-percent', 'cpu-period', 'cpu-quota', 'cpu-rt-period', 'cpu-rt-runtime', 'cpu-shares', 'cpuset-cpus', 'cpuset-mems']
    .map((name) => [name, `changes how much CPU time or real-time budget the container gets, ${FLOOR}`] as const),
  ...['pid', 'ipc', 'uts', 'userns', 'cgroupns'].map((name) => [name, namespace(name)] as const),
  ['restart', (value) => `restarts the container on its own ("${value}"; with "always" or "unless-stopped" it would come back after the lecture), and the deck's containers do not; leave it out`],
  ['label', (value) => value.startsWith('docker-live-deck.')
    ? `sets ${value.split('=')[0]}, a label the runner reserves to track its own containers (${OWNED_LABEL} among them)`
    : 'sets a label, and the runner adds the deck\'s own; leave it out'],
  ['user', 'runs the container as another user than its image says; leave it out (docker exec takes -u)'],
  ['detach-keys', 'changes the keys that detach a terminal, which the deck\'s terminal does not use; leave it out'],
  ['pull', 'changes when the engine pulls the image; leave it out'],
  ['platform', 'asks for another platform\'s image; leave it out'],
  ...['io-maxbandwidth', 'io-maxiops'].map((name) => [name, 'sets a disk I/O limit that only Windows containers have; leave it out'] as const),
])

const CREATE_ACCEPTS = '-i, -t, --rm, --name, -e NAME=VALUE, -p HOST:CONTAINER, --init, -v, --mount, --network, --entrypoint, -w, --stop-signal, --stop-timeout, --pids-limit, --memory and --cpus'

/** What the deck accepts, per subcommand, for the refusal of any other option. */
export const ACCEPTED: ReadonlyMap<string, string> = new Map([
  ['run', `-d, ${CREATE_ACCEPTS}`],
  ['create', CREATE_ACCEPTS],
  ['exec', '-d, -i, -t, -e NAME=VALUE, -w and -u'],
])

/** The refusal of option `--name` (set to `value`) of `docker subcommand`, which is not on the allow-list. */
export function refusedOption(name: string, value: string | undefined, subcommand: string): Refused {
  const reason = REASONS.get(name)
  const shown = value === undefined || reason === undefined || typeof reason === 'string' ? `--${name}` : `--${name} ${value}`
  const why = reason === undefined
    ? `is not one of the options the deck's docker ${subcommand} accepts (${ACCEPTED.get(subcommand) ?? 'none'}); leave it out, or try it in your own terminal`
    : typeof reason === 'string' ? reason : reason(value ?? '')
  return new Refused('denied-flag', `${shown} is refused: it ${why}.`, `--${name}`)
}
