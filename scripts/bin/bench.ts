// `npm run bench`: the runner against the raw docker CLI, side by side in one
// run on this machine, reported as ratios (runner ÷ raw). Also the delay
// between the runner reading a line and a client receiving it, a 1,000-line
// burst to one client and to 50 followers, the runner's memory (it runs
// in this process) before and after that load, and how fast GET /health
// answers while 8 containers start at once; a socket dropped mid-run and the
// time until output flows again; the classroom's share server with 1 and 200
// students on its event stream (delay, lines lost, memory per student). Then the deck itself on a fresh `npm start`
// in Chromium (skip with --skip-deck): click on Run → first output painted
// against the raw CLI's first byte, arrow key → next slide painted on first
// visits, the PDF export's wall time and the static build's JavaScript.
// A summary table ends it.
import { parseArgs } from 'node:util'
import WebSocket from 'ws'
import { BURST_ARGV, BURST_LINES, rawBurst, runnerBurst, type Burst } from '../bench/burst.ts'
import { deckFigures } from '../bench/deck-figures.ts'
import { healthUnderLoad } from '../bench/health.ts'
import { reconnects } from '../bench/reconnect.ts'
import { classroomFanOut, type FanOut } from '../bench/classroom-fanout.ts'
import { describeMachine } from '../bench/machine.ts'
import { median, mib, ms, percentile, ratio, table, type Row } from '../bench/stats.ts'
import { compare, lineDelays, type Bench } from '../bench/timing.ts'
import { RunnerClient } from '../../lib/client/client.ts'
import { webSocketFactory } from '../../lib/client/web-sockets.ts'
import { DockerCli } from '../../runner/docker/docker-cli.ts'
import { startRunner } from '../../runner/start-runner.ts'
import { deckOrigins } from '../../lib/ports.ts'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' }, 'skip-deck': { type: 'boolean', default: false } } })
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 5) {
  console.error(`--runs must be an integer of at least 5, received ${JSON.stringify(values.runs)}.`)
  process.exit(2)
}

const [ORIGIN] = deckOrigins() as [string]
const FOLLOWERS = 50
const cli = new DockerCli()
const runner = await startRunner({ port: 0, origins: [ORIGIN], stateDir: false, maxConnections: FOLLOWERS + 8 })
const connect = async () => {
  const client = new RunnerClient(runner.url, runner.token, webSocketFactory(WebSocket, { origin: ORIGIN }))
  await client.connect()
  return client
}
const client = await connect()
const bench: Bench = { cli, client, runs }
const rows: Row[] = []

console.log(`Machine: ${await describeMachine(cli)}; ${runs} runs each, medians.`)
for (const argv of [['ps', '-a'], ['run', '--rm', 'alpine', 'true']]) {
  const result = await compare(bench, argv)
  const figure = `docker ${argv.join(' ')}`
  console.log(`${figure.padEnd(31)} raw ${ms(result.raw).padStart(9)}  runner ${ms(result.runner).padStart(9)}  ratio ${ratio(result.runner, result.raw)}`)
  rows.push({ figure: `${figure}, median`, raw: ms(result.raw), runner: ms(result.runner), ratio: ratio(result.runner, result.raw) })
}
const delays = await lineDelays(bench)
console.log(`line delay, runner read → client received (${delays.length} lines of ping -c 20): p50 ${ms(percentile(delays, 50))}, p95 ${ms(percentile(delays, 95))}`)
rows.push({ figure: `line delay read → received, p50 / p95`, raw: '—', runner: `${ms(percentile(delays, 50))} / ${ms(percentile(delays, 95))}`, ratio: '—' })

