// Recordings as files (asciicast v2), what varies between honest runs
// (normalise), the stale-recording check (compareRecordings), replaying a
// recording as run events, and the lifecycle rows live and replayed views show.
import { describe, expect, it } from 'vitest'
import { lifecycleRows, offsetSeconds, recordedLifecycle, replayClock, signalOffsets, stateOffsets, STOP_GRACE_MS } from '../../components/model/lifecycle-model.ts'
import { eventsUntil, recordedEvents } from '../../components/model/recorded-run.ts'
import { castOutput, readCast, writeCast, type Cast } from '../../lib/asciicast.ts'
import type { BlockRecording } from '../../lib/block-recording.ts'
import { compareRecordings } from '../../scripts/recording/compare.ts'
import { normalise, stableImageListing, stablePart, stableProcessListing } from '../../scripts/recording/normalise.ts'
import type { DeckBlock } from '../../scripts/recording/deck-blocks.ts'
import type { LifecycleEvent } from '../../lib/protocol.ts'

const cast = (events: Cast['events'], header: Partial<Cast['header']> = {}): Cast => ({
  header: { version: 2, width: 100, height: 24, timestamp: 1_700_000_000, ...header }, events,
})

describe('asciicast', () => {
  const hello = cast([[0.25, 'o', 'Hello from Docker!\r\n'], [0.5, 'i', 'q'], [0.75, 'o', 'bye "quoted" \u001b[31mred\u001b[0m\n']], { duration: 0.8, command: 'docker run hello-world', title: 'docker run hello-world' })

  it('writes a JSON header line, then one [seconds, kind, text] line per event', () => {
    expect(writeCast(hello)).toBe([
      '{"version":2,"width":100,"height":24,"timestamp":1700000000,"duration":0.8,"command":"docker run hello-world","title":"docker run hello-world"}',
      '[0.25,"o","Hello from Docker!\\r\\n"]',
      '[0.5,"i","q"]',
      '[0.75,"o","bye \\"quoted\\" \\u001b[31mred\\u001b[0m\\n"]',
      '',
    ].join('\n'))
  })

  it('reads back what it wrote', () => {
    expect(readCast(writeCast(hello))).toEqual(hello)
  })

  it('reads a recording without events, and skips blank lines', () => {
    expect(readCast('{"version":2,"width":80,"height":24}\n\n')).toEqual({ header: { version: 2, width: 80, height: 24 }, events: [] })
    expect(readCast(writeCast(hello).replace('\n', '\n\n  \n')).events).toHaveLength(3)
  })

  it.each([
    ['an empty file', ''],
    ['version 1', '{"version":1,"width":80,"height":24}\n'],
    ['an event first', '[0.1,"o","x"]\n'],
  ])('refuses %s as not asciicast v2', (_, text) => {
    expect(() => readCast(text)).toThrow('Not an asciicast v2 recording: the first line must be a header with "version": 2.')
  })

  it.each([
    ['a wrong kind', '[0.1,"x","text"]'],
    ['a string time', '["0.1","o","text"]'],
    ['missing text', '[0.1,"o"]'],
    ['an object', '{"time":0.1}'],
  ])('names the line that is wrong (%s)', (_, bad) => {
    const text = `${writeCast(hello)}${bad}\n`
    expect(() => readCast(text)).toThrow(`asciicast line 5 is not [seconds, "o"|"i", text]: ${bad}`)
  })

  // A line that is not JSON at all is named too, not left to JSON.parse's bare error.
  it('names the line that is wrong when it is not JSON', () => {
    expect(() => readCast(`${writeCast(hello)}[0.9,"o","cut off\n`)).toThrow(/line 5/)
  })

  it('gives the output a reader sees, without the input', () => {
    expect(castOutput(hello)).toBe('Hello from Docker!\r\nbye "quoted" \u001b[31mred\u001b[0m\n')
    expect(castOutput(cast([]))).toBe('')
  })
})

