// Wrong attempts at each exercise of the deck: command lines a student might
// type after 처음부터 다시 (from the exercise's known start), and the
// expectation field whose hint the check must answer with (and text the hint
// must hold). test/engine/exercises.test.ts runs each on the real engine and
// requires that failure; the unit content test requires at least two per
// exercise and that the policy plans every line. A line that ends with
// another code than 0 on purpose says so.
//
// LAB_CODES proves each code of the exit-code lab on its own: a reference
// that makes it, and a wrong attempt that makes a neighbouring code instead.
import type { FailedField } from '../../lib/self-study/check.ts'

/** A command line, or one that ends with `exitCode` on purpose. */
export type AttemptLine = string | { line: string; exitCode: number }

export const lineOf = (step: AttemptLine) => (typeof step === 'string' ? step : step.line)
export const exitOf = (step: AttemptLine) => (typeof step === 'string' ? 0 : step.exitCode)

export interface WrongAttempt {
  /** What is wrong, as the test title says it. */
  what: string
  lines: AttemptLine[]
  /** The field the check must fail on. */
  field: FailedField
  /** Text the hint must contain (what the check saw). */
  hint: RegExp
}

export const WRONG_ATTEMPTS: Record<string, WrongAttempt[]> = {
  'echo-hi': [
    { what: 'the wrong image', lines: ['docker run hello-world'], field: 'image', hint: /hello-world 컨테이너/ },
    { what: 'another command', lines: ['docker run alpine echo bye'], field: 'command', hint: /echo bye/ },
    { what: 'a container created but never started', lines: ['docker create alpine echo hi'], field: 'state', hint: /생성됨/ },
  ],
  'detached-sleep': [
    { what: 'a sleep that has ended', lines: ['docker run -d --name ex-sleep alpine sleep 300', 'docker kill ex-sleep'], field: 'state', hint: /종료됨 \(137\)/ },
    { what: 'the wrong image', lines: ['docker run -d redis'], field: 'image', hint: /redis 컨테이너/ },
    { what: 'a container created but never started', lines: ['docker create alpine sleep 300'], field: 'state', hint: /생성됨/ },
  ],
  'stop-143': [
    { what: 'no --init: SIGTERM ignored, SIGKILL after the grace period', lines: ['docker run -d --name ex-stop alpine sleep 300', 'docker stop -t 1 ex-stop'], field: 'exitCode', hint: /종료됨 \(137\)/ },
    { what: 'kill instead of stop', lines: ['docker run -d --init --name ex-stop alpine sleep 300', 'docker kill ex-stop'], field: 'exitCode', hint: /종료됨 \(137\)/ },
    { what: 'the container still running', lines: ['docker run -d --init --name ex-stop alpine sleep 300'], field: 'state', hint: /실행 중/ },
  ],
  'keep-running': [
    { what: 'the ended containers left behind', lines: ['docker ps -a'], field: 'absent', hint: /echo one|echo two/ },
    { what: 'only one of the two removed', lines: ['docker rm ex-one'], field: 'absent', hint: /echo two/ },
    { what: 'everything removed, the running one too', lines: ['docker rm -f ex-keep ex-one ex-two'], field: 'exists', hint: /남아 있지 않습니다/ },
    { what: 'the running one stopped', lines: ['docker stop -t 1 ex-keep', 'docker rm ex-one ex-two'], field: 'state', hint: /종료됨 \(137\)/ },
  ],
  'redis-key': [
    { what: 'set and read in one session only', lines: ['docker exec ex-redis redis-cli set course docker'], field: 'sessions', hint: /세션 1개/ },
    { what: 'the wrong key', lines: ['docker exec ex-redis redis-cli set lecture docker', 'docker exec ex-redis redis-cli get lecture'], field: 'value', hint: /키 course 없음/ },
    { what: 'the wrong value', lines: ['docker exec ex-redis redis-cli set course podman'], field: 'value', hint: /"podman"/ },
    { what: 'the server stopped', lines: ['docker exec ex-redis redis-cli set course docker', 'docker stop ex-redis'], field: 'running', hint: /redis 컨테이너 ex-redis .*종료됨 \(0\)/ },
    { what: 'the server removed', lines: ['docker rm -f ex-redis'], field: 'exists', hint: /없음/ },
  ],
  'exit-codes': [
    { what: 'only the easy codes', lines: ['docker run alpine true', { line: 'docker run alpine false', exitCode: 1 }], field: 'exitCodes', hint: /만들지 못한 종료 코드: 125, 126, 127, 137, 143\. 만든 코드: 0, 1/ },
    { what: 'a code written with exit', lines: [{ line: 'docker run alpine sh -c "exit 125"', exitCode: 125 }], field: 'exitCodes', hint: /exit로 직접 낸 125/ },
  ],
  'escape-room': [
    { what: 'rmi while a stopped container still uses the image', lines: [{ line: 'docker rmi docker-live-deck/rmi-demo', exitCode: 1 }], field: 'imagePresent', hint: /ex-old/ },
    {
      what: 'rm of the running container',
      lines: ['docker rm ex-old', 'docker rmi docker-live-deck/rmi-demo', { line: 'docker rm ex-busy', exitCode: 1 }],
      field: 'absent', hint: /ex-busy .*실행 중/,
    },
    {
      what: 'run with the name still taken',
      lines: ['docker rm ex-old', 'docker rmi docker-live-deck/rmi-demo', 'docker rm -f ex-busy', { line: 'docker run --name ex-name alpine echo free', exitCode: 125 }],
      field: 'command', hint: /echo taken/,
    },
  ],
}

export interface LabCode {
  code: number
  /** Lines that make the code. */
  makes: AttemptLine[]
  /** A near miss: lines that make `neighbour` instead. */
  nearMiss: { neighbour: number; lines: AttemptLine[] }
}

export const LAB_CODES: LabCode[] = [
  { code: 0, makes: ['docker run alpine true'], nearMiss: { neighbour: 1, lines: [{ line: 'docker run alpine ls /nonexistent', exitCode: 1 }] } },
  { code: 1, makes: [{ line: 'docker run alpine false', exitCode: 1 }], nearMiss: { neighbour: 0, lines: ['docker run alpine ls /'] } },
  {
    code: 125,
    makes: ['docker run --name ex-lab-twice alpine true', { line: 'docker run --name ex-lab-twice alpine true', exitCode: 125 }],
    nearMiss: { neighbour: 127, lines: [{ line: 'docker run alpine nosuchcommand', exitCode: 127 }] },
  },
  { code: 126, makes: [{ line: 'docker run alpine /etc', exitCode: 126 }], nearMiss: { neighbour: 127, lines: [{ line: 'docker run alpine /etc/nosuchfile', exitCode: 127 }] } },
  { code: 127, makes: [{ line: 'docker run alpine nosuchcommand', exitCode: 127 }], nearMiss: { neighbour: 126, lines: [{ line: 'docker run alpine /etc', exitCode: 126 }] } },
  {
    code: 137,
    makes: ['docker run -d --name ex-lab-kill alpine sleep 300', 'docker kill ex-lab-kill'],
    nearMiss: { neighbour: 143, lines: ['docker run -d --init --name ex-lab-kill alpine sleep 300', 'docker stop ex-lab-kill'] },
  },
  {
    code: 143,
    makes: ['docker run -d --init --name ex-lab-stop alpine sleep 300', 'docker stop ex-lab-stop'],
    nearMiss: { neighbour: 137, lines: ['docker run -d --name ex-lab-stop alpine sleep 300', 'docker stop -t 1 ex-lab-stop'] },
  },
]
