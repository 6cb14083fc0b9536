// A ```exercise fence (직접 해 보기): a task in Korean, the student's own
// command blocks, a reference solution and a declarative check.
//
//   ```exercise
//   id: echo-hi
//   section: run
//   sectionTitle: 실행과 이미지
//   title: alpine에서 echo hi
//   task: alpine에서 `echo hi`를 실행하는 컨테이너를 만들고 종료 코드를 확인하라.
//   hintSteps:
//     - 컨테이너를 만들고 바로 실행하는 명령어는 docker run이다.
//     - docker run <이미지> <명령어> 꼴이다.
//   solution: docker run alpine echo hi
//   check:
//     container: { image: alpine, commandIncludes: echo hi, state: exited, exitCode: 0 }
//     hints:
//       image: alpine 이미지로 만들어야 합니다. 본 것: {saw}
//   ```
//
// `solution` is one command line or a list; a line that ends with another
// code on purpose says so (`{ line: docker run alpine false, exitCode: 1 }`),
// so 풀이 실행 goes on past it. `start` is the exercise's known start: lines
// "처음부터 다시" runs (after removing what the exercise made), such as a
// running redis to exec into. `check` is one expectation or a list (check.ts). `hintSteps` are the two hints a stuck student climbs,
// before the solution: a nudge (what to think of), then the command's shape
// (with placeholders, never the answer itself); `check.hints` are something
// else, what a failed check says about what it saw. `terminals` is how many command blocks the student gets
// (two for "read it from another terminal"); `starter` is the line they
// start from.
import { z } from 'zod'
import { LIMITS } from '../protocol.ts'
import { Check } from './check.ts'
import { readFenceBody, validate, type FormResult } from './fence-body.ts'
import { ExerciseId, SectionId } from './names.ts'

const Text = (max: number) => z.string().trim().min(1).max(max)
const CommandLine = z.string().trim().min(1).max(LIMITS.lineChars)
  .refine((line) => !line.includes('\n'), 'one command per line')
  .refine((line) => /^docker\s/.test(line), 'a docker command, starting with "docker "')

/** One item stands for a list of one: `solution: docker ps` is `solution: [docker ps]`. */
const asList = (value: unknown) => (Array.isArray(value) ? value : [value])

/** A solution line, and the exit code it ends with (0 unless it says): a plain line is `{ line }`. */
const SolutionLine = z.preprocess(
  (value) => (typeof value === 'string' ? { line: value } : value),
  z.object({ line: CommandLine, exitCode: z.number().int().min(0).max(255).default(0) }).strict(),
)

export const Exercise = z.object({
  id: ExerciseId,
  section: SectionId,
  /** The section's name in the progress bar. */
  sectionTitle: Text(60),
  title: Text(100),
  task: Text(1000),
  hintSteps: z.array(Text(300)).length(2),
  solution: z.preprocess(asList, z.array(SolutionLine).min(1).max(10)),
  /** The known start: run in order by 처음부터 다시, each must succeed. */
  start: z.preprocess((value) => (value === undefined ? [] : asList(value)), z.array(CommandLine).max(6)),
  check: z.preprocess(asList, Check),
  terminals: z.number().int().min(1).max(3).default(1),
  starter: CommandLine.default('docker ps -a'),
}).strict().transform(({ solution, ...exercise }) => ({
  ...exercise,
  solution: solution.map((step) => step.line),
  /** The exit code each solution line ends with, in order. */
  solutionExits: solution.map((step) => step.exitCode),
}))
export type Exercise = z.output<typeof Exercise>

/** Reads a ```exercise fence's body. */
export function parseExerciseFence(body: string): FormResult<Exercise> {
  const data = readFenceBody(body)
  if (!data.ok) return data
  return validate(Exercise, data.value)
}
