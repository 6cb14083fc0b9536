// splitOptions: docker's (pflag's) option syntax, reported under long names so
// one rule catches every spelling. Also the subcommand tables it reads.
import { describe, expect, it } from 'vitest'
import { canonicalSubcommand, optionTable, shortName, SUBCOMMANDS } from '../../runner/policy/docker-options.ts'
import { OptionError, optionWords, splitOptions } from '../../runner/policy/split-options.ts'
import { titled } from './table.ts'

const run = SUBCOMMANDS.run!
const rm = SUBCOMMANDS.rm!
const exec = SUBCOMMANDS.exec!
const stop = SUBCOMMANDS.stop!

describe('splitOptions on docker run', () => {
  it.each(titled([
    { args: ['--name', 'web', 'redis'], tokens: [['--name', 'web']], options: [{ name: 'name', value: 'web' }] },
    { args: ['--name=web', 'redis'], tokens: [['--name=web']], options: [{ name: 'name', value: 'web' }] },
    { args: ['--name=', 'redis'], tokens: [['--name=']], options: [{ name: 'name', value: '' }] },
    { args: ['--env=A=b=c', 'redis'], tokens: [['--env=A=b=c']], options: [{ name: 'env', value: 'A=b=c' }] },
    { args: ['-v', '/:/h', 'redis'], tokens: [['-v', '/:/h']], options: [{ name: 'volume', value: '/:/h' }] },
    { args: ['-v/:/h', 'redis'], tokens: [['-v/:/h']], options: [{ name: 'volume', value: '/:/h' }] },
    { args: ['-v=/:/h', 'redis'], tokens: [['-v=/:/h']], options: [{ name: 'volume', value: '/:/h' }] },
    { args: ['-itv', '/:/h', 'redis'], tokens: [['-itv', '/:/h']], options: [{ name: 'interactive' }, { name: 'tty' }, { name: 'volume', value: '/:/h' }] },
    { args: ['-itv/:/h', 'redis'], tokens: [['-itv/:/h']], options: [{ name: 'interactive' }, { name: 'tty' }, { name: 'volume', value: '/:/h' }] },
    { args: ['-itv=/:/h', 'redis'], tokens: [['-itv=/:/h']], options: [{ name: 'interactive' }, { name: 'tty' }, { name: 'volume', value: '/:/h' }] },
    { args: ['-itP', 'redis'], tokens: [['-itP']], options: [{ name: 'interactive' }, { name: 'tty' }, { name: 'publish-all' }] },
    { args: ['-P=true', 'redis'], tokens: [['-P=true']], options: [{ name: 'publish-all', value: 'true' }] },
    { args: ['-dit=false', 'redis'], tokens: [['-dit=false']], options: [{ name: 'detach' }, { name: 'interactive' }, { name: 'tty', value: 'false' }] },
    { args: ['--privileged', 'redis'], tokens: [['--privileged']], options: [{ name: 'privileged' }] },
    { args: ['--privileged=false', 'redis'], tokens: [['--privileged=false']], options: [{ name: 'privileged', value: 'false' }] },
    { args: ['-e', 'HOME', '-e', 'A=b', 'redis'], tokens: [['-e', 'HOME'], ['-e', 'A=b']], options: [{ name: 'env', value: 'HOME' }, { name: 'env', value: 'A=b' }] },
    { args: ['-m512m', '--cpus', '1', 'redis'], tokens: [['-m512m'], ['--cpus', '1']], options: [{ name: 'memory', value: '512m' }, { name: 'cpus', value: '1' }] },
    { args: ['--name', '--privileged', 'redis'], tokens: [['--name', '--privileged']], options: [{ name: 'name', value: '--privileged' }] },
  ], (c) => c.args.join(' ')))('reads %s', (_, { args, tokens, options }) => {
    const split = splitOptions(args, run, 'run')
    expect(split.units.map((unit) => unit.tokens)).toEqual(tokens)
    expect(split.units.flatMap((unit) => unit.options)).toEqual(options)
    expect(split.positionals).toEqual(['redis'])
  })

  it('stops at the image: everything after it belongs to the container command', () => {
    const split = splitOptions(['-d', 'alpine', 'ls', '-v', '/', '--privileged'], run, 'run')
    expect(split.units).toEqual([{ tokens: ['-d'], options: [{ name: 'detach' }] }])
    expect(split.positionals).toEqual(['alpine', 'ls', '-v', '/', '--privileged'])
  })

  it('takes everything after -- as positionals', () => {
    const split = splitOptions(['-d', '--', '--privileged', 'alpine'], run, 'run')
    expect(split.units).toEqual([{ tokens: ['-d'], options: [{ name: 'detach' }] }])
    expect(split.positionals).toEqual(['--privileged', 'alpine'])
  })

  it('treats a lone - as a positional', () => {
    expect(splitOptions(['-', 'x'], run, 'run').positionals).toEqual(['-', 'x'])
  })
})

