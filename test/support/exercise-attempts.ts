// Wrong attempts at each exercise of the deck: command lines a student might
// type, and the expectation field whose hint the check must answer with
// (and text the hint must hold). test/engine/exercises.test.ts runs each on
// the real engine and requires that failure; the unit content test requires
// at least two per exercise and that the policy plans every line.
import type { FailedField } from '../../lib/self-study/check.ts'

export interface WrongAttempt {
  /** What is wrong, as the test title says it. */
  what: string
  lines: string[]
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
    {
      what: 'the ended containers left behind',
      lines: ['docker run -d --name ex-keep alpine sleep 300', 'docker run --name ex-one alpine echo one', 'docker run --name ex-two alpine echo two'],
      field: 'absent', hint: /echo one|echo two/,
    },
    {
      what: 'everything removed, the running one too',
      lines: ['docker run -d --name ex-keep alpine sleep 300', 'docker run --name ex-one alpine echo one', 'docker rm -f ex-keep ex-one'],
      field: 'exists', hint: /남아 있지 않습니다/,
    },
    {
      what: 'the running one stopped',
      lines: ['docker run -d --name ex-keep alpine sleep 300', 'docker run --name ex-one alpine echo one', 'docker rm ex-one', 'docker stop -t 1 ex-keep'],
      field: 'state', hint: /종료됨 \(137\)/,
    },
  ],
  'redis-key': [
    { what: 'the wrong key', lines: ['docker run -d --name ex-redis redis', 'docker exec ex-redis redis-cli set lecture docker'], field: 'value', hint: /키 course 없음/ },
    { what: 'the wrong value', lines: ['docker run -d --name ex-redis redis', 'docker exec ex-redis redis-cli set course podman'], field: 'value', hint: /"podman"/ },
    {
      what: 'the server stopped',
      lines: ['docker run -d --name ex-redis redis', 'docker exec ex-redis redis-cli set course docker', 'docker stop ex-redis'],
      field: 'running', hint: /redis 컨테이너 .*종료됨 \(0\)/,
    },
    { what: 'no redis at all', lines: ['docker run -d --name ex-redis alpine sleep 300'], field: 'exists', hint: /alpine 컨테이너/ },
  ],
}