describe('normalise', () => {
  it.each([
    ['a short container id', 'Deleted: 1a6a8832c36c', 'Deleted: <id>'],
    ['a full container id', '0b5f9707d6c71cc2a9795b20eb0ad4724cf7aa310dc9dc3e092a9afa62403d1f', '<id>'],
    ['an image digest', 'Digest: sha256:0b5f9707d6c71cc2a9795b20eb0ad4724cf7aa310dc9dc3e092a9afa62403d1f', 'Digest: <id>'],
    ['an ISO time', 'at 2025-11-29T18:31:02.123456789Z done', 'at <time> done'],
    ['a docker time', 'Created 29 Nov 2025 18:31:02 here', 'Created <time> here'],
    ['a ping time', '64 bytes from 127.0.0.1: seq=0 ttl=64 time=0.05 ms', '64 bytes from 127.0.0.1: seq=0 ttl=64 time=<ms> ms'],
    ['"3 seconds ago"', 'Created 3 seconds ago', 'Created <ago> ago'],
    ['"About a minute ago"', 'About a minute ago', '<ago> ago'],
    ['"Less than a second ago"', 'Less than a second ago', '<ago> ago'],
    ['an uptime', 'Up 5 seconds', 'Up <for>'],
    ['a cursor answer echoed by a terminal without -i', '/data # ^[[6;9Rls', '/data # ls'],
    ['"Up About an hour"', 'Up About an hour', 'Up <for>'],
    ['sizes', 'alpine 7.8MB, 13.3kB, 1 GB, 512B', 'alpine <size>, <size>, <size>, <size>'],
    ['carriage returns', 'a\r\nb\r\n', 'a\nb\n'],
    ['runs of spaces and trailing blanks', 'IMAGE     NAMES   \nalpine  x', 'IMAGE NAMES\nalpine x'],
  ])('replaces %s', (_, text, expected) => {
    expect(normalise(text)).toBe(expected)
  })

  it('replaces the container names the run saw, and only those', () => {
    expect(normalise('crazy_kare exited; busy_bee stays', ['crazy_kare'])).toBe('<name> exited; busy_bee stays')
    expect(normalise('crazy_kare', ['', 'crazy_kare'])).toBe('<name>')
  })

  it('keeps words, counts and exit codes', () => {
    expect(normalise('Exited (137) 2 seconds ago seq=3 hello-world')).toBe('Exited (137) <ago> ago seq=3 hello-world')
  })

  const ps = (id: string, created: string, status: string, name: string, image = 'alpine') => [
    'CONTAINER ID   IMAGE     COMMAND              CREATED          STATUS                       PORTS     NAMES',
    `${id}   ${image}    "ping localhost"     ${created}   ${status}             ${name}`,
    '',
  ].join('\r\n')
  const first = ps('1a6a8832c36c', '3 seconds ago', 'Exited (137) 2 seconds ago', 'crazy_kare')
  const second = ps('9f00c1d2e3a4', 'About a minute ago', 'Exited (137) About a minute ago', 'elastic_raman')

  it('makes two honest runs of docker ps -a equal', () => {
    expect(first).not.toBe(second)
    expect(normalise(first, ['crazy_kare'])).toBe(normalise(second, ['elastic_raman']))
    expect(normalise(first, ['crazy_kare'])).toBe('CONTAINER ID IMAGE COMMAND CREATED STATUS PORTS NAMES\n<id> alpine "ping localhost" <ago> ago Exited (137) <ago> ago <name>\n')
  })

  it('still tells them apart when a word changed', () => {
    const edited = ps('9f00c1d2e3a4', 'About a minute ago', 'Exited (137) About a minute ago', 'elastic_raman', 'busybox')
    expect(normalise(first, ['crazy_kare'])).not.toBe(normalise(edited, ['elastic_raman']))
    const otherCode = ps('9f00c1d2e3a4', '3 seconds ago', 'Exited (143) 2 seconds ago', 'elastic_raman')
    expect(normalise(first, ['crazy_kare'])).not.toBe(normalise(otherCode, ['elastic_raman']))
  })
})

