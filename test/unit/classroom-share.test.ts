// What --share accepts: one address of this machine or an interface name,
// never every interface; a wrong one is named with the choices there are.
import { describe, expect, it } from 'vitest'
import { shareAddress, shareText } from '../../scripts/deck-server/classroom-share.ts'

const INTERFACES = {
  lo: [{ address: '127.0.0.1', family: 'IPv4' }],
  wlan0: [{ address: 'fe80::1', family: 'IPv6' }, { address: '192.168.0.23', family: 'IPv4' }],
} as unknown as Parameters<typeof shareAddress>[1]

describe('shareAddress', () => {
  it('takes an IP address as it is, and an interface by its IPv4 address', () => {
    expect(shareAddress('192.168.0.23', INTERFACES)).toBe('192.168.0.23')
    expect(shareAddress('[fe80::1]', INTERFACES)).toBe('fe80::1')
    expect(shareAddress('wlan0', INTERFACES)).toBe('192.168.0.23')
    expect(shareAddress('127.0.0.1', INTERFACES)).toBe('127.0.0.1')
  })

  it.each(['0.0.0.0', '::', '[::]', '*', ''])('refuses %j, which would listen on every network, naming the interfaces', (given) => {
    expect(() => shareAddress(given, INTERFACES)).toThrow('would listen on every network this machine is on. Name one address or interface: lo (127.0.0.1), wlan0 (192.168.0.23).')
  })

  it('refuses a name that is no interface here, with the choices', () => {
    expect(() => shareAddress('eth9', INTERFACES)).toThrow('--share "eth9" is neither an IP address nor an interface of this machine. Try one of: lo (127.0.0.1), wlan0 (192.168.0.23).')
  })
})

describe('shareText', () => {
  it('prints the students\' address with the code in it, and the code, in Korean first', () => {
    const text = shareText({ joinUrl: 'http://192.168.0.23:3031/?code=18hqzjav', code: '18hqzjav' })
    expect(text).toContain('학생들이 여는 주소')
    expect(text).toContain('    http://192.168.0.23:3031/?code=18hqzjav')
    expect(text).toContain('방 코드: 18hqzjav')
  })
})
