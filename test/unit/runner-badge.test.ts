// The badge on every slide says where the runner link stands, in Korean (the
// lecture's language) or English: live, engine unreachable, connecting,
// reconnecting (attempt n), runner restarted, token refused, no runner,
// recorded.
import { afterEach, describe, expect, it } from 'vitest'
import { runnerBadge, standInNote } from '../../components/model/runner-badge.ts'
import type { RunnerConnection } from '../../composables/useRunner.ts'
import { setLanguage } from '../../lib/i18n/index.ts'
import type { EngineEndpoint, EngineStatus } from '../../lib/protocol.ts'

const ENGINE: EngineStatus = { reachable: true, version: '29.0.1' }
const badge = (connection: RunnerConnection, engine: EngineStatus | undefined = ENGINE, print = false) => runnerBadge({ connection, engine }, print)

afterEach(() => setLanguage('ko'))

describe('runnerBadge in Korean', () => {
  it.each([
    [{ kind: 'live', instance: 'i' }, 'live', '● 실시간 · Docker 29.0.1', true],
    [{ kind: 'restarted', instance: 'i' }, 'restarted', '● 실시간 · 러너가 다시 시작되어 이전 실행은 멈췄습니다', true],
    [{ kind: 'connecting' }, 'connecting', '러너에 연결하는 중…', false],
    [{ kind: 'reconnecting', attempt: 3, delayMs: 1000 }, 'reconnecting', '러너에 다시 연결하는 중… (3번째 시도)', false],
    [{ kind: 'token-refused' }, 'token-refused', '러너가 이 페이지의 키를 거부했습니다 (새 키로 다시 시작됨). `npm start`가 출력한 새 주소를 여세요', false],
    [{ kind: 'no-runner', attempt: 6, delayMs: 10_000 }, 'no-runner', '● 녹화된 출력 · 러너가 실행 중이 아닙니다: 실시간으로 실행하려면 터미널에서 `npm start`를 실행하고 그 명령어가 출력한 주소를 여세요', false],
    [{ kind: 'closed' }, 'no-runner', '● 녹화된 출력 · 러너가 실행 중이 아닙니다: 실시간으로 실행하려면 터미널에서 `npm start`를 실행하고 그 명령어가 출력한 주소를 여세요', false],
    [{ kind: 'recorded' }, 'recorded', '● 녹화된 출력', false],
  ] as Array<[RunnerConnection, string, string, boolean]>)('%j → %s', (connection, kind, text, canReset) => {
    setLanguage('ko')
    expect(badge(connection)).toEqual({ kind, text, canReset, canTakeKey: false })
  })

  it('says the runner is up but the engine is not, with the runner\'s message', () => {
    setLanguage('ko')
    expect(badge({ kind: 'live', instance: 'i' }, { reachable: false, message: 'The Docker engine went away' }))
      .toEqual({ kind: 'no-engine', text: '러너는 켜졌지만 Docker 엔진에 연결할 수 없음: The Docker engine went away', canReset: false, canTakeKey: false })
  })

  it('on a classroom follower\'s page says it follows the lecture, never offers reset or a key, and says when the stream is lost', () => {
    setLanguage('ko')
    const follower = (connection: RunnerConnection) => runnerBadge({ connection, engine: ENGINE, readOnly: true }, false)
    expect(follower({ kind: 'live', instance: 'i' })).toEqual({ kind: 'following', text: '● 수업 따라가는 중 · 실시간', canReset: false, canTakeKey: false })
    expect(follower({ kind: 'reconnecting', attempt: 2, delayMs: 500 })).toEqual({ kind: 'reconnecting', text: '수업과 연결이 끊겼습니다 · 다시 연결하는 중…', canReset: false, canTakeKey: false })
    expect(runnerBadge({ connection: { kind: 'live', instance: 'i' }, engine: ENGINE, readOnly: true }, true)).toMatchObject({ kind: 'recorded' })
  })

  it('on a follower\'s page says when the lecturer stopped sharing, and that the blocks show recordings now', () => {
    setLanguage('ko')
    expect(runnerBadge({ connection: { kind: 'recorded' }, engine: ENGINE, readOnly: true, shareEnded: true }, false))
      .toEqual({ kind: 'recorded', text: '발표자가 공유를 끝냈습니다 · 녹화된 출력', canReset: false, canTakeKey: false })
  })

  it('says recorded in a printed or exported deck, whatever the link', () => {
    expect(badge({ kind: 'live', instance: 'i' }, ENGINE, true)).toMatchObject({ kind: 'recorded', canReset: false })
  })
})

