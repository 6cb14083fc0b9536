// loopbackPublish: `-p` values rewritten to publish on 127.0.0.1 only.
import { describe, expect, it } from 'vitest'
import { checkHostPort, loopbackPublish } from '../../runner/policy/loopback-ports.ts'
import { Refused } from '../../runner/policy/refusal.ts'

describe('loopbackPublish', () => {
  it.each([
    ['80', '127.0.0.1::80'],
    ['80/tcp', '127.0.0.1::80/tcp'],
    ['8080:80', '127.0.0.1:8080:80'],
    ['6379:6379', '127.0.0.1:6379:6379'],
    ['8080:80/udp', '127.0.0.1:8080:80/udp'],
    [':80', '127.0.0.1::80'],
    ['8000-8010:8000-8010', '127.0.0.1:8000-8010:8000-8010'],
    ['0.0.0.0:8080:80', '127.0.0.1:8080:80'],
    ['192.168.1.10:8080:80', '127.0.0.1:8080:80'],
    ['localhost:8080:80', '127.0.0.1:8080:80'],
    ['0.0.0.0::80', '127.0.0.1::80'],
    ['[::]:8080:80', '127.0.0.1:8080:80'],
    ['[::]:8080:80/udp', '127.0.0.1:8080:80/udp'],
    ['[::1]:8080:80', '127.0.0.1:8080:80'],
    ['[fe80::1]:80', '127.0.0.1::80'],
    ['127.0.0.1:8080:80', '127.0.0.1:8080:80'],
  ])('publishes -p %s as %s', (value, expected) => {
    expect(loopbackPublish(value)).toBe(expected)
  })

  it.each([[''], ['8080:'], [':'], ['1:2:3:4'], ['[::]8080:80'], ['[::1'], ['::8080:80'], ['0.0.0.0:8080:']])('refuses -p %j as a mapping it cannot read', (value) => {
    let thrown: unknown
    try {
      loopbackPublish(value)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(Refused)
    expect((thrown as Refused).toRefusal()).toEqual({
      code: 'invalid-value',
      subject: `-p ${value}`,
      message: `-p ${value} is not a port mapping the runner understands; write -p HOSTPORT:CONTAINERPORT, for example -p 6379:6379.`,
    })
  })
})

describe('checkHostPort', () => {
  const rule = { from: 1024, to: 65535, reserved: [3030, 4123] }

  it.each(['127.0.0.1:8080:80', '127.0.0.1:1024:80', '127.0.0.1:65535:80/udp', '127.0.0.1:6379:6379'])('lets -p %s publish', (value) => {
    expect(() => checkHostPort(value, rule)).not.toThrow()
  })

  it.each([
    ['127.0.0.1:80:80', /host port 80 is outside 1024–65535.*below 1024 belong to the system/],
    ['127.0.0.1:22:22', /host port 22 is outside/],
    ['127.0.0.1:3030:80', /port 3030 is the deck's own/],
    ['127.0.0.1:4123:80', /port 4123 is the deck's own/],
  ])('refuses -p %s, saying why', (value, message) => {
    expect(() => checkHostPort(value, rule)).toThrow(message)
  })

  it('follows the lecturer\'s range', () => {
    expect(() => checkHostPort('127.0.0.1:9000:80', { from: 8000, to: 8999, reserved: [] })).toThrow(/outside 8000–8999/)
    expect(() => checkHostPort('127.0.0.1:80:80', { from: 1, to: 1000, reserved: [] })).not.toThrow()
  })
})
