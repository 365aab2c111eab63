// The benchmark's results as markdown: printed, and written to bench/results.md by a full run.
import { cpus, totalmem } from 'node:os';
import type { ColdStart } from './cold-start.ts';
import type { WorkerResult } from './worker.ts';

export interface Count {
  actual: number;
  bound: number;
}

export interface SizeResult {
  size: number;
  plan: WorkerResult;
  baseline: WorkerResult;
  apply: WorkerResult;
  requests: { plan: Count; baseline: Count; apply: Count; verify: Count };
  /** Requests by phase ('plan', 'baseline', 'apply', 'verify'), then by route. */
  routes: Map<string, Map<string, number>>;
  samePlan: boolean;
}

export interface RunInfo {
  smoke: boolean;
  latencyMs: number;
  concurrency: number;
  writeIntervalMs: number;
  perPage: number;
  slack: number;
  machine: string;
}

export function machine(): string {
  const cpu = cpus();
  const gib = (totalmem() / 1024 ** 3).toFixed(1);
  return `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${gib} GiB, Node ${process.version}, ${process.platform}`;
}

const ms = (v: number): string => (v < 1000 ? `${v.toFixed(0)} ms` : `${(v / 1000).toFixed(1)} s`);
const mb = (v: number): string => `${v.toFixed(0)} MB`;
const count = (c: Count): string =>
  `${c.actual} / ${c.bound} (${c.actual - c.bound >= 0 ? '+' : ''}${c.actual - c.bound})`;

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function summaryTable(results: SizeResult[]): string {
  return table(
    [
      'seats',
      'plan requests / bound',
      'apply requests / bound',
      'verification / cheapest',
      'plan wall',
      'baseline wall',
      'ratio',
      'plan peak RSS',
      'planner CPU (first / warm)',
      'same plan',
    ],
    results.map((r) => [
      r.size.toLocaleString('en-US'),
      count(r.requests.plan),
      count(r.requests.apply),
      `${r.requests.verify.actual} / ${r.requests.verify.bound} (${r.apply.verification?.method ?? 'none'})`,
      ms(r.plan.wallMs),
      ms(r.baseline.wallMs),
      `1/${(r.baseline.wallMs / r.plan.wallMs).toFixed(1)}`,
      mb(r.plan.maxRssMB),
      `${ms(r.plan.plannerCpuMs)} / ${ms(r.plan.plannerWarmCpuMs)}`,
      r.samePlan ? 'yes' : '**NO**',
    ]),
  );
}

function detailTable(results: SizeResult[]): string {
  return table(
    [
      'seats',
      'seats.yaml load',
      'RSS after load',
      'baseline peak RSS',
      'apply wall',
      'apply peak RSS',
      'writes',
      'verification',
    ],
    results.map((r) => {
      const v = r.apply.verification;
      const w = r.apply.shape.writes;
      return [
        r.size.toLocaleString('en-US'),
        ms(r.plan.configMs),
        mb(r.plan.configRssMB),
        mb(r.baseline.maxRssMB),
        ms(r.apply.wallMs),
        mb(r.apply.maxRssMB),
        `+${w.addUsers} users, +${w.addTeams} teams, −${w.removeUsers} users, −${w.removeTeams} teams`,
        v ? `${v.method}: ${v.logins} users to check vs ${v.listPages} list pages` : 'none',
      ];
    }),
  );
}

function routesTable(r: SizeResult): string {
  const phases = ['plan', 'baseline', 'apply', 'verify'];
  const routes = [...new Set(phases.flatMap((p) => [...(r.routes.get(p)?.keys() ?? [])]))].sort();
  return table(
    ['route', ...phases],
    routes.map((route) => [`\`${route}\``, ...phases.map((p) => String(r.routes.get(p)?.get(route) ?? 0))]),
  );
}

function coldStartLine(cold: ColdStart): string {
  if (cold.runs.length === 0) return 'Cold start: dist/index.js is not built (run `npm run build`).';
  const median = cold.runs[Math.floor(cold.runs.length / 2)] ?? 0;
  return (
    `Cold start of \`node dist/index.js\` (spawn → first request, seats.yaml of ${cold.configUsers} entries): ` +
    `median ${ms(median)} of ${cold.runs.length} runs (${cold.runs.map(ms).join(', ')}).`
  );
}

export function renderResults(info: RunInfo, results: SizeResult[], cold: ColdStart): string {
  const parts = [
    `# Benchmark results${info.smoke ? ' (smoke run)' : ''}`,
    `Machine: ${info.machine}.`,
    `Simulator latency ${info.latencyMs} ms per request; client concurrency ${info.concurrency} reads in flight; ` +
      `writes one at a time, ${info.writeIntervalMs} ms apart; ${info.perPage} seats per page.`,
    `Bound (design §5): 1 billing + ⌈seats/${info.perPage}⌉ pages + checks for what is added ` +
      `(a membership per user, a team lookup and its member pages per team) + ⌈n/${info.perPage}⌉ writes per write kind ` +
      `(apply). Target: at most bound + ${info.slack}. The apply re-plans, so its bound includes the plan's. ` +
      `Verification after the writes is counted on its own line against the cheaper of its two ways ` +
      `(one seat read per touched user, or the list's pages again). Ratio: plan wall time / baseline wall time ` +
      `(baseline: the same plan with the list read by sequential \`octokit.paginate\`). Peak RSS: each phase in ` +
      `its own process, seats.yaml loaded as the action does.`,
    '## Summary',
    summaryTable(results),
    '## Details',
    detailTable(results),
    coldStartLine(cold),
    ...results.flatMap((r) => [
      `## Requests by route, ${r.size.toLocaleString('en-US')} seats`,
      routesTable(r),
    ]),
  ];
  return parts.join('\n\n') + '\n';
}