describe('runnerBadge in English', () => {
  it.each([
    [{ kind: 'live', instance: 'i' }, '● live · Docker 29.0.1'],
    [{ kind: 'reconnecting', attempt: 2, delayMs: 500 }, 'reconnecting to the runner… (attempt 2)'],
    [{ kind: 'restarted', instance: 'i' }, '● live · the runner restarted; earlier runs were stopped'],
    [{ kind: 'token-refused' }, 'the runner refused this page\'s key (it restarted with a new one): open the new address `npm start` printed'],
    [{ kind: 'no-runner', attempt: 1 }, '● recorded · no runner is running: for live runs, run `npm start` (the English edition: `npm run start:en`) in a terminal and open the address it prints'],
  ] as Array<[RunnerConnection, string]>)('%j → %s', (connection, text) => {
    setLanguage('en')
    expect(badge(connection).text).toBe(text)
  })
})

describe('standInNote', () => {
  it('names the stand-in images a slide\'s recordings used, once each, and says nothing when there were none', () => {
    setLanguage('ko')
    expect(standInNote([{ meta: { standInImages: ['alpine'] } }, { meta: { standInImages: ['alpine', 'redis'] } }, { meta: {} }]))
      .toBe('오프라인 대체 이미지로 녹화 (alpine = BusyBox, redis = Debian의 redis): 실제 이미지와 출력이 조금 다를 수 있음')
    expect(standInNote([{ meta: {} }])).toBeUndefined()
  })
})

describe('the engine the badge names (how the runner reaches it)', () => {
  const endpoint = (over: Partial<EngineEndpoint>): EngineEndpoint => ({ context: 'default', host: 'unix:///var/run/docker.sock', transport: 'socket', tlsVerified: false, remote: false, rootless: false, desktop: false, ...over })
  const live = (over: Partial<EngineEndpoint>) => badge({ kind: 'live', instance: 'i' }, { ...ENGINE, endpoint: endpoint(over) }).text

  it.each([
    [{}, '● 실시간 · Docker 29.0.1'],
    [{ context: 'lab', host: 'ssh://lab@203.0.113.7', transport: 'ssh', remote: true }, '● 실시간 · Docker 29.0.1 · 컨텍스트 lab · 원격 엔진 ssh://lab@203.0.113.7'],
    [{ host: 'tcp://lab.example:2376', transport: 'tls', tlsVerified: true, remote: true }, '● 실시간 · Docker 29.0.1 · 원격 엔진 tcp://lab.example:2376'],
    [{ host: 'unix:///run/user/1000/docker.sock', rootless: true }, '● 실시간 · Docker 29.0.1 · rootless 엔진 · unix:///run/user/1000/docker.sock'],
    [{ context: 'desktop-linux', host: 'unix:///home/me/.docker/desktop/docker.sock', desktop: true }, '● 실시간 · Docker 29.0.1 · 컨텍스트 desktop-linux · Docker Desktop'],
    [{ context: 'colima', host: 'unix:///Users/me/.colima/default/docker.sock' }, '● 실시간 · Docker 29.0.1 · 컨텍스트 colima · unix:///Users/me/.colima/default/docker.sock'],
  ] as Array<[Partial<EngineEndpoint>, string]>)('%j → %s', (over, text) => {
    setLanguage('ko')
    expect(live(over)).toBe(text)
  })

  it('names the engine also when it cannot be reached, and in English', () => {
    setLanguage('ko')
    expect(badge({ kind: 'live', instance: 'i' }, { reachable: false, message: 'm', endpoint: endpoint({ context: 'lab', host: 'ssh://lab@h', transport: 'ssh', remote: true }) }).text)
      .toBe('러너는 켜졌지만 Docker 엔진에 연결할 수 없음: m · 컨텍스트 lab · 원격 엔진 ssh://lab@h')
    setLanguage('en')
    expect(live({ context: 'lab', host: 'ssh://lab@h', transport: 'ssh', remote: true })).toBe('● live · Docker 29.0.1 · context lab · remote engine ssh://lab@h')
  })
})