describe('stablePart', () => {
  const ping = 'PING localhost\nseq=0 time=0.1 ms\nseq=1 time=0.1 ms\nseq=2 time=0.1 ms\n'

  it('keeps everything without an until', () => {
    expect(stablePart(ping, undefined)).toBe(ping)
  })

  it('cuts after the line holding the until text', () => {
    expect(stablePart(ping, 'seq=1 ')).toBe('PING localhost\nseq=0 time=0.1 ms\nseq=1 time=0.1 ms\n')
  })

  it('keeps everything when the until text never came', () => {
    expect(stablePart(ping, 'Ready to accept')).toBe(ping)
  })

  it('on a line still open (a prompt), cuts right after the until text: a redrawn prompt or an echoed key comes when it comes', () => {
    expect(stablePart('banner\n/data # \u001b[6n', '# ')).toBe('banner\n/data # ')
    expect(stablePart('banner\n/data # \u001b[6n\r/data # \u001b[J^[[6;9R', '# ')).toBe('banner\n/data # ')
  })
})

const meta = (over: Partial<BlockRecording> = {}): BlockRecording => ({
  key: 's7-og4p8w', slide: 7, line: 'docker ps -a', resolvedLine: 'docker ps -a --filter label=docker-live-deck.owned=true',
  notices: [{ kind: 'scoped', text: 'Only the deck\'s containers.' }], tty: false, startedAt: 1_700_000_000_000,
  exit: { code: 0, signal: null, durationMs: 900, reason: 'exited' }, lifecycle: [], ...over,
})

describe('compareRecordings', () => {
  const block = (key: string, slide: number, line: string, until?: string): DeckBlock => ({ info: 'sh', key, slide, line, record: until ? { until } : {} })
  const psBlock = block('s7-og4p8w', 7, 'docker ps -a')
  const recorded = (output: string, over: Partial<BlockRecording> = {}) => ({ cast: cast([[0.1, 'o', output]]), meta: meta(over) })
  const lookup = (entries: Record<string, ReturnType<typeof recorded> | undefined>) => (key: string) => entries[key]

  it('finds no difference between two honest runs', () => {
    const committed = recorded('1a6a8832c36c alpine Up 3 seconds crazy_kare\n', { lifecycle: [{ containerId: 'x', name: 'crazy_kare', action: 'create', timeNano: '1', atMs: 0 }] })
    const fresh = recorded('9f00c1d2e3a4   alpine   Up 12 seconds   elastic_raman\n', { lifecycle: [{ containerId: 'y', name: 'elastic_raman', action: 'create', timeNano: '2', atMs: 0 }] })
    expect(compareRecordings([psBlock], lookup({ 's7-og4p8w': committed }), lookup({ 's7-og4p8w': fresh }))).toEqual([])
  })

  it('reports a missing committed or fresh recording with the block\'s key, slide and line', () => {
    const other = block('s9-1f0h95i', 9, 'docker create hello-world')
    const present = recorded('x\n')
    expect(compareRecordings([psBlock, other], lookup({ 's7-og4p8w': present }), lookup({ 's9-1f0h95i': present }))).toEqual([
      { key: 's7-og4p8w', slide: 7, line: 'docker ps -a', what: 'recording', committed: 'present', fresh: 'missing' },
      { key: 's9-1f0h95i', slide: 9, line: 'docker create hello-world', what: 'recording', committed: 'missing', fresh: 'present' },
    ])
  })

  it('reports changed output and a changed exit, normalised', () => {
    const committed = recorded('Hello from Docker!\n')
    const fresh = recorded('Hello from Podman!\n', { exit: { code: 1, signal: null, durationMs: 10, reason: 'exited' } })
    expect(compareRecordings([psBlock], lookup({ 's7-og4p8w': committed }), lookup({ 's7-og4p8w': fresh }))).toEqual([
      { key: 's7-og4p8w', slide: 7, line: 'docker ps -a', what: 'output', committed: 'Hello from Docker!\n', fresh: 'Hello from Podman!\n' },
      { key: 's7-og4p8w', slide: 7, line: 'docker ps -a', what: 'exit', committed: '0 exited', fresh: '1 exited' },
    ])
  })

  it('reports a changed refusal, resolved command and notices', () => {
    const committed = recorded('')
    const fresh = recorded('', { refused: { code: 'not-docker', message: 'Only docker commands run here.' }, resolvedLine: 'docker ps -a', notices: [] })
    expect(compareRecordings([psBlock], lookup({ 's7-og4p8w': committed }), lookup({ 's7-og4p8w': fresh })).map(({ what }) => what)).toEqual(['refused', 'command', 'notices'])
  })

  it('compares a block left running only through its until line, and not its exit', () => {
    const ping = block('s13-9g8q8o', 13, 'docker run alpine ping localhost', 'seq=1 ')
    const committed = { cast: cast([[0.1, 'o', 'seq=0 time=0.04 ms\nseq=1 time=0.05 ms\nseq=2 time=0.06 ms\n']]), meta: meta({ key: ping.key, exit: { code: 137, signal: null, durationMs: 3000, reason: 'exited' } }) }
    const fresh = { cast: cast([[0.1, 'o', 'seq=0 time=0.07 ms\nseq=1 time=0.08 ms\n']]), meta: meta({ key: ping.key, exit: undefined }) }
    expect(compareRecordings([ping], lookup({ [ping.key]: committed }), lookup({ [ping.key]: fresh }))).toEqual([])
  })
})

