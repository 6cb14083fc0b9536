// Plans lines with the real policy, runs every plan with the real docker CLI
// on stand-in lanes, and judges each request the engine received with the
// request oracle. Lines whose plans are identical (the policy pins the same
// full IDs, say) share one run: the CLI is deterministic against a fresh
// world, so the same argv sends the same requests.
import { planCommand, type EngineView, type Plan } from '../../runner/policy/policy.ts'
import { Refused } from '../../runner/policy/refusal.ts'
import { createWorld } from './engine-world.ts'
import type { OracleLine } from './oracle-lines.ts'
import { runPlan, type Lane, type PlanRun } from './plan-execution.ts'
import { describeRequest, requestViolations } from './request-oracle.ts'

export interface Finding {
  line: string
  family: string
  /** The plan as the deck would show it. */
  resolvedLine: string
  /** The argv of each process the plan ran. */
  ran: string[][]
  request: string
  why: string
}

export interface OracleReport {
  lines: number
  /** Refusal codes, one per refused line. */
  refusals: string[]
  /** The refused lines, with the policy's reason. */
  refusedLines: Array<{ line: OracleLine; code: string; message: string }>
  planned: number
  distinctPlans: number
  /** docker processes on the lanes (listings, commands, `then` parts). */
  processes: number
  /** Of those, the ones under a PTY (plans with `tty`). */
  underPty: number
  /** Requests judged, counted once per distinct plan. */
  requests: number
  /** Requests judged, counted once per planned line that shares the plan. */
  requestsForLines: number
  findings: Finding[]
  /** Lines that had at least one finding. */
  violatingLines: Array<{ line: string; family: string }>
  /** Planned lines by family, and how many of each violated. */
  families: Map<string, { planned: number; violating: number }>
  /** Endpoints the stand-in had no answer for. */
  unknownEndpoints: string[]
  /** Things that stop the report from meaning anything: a CLI that hung, a policy that threw something else than a refusal. */
  problems: string[]
  planMs: number
  runMs: number
}

export interface OracleSetup {
  view: EngineView
  lanes: readonly Lane[]
  docker: string
  runId: string
  cliTimeoutMs: number
  /** Lines planned at once (each may ask the CLI through the view). @default 8 */
  planConcurrency?: number
}

const planKey = (plan: Plan) => JSON.stringify([plan.argv, plan.substitution ?? null, plan.then ?? null, plan.tty])

/** Runs `work` over `items` with at most `concurrency` at once, in order of start. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T, worker: number) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    while (next < items.length) await work(items[next++]!, worker)
  }))
}

/** Plans, runs and judges `lines`. */
export async function checkLines(lines: readonly OracleLine[], setup: OracleSetup): Promise<OracleReport> {
  const { view, lanes, docker, runId, cliTimeoutMs, planConcurrency = 8 } = setup
  const started = Date.now()
  const refusedLines: OracleReport['refusedLines'] = []
  const problems: string[] = []
  const planned: Array<{ line: OracleLine; plan: Plan }> = []
  await pool(lines, planConcurrency, async (line) => {
    try {
      planned.push({ line, plan: await planCommand(line.line, runId, view, { config: async () => ({ images: [] }) }) })
    } catch (error) {
      if (error instanceof Refused) refusedLines.push({ line, code: error.code, message: error.message })
      else problems.push(`planCommand threw ${String(error)} for ${JSON.stringify(line.line)}`)
    }
  })
  const plannedAt = Date.now()

  const byKey = new Map<string, { plan: Plan; lines: OracleLine[] }>()
  for (const { line, plan } of planned) {
    const group = byKey.get(planKey(plan)) ?? { plan, lines: [] }
    group.lines.push(line)
    byKey.set(planKey(plan), group)
  }
  const groups = [...byKey.values()]
  const runs = new Map<(typeof groups)[number], PlanRun>()
  await pool(groups, lanes.length, async (group, worker) => {
    runs.set(group, await runPlan(docker, lanes[worker]!, group.plan, cliTimeoutMs))
  })

  const before = createWorld()
  const findings: Finding[] = []
  const violatingLines: OracleReport['violatingLines'] = []
  const families = new Map<string, { planned: number; violating: number }>()
  const unknownEndpoints: string[] = []
  let processes = 0
  let underPty = 0
  let requests = 0
  let requestsForLines = 0
  for (const group of groups) {
    const run = runs.get(group)!
    processes += run.processes.length
    if (group.plan.tty) underPty++
    requests += run.requests.length
    requestsForLines += run.requests.length * group.lines.length
    for (const ended of run.processes) {
      if (ended.exitCode === undefined) problems.push(`the docker CLI did not end within ${cliTimeoutMs} ms: docker ${ended.argv.join(' ')}`)
    }
    unknownEndpoints.push(...run.requests.filter((r) => !r.known).map((r) => `${r.method} ${r.cleanPath.replace(/[0-9a-f]{64}/g, '{id}')}`))
    const judged = run.requests.flatMap((request) => requestViolations(request, before, runId).map((why) => ({ request: describeRequest(request), why })))
    for (const line of group.lines) {
      const counts = families.get(line.family) ?? { planned: 0, violating: 0 }
      counts.planned++
      if (judged.length > 0) {
        counts.violating++
        violatingLines.push(line)
      }
      families.set(line.family, counts)
      findings.push(...judged.map(({ request, why }) => ({ line: line.line, family: line.family, resolvedLine: group.plan.resolvedLine, ran: run.processes.map((p) => p.argv), request, why })))
    }
  }
  return {
    lines: lines.length, refusals: refusedLines.map((r) => r.code), refusedLines, planned: planned.length, distinctPlans: groups.length, processes, underPty, requests, requestsForLines,
    findings, violatingLines, families, unknownEndpoints, problems, planMs: plannedAt - started, runMs: Date.now() - plannedAt,
  }
}

