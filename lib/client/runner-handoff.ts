// How a second deck window opened by hand (presenter or audience view) finds
// the runner: it has no fragment and its own empty sessionStorage, so it asks
// the deck's open tabs over a BroadcastChannel (same origin only) and takes
// the first valid answer. Tabs holding an address answer. Nobody answers
// within a short time: no deck tab is open, and the token is gone with them.
import { asRunnerAddress, type RunnerAddress } from './runner-address.ts'

export const HANDOFF_CHANNEL = 'docker-live-deck:runner'

/** The part of BroadcastChannel the handoff uses. */
export interface ChannelLike {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  close(): void
}

export type OpenChannel = () => ChannelLike

/** Opens the deck's handoff channel, or undefined where BroadcastChannel is missing. */
export const openHandoffChannel: OpenChannel | undefined = typeof BroadcastChannel === 'function'
  ? () => new BroadcastChannel(HANDOFF_CHANNEL) as unknown as ChannelLike
  : undefined

const isMessage = (data: unknown, type: string): data is { type: string; id: string; address?: unknown } =>
  typeof data === 'object' && data !== null && (data as { type?: unknown }).type === type && typeof (data as { id?: unknown }).id === 'string'

/** Answers other tabs' asks with `current()` while it returns an address; returns a function that stops answering. */
export function answerAddressRequests(open: OpenChannel, current: () => RunnerAddress | undefined): () => void {
  const channel = open()
  channel.addEventListener('message', ({ data }) => {
    const address = current()
    if (isMessage(data, 'ask') && address) channel.postMessage({ type: 'answer', id: data.id, address })
  })
  return () => channel.close()
}

export interface AskOptions {
  /** How long to wait for an open deck tab to answer. @default 1000 */
  timeoutMs?: number
}

/** Asks the deck's other tabs for the runner address; resolves with the first valid answer, or undefined after `timeoutMs`. */
export function askForRunnerAddress(open: OpenChannel, options: AskOptions = {}): Promise<RunnerAddress | undefined> {
  const { timeoutMs = 1000 } = options
  const id = typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : String(Math.random()).slice(2)
  const channel = open()
  return new Promise((resolve) => {
    let done = false
    const finish = (address: RunnerAddress | undefined) => {
      if (done) return
      done = true
      clearTimeout(timer)
      channel.close()
      resolve(address)
    }
    const timer = setTimeout(() => finish(undefined), timeoutMs)
    channel.addEventListener('message', ({ data }) => {
      const address = isMessage(data, 'answer') && data.id === id ? asRunnerAddress(data.address) : undefined
      if (address) finish(address)
    })
    channel.postMessage({ type: 'ask', id })
  })
}