describe('splitOptions on interspersed subcommands', () => {
  it('reads options after positionals for docker rm', () => {
    const split = splitOptions(['web', '-f', 'db', '--volumes'], rm, 'rm')
    expect(split.units.flatMap((unit) => unit.options)).toEqual([{ name: 'force' }, { name: 'volumes' }])
    expect(split.positionals).toEqual(['web', 'db'])
  })

  it('reads a value option between positionals for docker stop', () => {
    const split = splitOptions(['web', '-t', '0', 'db'], stop, 'stop')
    expect(split.units).toEqual([{ tokens: ['-t', '0'], options: [{ name: 'timeout', value: '0' }] }])
    expect(split.positionals).toEqual(['web', 'db'])
  })

  // docker 28 names -t --timeout and still reads the deprecated --time.
  it.each([
    [['-t', '3'], 'timeout'], [['-t=3'], 'timeout'], [['--timeout', '3'], 'timeout'], [['--timeout=3'], 'timeout'],
    [['--time', '3'], 'time'], [['--time=3'], 'time'],
  ])('reads docker stop %j as --%s', (args, name) => {
    expect(splitOptions([...args, 'web'], stop, 'stop').units.flatMap((unit) => unit.options)).toEqual([{ name, value: '3' }])
  })

  it('stops docker exec options at the container', () => {
    const split = splitOptions(['-it', 'web', 'sh', '-e', 'HOME'], exec, 'exec')
    expect(split.units.flatMap((unit) => unit.options)).toEqual([{ name: 'interactive' }, { name: 'tty' }])
    expect(split.positionals).toEqual(['web', 'sh', '-e', 'HOME'])
  })
})

