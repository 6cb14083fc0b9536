import { describe, expect, it } from 'vitest'
import { STAND_IN_LABEL } from '../../lib/labels.ts'
import { isDebianLike, parseOsRelease } from '../../scripts/engine-setup/debian-host.ts'
import { findOnPath, pathWithSystemDirs } from '../../runner/docker/system-path.ts'
import { importChanges, STAND_INS } from '../../scripts/engine-setup/stand-in-images.ts'
import { parseLddOutput } from '../../scripts/engine-setup/stand-in-rootfs.ts'

const LDD_TWO_FILES = `/usr/bin/redis-server:
\tlinux-vdso.so.1 (0x00007ffd6b5f1000)
\tlibatomic.so.1 => /lib/x86_64-linux-gnu/libatomic.so.1 (0x00007f6d8badc000)
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f6d8b0a5000)
\t/lib64/ld-linux-x86-64.so.2 (0x00007f6d8baf9000)
/usr/bin/redis-cli:
\tlinux-vdso.so.1 (0x00007f05e34bc000)
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f05e2ca5000)
\tlibssl.so.3 => /lib/x86_64-linux-gnu/libssl.so.3 (0x00007f05e2e87000)
\t/lib64/ld-linux-x86-64.so.2 (0x00007f05e34be000)
`

describe('parseLddOutput', () => {
  it('returns each resolved library once, in order, with the dynamic loader', () => {
    expect(parseLddOutput(LDD_TWO_FILES)).toEqual({
      libraries: [
        '/lib/x86_64-linux-gnu/libatomic.so.1',
        '/lib/x86_64-linux-gnu/libc.so.6',
        '/lib64/ld-linux-x86-64.so.2',
        '/lib/x86_64-linux-gnu/libssl.so.3',
      ],
      missing: [],
    })
  })

  it('skips the vDSO, which has no file', () => {
    expect(parseLddOutput('\tlinux-vdso.so.1 (0x00007ffd6b5f1000)\n').libraries).toEqual([])
  })

  it('reports libraries ldd could not find', () => {
    const text = '\tlibfoo.so.1 => not found\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)\n'
    expect(parseLddOutput(text)).toEqual({ libraries: ['/lib/x86_64-linux-gnu/libc.so.6'], missing: ['libfoo.so.1'] })
  })

  it('finds nothing in a static binary', () => {
    expect(parseLddOutput('\tnot a dynamic executable\n')).toEqual({ libraries: [], missing: [] })
  })
})

describe('parseOsRelease and isDebianLike', () => {
  it('reads quoted and unquoted values', () => {
    const fields = parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n# comment\n')
    expect(fields).toEqual({ PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)', ID: 'debian', VERSION_ID: '12' })
  })

  it('recognises Debian itself and Ubuntu through ID_LIKE', () => {
    expect(isDebianLike(parseOsRelease('ID=debian\n'))).toBe(true)
    expect(isDebianLike(parseOsRelease('ID=ubuntu\nID_LIKE=debian\n'))).toBe(true)
    expect(isDebianLike(parseOsRelease('ID=pop\nID_LIKE="ubuntu debian"\n'))).toBe(true)
  })

  it('rejects other families', () => {
    expect(isDebianLike(parseOsRelease('ID=fedora\n'))).toBe(false)
    expect(isDebianLike(parseOsRelease('ID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n'))).toBe(false)
    expect(isDebianLike({})).toBe(false)
  })
})

describe('importChanges', () => {
  it('labels every stand-in and gives redis its command, workdir and port', () => {
    const changes = importChanges('redis', STAND_INS.redis)
    expect(changes.filter((_, index) => index % 2 === 0).every((flag) => flag === '--change')).toBe(true)
    const values = changes.filter((_, index) => index % 2 === 1)
    expect(values).toContain('CMD ["redis-server","--protected-mode","no"]')
    expect(values).toContain('WORKDIR /data')
    expect(values).toContain('EXPOSE 6379/tcp')
    expect(values.find((value) => value.startsWith('LABEL '))).toMatch(new RegExp(`^LABEL ${STAND_IN_LABEL.replace(/\./g, '\\.')}=true org\\.opencontainers\\.image\\.description="[^"]*stand-in[^"]*"$`))
  })

  it('gives hello-world only its binary as the command', () => {
    const values = importChanges('hello-world', STAND_INS['hello-world']).filter((_, index) => index % 2 === 1)
    expect(values).toContain('CMD ["/hello"]')
    expect(values.some((value) => value.startsWith('WORKDIR') || value.startsWith('EXPOSE'))).toBe(false)
  })
})

describe('findOnPath and pathWithSystemDirs', () => {
  it('finds an executable by absolute path and misses unknown names', () => {
    expect(findOnPath('sh', '/nonexistent:/bin')).toBe('/bin/sh')
    expect(findOnPath('surely-not-a-command-xyz', '/bin:/usr/bin')).toBeUndefined()
  })

  it('appends the system folders once', () => {
    expect(pathWithSystemDirs('/opt/x:/usr/bin')).toBe('/opt/x:/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/sbin:/bin')
  })
})
