// Lines for the request oracle: every subcommand the policy knows, in each
// of its spellings (`rm`, `container rm`, `container remove` …), aimed at
// targets drawn from the stand-in's world: the deck's names, IDs and
// prefixes, the lecturer's names (one named like a deck container's short
// ID), words wrapped in every kind of white space, `a b/../../volumes/x`
// traversals to every kind of object, `$(docker ps -a -q)`, placeholders,
// and run/create options whose values name objects. Plus fixed tables: the
// threat model's own lines and their spelling variants.
import fc from 'fast-check'
import { SHADOWED_DECK_ID, WORLD } from './engine-world.ts'
import { quoteWord, type QuoteStyle } from './shell-quoting.ts'

/** A line and what it aims at (its command and target families), for the tallies. */
export interface OracleLine {
  line: string
  family: string
}

/** A word of a line: quoted in a drawn style, or `verbatim` (a placeholder, `$(…)`) as typed. */
interface Word {
  text: string
  verbatim?: boolean
}

/** A word and the family it was drawn from (`lecturer`, `whitespace`, `traversal:volumes` …). */
interface Target {
  word: Word
  family: string
}

const word = (text: string, family: string): Target => ({ word: { text }, family })
const verbatim = (text: string, family: string): Target => ({ word: { text, verbatim: true }, family })

// ── What targets are made of ────────────────────────────────────────────────

const DECK = WORLD.deckContainers
const LECTURER_DB = WORLD.lecturerContainers[0]
/** The lecturer container named like my-ping's 12-character short ID. */
export const SHADOW_NAME = SHADOWED_DECK_ID.slice(0, 12)

/** White space of every kind, and control and invisible characters: the CLI trims some (Go's unicode.IsSpace). */
export const WHITESPACE = [' ', '\t', '\u00a0', '\u2003', '\u3000', '\u200b', '\n', '\u0085', '\u2028', '\ufeff', '\u000b', '\r', '\u0001', '\u001f', '\u007f', '\u180e', '\u202f'] as const

/** Each kind of engine object a cleaned request path can reach, with objects to aim at. */
export const PATH_KINDS: Record<string, readonly string[]> = {
  containers: ['lecturer-db', SHADOW_NAME, 'my-ping'],
  images: ['postgres:16', 'alpine', 'docker-live-deck/rmi-demo'],
  volumes: [WORLD.lecturerVolume, WORLD.deckVolume],
  networks: [WORLD.lecturerNetwork.name, WORLD.deckNetwork.name],
  plugins: ['sshfs', 'vieux/sshfs:latest'],
  secrets: ['db-password'],
  services: ['web'],
  nodes: ['node-1'],
  configs: ['app-config'],
  swarm: ['leave'],
  build: ['prune'],
}

const CONTAINER_NAMES = {
  deck: [...DECK.map((c) => c.name), '/my-ping', ...DECK.map((c) => c.id), ...DECK.map((c) => c.id.slice(0, 12)), DECK[1]!.id.slice(0, 4), 'c3c'],
  lecturer: ['lecturer-db', '/lecturer-db', SHADOW_NAME, LECTURER_DB.id, LECTURER_DB.id.slice(0, 12), 'f0e1', 'c3', 'lecturer-cache', `/${SHADOW_NAME}`],
  missing: ['no-such-thing', 'docker ps -a -q', 'deadbeef', '', '-', '.', '..', '//lecturer-db', 'lecturer-db/', 'lecturer-db?force=1', 'lecturer-db#x',
    'a%2F..%2F..%2Fvolumes%2Flecturer_pgdata', '../volumes/lecturer_pgdata', 'my-ping/../lecturer-db', '$(docker ps -a -q)', 'lecturer-db;true'],
}

const IMAGE_NAMES = {
  deck: [WORLD.deckImage.ref, 'docker-live-deck/rmi-demo', WORLD.deckImage.id, WORLD.deckImage.id.slice('sha256:'.length), WORLD.deckImage.id.slice(7, 19)],
  chapter: ['alpine', 'redis', 'hello-world', 'alpine:latest', 'docker.io/library/alpine', WORLD.chapterImages[0]!.id.slice(7, 19)],
  lecturer: [WORLD.lecturerImage.ref, WORLD.lecturerImage.id, WORLD.lecturerImage.id.slice(7, 19), 'postgres', 'docker.io/library/postgres:16'],
}

