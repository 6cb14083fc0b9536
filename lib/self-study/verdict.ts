// The answer to a check: pass, or which expectation failed on which field,
// with what was expected, what was seen, and the hint the student reads.
import { z } from 'zod'
import { FailedField } from './check.ts'

export const Verdict = z.union([
  z.object({
    pass: z.literal(true),
    /** The containers that met the expectations. */
    containers: z.array(z.string().max(128)).max(20),
  }).strict(),
  z.object({
    pass: z.literal(false),
    /** Index of the failed expectation in the check. */
    expectation: z.number().int().min(0),
    field: FailedField,
    expected: z.string().max(500),
    saw: z.string().max(2000),
    hint: z.string().max(3000),
  }).strict(),
])
export type Verdict = z.infer<typeof Verdict>
