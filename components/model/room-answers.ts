// Pure logic behind RoomAnswers.vue: the room's count per choice as bars,
// with the right choices marked once the lecturer has revealed them.
import type { RoomTally } from '../../lib/protocol.ts'

export interface AnswerBar {
  choice: string
  count: number
  /** Of the widest bar, 0–100. */
  percent: number
  /** One of the fence's answers, marked only once revealed. */
  right: boolean
}

/** One bar per choice; before anyone answered (no tally yet) every count is 0. */
export function answerBars(choices: readonly string[], answers: readonly string[], tally: RoomTally | undefined, revealed: boolean): AnswerBar[] {
  const counts = tally?.counts ?? []
  const most = Math.max(1, ...counts)
  return choices.map((choice, i) => {
    const count = counts[i] ?? 0
    return { choice, count, percent: Math.round((count / most) * 100), right: revealed && answers.includes(choice) }
  })
}