describe('recordedEvents and eventsUntil', () => {
  const recording = cast([[0.25, 'o', 'Hello\n'], [0.5, 'i', 'x'], [0.75, 'o', 'World\n']])

  it('turns a recording back into a run: started, output at its times, ended', () => {
    expect(recordedEvents(recording, meta())).toEqual([
      { atMs: 0, event: { kind: 'started', seq: 0, key: 's7-og4p8w', line: 'docker ps -a', resolvedLine: 'docker ps -a --filter label=docker-live-deck.owned=true', notices: [{ kind: 'scoped', text: 'Only the deck\'s containers.' }], tty: false, startedAt: 1_700_000_000_000 } },
      { atMs: 250, event: { kind: 'output', seq: 1, stream: 'stdout', data: 'Hello\n', at: 1_700_000_000_250 } },
      { atMs: 750, event: { kind: 'output', seq: 2, stream: 'stdout', data: 'World\n', at: 1_700_000_000_750 } },
      { atMs: 900, event: { kind: 'ended', seq: 3, exitCode: 0, signal: null, durationMs: 900, reason: 'exited' } },
    ])
  })

  it('marks a terminal recording\'s output as pty', () => {
    expect(recordedEvents(recording, meta({ tty: true })).filter(({ event }) => event.kind === 'output').map(({ event }) => event.kind === 'output' && event.stream)).toEqual(['pty', 'pty'])
  })

  it('ends no earlier than the last output, and not at all without an exit', () => {
    expect(recordedEvents(recording, meta({ exit: { code: 137, signal: null, durationMs: 100, reason: 'exited' } })).at(-1)).toMatchObject({ atMs: 750, event: { kind: 'ended', exitCode: 137 } })
    expect(recordedEvents(recording, meta({ exit: undefined })).map(({ event }) => event.kind)).toEqual(['started', 'output', 'output'])
  })

  it('gives the events that have happened at a moment of the replay', () => {
    const timed = recordedEvents(recording, meta())
    expect(eventsUntil(timed, 0).map((event) => event.kind)).toEqual(['started'])
    expect(eventsUntil(timed, 249).map((event) => event.kind)).toEqual(['started'])
    expect(eventsUntil(timed, 250).map((event) => event.seq)).toEqual([0, 1])
    expect(eventsUntil(timed, 899).map((event) => event.seq)).toEqual([0, 1, 2])
    expect(eventsUntil(timed, 900).map((event) => event.seq)).toEqual([0, 1, 2, 3])
  })
})