/** `word` with white space (or a control character) before, after, around or inside it. */
const wrapped = (bases: readonly string[], family: string): fc.Arbitrary<Target> =>
  fc.tuple(fc.constantFrom(...bases), fc.constantFrom(...WHITESPACE), fc.constantFrom('before', 'after', 'around', 'inside'))
    .map(([base, space, where]) => {
      const middle = Math.ceil(base.length / 2)
      const text = where === 'before' ? `${space}${base}` : where === 'after' ? `${base}${space}` : where === 'around' ? `${space}${base}${space}` : `${base.slice(0, middle)}${space}${base.slice(middle)}`
      return word(text, `${family} in white space`)
    })

/** `a b/../../KIND/OBJECT` and its relatives: one `..` within the same collection, three past the version prefix. */
const traversal = (sameCollection: readonly string[]): fc.Arbitrary<Target> => fc.oneof(
  fc.tuple(fc.constantFrom('a b', 'a\tb', 'x', 'a\u00a0b', ' ', 'a b/c'), fc.constantFrom(2, 2, 3), fc.constantFrom(...Object.keys(PATH_KINDS)))
    .chain(([junk, depth, kind]) => fc.constantFrom(...PATH_KINDS[kind]!).map((object) => word(`${junk}${'/..'.repeat(depth)}/${kind}/${object}`, `traversal to ${kind}`))),
  fc.tuple(fc.constantFrom('a b', 'x y', 'a\tb'), fc.constantFrom(...sameCollection)).map(([junk, object]) => word(`${junk}/../${object}`, 'traversal within the collection')),
)

const placeholders = (family: string, texts: readonly string[]) => fc.constantFrom(...texts).map((text) => verbatim(text, family))

const CONTAINER_PLACEHOLDERS = ['<id>', '<id:redis>', '<id:alpine>', '<id:hello-world>', '<id:postgres>', '<id:postgres:16>', '<id:docker-live-deck/rmi-demo>',
  '<image-id:alpine>', '<image-id:x/../../containers/lecturer-db>', '<image-id:a/../lecturer-db>']
const IMAGE_PLACEHOLDERS = ['<image-id:docker-live-deck/rmi-demo>', '<image-id:alpine>', '<image-id:postgres:16>', '<image-id:x/../../containers/lecturer-db>',
  '<image-id:x/../../volumes/lecturer_pgdata>', '<image-id:a/../postgres:16>', '<id>']
const CONTAINER_LISTINGS = ['$(docker ps -a -q)', '$(docker ps -q)', '`docker ps -aq`', '$(docker container ls -a -q)', '$(docker ps -a -q --no-trunc)',
  '$(docker ps -a -q --filter name=lecturer)', '$(docker ps -q -l)', '$(docker ps -a -q -n 1)']
const IMAGE_LISTINGS = ['$(docker images -q)', '$(docker image ls -q)', '$(docker images -a -q)', '$(docker images -q --filter reference=postgres)']

/** A container target, weighted towards the words that tempt a resolver. */
const containerTarget: fc.Arbitrary<Target> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...CONTAINER_NAMES.deck).map((text) => word(text, 'deck')) },
  { weight: 3, arbitrary: fc.constantFrom(...CONTAINER_NAMES.lecturer).map((text) => word(text, text.includes(SHADOW_NAME) ? 'short-ID name' : 'lecturer')) },
  { weight: 2, arbitrary: fc.constantFrom(...CONTAINER_NAMES.missing).map((text) => word(text, 'odd word')) },
  { weight: 4, arbitrary: wrapped([...CONTAINER_NAMES.lecturer.slice(0, 3), ...CONTAINER_NAMES.deck.slice(0, 2)], 'name') },
  { weight: 4, arbitrary: traversal(['lecturer-db', SHADOW_NAME, 'my-ping']) },
  { weight: 2, arbitrary: placeholders('placeholder', CONTAINER_PLACEHOLDERS) },
  { weight: 2, arbitrary: placeholders('$(…)', CONTAINER_LISTINGS) },
)

