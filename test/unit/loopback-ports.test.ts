// loopbackPublish: `-p` values rewritten to publish on 127.0.0.1 only.
import { describe, expect, it } from 'vitest'
import { loopbackPublish } from '../../scripts/runner/policy/loopback-ports.ts'
import { Refused } from '../../scripts/runner/policy/refusal.ts'

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
