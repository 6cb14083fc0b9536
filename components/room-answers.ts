// Pure logic behind RoomAnswers.vue: the room's count per choice as bars,
// with the right choices marked once the run has revealed them.
import type { RoomTally } from '../lib/protocol.ts'

export interface AnswerBar {
  choice: string
  count: number
  /** Of the widest bar, 0–100. */
  percent: number
  /** One of the fence's answers, marked only once revealed. */
  right: boolean
}

export function answerBars(choices: readonly string[], answers: readonly string[], tally: RoomTally, revealed: boolean): AnswerBar[] {
  const most = Math.max(1, ...tally.counts)
  return choices.map((choice, i) => {
    const count = tally.counts[i] ?? 0
    return { choice, count, percent: Math.round((count / most) * 100), right: revealed && answers.includes(choice) }
  })
}