const imageTarget: fc.Arbitrary<Target> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...IMAGE_NAMES.deck).map((text) => word(text, 'deck image')) },
  { weight: 2, arbitrary: fc.constantFrom(...IMAGE_NAMES.chapter).map((text) => word(text, 'chapter image')) },
  { weight: 3, arbitrary: fc.constantFrom(...IMAGE_NAMES.lecturer).map((text) => word(text, 'lecturer image')) },
  { weight: 3, arbitrary: wrapped([...IMAGE_NAMES.lecturer.slice(0, 1), IMAGE_NAMES.deck[0]!, 'alpine'], 'image') },
  { weight: 4, arbitrary: traversal(['postgres:16', 'alpine']) },
  { weight: 2, arbitrary: placeholders('placeholder', IMAGE_PLACEHOLDERS) },
  { weight: 1, arbitrary: placeholders('$(…)', IMAGE_LISTINGS) },
)

const pullTarget: fc.Arbitrary<Target> = fc.oneof(
  fc.constantFrom('alpine', 'redis:7', 'hello-world', 'docker-live-deck/rmi-demo', 'docker.io/library/alpine:3.20').map((text) => word(text, 'allowed image')),
  fc.constantFrom('postgres:16', 'nginx', 'ghcr.io/acme/app:1.0', 'alpine@sha256:'.padEnd(78, 'a')).map((text) => word(text, 'other image')),
  wrapped(['alpine', 'postgres:16'], 'image'),
  traversal(['postgres:16']),
)

// ── Options whose values name objects (run / create) ───────────────────────

const containerValue = fc.constantFrom('my-ping', DECK[1]!.id, 'lecturer-db', SHADOW_NAME, ' lecturer-db', 'lecturer-db\u00a0', 'a b/../lecturer-db')
const networkValue = fc.constantFrom(
  WORLD.deckNetwork.name, WORLD.deckNetwork.id, WORLD.deckNetwork.id.slice(0, 12), WORLD.lecturerNetwork.name, WORLD.lecturerNetwork.id.slice(0, 4), 'bridge', 'none', 'host',
  ` ${WORLD.lecturerNetwork.name}`, `${WORLD.deckNetwork.name}\t`, `a b/../../networks/${WORLD.lecturerNetwork.name}`, `${WORLD.lecturerNetwork.name}\u3000`,
)
const volumeValue = fc.constantFrom(WORLD.deckVolume, WORLD.lecturerVolume, ` ${WORLD.lecturerVolume}`, `${WORLD.lecturerVolume}\u00a0`, `a b/../${WORLD.lecturerVolume}`)

const objectOption: fc.Arbitrary<readonly string[]> = fc.oneof(
  networkValue.chain((net) => fc.constantFrom(['--network', net], [`--network=${net}`], ['--net', net])),
  containerValue.chain((text) => fc.constantFrom(['--network', `container:${text}`], ['--volumes-from', text], ['--link', `${text}:db`], ['--pid', `container:${text}`], ['--ipc', `container:${text}`])),
  volumeValue.chain((vol) => fc.constantFrom(['-v', `${vol}:/d`], ['--volume', `${vol}:/d:ro`], ['--mount', `type=volume,src=${vol},dst=/d`], ['--mount', `source=${vol},target=/d`])),
)
const runOption = fc.constantFrom(['-d'], ['--rm'], ['-it'], ['-i'], ['-t'], ['--name', 'web'], ['-e', 'A=b'], ['-p', '8080:80'], ['--init'])
const runImage: fc.Arbitrary<Target> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('alpine', 'redis', 'hello-world', 'redis:7', 'docker.io/library/alpine', 'docker-live-deck/rmi-demo').map((text) => word(text, 'allowed image')) },
  { weight: 2, arbitrary: fc.constantFrom(...IMAGE_NAMES.lecturer, IMAGE_NAMES.chapter[5]!, WORLD.chapterImages[0]!.id).map((text) => word(text, 'image by other name')) },
  { weight: 1, arbitrary: wrapped(['alpine', 'postgres:16'], 'image') },
  { weight: 1, arbitrary: placeholders('placeholder', ['<image-id:alpine>', '<image-id:postgres:16>', '<image-id:x/../../containers/lecturer-db>']) },
)

// ── Commands ─────────────────────────────────────────────────────────────────

type Shape = 'containers' | 'container' | 'exec' | 'images' | 'image' | 'pull' | 'none' | 'create'

interface Command {
  name: string
  spellings: string[][]
  options: string[][]
  shape: Shape
  /** Words after the target (`top C aux`, `exec C ls`). */
  after?: string[][]
  weight: number
}

