// Removing what the deck made, and only that: all labelled containers (reset,
// and at every runner start so a crash leaves nothing), or one run's; and
// ending what a stopped `docker exec` started inside a deck container.
import type { DockerCli } from '../docker/docker-cli.ts'
import { SUBCOMMANDS } from '../policy/docker-options.ts'
import { OWNED_FILTER, RUN_LABEL } from '../../lib/labels.ts'
import { splitOptions } from '../policy/split-options.ts'

/** Force-removes the containers matching `filter`; returns their IDs. */
async function removeByFilter(cli: DockerCli, filter: string): Promise<string[]> {
  const listed = await cli.text(['ps', '-a', '-q', '--no-trunc', '--filter', filter])
  const ids = (listed ?? '').split('\n').filter(Boolean)
  // -v: anonymous volumes a deck container made (`-v /data`) go with it.
  if (ids.length > 0) await cli.run(['rm', '-f', '-v', ...ids], 30_000)
  return ids.map((id) => id.slice(0, 12))
}

/** Every container carrying the deck's label. The lecturer's own are never listed. */
export const removeDeckContainers = (cli: DockerCli) => removeByFilter(cli, OWNED_FILTER)

/** The containers one run created (for cancel, timeout and output cap). */
export const removeRunContainers = (cli: DockerCli, runId: string) => removeByFilter(cli, `label=${RUN_LABEL}=${runId}`)

// Run inside the container as `sh -c SCRIPT sh COMMAND...`: finds the processes
// the engine started for an exec (parent pid 0 in the container, not pid 1)
// whose command line is COMMAND, and kills them and their sessions.
const END_EXEC_SCRIPT = `
want="$*"; leaders=
for d in /proc/[0-9]*; do
  p=\${d#/proc/}
  { [ "$p" = 1 ] || [ "$p" = "$$" ]; } && continue
  read -r s < "$d/stat" 2>/dev/null || continue
  set -- \${s##*) }
  [ "$2" = 0 ] && [ "$(tr '\\0' ' ' < "$d/cmdline" 2>/dev/null)" = "$want " ] && leaders="$leaders $p"
done
[ -n "$leaders" ] || exit 0
for d in /proc/[0-9]*; do
  read -r s < "$d/stat" 2>/dev/null || continue
  set -- \${s##*) }
  for l in $leaders; do { [ "\${d#/proc/}" = "$l" ] || [ "$4" = "$l" ]; } && kill -KILL "\${d#/proc/}" 2>/dev/null; done
done
exit 0`

/**
 * Killing `docker exec` leaves the process it started running in the
 * container (the engine keeps it, with or without -t), so a stopped exec run
 * ends it from inside. The container is the deck's (the policy checked it).
 */
export async function endExecProcess(cli: DockerCli, execArgv: readonly string[]): Promise<void> {
  // `docker exec …` or `docker container exec …`: the options start after the word exec.
  const options = execArgv.slice(execArgv.indexOf('exec') + 1)
  const [container, ...command] = splitOptions(options, SUBCOMMANDS.exec!, 'exec').positionals
  if (container && command.length > 0) await cli.run(['exec', container, 'sh', '-c', END_EXEC_SCRIPT, 'sh', ...command])
}
