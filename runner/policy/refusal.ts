import type { Refusal, RefusalCode } from '../../lib/protocol.ts'

/** Thrown by the parser and the policy; carries what the deck shows. */
export class Refused extends Error implements Refusal {
  constructor(readonly code: RefusalCode, message: string, readonly subject?: string) {
    super(message)
  }

  toRefusal(): Refusal {
    return { code: this.code, message: this.message, ...(this.subject === undefined ? {} : { subject: this.subject }) }
  }
}