const STOP_OPTIONS = [['-t', '1'], ['--time=0'], ['--timeout', '2'], ['-s', 'SIGTERM'], ['--signal=KILL']]

/** Every subcommand the policy's STEPS table knows, with its options and spellings. */
export const COMMANDS: readonly Command[] = [
  { name: 'rm', spellings: [['rm'], ['container', 'rm'], ['container', 'remove']], options: [['-f'], ['--force'], ['-v'], ['--volumes'], ['-fv'], ['--force=true'], ['-l']], shape: 'containers', weight: 8 },
  { name: 'stop', spellings: [['stop'], ['container', 'stop']], options: STOP_OPTIONS, shape: 'containers', weight: 2 },
  { name: 'restart', spellings: [['restart'], ['container', 'restart']], options: STOP_OPTIONS, shape: 'containers', weight: 2 },
  { name: 'kill', spellings: [['kill'], ['container', 'kill']], options: [['-s', 'KILL'], ['--signal=HUP']], shape: 'containers', weight: 2 },
  { name: 'pause', spellings: [['pause'], ['container', 'pause']], options: [], shape: 'containers', weight: 1 },
  { name: 'unpause', spellings: [['unpause'], ['container', 'unpause']], options: [], shape: 'containers', weight: 1 },
  { name: 'start', spellings: [['start'], ['container', 'start']], options: [['-a'], ['-i'], ['-ai'], ['--attach']], shape: 'containers', weight: 2 },
  { name: 'wait', spellings: [['wait'], ['container', 'wait']], options: [], shape: 'containers', weight: 1 },
  { name: 'inspect', spellings: [['inspect'], ['container', 'inspect']], options: [['-f', '{{.Id}}'], ['--format', 'json'], ['-s'], ['--type', 'container'], ['--type=image'], ['--type', 'volume']], shape: 'containers', weight: 2 },
  { name: 'stats', spellings: [['stats'], ['container', 'stats']], options: [['--no-stream'], ['--no-stream'], ['-a'], ['--no-trunc'], ['--format', '{{.Name}}']], shape: 'containers', weight: 1 },
  { name: 'logs', spellings: [['logs'], ['container', 'logs']], options: [['--tail', '1'], ['-n', '5'], ['-t'], ['--since', '1h'], ['--details'], ['-f']], shape: 'container', weight: 2 },
  { name: 'top', spellings: [['top'], ['container', 'top']], options: [], shape: 'container', after: [[], ['aux'], ['-ef']], weight: 1 },
  { name: 'port', spellings: [['port'], ['container', 'port']], options: [], shape: 'container', after: [[], ['80'], ['6379/tcp']], weight: 1 },
  { name: 'diff', spellings: [['diff'], ['container', 'diff']], options: [], shape: 'container', weight: 1 },
  { name: 'exec', spellings: [['exec'], ['container', 'exec']], options: [['-i'], ['-t'], ['-it'], ['-d'], ['-u', '1000'], ['-e', 'A=b'], ['-w', '/tmp'], ['--privileged']], shape: 'exec', after: [['ls'], ['sh', '-c', 'echo hi'], ['true'], ['redis-cli', 'ping']], weight: 3 },
  { name: 'rmi', spellings: [['rmi'], ['image', 'rm'], ['image', 'remove']], options: [['-f'], ['--force'], ['--no-prune']], shape: 'images', weight: 4 },
  { name: 'image inspect', spellings: [['image', 'inspect']], options: [['-f', '{{.Id}}'], ['--format', 'json']], shape: 'image', weight: 2 },
  { name: 'pull', spellings: [['pull'], ['image', 'pull']], options: [['-q'], ['--quiet'], ['-a']], shape: 'pull', weight: 1 },
  { name: 'ps', spellings: [['ps'], ['container', 'ls'], ['container', 'list'], ['container', 'ps']], options: [['-a'], ['-q'], ['--no-trunc'], ['-s'], ['-n', '2'], ['-l'], ['--filter', 'name=deck'], ['--filter', 'label=docker-live-deck.owned=true'], ['--format', '{{.Names}}']], shape: 'none', weight: 1 },
  { name: 'images', spellings: [['images'], ['image', 'ls'], ['image', 'list']], options: [['-a'], ['-q'], ['--digests'], ['--no-trunc'], ['--filter', 'dangling=true'], ['--format', '{{.Repository}}']], shape: 'none', weight: 1 },
  { name: 'version', spellings: [['version']], options: [['--format', '{{.Server.Version}}'], ['-f', 'json']], shape: 'none', weight: 1 },
  { name: 'info', spellings: [['info']], options: [['--format', '{{.ServerVersion}}']], shape: 'none', weight: 1 },
  { name: 'system df', spellings: [['system', 'df']], options: [['-v'], ['--format', '{{.Type}}']], shape: 'none', weight: 1 },
  { name: 'system prune', spellings: [['system', 'prune']], options: [['-a'], ['-f'], ['--force'], ['--volumes'], ['--filter', 'until=1h'], ['--filter', 'label=x']], shape: 'none', weight: 1 },
  { name: 'container prune', spellings: [['container', 'prune']], options: [['-f'], ['--filter', 'until=24h']], shape: 'none', weight: 1 },
  { name: 'image prune', spellings: [['image', 'prune']], options: [['-a'], ['-f'], ['--filter', 'until=24h']], shape: 'none', weight: 1 },
  { name: 'run', spellings: [['run'], ['container', 'run']], options: [], shape: 'create', weight: 3 },
  { name: 'create', spellings: [['create'], ['container', 'create']], options: [], shape: 'create', weight: 2 },
]

