// One line naming the machine a bench ran on, so its ratios can be compared.
import os from 'node:os'
import type { DockerCli } from '../../runner/docker/docker-cli.ts'

/** Cores, CPU model, memory, Node, and the docker client and engine versions. */
export async function describeMachine(cli: DockerCli): Promise<string> {
  const versions = await cli.text(['version', '--format', '{{.Client.Version}} {{.Server.Version}}'])
  const [client = '?', engine = '?'] = (versions ?? '').split(' ')
  const cpus = os.cpus()
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, Docker client ${client} / engine ${engine}, load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`
}