const T0 = 1_700_000_000_000
const nano = (ms: number) => `${T0 + ms}000000`
const event = (containerId: string, action: string, ms: number, over: Partial<LifecycleEvent> = {}): LifecycleEvent => ({
  containerId, name: `name-${containerId.slice(0, 4)}`, image: 'alpine', action, timeNano: nano(ms), ...over,
})
const ID = 'aaaa1111bbbb2222cccc3333'

describe('lifecycleRows', () => {
  const started = [event(ID, 'create', 0), event(ID, 'start', 100)]
  const stop = [...started, event(ID, 'kill', 1000, { signal: 15 })]

  it('shows a container created then running, its id cut to 12 characters', () => {
    expect(lifecycleRows(started, T0 + 200)).toEqual([
      { id: 'aaaa1111bbbb', name: 'name-aaaa', image: 'alpine', state: 'running', exitCode: undefined, signals: [], times: { created: T0, running: T0 + 100 }, graceLeftMs: undefined, execs: [] },
    ])
    expect(lifecycleRows(started.slice(0, 1), T0)[0]?.state).toBe('created')
  })

  it('shows docker stop: SIGTERM, then the grace period counting down with now', () => {
    expect(lifecycleRows(stop, T0 + 1000)[0]).toMatchObject({ state: 'running', signals: [{ signal: 15, name: 'SIGTERM', at: T0 + 1000 }], graceLeftMs: STOP_GRACE_MS })
    expect(lifecycleRows(stop, T0 + 4000)[0]?.graceLeftMs).toBe(7000)
    expect(lifecycleRows(stop, T0 + 10_500)[0]?.graceLeftMs).toBe(500)
    expect(lifecycleRows(stop, T0 + 30_000)[0]?.graceLeftMs).toBe(0)
  })

  it('shows docker stop after the grace period: SIGKILL, then exited 137, no grace left', () => {
    const killed = [...stop, event(ID, 'kill', 11_000, { signal: 9 })]
    expect(lifecycleRows(killed, T0 + 11_000)[0]).toMatchObject({ state: 'running', signals: [{ name: 'SIGTERM' }, { name: 'SIGKILL', signal: 9, at: T0 + 11_000 }], graceLeftMs: undefined })
    const died = [...killed, event(ID, 'die', 11_050, { exitCode: 137 })]
    expect(lifecycleRows(died, T0 + 12_000)[0]).toMatchObject({ state: 'exited', exitCode: 137, graceLeftMs: undefined })
    expect(lifecycleRows([...died, event(ID, 'destroy', 13_000)], T0 + 14_000)[0]).toMatchObject({ state: 'removed', exitCode: 137 })
  })

  it('shows a graceful stop ending with 143 before the grace period is over', () => {
    const rows = lifecycleRows([...stop, event(ID, 'die', 1200, { exitCode: 143 })], T0 + 2000)
    expect(rows[0]).toMatchObject({ state: 'exited', exitCode: 143, signals: [{ name: 'SIGTERM' }], graceLeftMs: undefined })
  })

  it('shows docker kill: SIGKILL at once, with no grace period', () => {
    const kill = [...started, event(ID, 'kill', 1000, { signal: 9 })]
    expect(lifecycleRows(kill, T0 + 1000)[0]).toMatchObject({ state: 'running', signals: [{ signal: 9, name: 'SIGKILL' }], graceLeftMs: undefined })
    expect(lifecycleRows([...kill, event(ID, 'die', 1010, { exitCode: 137 })], T0 + 1100)[0]).toMatchObject({ state: 'exited', exitCode: 137, signals: [{ name: 'SIGKILL' }] })
  })

  it('leaves other signals unnamed (the view names them by number), and clears signals, exit code and times on a restart', () => {
    const hup = [...started, event(ID, 'kill', 500, { signal: 10 }), event(ID, 'die', 600, { exitCode: 1 })]
    expect(lifecycleRows(hup, T0 + 700)[0]).toMatchObject({ state: 'exited', exitCode: 1, signals: [{ signal: 10, name: undefined }], times: { created: T0, running: T0 + 100, exited: T0 + 600 } })
    const restarted = lifecycleRows([...hup, event(ID, 'start', 800)], T0 + 900)[0]
    expect(restarted).toMatchObject({ state: 'running', exitCode: undefined, signals: [] })
    expect(stateOffsets(restarted!)).toEqual({ created: 0, running: 800 })
  })

  it('times each state from the creation and each signal from the first signal, for the printed view', () => {
    const died = [...stop, event(ID, 'kill', 11_000, { signal: 9 }), event(ID, 'die', 11_050, { exitCode: 137 }), event(ID, 'destroy', 13_000)]
    const row = lifecycleRows(died, T0 + 14_000)[0]!
    expect(stateOffsets(row)).toEqual({ created: 0, running: 100, exited: 11_050, removed: 13_000 })
    expect(signalOffsets(row)).toEqual([0, 10_000])
    expect(signalOffsets(row).map(offsetSeconds)).toEqual(['0', '10'])
  })

  it('writes offsets with one decimal under 10 s and whole seconds above', () => {
    expect([0, 40, 400, 9_940, 9_960, 10_020, 11_681, -5].map(offsetSeconds)).toEqual(['0', '0', '0.4', '9.9', '10', '10', '12', '0'])
  })

  it('keeps the last three distinct exec commands', () => {
    const execs = ['ls', 'ps', 'ls', 'env', 'id'].map((command, i) => event(ID, 'exec_start', 200 + i, { execCommand: command }))
    expect(lifecycleRows([...started, ...execs], T0 + 300)[0]?.execs).toEqual(['ls', 'env', 'id'])
  })

  const many = ['c1', 'c2', 'c3', 'c4', 'c5'].map((id, i) => event(`${id}`.padEnd(16, '0'), 'create', i * 10, { image: i % 2 ? 'redis' : 'alpine', name: id }))

  it('lists the newest containers first, four by default', () => {
    expect(lifecycleRows(many, T0).map((row) => row.name)).toEqual(['c5', 'c4', 'c3', 'c2'])
  })

  it('counts a container as newest when it last changed', () => {
    expect(lifecycleRows([...many, event('c1'.padEnd(16, '0'), 'start', 100, { name: 'c1' })], T0).map((row) => row.name)).toEqual(['c1', 'c5', 'c4', 'c3'])
  })

  it('keeps to the limit and the image asked for', () => {
    expect(lifecycleRows(many, T0, 2).map((row) => row.name)).toEqual(['c5', 'c4'])
    expect(lifecycleRows(many, T0, 4, 'redis').map((row) => row.name)).toEqual(['c4', 'c2'])
    expect(lifecycleRows(many, T0, 2, 'alpine').map((row) => row.name)).toEqual(['c5', 'c3'])
    expect(lifecycleRows(many, T0, 4, 'nginx')).toEqual([])
  })
})