/** Each word of `words` spelled in a drawn style; verbatim words as they are. */
const STYLES: readonly (QuoteStyle | 'raw')[] = ['bare', 'bare', 'single', 'double', 'backslash', 'half', 'raw']
const spelledLine = (words: readonly Word[]): fc.Arbitrary<string> =>
  fc.tuple(...words.map(() => fc.constantFrom(...STYLES)))
    .map((styles) => ['docker', ...words.map((w, i) => (w.verbatim || styles[i] === 'raw' ? w.text : quoteWord(w.text, styles[i] as QuoteStyle)))].join(' '))

const plain = (texts: readonly string[]): Word[] => texts.map((text) => ({ text }))

/** A command's words after its own options: options naming objects (run/create), targets, then trailing words. */
interface Tail {
  /** run/create options, some naming objects (`--network`, `-v NAME:/d` …). */
  runOptions: ReadonlyArray<readonly string[]>
  targets: Target[]
  after: readonly string[]
}

/** Mostly one target: a line with several is refused as soon as one of them is, and then nothing runs. */
const targetCount = fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, { weight: 2, arbitrary: fc.constant(2) }, { weight: 1, arbitrary: fc.constant(3) })

/** The tail of a line for a command's shape. */
function tailOf(command: Command): fc.Arbitrary<Tail> {
  const after: fc.Arbitrary<readonly string[]> = command.after ? fc.constantFrom(...command.after) : fc.constant([])
  const only = (targets: fc.Arbitrary<Target[]>) => fc.tuple(targets, after).map(([t, rest]) => ({ runOptions: [], targets: t, after: rest }))
  switch (command.shape) {
    case 'containers': return only(targetCount.chain((n) => fc.array(containerTarget, { minLength: n, maxLength: n })))
    case 'container':
    case 'exec': return only(containerTarget.map((t) => [t]))
    case 'images': return only(targetCount.chain((n) => fc.array(imageTarget, { minLength: Math.min(n, 2), maxLength: Math.min(n, 2) })))
    case 'image': return only(imageTarget.map((t) => [t]))
    case 'pull': return only(pullTarget.map((t) => [t]))
    case 'none': return only(fc.constant([]))
    case 'create': return fc.tuple(fc.array(fc.oneof<fc.Arbitrary<readonly string[]>[]>(objectOption, runOption), { maxLength: 3 }), runImage, fc.constantFrom<readonly string[]>([], ['true'], ['sh', '-c', 'echo hi']))
      .map(([runOptions, image, rest]) => ({ runOptions, targets: [image], after: rest }))
  }
}

/** A line for one command: a spelling, a few of its options, its targets. */
function commandLine(command: Command): fc.Arbitrary<OracleLine> {
  return fc.tuple(fc.constantFrom(...command.spellings), fc.shuffledSubarray([...command.options], { maxLength: Math.min(2, command.options.length) }), tailOf(command))
    .chain(([spelling, options, { runOptions, targets, after }]) => {
      const families = [...new Set(targets.map((t) => t.family))].sort()
      const family = `${command.name}: ${[...(runOptions.length > 0 ? ['run options'] : []), ...families].join(' + ') || 'no target'}`
      return spelledLine([...plain(spelling), ...plain(options.flat()), ...plain(runOptions.flat()), ...targets.map((t) => t.word), ...plain(after)])
        .map((line) => ({ line, family }))
    })
}

