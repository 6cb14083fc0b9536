// The room's answers: what /answer accepts, one answer per student per
// question (a new one replaces the old), and the bars the lecturer sees,
// with the right choice marked only once revealed.
import { describe, expect, it } from 'vitest'
import { answerBars } from '../../components/model/room-answers.ts'
import { parseRoomAnswer, RoomAnswers } from '../../share/room-answers.ts'

describe('parseRoomAnswer', () => {
  it('takes { key, choice, of }', () => {
    expect(parseRoomAnswer({ key: 'ping-for-stop', choice: 1, of: 3 })).toEqual({ key: 'ping-for-stop', choice: 1, of: 3 })
  })

  it.each([
    ['not an object', [1, 2], 'the body must be a JSON object { key, choice, of }'],
    ['an extra field', { key: 'k', choice: 0, of: 2, line: 'docker run x' }, 'unexpected field "line"'],
    ['a key that is no block key', { key: '../runner.json', choice: 0, of: 2 }, 'key must be a block key (lower-case letters, digits and dashes)'],
    ['too many choices', { key: 'k', choice: 0, of: 7 }, 'of must be the number of choices, 2 to 6'],
    ['a choice past the last', { key: 'k', choice: 3, of: 3 }, 'choice must be the index of one of the choices'],
    ['a choice that is text', { key: 'k', choice: '137', of: 3 }, 'choice must be the index of one of the choices'],
  ])('refuses %s, saying what an answer is', (_, body, why) => {
    expect(parseRoomAnswer(body)).toBe(why)
  })
})

describe('RoomAnswers', () => {
  it('counts one answer per student per question; answering again moves that student', () => {
    const room = new RoomAnswers()
    expect(room.answer('s1', { key: 'q', choice: 0, of: 3 })).toEqual({ key: 'q', counts: [1, 0, 0], answered: 1 })
    expect(room.answer('s2', { key: 'q', choice: 2, of: 3 })).toEqual({ key: 'q', counts: [1, 0, 1], answered: 2 })
    expect(room.answer('s1', { key: 'q', choice: 2, of: 3 })).toEqual({ key: 'q', counts: [0, 0, 2], answered: 2 })
  })

  it('refuses an answer with another number of choices, and questions past the cap', () => {
    const room = new RoomAnswers(1)
    room.answer('s1', { key: 'q', choice: 0, of: 3 })
    expect(room.answer('s1', { key: 'q', choice: 0, of: 4 })).toBe('this question has 3 choices')
    expect(room.answer('s1', { key: 'other', choice: 0, of: 2 })).toBe('too many questions')
  })
})

describe('answerBars', () => {
  const tally = { key: 'q', counts: [1, 4, 2], answered: 7 }

  it('draws each choice against the most chosen, and marks the right one only once revealed', () => {
    expect(answerBars(['0', '137', '143'], ['137'], tally, false)).toEqual([
      { choice: '0', count: 1, percent: 25, right: false },
      { choice: '137', count: 4, percent: 100, right: false },
      { choice: '143', count: 2, percent: 50, right: false },
    ])
    expect(answerBars(['0', '137', '143'], ['137'], tally, true).map((bar) => bar.right)).toEqual([false, true, false])
  })

  it('draws no bar when nobody answered', () => {
    expect(answerBars(['a', 'b'], ['a'], { key: 'q', counts: [0, 0], answered: 0 }, false).map((bar) => bar.percent)).toEqual([0, 0])
  })

  it('before the first answer (no tally yet) lists every choice at 0, and still marks the right one once revealed', () => {
    expect(answerBars(['a', 'b'], ['b'], undefined, true).map((bar) => [bar.choice, bar.count, bar.right])).toEqual([['a', 0, false], ['b', 0, true]])
  })
})
