// The classroom's fan-out, for `npm run bench`: the share server (a process
// of its own, scripts/bench/share-process.ts) follows the bench's runner
// read-only, and simulated students on this machine join with the room code
// and read its event stream. With one student and then with 200: the time
// from the runner reading a line (the event's `at`) to each student
// receiving it, p50/p95; the lines each student lost of a 1,000-line burst;
// and the share server's memory per student.
import { fork, type ChildProcess } from 'node:child_process'
import { request, type IncomingMessage } from 'node:http'
import path from 'node:path'
import { createParser } from 'eventsource-parser'
import type { RunnerClient } from '../../lib/client/client.ts'
import type { ServerMessage } from '../../lib/protocol.ts'
import { BURST_ARGV, linesLost } from './burst.ts'
import { nextKey } from './timing.ts'
import type { ShareProcessMemory, ShareProcessReady } from './share-process.ts'

export interface FanOut {
  students: number
  /** Runner read the line → a student received it, one value per line per student (ms). */
  delays: number[]
  /** Lines of the burst missing, summed over students. */
  lost: number
}

export interface ClassroomFigures {
  one: FanOut
  many: FanOut
  /** The share server's memory with no student, and with `many.students` after the runs. */
  memory: { before: ShareProcessMemory; after: ShareProcessMemory }
}

const PING = 'docker run --rm alpine ping -c 25 -i 0.2 localhost'

/** One simulated student: joined with the code (a cookie), reading /events; each run's output as it arrives. */
class Student {
  readonly outputs = new Map<string, string>()
  readonly delays = new Map<string, number[]>()
  private readonly listeners = new Set<(message: ServerMessage) => void>()
  private response: IncomingMessage | undefined

  static async join(joinUrl: string): Promise<Student> {
    const joined = await get(joinUrl, {})
    joined.resume()
    const cookie = String(joined.headers['set-cookie'] ?? '').split(';')[0]
    if (joined.statusCode !== 303 || !cookie) throw new Error(`Joining the share at ${joinUrl} answered ${joined.statusCode}, not 303 with a cookie.`)
    const student = new Student()
    student.response = await get(new URL('/events', joinUrl).href, { Cookie: cookie })
    if (student.response.statusCode !== 200) throw new Error(`GET /events answered ${student.response.statusCode}.`)
    const parser = createParser({ onEvent: (event) => student.take(JSON.parse(event.data) as ServerMessage) })
    student.response.setEncoding('utf8')
    student.response.on('data', (chunk: string) => parser.feed(chunk))
    return student
  }

  on(listener: (message: ServerMessage) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  close(): void {
    this.response?.destroy()
  }

  private take(message: ServerMessage): void {
    if (message.type === 'run-event' && message.event.kind === 'output') {
      const received = performance.timeOrigin + performance.now()
      this.outputs.set(message.runId, (this.outputs.get(message.runId) ?? '') + message.event.data)
      const delays = this.delays.get(message.runId) ?? []
      delays.push(received - message.event.at)
      this.delays.set(message.runId, delays)
    }
    for (const listener of this.listeners) listener(message)
  }
}

function get(url: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { headers }, resolve)
    sent.on('error', reject)
    sent.end()
  })
}

/** Runs `line` from the lecturer's client; resolves with its run id once every student has received its end. */
async function runToAll(lecturer: RunnerClient, students: readonly Student[], line: string): Promise<string> {
  const key = nextKey('classroom')
  const ended = students.map((student) => new Promise<void>((resolve) => {
    let runId: string | undefined
    const off = student.on((message) => {
      if (message.type !== 'run-event') return
      if (message.event.kind === 'started' && message.event.key === key) runId = message.runId
      if (message.event.kind === 'ended' && message.runId === runId) {
        off()
        resolve()
      }
    })
  }))
  const outcome = await lecturer.run(key, line)
  if ('refusal' in outcome) throw new Error(`The runner refused ${line}: ${outcome.refusal.message}`)
  await Promise.all(ended)
  return outcome.runId
}

async function measure(lecturer: RunnerClient, students: readonly Student[]): Promise<FanOut> {
  const ping = await runToAll(lecturer, students, PING)
  const burst = await runToAll(lecturer, students, `docker ${BURST_ARGV.join(' ')}`)
  return {
    students: students.length,
    delays: students.flatMap((student) => student.delays.get(ping) ?? []),
    lost: students.reduce((sum, student) => sum + linesLost(student.outputs.get(burst) ?? ''), 0),
  }
}

/** The share server with 1 and then `count` students, fed by the runner the lecturer's client is on. */
export async function classroomFanOut(runner: { url: string; followToken: string }, lecturer: RunnerClient, count: number): Promise<ClassroomFigures> {
  const child = fork(path.join(import.meta.dirname, 'share-process.ts'), [runner.url, runner.followToken, String(count)], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const students: Student[] = []
  try {
    const ready = await reply<ShareProcessReady>(child, 'ready')
    const before = await memory(child)
    students.push(await Student.join(ready.joinUrl))
    const one = await measure(lecturer, students)
    while (students.length < count) students.push(...await Promise.all(Array.from({ length: Math.min(50, count - students.length) }, () => Student.join(ready.joinUrl))))
    const many = await measure(lecturer, students)
    const after = await memory(child)
    return { one, many, memory: { before, after } }
  } finally {
    for (const student of students) student.close()
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      if (child.connected) child.send('close')
      else child.kill()
      await exited
    }
  }
}

const memory = (child: ChildProcess) => {
  const answer = reply<ShareProcessMemory>(child, 'memory')
  child.send('memory?')
  return answer
}

function reply<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if ((message as { type?: string }).type !== type) return
      child.off('message', onMessage)
      child.off('exit', onExit)
      resolve(message as T)
    }
    const onExit = (code: number | null) => reject(new Error(`The share server's process exited (code ${code}) before it sent "${type}".`))
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}
