// A deck window opened by hand gets the runner address from an open deck tab
// over a BroadcastChannel (Node's own, which delivers between channels of one
// process as between tabs), never from localStorage; with no deck tab open,
// nobody answers and the window has no token.
import { afterEach, describe, expect, it } from 'vitest'
import { answerAddressRequests, askForRunnerAddress, type ChannelLike, type OpenChannel } from '../../lib/client/runner-handoff.ts'

const TOKEN = '0123456789abcdef'.repeat(4)
const ADDRESS = { url: 'http://127.0.0.1:4123', token: TOKEN }

/** A fresh channel name per test, so tests cannot hear each other. */
let channels = 0
function channelFactory(): { open: OpenChannel; opened: ChannelLike[] } {
  const name = `handoff-test-${++channels}`
  const opened: ChannelLike[] = []
  return {
    opened,
    open: () => {
      const channel = new BroadcastChannel(name) as unknown as ChannelLike
      opened.push(channel)
      return channel
    },
  }
}
const cleanups: Array<() => void> = []
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()))

describe('askForRunnerAddress', () => {
  it('gets the address from an open deck tab', async () => {
    const { open } = channelFactory()
    cleanups.push(answerAddressRequests(open, () => ADDRESS))
    await expect(askForRunnerAddress(open, { timeoutMs: 2000 })).resolves.toEqual(ADDRESS)
  })

  it('finds nothing when no deck tab is open, after the timeout', async () => {
    const { open } = channelFactory()
    const before = performance.now()
    await expect(askForRunnerAddress(open, { timeoutMs: 100 })).resolves.toBeUndefined()
    expect(performance.now() - before).toBeGreaterThanOrEqual(90)
  })

  it('finds nothing from a tab whose address is no longer usable (its token was refused)', async () => {
    const { open } = channelFactory()
    cleanups.push(answerAddressRequests(open, () => undefined))
    await expect(askForRunnerAddress(open, { timeoutMs: 100 })).resolves.toBeUndefined()
  })

  it('ignores an answer that is not a runner address, and answers meant for another ask', async () => {
    const { open } = channelFactory()
    const rogue = open()
    cleanups.push(() => rogue.close())
    rogue.addEventListener('message', ({ data }) => {
      const id = (data as { id: string }).id
      rogue.postMessage({ type: 'answer', id, address: { url: 'http://evil.example:80', token: TOKEN } })
      rogue.postMessage({ type: 'answer', id: 'another-ask', address: ADDRESS })
    })
    await expect(askForRunnerAddress(open, { timeoutMs: 200 })).resolves.toBeUndefined()
  })

  it('closes its channel when done', async () => {
    const { open, opened } = channelFactory()
    await askForRunnerAddress(open, { timeoutMs: 10 })
    // A closed BroadcastChannel throws on postMessage.
    expect(() => opened[0]!.postMessage('x')).toThrow()
  })
})

describe('answerAddressRequests', () => {
  it('answers every ask while it has an address, and stops when told to', async () => {
    const { open } = channelFactory()
    let address: typeof ADDRESS | undefined = ADDRESS
    const stop = answerAddressRequests(open, () => address)
    await expect(askForRunnerAddress(open, { timeoutMs: 2000 })).resolves.toEqual(ADDRESS)
    await expect(askForRunnerAddress(open, { timeoutMs: 2000 })).resolves.toEqual(ADDRESS)
    address = undefined
    await expect(askForRunnerAddress(open, { timeoutMs: 100 })).resolves.toBeUndefined()
    address = ADDRESS
    stop()
    await expect(askForRunnerAddress(open, { timeoutMs: 100 })).resolves.toBeUndefined()
  })

  it('ignores messages that are not asks', async () => {
    const { open } = channelFactory()
    const heard: unknown[] = []
    cleanups.push(answerAddressRequests(open, () => ADDRESS))
    const listener = open()
    cleanups.push(() => listener.close())
    listener.addEventListener('message', ({ data }) => heard.push(data))
    const sender = open()
    cleanups.push(() => sender.close())
    sender.postMessage({ type: 'hello' })
    sender.postMessage('ask')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(heard).toEqual([{ type: 'hello' }, 'ask'])
  })
})