describe('recordedLifecycle and replayClock', () => {
  const stopRecording = { meta: meta({
    key: 'ping-for-stop', startedAt: T0,
    lifecycle: [
      { ...event(ID, 'create', 0), atMs: 0 },
      { ...event(ID, 'start', 100), atMs: 100 },
    ],
  }) }
  const stopCommand = { meta: meta({
    key: 's10-1r1mvhf', startedAt: T0 + 5000,
    lifecycle: [
      { ...event(ID, 'kill', 5100, { signal: 15 }), atMs: 100 },
      { ...event(ID, 'kill', 15_100, { signal: 9 }), atMs: 10_100 },
      { ...event(ID, 'die', 15_150, { exitCode: 137 }), atMs: 10_150 },
    ],
  }) }
  // The ping block's recording saw the start too: each event counts once.
  const withDuplicate = { meta: { ...stopRecording.meta, key: 'ping-again', lifecycle: [{ ...event(ID, 'start', 100), atMs: 100 }] } }
  const recordings = [stopCommand, stopRecording, withDuplicate]

  it('gives every recorded event once, in time order, when nothing replays', () => {
    const events = recordedLifecycle(recordings, new Map())
    expect(events.map(({ action, signal }) => [action, signal])).toEqual([['create', undefined], ['start', undefined], ['kill', 15], ['kill', 9], ['die', undefined]])
    expect(events[0]).toEqual(event(ID, 'create', 0))
    expect(replayClock(recordings, new Map())).toBe(Number.POSITIVE_INFINITY)
  })

  it('cuts the events at the moment a replay has reached', () => {
    const replaying = new Map([['s10-1r1mvhf', 3000]])
    expect(replayClock(recordings, replaying)).toBe(T0 + 8000)
    const events = recordedLifecycle(recordings, replaying)
    expect(events.map(({ action }) => action)).toEqual(['create', 'start', 'kill'])
    expect(lifecycleRows(events, replayClock(recordings, replaying))[0]).toMatchObject({ state: 'running', signals: [{ name: 'SIGTERM' }], graceLeftMs: 7100 })
  })

  it('shows the end of a replay as the recording ended', () => {
    const replaying = new Map([['s10-1r1mvhf', 10_150]])
    const rows = lifecycleRows(recordedLifecycle(recordings, replaying), replayClock(recordings, replaying))
    expect(rows[0]).toMatchObject({ state: 'exited', exitCode: 137, signals: [{ name: 'SIGTERM' }, { name: 'SIGKILL' }], graceLeftMs: undefined })
  })

  it('follows the earliest of several replays, and ignores replays of other slides\' blocks', () => {
    expect(replayClock(recordings, new Map([['s10-1r1mvhf', 3000], ['ping-for-stop', 50]]))).toBe(T0 + 50)
    expect(recordedLifecycle(recordings, new Map([['ping-for-stop', 50]])).map(({ action }) => action)).toEqual(['create'])
    expect(replayClock(recordings, new Map([['s99-elsewhere', 0]]))).toBe(Number.POSITIVE_INFINITY)
  })
})