// The burst: raw, one client, 50 followers, alternated; fewer repetitions, each is a container.
const bursts = Math.max(5, Math.round(runs / 3))
const followers = await Promise.all(Array.from({ length: FOLLOWERS }, connect))
const rssBefore = process.memoryUsage().rss
const measured: Record<'raw' | 'one' | 'many', Burst[]> = { raw: [], one: [], many: [] }
await rawBurst(bench)
await runnerBurst(client, [client])
for (let i = 0; i < bursts; i++) {
  measured.raw.push(await rawBurst(bench))
  measured.one.push(await runnerBurst(client, [client]))
  measured.many.push(await runnerBurst(client, followers))
}
const rssAfter = process.memoryUsage().rss
const time = (key: keyof typeof measured) => median(measured[key].map((burst) => burst.ms))
const lost = (key: keyof typeof measured) => measured[key].reduce((sum, burst) => sum + burst.lost, 0)
console.log(`docker ${BURST_ARGV.join(' ')}, start → last line received, median of ${bursts}: raw ${ms(time('raw'))}, 1 client ${ms(time('one'))} (ratio ${ratio(time('one'), time('raw'))}), ${FOLLOWERS} followers ${ms(time('many'))} (ratio ${ratio(time('many'), time('raw'))}); lines lost: raw ${lost('raw')}, 1 client ${lost('one')}, ${FOLLOWERS} followers ${lost('many')} of ${BURST_LINES * FOLLOWERS * bursts}`)
console.log(`runner rss before → after the bursts: ${mib(rssBefore)} → ${mib(rssAfter)} (${rssAfter >= rssBefore ? '+' : ''}${mib(rssAfter - rssBefore)})`)
rows.push(
  { figure: `seq 1 ${BURST_LINES} → 1 client, last line`, raw: ms(time('raw')), runner: ms(time('one')), ratio: ratio(time('one'), time('raw')) },
  { figure: `seq 1 ${BURST_LINES} → ${FOLLOWERS} followers, last line`, raw: ms(time('raw')), runner: ms(time('many')), ratio: ratio(time('many'), time('raw')) },
  { figure: `lines lost, 1 client (${bursts} bursts)`, raw: String(lost('raw')), runner: String(lost('one')), ratio: '—' },
  { figure: `lines lost, ${FOLLOWERS} followers (${bursts} bursts)`, raw: String(lost('raw')), runner: String(lost('many')), ratio: '—' },
  { figure: 'runner rss before → after the bursts (after ÷ before)', raw: '—', runner: `${mib(rssBefore)} → ${mib(rssAfter)}`, ratio: (rssAfter / rssBefore).toFixed(3) },
)

const health = await healthUnderLoad(runner.port, followers.slice(0, 8))
const healthFigure = (times: number[]) => `p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(Math.max(...times))}`
console.log(`GET /health idle (${health.idle.length}): ${healthFigure(health.idle)}; while 8 containers start (${health.loaded.length}): ${healthFigure(health.loaded)}`)
rows.push(
  { figure: 'GET /health idle, p50 / p95', raw: '—', runner: `${ms(percentile(health.idle, 50))} / ${ms(percentile(health.idle, 95))}`, ratio: '—' },
  { figure: 'GET /health while 8 containers start, p95 / max (p95 ÷ idle p95)', raw: '—', runner: `${ms(percentile(health.loaded, 95))} / ${ms(Math.max(...health.loaded))}`, ratio: ratio(percentile(health.loaded, 95), percentile(health.idle, 95)) },
)

const dropped = await reconnects(runner.url, runner.token, ORIGIN, 5)
const resumed = dropped.map((drop) => drop.resumedMs)
const droppedLost = dropped.reduce((sum, drop) => sum + drop.lost, 0)
const droppedRepeated = dropped.reduce((sum, drop) => sum + drop.repeated, 0)
console.log(`socket dropped mid-run → output again (${dropped.length} drops): p50 ${ms(percentile(resumed, 50))}, max ${ms(Math.max(...resumed))}; lines lost ${droppedLost}, repeated ${droppedRepeated}`)
rows.push(
  { figure: `socket dropped mid-run → output again, p50 / max (${dropped.length} drops)`, raw: '—', runner: `${ms(percentile(resumed, 50))} / ${ms(Math.max(...resumed))}`, ratio: '—' },
  { figure: 'lines lost / repeated across the drops', raw: '—', runner: `${droppedLost} / ${droppedRepeated}`, ratio: '—' },
)
for (const follower of followers) follower.close()

