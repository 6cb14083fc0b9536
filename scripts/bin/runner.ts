// `npm run runner`: the local runner alone. Prints its address (never the
// token: local tools read it from the state file, mode 0600). `npm start`
// runs it as a child with `--session`: then it tells npm start over IPC when
// it listens, leaves Ctrl-C to npm start (which stops it with SIGTERM), stops
// when npm start goes away, and, restarted within that session, keeps the
// session's token from the state file. Every other start makes a new token.
import { parseArgs } from 'node:util'
import { DECK_PORT, deckOrigins, RUNNER_PORT } from '../../lib/ports.ts'
import { describeError, keepServingOnFaults } from '../../runner/transport/fault-log.ts'
import type { RunnerListening } from '../../runner/transport/runner-watch.ts'
import { startRunner } from '../../runner/start-runner.ts'
import { clearState, sessionFollowToken, sessionToken, stateFile, stateDir } from '../../runner/transport/state-file.ts'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.DOCKER_DECK_RUNNER_PORT ?? String(RUNNER_PORT) },
    'deck-port': { type: 'string', default: String(DECK_PORT) },
    origin: { type: 'string', multiple: true },
    session: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
})

if (values.help) {
  console.log(`Usage: npm run runner -- [--port ${RUNNER_PORT}] [--deck-port ${DECK_PORT}] [--origin ${deckOrigins()[0]} ...]`)
  process.exit(0)
}

const port = Number(values.port)
const deckPort = Number(values['deck-port'])
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a TCP port number (0–65535), received ${JSON.stringify(values.port)}.`)
  process.exit(2)
}
const session = values.session
if (session !== undefined && !/^[0-9a-f-]{8,64}$/.test(session)) {
  console.error(`--session is for npm start: a session id of 8–64 hex digits and dashes, received ${JSON.stringify(session)}.`)
  process.exit(2)
}
const origins = values.origin ?? deckOrigins(deckPort)

keepServingOnFaults((line) => console.error(line))

try {
  const token = session ? sessionToken(session) : undefined
  const followToken = session ? sessionFollowToken(session) : undefined
  const runner = await startRunner({ port, origins, ...(session ? { session } : {}), ...(token ? { token } : {}), ...(followToken ? { followToken } : {}) })
  if (runner.removedAtStart.length) console.log(`Removed ${runner.removedAtStart.length} container(s) a previous runner left: ${runner.removedAtStart.join(' ')}`)
  console.log(`Runner listening on ${runner.url} for ${origins.join(', ')}`)
  console.log(`Token file (mode 0600): ${stateFile(stateDir())}${token ? ' (this npm start session\'s token, kept)' : ''}`)
  let closing = false
  /** Stops the runner and exits; a failure is logged and exits 1 (the fault log would otherwise keep a half-closed runner alive). */
  const shutdown = (why: string, forget = false): void => {
    if (closing) return
    closing = true
    console.log(`\n${why}: stopping runs and removing the deck's running containers…`)
    runner.close().then(() => {
      // Nobody will restart this runner: its session's state file goes with it.
      if (forget) clearState(process.pid)
      process.exit(0)
    }).catch((error: unknown) => {
      console.error(`The runner could not stop cleanly: ${describeError(error)}`)
      process.exit(1)
    })
  }
  if (session) {
    // The terminal's Ctrl-C reaches the whole group; npm start decides, and stops this runner with SIGTERM.
    process.on('SIGINT', () => {})
    process.on('disconnect', () => shutdown('npm start went away', true))
    const listening: RunnerListening = { type: 'listening', port: runner.port }
    process.send?.(listening)
  } else {
    process.on('SIGINT', () => shutdown('SIGINT'))
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code
  console.error(code === 'EADDRINUSE'
    ? `Port ${port} is in use (another runner?). Stop it, or choose another port with --port.`
    : `The runner could not start: ${(error as Error).message}`)
  process.exit(1)
}
