// The room's answers to the deck's multiple-choice questions: one per
// question per student (answering again replaces the earlier answer),
// counted per choice, for the lecturer's histogram.
import type { RoomTally } from '../lib/protocol.ts'

/** What a student's page posts to /answer: the block's key, the choice picked, and how many choices there are. */
export interface RoomAnswer {
  key: string
  choice: number
  of: number
}

const KEY = /^[a-z0-9][a-z0-9-]{0,63}$/

/** The answer in `body` (parsed JSON), or why it is not one. */
export function parseRoomAnswer(body: unknown): RoomAnswer | string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object { key, choice, of }'
  const { key, choice, of, ...rest } = body as Record<string, unknown>
  if (Object.keys(rest).length) return `unexpected field ${JSON.stringify(Object.keys(rest)[0])}`
  if (typeof key !== 'string' || !KEY.test(key)) return 'key must be a block key (lower-case letters, digits and dashes)'
  if (!Number.isInteger(of) || (of as number) < 2 || (of as number) > 6) return 'of must be the number of choices, 2 to 6'
  if (!Number.isInteger(choice) || (choice as number) < 0 || (choice as number) >= (of as number)) return 'choice must be the index of one of the choices'
  return { key, choice: choice as number, of: of as number }
}

export class RoomAnswers {
  private readonly questions = new Map<string, { of: number; bySession: Map<string, number> }>()

  constructor(private readonly maxQuestions = 500) {}

  /** Counts `answer` from `session`; the question's tally, or why it was not counted. */
  answer(session: string, answer: RoomAnswer): RoomTally | string {
    let question = this.questions.get(answer.key)
    if (!question) {
      if (this.questions.size >= this.maxQuestions) return 'too many questions'
      question = { of: answer.of, bySession: new Map() }
      this.questions.set(answer.key, question)
    }
    if (question.of !== answer.of) return `this question has ${question.of} choices`
    question.bySession.set(session, answer.choice)
    const counts = Array.from({ length: question.of }, () => 0)
    for (const choice of question.bySession.values()) counts[choice]!++
    return { key: answer.key, counts, answered: question.bySession.size }
  }
}
