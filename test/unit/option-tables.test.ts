// The option tables against docker CLI 28.2 (docker-cli-model.ts, written
// from `docker <cmd> --help` and the CLI itself), and the refusals where the
// commands differ: create lacks run's -d, --sig-proxy and --detach-keys;
// image prune has no --volumes; stop's -t is --timeout (--time still read);
// Windows-only options are refused by name, not as unknown.
import { describe, expect, it } from 'vitest'
import { SUBCOMMANDS } from '../../runner/policy/docker-options.ts'
import { planCommand } from '../../runner/policy/policy.ts'
import { cliOptions } from './docker-cli-model.ts'
import { DECK, fakeEngine, refusalOf } from './fake-engine.ts'
import { titled } from './table.ts'

const plan = (line: string) => planCommand(line, 'run-1', fakeEngine())
const refusal = (line: string) => refusalOf(plan(line))
const redis = DECK.redisRunning

describe('each option table', () => {
  // The canonical names are spellings the model knows (`inspect` is the top-level one, which has --type).
  it.each(Object.keys(SUBCOMMANDS))('is what docker %s takes, values, booleans and letters', (name) => {
    const table = SUBCOMMANDS[name]!
    const model = cliOptions(name)
    expect([...table.valued].sort()).toEqual(model.filter((option) => option.valued).map((option) => option.name).sort())
    expect(table.flags.filter((flag) => flag !== 'help').sort()).toEqual(model.filter((option) => !option.valued).map((option) => option.name).sort())
    expect(Object.entries(table.short).sort()).toEqual(model.flatMap((option) => (option.letter ? [[option.letter, option.name]] : [])).sort())
  })
})

describe('docker create', () => {
  const RUN_ONLY = 'only docker run has it, because docker create makes the container without starting it; leave it out (docker start starts the container later)'

  it.each(titled([
    { line: 'docker create -d alpine', subject: '-d' },
    { line: 'docker create --detach alpine', subject: '--detach' },
    { line: 'docker create --detach=false alpine', subject: '--detach' },
    { line: 'docker create -itd alpine sh', subject: '-d' },
    { line: 'docker create -dit alpine sh', subject: '-d' },
    { line: 'docker create --name web -d redis', subject: '-d' },
    { line: 'docker container create -d alpine', subject: '-d' },
    { line: 'docker create --sig-proxy=false alpine', subject: '--sig-proxy' },
    { line: 'docker create --detach-keys ctrl-x alpine', subject: '--detach-keys' },
  ], (c) => c.line))('refuses %s, saying only docker run has the option', async (_, { line, subject }) => {
    const result = await refusal(line)
    expect(result).toMatchObject({ code: 'unknown-option', subject })
    expect(result.message).toBe(`\`docker create\` has no option ${subject}: ${RUN_ONLY}.`)
  })

  it.each(['docker run -d alpine', 'docker container run --detach alpine', 'docker create -it alpine sh', 'docker create --rm -i alpine'])('still plans %s', async (line) => {
    expect((await plan(line)).subcommand).toBe(line.includes('create') ? 'create' : 'run')
  })

  it('lists what create accepts, without -d, when it refuses an option off its list', async () => {
    expect((await refusal('docker create --hostname box alpine')).message).toContain('the deck\'s docker create accepts (-i, -t, --rm, --name')
    expect((await refusal('docker run --hostname box alpine')).message).toContain('the deck\'s docker run accepts (-d, -i, -t, --rm, --name')
  })
})

describe('docker image prune', () => {
  it.each(['docker image prune --volumes', 'docker image prune -a --volumes=true', 'docker image prune --volumes -f'])('refuses %s: the command has no --volumes', async (line) => {
    expect(await refusal(line)).toMatchObject({ code: 'unknown-option', subject: '--volumes' })
  })

  it('still reads --volumes on system prune, and runs no volume prune', async () => {
    const result = await plan('docker system prune --volumes')
    expect([result.argv, ...(result.then ?? [])].flat()).not.toContain('--volumes')
  })
})

describe('Windows-only options', () => {
  it.each(titled([
    { line: 'docker run --io-maxbandwidth 10m alpine', subject: '--io-maxbandwidth' },
    { line: 'docker run --io-maxiops=100 alpine', subject: '--io-maxiops' },
    { line: 'docker create --io-maxiops 100 alpine', subject: '--io-maxiops' },
    { line: 'docker container create --io-maxbandwidth=1m alpine', subject: '--io-maxbandwidth' },
  ], (c) => c.line))('refuses %s by name', async (_, { line, subject }) => {
    const result = await refusal(line)
    expect(result).toMatchObject({ code: 'denied-flag', subject })
    expect(result.message).toBe(`${subject} is refused: it sets a disk I/O limit that only Windows containers have; leave it out.`)
  })
})

describe('docker stop and restart', () => {
  it.each([
    ['stop', '-t', '1'], ['stop', '-t=1'], ['stop', '--timeout', '1'], ['stop', '--timeout=1'], ['stop', '--time', '1'], ['stop', '--time=1'],
    ['restart', '-t', '2'], ['restart', '--timeout', '2'], ['restart', '--time=2'], ['container', 'stop', '--timeout', '0'],
  ])('plans docker %s %s %s with the timeout as typed', async (...words) => {
    const result = await plan(`docker ${words.join(' ')} ${redis.name}`)
    expect(result.argv).toEqual([...words, redis.id])
  })

  it('refuses a timeout that is no option of docker stop', async () => {
    expect(await refusal(`docker stop --timeouts 1 ${redis.name}`)).toMatchObject({ code: 'unknown-option', subject: '--timeouts' })
  })
})

describe('a boolean option\'s value', () => {
  it.each(titled([
    { line: `docker rm -v=/:/h ${redis.name}`, subject: '-v' },
    { line: `docker rm --force=yes ${redis.name}`, subject: '--force' },
    { line: 'docker ps --all=maybe', subject: '--all' },
    { line: 'docker ps -aq=x', subject: '-q' },
    { line: 'docker system df -v=/', subject: '-v' },
    { line: `docker logs --follow=on ${redis.name}`, subject: '--follow' },
    { line: 'docker run --rm=yes alpine', subject: '--rm' },
  ], (c) => c.line))('refuses %s, which docker would answer with a usage error', async (_, { line, subject }) => {
    const result = await refusal(line)
    expect(result).toMatchObject({ code: 'invalid-value', subject })
    expect(result.message).toMatch(new RegExp(`^${subject}=\\S* is refused: ${subject} takes no value, or true or false\\.$`))
  })

  it.each(['docker ps -a=false', 'docker ps --all=1', `docker rm -f=true ${redis.name}`, 'docker system df -v=T', 'docker run --rm=false alpine'])('plans %s', async (line) => {
    expect((await plan(line)).argv.length).toBeGreaterThan(0)
  })
})