describe('stableImageListing', () => {
  it('keeps the header and the deck\'s own rows, sorted, whatever else the engine holds', () => {
    const listing = ['REPOSITORY   TAG   IMAGE ID', 'redis   latest   f2f0', 'lecturer/app   1   aaaa', 'alpine   latest   ec1b', 'docker-live-deck/rmi-demo   latest   9e6f', ''].join('\n')
    expect(stableImageListing(listing, ['hello-world', 'alpine', 'redis']).split('\n')).toEqual(['REPOSITORY   TAG   IMAGE ID', 'alpine   latest   ec1b', 'docker-live-deck/rmi-demo   latest   9e6f', 'redis   latest   f2f0'])
  })
})

describe('stableProcessListing', () => {
  it('keeps docker top\'s header and commands, not the host\'s process IDs of the run', () => {
    const first = 'PID                 PPID                COMMAND\n16184               16163               ping localhost\n'
    const second = 'PID                 PPID                COMMAND\n19253               19234               ping localhost\n'
    expect(stableProcessListing(first)).toBe(stableProcessListing(second))
    expect(stableProcessListing(first)).toContain('ping localhost')
    expect(stableProcessListing(first)).not.toBe(stableProcessListing(second.replace('ping localhost', 'sleep 300')))
  })
})