/** Counts of `keys`, most frequent first, as `count× key` lines. */
export function tally(keys: readonly string[], limit = 12): string {
  const counts = new Map<string, number>()
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([key, n]) => `    ${n}× ${key}`).join('\n')
}

/** Findings grouped by what went wrong, each group with a few example lines, their plans and the requests. */
export function findingsReport(findings: readonly Finding[], examplesEach = 3): string {
  const groups = new Map<string, Finding[]>()
  for (const finding of findings) {
    const key = finding.why.replace(/ \(ID [0-9a-f]{12}\)/, '').replace(/[0-9a-f]{64}/g, '{id}')
    groups.set(key, [...(groups.get(key) ?? []), finding])
  }
  return [...groups].sort((a, b) => b[1].length - a[1].length).map(([key, group]) => {
    const examples = group.slice(0, examplesEach).map((f) => [
      `      ${JSON.stringify(f.line)}  [${f.family}]`,
      `        plan: ${f.resolvedLine}`,
      ...f.ran.map((argv) => `        ran:  docker ${argv.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : JSON.stringify(w))).join(' ')}`),
      `        request: ${f.request}`,
    ].join('\n'))
    return `  ${group.length}× ${key}\n${examples.join('\n')}`
  }).join('\n')
}

/** The report's counts, as the test prints them. */
export function reportLines(title: string, report: OracleReport): string[] {
  const byFamily = [...report.families].filter(([, c]) => c.violating > 0).sort((a, b) => b[1].violating - a[1].violating)
  return [
    `[${title}] ${report.lines} lines: ${report.refusals.length} refused by the policy, ${report.planned} planned (${report.distinctPlans} distinct plans)`,
    `  refusal codes:\n${tally(report.refusals)}`,
    `  planned lines by command: ${tally([...report.families].flatMap(([family, c]) => Array<string>(c.planned).fill(family.split(':')[0]!)), 40).trim().split('\n').map((l) => l.trim()).join(', ')}`,
    `[${title}] ${report.processes} docker CLI processes run (${report.underPty} under a PTY, as the runner runs -t and start -i); ${report.requests} requests checked (${report.requestsForLines} counted per planned line)`,
    `[${title}] endpoints the stand-in did not know: ${report.unknownEndpoints.length === 0 ? 'none' : `\n${tally(report.unknownEndpoints)}`}`,
    `[${title}] ${report.findings.length} violations in ${report.violatingLines.length} planned lines`,
    ...(byFamily.length > 0 ? [`  violating lines by family (violating / planned):\n${byFamily.slice(0, 20).map(([family, c]) => `    ${c.violating}/${c.planned} ${family}`).join('\n')}`] : []),
    `[${title}] planning ${report.planMs} ms, CLI runs ${report.runMs} ms`,
  ]
}