const STUDENTS = 200
const classroom = await classroomFanOut({ url: runner.url, followToken: runner.followToken }, client, STUDENTS)
const fanDelays = (fan: FanOut) => `${ms(percentile(fan.delays, 50))} / ${ms(percentile(fan.delays, 95))}`
const { before: shareBefore, after: shareAfter } = classroom.memory
// An upper bound: the growth also holds the feed's kept messages of the two runs, whoever reads them.
const kibPerStudent = (shareAfter.rss - shareBefore.rss) / STUDENTS / 1024
const heapKibPerStudent = (shareAfter.heapUsed - shareBefore.heapUsed) / STUDENTS / 1024
console.log(`classroom share, runner read → student received (ping -c 25, p50 / p95): 1 student ${fanDelays(classroom.one)} (${classroom.one.delays.length} lines), ${STUDENTS} students ${fanDelays(classroom.many)} (${classroom.many.delays.length} lines); seq 1 1000 lines lost: 1 student ${classroom.one.lost}, ${STUDENTS} students ${classroom.many.lost}; share server rss ${mib(shareBefore.rss)} → ${mib(shareAfter.rss)} (${kibPerStudent.toFixed(1)} KiB per student), heap ${mib(shareBefore.heapUsed)} → ${mib(shareAfter.heapUsed)} (${heapKibPerStudent.toFixed(1)} KiB per student)`)
rows.push(
  { figure: 'classroom: runner read → student received, p50 / p95, 1 student', raw: '—', runner: fanDelays(classroom.one), ratio: '—' },
  { figure: `classroom: the same, ${STUDENTS} students (p95 ÷ 1 student's p95)`, raw: '—', runner: fanDelays(classroom.many), ratio: ratio(percentile(classroom.many.delays, 95), percentile(classroom.one.delays, 95)) },
  { figure: `classroom: lines lost of seq 1 1000, ${STUDENTS} students`, raw: '—', runner: `${classroom.many.lost} of ${BURST_LINES * STUDENTS}`, ratio: '—' },
  { figure: 'classroom: share server memory per student, rss / heap', raw: '—', runner: `${kibPerStudent.toFixed(1)} / ${heapKibPerStudent.toFixed(1)} KiB`, ratio: '—' },
)
client.close()
await runner.close()

if (!values['skip-deck']) {
  const deck = await deckFigures(cli, Math.max(5, Math.round(runs / 3)), (line) => console.log(`deck: ${line}`))
  const click = median(deck.clickToPaint)
  const raw = median(deck.rawFirstByte)
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`
  console.log(`docker run alpine ls, click on Run → first output painted (median of ${deck.clickToPaint.length}): ${ms(click)}; raw CLI start → first byte: ${ms(raw)}; ratio ${ratio(click, raw)}`)
  console.log(`arrow key → next slide painted, first visit (${deck.slidePaint.length} slides): p50 ${ms(percentile(deck.slidePaint, 50))}, p95 ${ms(percentile(deck.slidePaint, 95))}, max ${ms(Math.max(...deck.slidePaint))}`)
  const { pdf } = deck
  const s = (duration: number) => `${(duration / 1000).toFixed(1)} s`
  console.log(`PDF: slidev export (dev server) ${s(pdf.slidevExportMs)}; slidev build of the static site ${s(pdf.buildMs)}; PDF printed from the built site ${s(pdf.printMs)}; npm run export (build + print) ${s(pdf.exportMs)}; the site's index.html ${kib(pdf.site.bytes)}, ${kib(pdf.site.gzipped)} gzipped`)
  rows.push(
    { figure: 'docker run alpine ls: click on Run → first output painted, median', raw: ms(raw), runner: ms(click), ratio: ratio(click, raw) },
    { figure: `arrow key → next slide painted, first visit, p50 / p95 (${deck.slidePaint.length} slides)`, raw: '—', runner: `${ms(percentile(deck.slidePaint, 50))} / ${ms(percentile(deck.slidePaint, 95))}`, ratio: '—' },
    { figure: 'PDF before: `slidev export` through the dev server (wall time)', raw: '—', runner: s(pdf.slidevExportMs), ratio: '—' },
    { figure: 'static site alone: `slidev build` (wall time)', raw: '—', runner: s(pdf.buildMs), ratio: '—' },
    { figure: 'PDF now: printed from the built site (÷ before)', raw: '—', runner: s(pdf.printMs), ratio: ratio(pdf.printMs, pdf.slidevExportMs) },
    { figure: '`npm run export` now: build + print (÷ before)', raw: '—', runner: s(pdf.exportMs), ratio: ratio(pdf.exportMs, pdf.slidevExportMs) },
    { figure: 'static site: index.html, gzipped', raw: '—', runner: kib(pdf.site.gzipped), ratio: '—' },
  )
}

console.log(`\n${table(rows)}\nMachine: ${await describeMachine(cli)}`)