/** Generated lines over `commands` (default: all), weighted. */
export function generatedLines(commands: readonly Command[] = COMMANDS): fc.Arbitrary<OracleLine> {
  return fc.oneof(...commands.map((command) => ({ weight: command.weight, arbitrary: commandLine(command) })))
}

// ── Fixed tables ─────────────────────────────────────────────────────────────

/** The threat model's lines (rows 32 and 34), exactly as written there. */
export const THREAT_MODEL_LINES: readonly string[] = [
  "docker rm -f ' lecturer-db'",
  "docker rm 'a b/../../volumes/lecturer_pgdata'",
  "docker rm -f 'a b/../../images/postgres:16'",
  "docker rm 'a b/../../networks/lecturer_app_default'",
  'docker rm $(docker ps -a -q)',
]

const shellQuoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`

/** Spelling variants of the threat model's lines: every rm spelling, every white space, every kind of object behind a traversal. */
export function variantLines(): OracleLine[] {
  const lines: OracleLine[] = []
  const add = (line: string, family: string) => lines.push({ line, family })
  for (const rm of ['rm', 'rm -f', 'container rm', 'container remove -f', 'rm --force']) {
    for (const space of WHITESPACE) {
      add(`docker ${rm} ${shellQuoted(`${space}lecturer-db`)}`, 'variant: white space before')
      add(`docker ${rm} ${shellQuoted(`lecturer-db${space}`)}`, 'variant: white space after')
    }
    for (const [kind, objects] of Object.entries(PATH_KINDS)) {
      for (const object of objects) add(`docker ${rm} ${shellQuoted(`a b/../../${kind}/${object}`)}`, `variant: traversal to ${kind}`)
    }
    add(`docker ${rm} ${shellQuoted(`\t${SHADOW_NAME}`)}`, 'variant: short-ID name in white space')
    add(`docker ${rm} ${SHADOW_NAME}`, 'variant: short-ID name')
  }
  for (const command of ['stop', 'kill', 'restart', 'pause', 'start', 'inspect', 'wait', 'logs', 'top', 'port', 'diff', 'stats --no-stream', 'exec -d']) {
    add(`docker ${command} ${shellQuoted(' lecturer-db')}${command === 'exec -d' ? ' ls' : ''}`, 'variant: white space before')
    add(`docker ${command} ${shellQuoted('a b/../lecturer-db')}${command === 'exec -d' ? ' ls' : ''}`, 'variant: traversal within the collection')
  }
  for (const rmi of ['rmi', 'rmi -f', 'image rm', 'image remove']) {
    add(`docker ${rmi} ${shellQuoted(' postgres:16')}`, 'variant: image in white space')
    add(`docker ${rmi} ${shellQuoted('a b/../postgres:16')}`, 'variant: traversal within the collection')
    for (const kind of ['containers', 'volumes', 'networks', 'plugins']) add(`docker ${rmi} ${shellQuoted(`a b/../../${kind}/${PATH_KINDS[kind]![0]}`)}`, `variant: traversal to ${kind}`)
  }
  for (const listing of ['docker rm $(docker ps -a -q)', 'docker rm `docker ps -a -q`', 'docker rm -f $(docker ps -a -q)', 'docker container rm $(docker container ls -a -q)',
    'docker stop $(docker ps -q)', 'docker kill $(docker ps -q)', 'docker restart $(docker ps -q)', 'docker pause $(docker ps -q)', 'docker unpause $(docker ps -q)',
    'docker start $(docker ps -a -q)', 'docker inspect $(docker ps -a -q)', 'docker rmi $(docker images -q)', 'docker rm $(docker ps -a -q --no-trunc)']) {
    add(listing, 'variant: $(…)')
  }
  for (const placeholder of ['docker rm <id>', 'docker rm <image-id:x/../../containers/lecturer-db>', 'docker rmi <image-id:x/../../containers/lecturer-db>',
    'docker run <image-id:x/../../containers/lecturer-db>', 'docker stop <id:alpine>', 'docker rmi <image-id:docker-live-deck/rmi-demo>']) {
    add(placeholder, 'variant: placeholder')
  }
  return lines
}
