// Reads the body of a ```predict or ```exercise fence (YAML, or JSON, which
// YAML reads too) and turns a zod error into one line that names the field.
// Browser-safe: the deck validates at build time, the runner again on receipt.
import { parse } from 'yaml'
import type { z } from 'zod'

export type FormResult<T> = { ok: true; value: T } | { ok: false; error: string }

/** The fence's body as data, or a message saying where the YAML is broken. */
export function readFenceBody(body: string): FormResult<unknown> {
  if (body.trim() === '') return { ok: false, error: 'the fence is empty; write its fields in YAML (question: …, answer: …) or JSON' }
  try {
    return { ok: true, value: parse(body, { prettyErrors: false }) as unknown }
  } catch (error) {
    return { ok: false, error: `the body is neither YAML nor JSON: ${(error as Error).message.split('\n')[0]}` }
  }
}

/** `check[0].container.state` from a zod path. */
export function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${String(part)}` : String(part)), '')
}

/** The first issue of a failed parse, as `field: what was wrong`. */
export function issueText(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid'
  const field = fieldName(issue.path)
  return `${field || '(the body)'}: ${issue.message}`
}

/** Validates `data` with `schema`; the error names the field. */
export function validate<S extends z.ZodType>(schema: S, data: unknown): FormResult<z.output<S>> {
  const result = schema.safeParse(data)
  return result.success ? { ok: true, value: result.data } : { ok: false, error: issueText(result.error) }
}
