// The shape every language file follows: the keys and parameters of ko.ts.
import type { ko } from './ko.ts'

export type MessageKey = keyof typeof ko
export type Messages = { [K in MessageKey]: (typeof ko)[K] extends (p: infer P) => string ? (p: P) => string : string }
/** The parameters a message takes, or never for a plain string. */
export type MessageParams<K extends MessageKey> = (typeof ko)[K] extends (p: infer P) => string ? P : never
