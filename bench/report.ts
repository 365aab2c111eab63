// The benchmark's results as markdown: printed, and written to bench/results.md by a full run.
import { statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { ColdStart } from './cold-start.ts';
import type { ValidateMeasure, ValidateRun } from './validate.ts';
import type { WorkerResult } from './worker.ts';

export interface Count {
  actual: number;
  bound: number;
}

export interface SizeResult {
  size: number;
  /** The simulator's latency for this size. */
  latencyMs: number;
  plan: WorkerResult;
  /** The list by sequential octokit.paginate. */
  baseline: WorkerResult;
  /** The other baselines: a sequential page loop, a tuned client 8 and 32 pages wide. */
  others: { loop: WorkerResult; tuned8: WorkerResult; tuned32: WorkerResult };
  apply: WorkerResult;
  requests: { plan: Count; baseline: Count; apply: Count; verify: Count };
  /** Requests by phase ('plan', 'baseline', 'apply', 'verify'), then by route. */
  routes: Map<string, Map<string, number>>;
  samePlan: boolean;
  /** 100,000 seats at 50 ms: the plan again with V8's heap defaults and limited (src/heap.ts). */
  heap?: HeapRuns;
  /** 100,000 seats at 50 ms: the action's whole process planning. */
  action?: ActionRun;
  /** 100,000 seats at 50 ms: the CLI's whole process planning. */
  cli?: ActionRun;
}

/** Plans run again, each in its own process: limited as the action does (src/heap.ts), and V8's defaults. */
export interface HeapRuns {
  product: WorkerResult[];
  v8: WorkerResult[];
}

export type ActionRun =
  { measured: true; ok: boolean; wallMs: number; maxRssMB: number } | { measured: false; why: string };

/** An enterprise (issue 14): its list has one row per source of a user's seat. */
export interface EnterpriseResult {
  rows: number;
  /** Users with a seat (total_seats). */
  holders: number;
  latencyMs: number;
  /** Rows listed after the apply (what a re-read of the list pages through). */
  rowsAfter: number;
  plan: WorkerResult;
  /** The same plan with the list read by sequential octokit.paginate. */
  baseline: WorkerResult;
  apply: WorkerResult;
  requests: { plan: Count; baseline: Count; apply: Count; verify: Count };
  routes: Map<string, Map<string, number>>;
  samePlan: boolean;
  /** Each read listed every row. */
  listedAll: boolean;
  /** CPU of the bench process (the simulator serving the phase) during each phase. */
  simCpuMs: Record<'plan' | 'baseline' | 'apply', number>;
}

export interface RunInfo {
  smoke: boolean;
  latencyMs: number;
  concurrency: number | undefined;
  writeIntervalMs: number;
  perPage: number;
  slack: number;
  machine: string;
}

export function machine(): string {
  const cpu = cpus();
  const gib = (totalmem() / 1024 ** 3).toFixed(1);
  // Other work on the machine takes CPU from the phases: the load when the run started says how much.
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  return (
    `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${gib} GiB, Node ${process.version}, ${process.platform}; ` +
    `load average ${load} (1, 5, 15 min) when the run started; the simulator runs in the bench process, ` +
    `so it shares these cores with the phase measured`
  );
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
      `${r.size.toLocaleString('en-US')}, ${r.latencyMs} ms`,
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

const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

/** The plan's wall time against each baseline's, measured in the same run (issue 15). */
function ratioTable(results: SizeResult[]): string {
  return table(
    [
      'seats, latency',
      'plan wall',
      'sequential loop',
      '`octokit.paginate`',
      'tuned, 8 wide',
      'tuned, 32 wide',
      'plan ÷ loop',
      'plan ÷ paginate',
      'plan ÷ tuned 8',
      'plan ÷ tuned 32',
      'peak RSS: plan / paginate / tuned 32',
    ],
    results.map((r) => {
      const { loop, tuned8, tuned32 } = r.others;
      return [
        `${r.size.toLocaleString('en-US')}, ${r.latencyMs} ms`,
        ms(r.plan.wallMs),
        ms(loop.wallMs),
        ms(r.baseline.wallMs),
        ms(tuned8.wallMs),
        ms(tuned32.wallMs),
        ratio(r.plan.wallMs, loop.wallMs),
        ratio(r.plan.wallMs, r.baseline.wallMs),
        ratio(r.plan.wallMs, tuned8.wallMs),
        ratio(r.plan.wallMs, tuned32.wallMs),
        `${mb(r.plan.maxRssMB)} / ${mb(r.baseline.maxRssMB)} / ${mb(tuned32.maxRssMB)}`,
      ];
    }),
  );
}

/** `validate` of a big file: the CLI's command (fast path) and the full parser alone. */
function validateTable(v: ValidateMeasure): string {
  const row = (label: string, r: ValidateRun): string[] => [
    label,
    ms(r.wallMs),
    ms(r.ms),
    mb(r.maxRssMB),
    r.valid ? 'yes' : '**NO**',
  ];
  return table(
    ['way', 'wall (spawn → exit)', 'in the process (read, parse, check)', 'peak RSS', 'valid'],
    [row('`copilot-seats validate` (fast path)', v.cli), row('full parser alone', v.full)],
  );
}

function validateSection(v: ValidateMeasure | null): string[] {
  if (!v) return [];
  return [
    '## validate',
    `\`validate\` of a generated seats.yaml of ${v.entries.toLocaleString('en-US')} entries ` +
      `(${(v.bytes / 1024 / 1024).toFixed(1)} MB: logins, one in ten in the long form with a reason, ` +
      `some with an end date; teams, exemptions, a policy, comments). Each way in a process of its own, ` +
      `bundled as the CLI is; the median of 3 runs, the highest peak RSS.`,
    validateTable(v),
  ];
}

/** The goals of issue 15 that the ratios answer, met or not in this run (sizes not run: not shown). */
function goalLines(results: SizeResult[], validate: ValidateMeasure | null): string {
  const find = (size: number, latency: number) =>
    results.find((r) => r.size === size && r.latencyMs === latency);
  const lines: string[] = [];
  const big = find(100_000, 50);
  if (big) {
    const t32 = big.plan.wallMs / big.others.tuned32.wallMs;
    const loop = big.plan.wallMs / big.others.loop.wallMs;
    lines.push(
      `- 100,000 seats at 50 ms: plan ≤ 1.5× the tuned 32-wide client: ${t32.toFixed(2)}× (${t32 <= 1.5 ? 'met' : 'not met'})`,
    );
    lines.push(
      `- 100,000 seats at 50 ms: plan ≤ 0.2× the sequential loop: ${loop.toFixed(2)}× (${loop <= 0.2 ? 'met' : 'not met'})`,
    );
    const rss = big.plan.maxRssMB;
    lines.push(`- 100,000 seats: plan peak RSS < 250 MB: ${mb(rss)} (${rss < 250 ? 'met' : 'not met'})`);
    for (const [who, run] of [
      ['the action', big.action],
      ['the CLI', big.cli],
    ] as const) {
      if (run?.measured) {
        const whole = run.maxRssMB;
        lines.push(
          `- 100,000 seats: ${who}'s whole process peak RSS < 250 MB: ${mb(whole)} (${whole < 250 && run.ok ? 'met' : 'not met'})`,
        );
      }
    }
  }
  const mid = find(20_000, 20);
  if (mid) {
    const loop = mid.plan.wallMs / mid.others.loop.wallMs;
    lines.push(
      `- 20,000 seats at 20 ms: plan ≤ 0.35× the sequential loop: ${loop.toFixed(2)}× (${loop <= 0.35 ? 'met' : 'not met'})`,
    );
  }
  if (validate && validate.entries === 100_000) {
    const { wallMs, maxRssMB } = validate.cli;
    lines.push(
      `- validate of 100,000 entries ≤ 1 s: ${ms(wallMs)} (${wallMs <= 1000 ? 'met' : 'not met'}; full parser ${ms(validate.full.wallMs)})`,
    );
    lines.push(
      `- validate of 100,000 entries ≤ 150 MB peak RSS: ${mb(maxRssMB)} (${maxRssMB <= 150 ? 'met' : 'not met'}; full parser ${mb(validate.full.maxRssMB)})`,
    );
  }
  return lines.length > 0 ? lines.join('\n') : 'No size of the goals was run.';
}

function detailTable(results: SizeResult[]): string {
  return table(
    [
      'seats',
      'seats.yaml load',
      'RSS after load',
      'plan process peak RSS',
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
        `${r.size.toLocaleString('en-US')}, ${r.latencyMs} ms`,
        ms(r.plan.configMs),
        mb(r.plan.configRssMB),
        mb(r.plan.processRssMB),
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

const medianOf = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** The heap limited or not (issue 15): the plan of 100,000 seats at 50 ms, each way n times. */
function heapSection(results: SizeResult[]): string[] {
  const r = results.find((x) => x.heap);
  const heap = r?.heap;
  if (!r || !heap) return [];
  const row = (label: string, runs: WorkerResult[]): string[] => [
    label,
    `${ms(medianOf(runs.map((w) => w.wallMs)))} (${runs.map((w) => ms(w.wallMs)).join(', ')})`,
    `${mb(medianOf(runs.map((w) => w.maxRssMB)))} (${runs.map((w) => mb(w.maxRssMB)).join(', ')})`,
    `${mb(medianOf(runs.map((w) => w.processRssMB)))} (${runs.map((w) => mb(w.processRssMB)).join(', ')})`,
    `${ms(medianOf(runs.map((w) => w.phaseCpuMs ?? 0)))} (${runs.map((w) => ms(w.phaseCpuMs ?? 0)).join(', ')})`,
  ];
  return [
    "## V8's heap limited (issue 15)",
    `The plan of ${r.size.toLocaleString('en-US')} seats at ${r.latencyMs} ms run again, ${heap.product.length} times each way, ` +
      'alternating, each in a process of its own started without flags: as the action and the CLI run it ' +
      "(src/heap.ts, called first by both entry points, sets V8's `--semi-space-growth-factor=1`: the new space " +
      'keeps its initial size, and `--heap-growing-percent=50`: the old generation grows by half its live size ' +
      "between full collections), and with V8's defaults (on this machine the new space grows to 64 MB a " +
      'semi-space, the old generation up to 4× its live size). Median (each run). Every other phase of the bench ' +
      'runs limited, as users get it.',
    table(
      [
        'heap',
        'plan wall',
        'plan peak RSS (end of the phase)',
        'whole worker peak RSS',
        'CPU of the plan (GC threads included)',
      ],
      [row('limited (src/heap.ts, what users get)', heap.product), row("V8's default", heap.v8)],
    ),
  ];
}

function entryLine(label: string, size: number, latencyMs: number, a: ActionRun | undefined): string[] {
  if (!a) return [];
  const at = `${size.toLocaleString('en-US')} seats, ${latencyMs} ms`;
  if (!a.measured) return [`${label} at ${at}: not measured (${a.why}).`];
  return [
    `${label} at ${at}: peak RSS ${mb(a.maxRssMB)} (GNU time's maximum resident set size of the whole process), ` +
      `wall ${ms(a.wallMs)} from spawn to exit${a.ok ? '' : ' (**it failed**)'}.`,
  ];
}

function actionLines(results: SizeResult[]): string[] {
  const r = results.find((x) => x.action ?? x.cli);
  if (!r) return [];
  return [
    ...entryLine(
      "The action's whole process (`node dist/index.js` as the runner starts it, no flags, mode plan, no comment, the same seats.yaml and simulator)",
      r.size,
      r.latencyMs,
      r.action,
    ),
    ...entryLine("The CLI's whole process (`node dist/cli.js plan`, no flags)", r.size, r.latencyMs, r.cli),
  ];
}

function enterpriseSection(e: EnterpriseResult | null): string[] {
  if (!e) return [];
  const w = e.apply.shape.writes;
  const v = e.apply.verification;
  const phases = ['plan', 'baseline', 'apply', 'verify'];
  const routes = [...new Set(phases.flatMap((p) => [...(e.routes.get(p)?.keys() ?? [])]))].sort();
  return [
    '## Enterprise (issue 14)',
    `A generated enterprise of ${e.rows.toLocaleString('en-US')} seat rows (${e.holders.toLocaleString('en-US')} users with a seat: ` +
      'its list has one row per source of a seat; the main org, a second org seating 30% of the users, four ' +
      'selected enterprise teams seating 20%, 1% enterprise-direct users in no org), served by the simulator ' +
      `in the bench process at ${e.latencyMs} ms a request. Its seats.yaml adds and cancels enterprise-direct users, ` +
      'adds an enterprise team and leaves one out (its members keep their seats through the main org). ' +
      'Bound: 1 probe (one row: total_seats, plan type, token scopes) + ⌈rows/100⌉ list pages + for teams to add, ' +
      "the enterprise team list's pages and each team's membership pages (no membership lookup for users: " +
      'GitHub has none for an enterprise) + ⌈n/100⌉ writes per kind (apply). Verification: against the cheaper ' +
      `of one read per touched user and the list's pages after the writes (${e.rowsAfter.toLocaleString('en-US')} rows). ` +
      'Baseline: the same plan with the list read by sequential `octokit.paginate`. Each phase in its own process, ' +
      'the heap limited as the action does. The simulator builds each page of the rows by a pass over every ' +
      'seat (it counts the rows before the page), so at this size serving the list costs the bench process ' +
      "more CPU than the org's list of the same length, on the same two cores as the plan: the plan's wall " +
      "time here is mostly the simulator's (its CPU is in the table), not a measure of the client.",
    table(
      [
        'rows (users), latency',
        'plan requests / bound',
        'apply requests / bound',
        'verification / cheapest',
        'plan wall',
        'simulator CPU during the plan',
        'baseline wall',
        'plan ÷ baseline',
        'plan peak RSS (process)',
        'apply wall',
        'apply peak RSS',
        'writes',
        'same plan',
      ],
      [
        [
          `${e.rows.toLocaleString('en-US')} (${e.holders.toLocaleString('en-US')}), ${e.latencyMs} ms`,
          count(e.requests.plan),
          count(e.requests.apply),
          `${e.requests.verify.actual} / ${e.requests.verify.bound} (${v ? `${v.method}: ${v.logins} users; the apply estimated ${v.listPages} list pages` : 'none'})`,
          ms(e.plan.wallMs),
          ms(e.simCpuMs.plan),
          ms(e.baseline.wallMs),
          ratio(e.plan.wallMs, e.baseline.wallMs),
          `${mb(e.plan.maxRssMB)} (${mb(e.plan.processRssMB)})`,
          ms(e.apply.wallMs),
          mb(e.apply.maxRssMB),
          `+${w.addUsers} users, +${w.addTeams} teams, −${w.removeUsers} users, −${w.removeTeams} teams`,
          e.samePlan && e.listedAll ? 'yes' : '**NO**',
        ],
      ],
    ),
    `### Requests by route, enterprise of ${e.rows.toLocaleString('en-US')} rows`,
    table(
      ['route', ...phases],
      routes.map((route) => [`\`${route}\``, ...phases.map((p) => String(e.routes.get(p)?.get(route) ?? 0))]),
    ),
  ];
}

/** Sizes of the bundles a user runs (as built when the bench ran). */
function bundleLine(): string {
  const size = (file: string): string => {
    try {
      return `${(statSync(new URL(`../dist/${file}`, import.meta.url)).size / 1024).toFixed(0)} KiB`;
    } catch {
      return 'not built';
    }
  };
  return `Bundles: \`dist/index.js\` ${size('index.js')}, \`dist/cli.js\` ${size('cli.js')}.`;
}

function coldStartLine(cold: ColdStart): string {
  if (cold.runs.length === 0) return 'Cold start: dist/index.js is not built (run `npm run build`).';
  const median = cold.runs[Math.floor(cold.runs.length / 2)] ?? 0;
  return (
    `Cold start of \`node dist/index.js\` (spawn → first request, seats.yaml of ${cold.configUsers} entries): ` +
    `median ${ms(median)} of ${cold.runs.length} runs (${cold.runs.map(ms).join(', ')}).`
  );
}

export function renderResults(
  info: RunInfo,
  results: SizeResult[],
  cold: ColdStart,
  validate: ValidateMeasure | null = null,
  enterprise: EnterpriseResult | null = null,
): string {
  const parts = [
    `# Benchmark results${info.smoke ? ' (smoke run)' : ''}`,
    `Machine: ${info.machine}.`,
    `Simulator latency ${info.latencyMs} ms per request unless a size says otherwise; ` +
      `client concurrency ${info.concurrency === undefined ? 'chosen by the client (the seat list up to 32 pages at once, other reads 8)' : `${info.concurrency} reads in flight`}; ` +
      `writes one at a time, ${info.writeIntervalMs} ms apart; ${info.perPage} seats per page.`,
    `Bound (design §5): 1 billing + ⌈seats/${info.perPage}⌉ pages + checks for what is added ` +
      `(a membership per user, a team lookup and its member pages per team) + ⌈n/${info.perPage}⌉ writes per write kind ` +
      `(apply). Target: at most bound + ${info.slack}. The apply re-plans, so its bound includes the plan's. ` +
      `Verification after the writes is counted on its own line against the cheaper of its two ways ` +
      `(one seat read per touched user, or the list's pages again). Ratio: plan wall time / baseline wall time ` +
      `(baseline: the same plan with the list read by sequential \`octokit.paginate\`). Peak RSS: each phase in ` +
      `its own process, seats.yaml loaded as the action does, up to the end of the phase (the whole process's ` +
      `peak, with the bench's own work after the phase: the planner timed again, the plan hashed, is in the details).`,
    '## Summary',
    summaryTable(results),
    '## Against the baselines (issue 15)',
    'Each phase plans the same plan in a process of its own against the same simulator (in the bench process); ' +
      'only the read of the seat list differs. Sequential loop: `client.request` page after page; ' +
      '`octokit.paginate`: the same, following Link; tuned: undici fetch with keep-alive, plain `JSON.parse`, ' +
      'no octokit on the list, 8 or 32 pages in flight. A ratio below 1 is the plan being faster.',
    ratioTable(results),
    '### Goals',
    goalLines(results, validate),
    '## Details',
    detailTable(results),
    ...actionLines(results),
    coldStartLine(cold),
    bundleLine(),
    ...heapSection(results),
    ...enterpriseSection(enterprise),
    ...validateSection(validate),
    ...results.flatMap((r) => [
      `## Requests by route, ${r.size.toLocaleString('en-US')} seats`,
      routesTable(r),
    ]),
  ];
  return parts.join('\n\n') + '\n';
}
