// The runner's English refusals and notices, read in Korean first: a sentence
// chosen by the refusal's code or the notice's kind (subject filled in), the
// runner's own words kept as the detail; English pages show the runner's
// words as they are. Recordings keep only a refusal's message; its code is
// found again from the runner's wording.
import { afterEach, describe, expect, it } from 'vitest'
import { noticeGroups, refusalText, routineSummary, streamNoticeText } from '../../components/model/runner-text.ts'
import { setLanguage } from '../../lib/i18n/index.ts'
import { RefusalCode, type Notice } from '../../lib/protocol.ts'
import { LANGUAGES } from '../../lib/i18n/index.ts'

afterEach(() => setLanguage('ko'))

describe('the closed set of refusal codes', () => {
  it.each(RefusalCode.options)('gives %s a sentence in Korean and in English', (code) => {
    for (const messages of Object.values(LANGUAGES)) expect(Object.hasOwn(messages, `refusal.${code}`), code).toBe(true)
  })
})

describe('refusalText', () => {
  it('chooses the Korean sentence by code, fills in the subject, and keeps the runner\'s message as detail', () => {
    const message = 'The flag --privileged is not allowed on a lecture deck.'
    expect(refusalText({ code: 'denied-flag', message, subject: '--privileged' })).toEqual({
      text: '--privileged: 이 강의에서는 쓸 수 없는 옵션입니다. 호스트를 건드리거나 강의가 끝난 뒤에도 남는 옵션이기 때문입니다.',
      detail: message,
    })
  })

  it.each([
    ['not-docker', 'redis-cli', '여기서는 docker 명령어만 실행합니다 (이 줄의 첫 단어: redis-cli). docker로 시작하세요.'],
    ['shell-syntax', '|', '셸 문법(|)은 지원하지 않습니다. 러너는 셸 없이 한 줄의 도커 명령어 하나만 실행합니다.'],
    ['placeholder', '<id:redis>', '<id:redis>: 플레이스홀더에 채울 컨테이너나 이미지가 아직 없습니다. 그것을 만드는 블록을 먼저 실행하세요.'],
    ['subcommand', 'network', 'docker network: 이 강의에서 실행하는 명령어가 아닙니다. 자신의 터미널에서 해 보세요.'],
    ['limit', '--memory', '--memory: 이 강의의 자원 제한보다 큰 값입니다. 제한 이하로 요청하세요.'],
  ])('says %s in Korean with its subject', (code, subject, text) => {
    expect(refusalText({ code, message: 'English.', subject }).text).toBe(text)
  })

  it('reads well without a subject too', () => {
    expect(refusalText({ code: 'shell-syntax', message: 'English.' }).text).toBe('셸 문법은 지원하지 않습니다. 러너는 셸 없이 한 줄의 도커 명령어 하나만 실행합니다.')
    expect(refusalText({ code: 'denied-flag', message: 'English.' }).text).toMatch(/^이 강의에서는 쓸 수 없는 옵션입니다/)
  })

  it('has a Korean sentence for a code it does not know', () => {
    expect(refusalText({ code: 'brand-new', message: 'Something new.' })).toEqual({ text: '러너가 이 명령어를 실행하지 않았습니다.', detail: 'Something new.' })
  })

  it('shows the runner\'s message itself in English', () => {
    setLanguage('en')
    expect(refusalText({ code: 'busy', message: 'This block is already running.' })).toEqual({ text: 'This block is already running.', detail: undefined })
  })
})

describe('noticeGroups', () => {
  const notices: Notice[] = [
    { kind: 'label', text: 'Labelled as the deck\'s container.' },
    { kind: 'scoped', text: 'Scoped: $(docker ps -a -q) lists only the deck\'s containers.' },
    { kind: 'limits', text: 'Default limits added: --memory 512m.' },
    { kind: 'scoped', text: '$(…) listed 2 of the deck\'s IDs: a, b' },
  ]

  it('gives one Korean sentence per kind, in the runner\'s order, with every notice of the kind as detail', () => {
    expect(noticeGroups(notices)).toEqual([
      { kind: 'label', text: '이 강의의 컨테이너라는 레이블을 붙였습니다. 초기화와 범위 지정 명령은 이 레이블로 이 강의의 것만 찾고, 여러분의 컨테이너는 건드리지 않습니다.', details: [notices[0]!.text], shownDetails: [] },
      { kind: 'scoped', text: '이 강의가 만든 것만 대상이 되도록 범위를 좁혔습니다. 여러분의 것은 그대로 남습니다.', details: [notices[1]!.text, notices[3]!.text], shownDetails: [] },
      { kind: 'limits', text: '기본 자원 제한(프로세스 수, 메모리, CPU)을 붙였습니다.', details: [notices[2]!.text], shownDetails: [] },
    ])
  })

  it('shows beside the Korean sentence only which word became which full ID; the runner\'s English stays in the tooltip', () => {
    const [group] = noticeGroups([{ kind: 'resolved', text: 'my-ping → 3ecfaa58783d: pinned to the deck\'s object by ID.' }, { kind: 'resolved', text: '<id:alpine> → 4110ff5e754b (calm_hopper, alpine, running)' }])
    expect(group!.shownDetails).toEqual(['my-ping → 3ecfaa58783d', '<id:alpine> → 4110ff5e754b (calm_hopper, alpine, running)'])
    expect(group!.details[0]).toContain('pinned to the deck')
  })

  it('says in English too that docker echoes the full ID the runner sent, beside which word became which ID', () => {
    setLanguage('en')
    const [group] = noticeGroups([{ kind: 'resolved', text: 'my-ping → 3ecfaa58783d: pinned to the deck\'s object by ID.' }, { kind: 'resolved', text: '<id:alpine> → 4110ff5e754b (calm_hopper, alpine, running)' }])
    expect(group).toEqual({
      kind: 'resolved',
      text: 'Sent as the full ID (docker echoes it in full):',
      details: [],
      shownDetails: ['my-ping → 3ecfaa58783d', '<id:alpine> → 4110ff5e754b (calm_hopper, alpine, running)'],
    })
  })

  it('names the folded kinds in Korean', () => {
    expect(routineSummary(noticeGroups(notices.filter((n) => n.kind !== 'scoped')))).toBe('러너가 추가한 것: 레이블, 자원 제한')
  })

  it('shows the runner\'s words themselves in English', () => {
    setLanguage('en')
    expect(noticeGroups(notices)[1]).toEqual({ kind: 'scoped', text: `${notices[1]!.text} ${notices[3]!.text}`, details: [], shownDetails: [] })
    expect(routineSummary(noticeGroups(notices.filter((n) => n.kind !== 'scoped')))).toBe('runner added: label, limits')
  })
})

describe('streamNoticeText', () => {
  it('chooses the Korean sentence by the reason the run ended', () => {
    expect(streamNoticeText('Stopped by the presenter.', 'cancelled')).toEqual({ text: '실행을 바로 끝내고, 이 실행이 만든 컨테이너를 지웠습니다.', detail: 'Stopped by the presenter.' })
    expect(streamNoticeText('Output passed the cap of 1024 KiB.', 'output-cap').text).toBe('출력이 한도를 넘어 실행을 중지했습니다. 위 출력은 잘려 있습니다.')
    expect(streamNoticeText('Something.', undefined)).toEqual({ text: '러너 안내', detail: 'Something.' })
  })

  it('keeps the runner\'s words in English', () => {
    setLanguage('en')
    expect(streamNoticeText('Stopped by the presenter.', 'cancelled')).toEqual({ text: 'Stopped by the presenter.', detail: undefined })
  })
})