describe('splitOptions errors', () => {
  // pflag reads a boolean's `=value` with strconv.ParseBool and rejects anything else.
  it.each(titled([
    { args: ['-v=/:/h', 'web'], table: rm, subject: '-v' },
    { args: ['--force=yes', 'web'], table: rm, subject: '--force' },
    { args: ['-fv=on', 'web'], table: rm, subject: '-v' },
    { args: ['--rm=TrUe', 'alpine'], table: run, subject: '--rm' },
    { args: ['-dit=2', 'alpine'], table: run, subject: '-t' },
  ], (c) => c.args.join(' ')))('refuses %s, a boolean with a value docker does not read', (_, { args, table, subject }) => {
    let thrown: unknown
    try {
      splitOptions(args, table, 'x')
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(OptionError)
    expect(thrown).toMatchObject({ subject, code: 'invalid-value' })
    expect((thrown as Error).message).toMatch(new RegExp(`^${subject}=\\S* is refused: ${subject} takes no value, or true or false\\.$`))
  })

  it.each([['-f=false', 'web'], ['--volumes=1', 'web'], ['-fv=T', 'web']])('reads %s, a boolean with a value docker reads', (...args) => {
    expect(() => splitOptions(args, rm, 'rm')).not.toThrow()
  })

  it.each(titled([
    { args: ['--nope', 'alpine'], subject: '--nope', code: 'unknown-option' },
    { args: ['--nope=1', 'alpine'], subject: '--nope', code: 'unknown-option' },
    { args: ['-z', 'alpine'], subject: '-z', code: 'unknown-option' },
    { args: ['-itz', 'alpine'], subject: '-z', code: 'unknown-option' },
    { args: ['-H', 'tcp://x', 'alpine'], subject: '-H', code: 'unknown-option' },
    { args: ['--privilege', 'alpine'], subject: '--privilege', code: 'unknown-option' },
    { args: ['--name'], subject: '--name', code: 'missing-value' },
    { args: ['-v'], subject: '-v', code: 'missing-value' },
    { args: ['-itv'], subject: '-v', code: 'missing-value' },
  ], (c) => c.args.join(' ')))('refuses %s naming the flag', (_, { args, subject, code }) => {
    let thrown: unknown
    try {
      splitOptions(args, run, 'run')
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(OptionError)
    expect(thrown).toMatchObject({ subject, code })
    expect((thrown as Error).message).toContain(subject)
    expect((thrown as Error).message).toContain('`docker run`')
  })
})

describe('optionWords', () => {
  it.each(titled([
    { options: [{ name: 'detach' }, { name: 'publish', value: '127.0.0.1:8080:80' }], words: ['-d', '-p', '127.0.0.1:8080:80'] },
    { options: [{ name: 'rm', value: 'false' }], words: ['--rm=false'] },
    { options: [{ name: 'tty', value: 'true' }], words: ['--tty=true'] },
    { options: [{ name: 'pids-limit', value: '100' }], words: ['--pids-limit', '100'] },
    { options: [{ name: 'env', value: 'A=b' }], words: ['-e', 'A=b'] },
  ], (c) => JSON.stringify(c.options)))('writes %s back as argv words', (_, { options, words }) => {
    expect(optionWords(options, run)).toEqual(words)
  })
})

describe('canonicalSubcommand', () => {
  it.each(titled([
    { words: ['run'], name: 'run', consumed: 1 },
    { words: ['ps', '-a'], name: 'ps', consumed: 1 },
    { words: ['container', 'ls'], name: 'ps', consumed: 2 },
    { words: ['container', 'list'], name: 'ps', consumed: 2 },
    { words: ['container', 'remove'], name: 'rm', consumed: 2 },
    { words: ['container', 'run'], name: 'run', consumed: 2 },
    { words: ['container', 'exec'], name: 'exec', consumed: 2 },
    { words: ['image', 'ls'], name: 'images', consumed: 2 },
    { words: ['image', 'rm'], name: 'rmi', consumed: 2 },
    { words: ['image', 'pull'], name: 'pull', consumed: 2 },
    { words: ['system', 'prune'], name: 'system prune', consumed: 2 },
    { words: ['system', 'df'], name: 'system df', consumed: 2 },
    { words: ['container', 'prune'], name: 'container prune', consumed: 2 },
    { words: ['image', 'prune'], name: 'image prune', consumed: 2 },
    { words: ['image', 'inspect'], name: 'image inspect', consumed: 2 },
    { words: ['container', 'ps'], name: 'ps', consumed: 2 },
    { words: ['container', 'diff'], name: 'diff', consumed: 2 },
    { words: ['container', 'stats'], name: 'stats', consumed: 2 },
    { words: ['diff'], name: 'diff', consumed: 1 },
    { words: ['stats'], name: 'stats', consumed: 1 },
  ], (c) => c.words.join(' ')))('maps docker %s onto its table', (_, { words, name, consumed }) => {
    expect(canonicalSubcommand(words)).toEqual({ name, consumed })
  })

  it.each([[[]], [['build']], [['cp']], [['system']], [['system', 'events']], [['image', 'build']], [['container', 'cp']], [['system prune']], [['container', 'system prune']], [['network', 'ls']], [['volume', 'prune']],
    [['constructor']], [['__proto__']], [['toString']], [['hasOwnProperty']], [['container', 'constructor']], [['image', '__proto__']],
    [['system', 'toString']], [['container', 'version']], [['container', 'pull']], [['image', 'images']], [['image prune']]])('allows no table for %j', (words) => {
    expect(canonicalSubcommand(words)).toBeUndefined()
  })
})

describe('own-property lookups', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('finds no option table named %s', (name) => {
    expect(optionTable(name)).toBeUndefined()
    expect(shortName(run, name)).toBeUndefined()
  })

  it('finds the tables and letters that exist', () => {
    expect(optionTable('system prune')).toBe(SUBCOMMANDS['system prune'])
    expect(shortName(run, 'v')).toBe('volume')
  })
})

describe('positionalAt', () => {
  it('says which word each positional was, interspersed or not', () => {
    expect(splitOptions(['web', '-t', '0', 'db'], stop, 'stop').positionalAt).toEqual([0, 3])
    expect(splitOptions(['-d', 'alpine', 'ls', '-v'], run, 'run').positionalAt).toEqual([1, 2, 3])
    expect(splitOptions(['-d', '--', 'x', 'y'], run, 'run').positionalAt).toEqual([2, 3])
  })
})
