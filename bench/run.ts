// The enterprise-scale benchmark (`npm run bench`; `npm run bench:smoke` in CI).
// For each size it serves a generated org from the simulator in this process, with a fixed latency
// per request, and runs each phase in a child process of its own (bench/worker.ts): the action's
// plan, the same plan with the list read by each baseline of issue 15 (sequential octokit.paginate,
// a sequential page loop, a tuned plain-fetch client 8 and 32 pages wide), and an apply; each run
// prints the plan's wall time as a ratio of each baseline's.
// It counts the requests by route against the lower bound of design §5, and measures the action's
// cold start, and `validate` of a big seats.yaml (the CLI's command, whose fast path reads the plain
// shapes of big files, against the full parser alone).
// Smoke mode: 1,000 seats, tiny latency, nothing written; exits 1 when a request budget is exceeded,
// the fast path's plan differs from the baseline's, or a big valid file does not validate.
// It also measures an enterprise of 100,000 seat rows (issue 14: plan, a sequential-paginate
// baseline, apply; smoke: 1,000 rows), the plan of 100,000 seats again with and without the
// action's heap limit (src/heap.ts, issue 15), and the action's whole process
// (dist/index.js) planning 100,000 seats.
// Subsets: `--sizes 100000` (`--sizes none`: no plan sizes), `--validate 100000` (`0`: none),
// `--enterprise 100000` (`0`: none), `--heap-runs 3` (`0`: none), `--no-action`, `--no-write`.
// Experiments (nothing written, raw results printed): `--phases plan,tuned32`, `--v8-flags
// --max-semi-space-size=8,…` (set at the worker's start instead of src/heap.ts's; empty: V8's
// defaults), `--node-flags …` (the workers' command line).
import { runJsonChild } from './child.ts';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { startSimulator, type LoggedRequest, type Simulator } from '../src/simulator/server.ts';
import { ACTION, actionEnv, measureColdStart } from './cold-start.ts';
import {
  machine,
  renderResults,
  type ActionRun,
  type EnterpriseResult,
  type HeapRuns,
  type SizeResult,
} from './report.ts';
import { measureValidate, type ValidateMeasure } from './validate.ts';
import {
  enterprisePlanBound,
  enterpriseRowCount,
  makeEnterpriseScenario,
  makeScenario,
  planBound,
  writesBound,
  PER_PAGE,
} from './scenario.ts';
import type { Phase, WorkerInput, WorkerResult } from './worker.ts';

/** The apply changes the org: it goes last. */
const PHASES: readonly Phase[] = ['plan', 'baseline', 'loop', 'tuned8', 'tuned32', 'apply'];

const SLACK = 3;

/** One org size at one latency: `--sizes 100000,20000@20` (the run's latency where not given). */
interface Case {
  size: number;
  latencyMs: number;
}

interface Settings {
  smoke: boolean;
  cases: Case[];
  /** Entries of the seats.yaml `validate` reads; 0: not measured. */
  validateEntries: number;
  latencyMs: number;
  /** --concurrency: fixed reads in flight; left out, the client chooses (as the action does). */
  concurrency: number | undefined;
  writeIntervalMs: number;
  out: string | null;
  /** Rows of the enterprise measured (issue 14); 0: none. */
  enterpriseRows: number;
  /** Plans of 100,000 seats at 50 ms run again this many times each, with and without src/heap.ts. */
  heapRuns: number;
  /** The action's whole process (dist/index.js) planning 100,000 seats, its peak RSS. */
  action: boolean;
  /** Experiments: only these phases (raw results printed, nothing written). */
  phases: Phase[] | null;
  /** Experiments: these V8 flags set at the worker's start instead of src/heap.ts's. */
  v8Flags: string[] | null;
  /** Experiments: Node flags the workers are started with. */
  nodeFlags: string[];
}

function settings(): Settings {
  const { values } = parseArgs({
    options: {
      smoke: { type: 'boolean' },
      sizes: { type: 'string' },
      'latency-ms': { type: 'string' },
      concurrency: { type: 'string' },
      validate: { type: 'string' },
      enterprise: { type: 'string' },
      'heap-runs': { type: 'string' },
      action: { type: 'boolean' },
      'no-action': { type: 'boolean' },
      phases: { type: 'string' },
      'v8-flags': { type: 'string' },
      'node-flags': { type: 'string' },
      'no-write': { type: 'boolean' },
    },
  });
  const list = (v: string | undefined): string[] | null =>
    v === undefined ? null : v.split(',').filter((x) => x !== '');
  const phases = list(values.phases) as Phase[] | null;
  const smoke = Boolean(values.smoke);
  const latencyMs = Number(values['latency-ms'] ?? (smoke ? 1 : 50));
  const sizes = values.sizes ?? (smoke ? '1000' : '1000,10000,100000,20000@20');
  const cases = (sizes === 'none' ? [] : sizes.split(',')).map((c) => {
    const [size, latency] = c.split('@');
    return { size: Number(size), latencyMs: latency === undefined ? latencyMs : Number(latency) };
  });
  return {
    smoke,
    cases,
    validateEntries: Number(values.validate ?? (smoke ? 1000 : 100_000)),
    latencyMs,
    concurrency: values.concurrency === undefined ? undefined : Number(values.concurrency),
    // Production spaces writes by 1 s; the smoke run only checks counts, so it does not wait.
    writeIntervalMs: smoke ? 0 : 1000,
    // A smoke run (or an experiment) never overwrites the committed results.
    out:
      smoke || values['no-write'] || phases || values['v8-flags'] || values['node-flags']
        ? null
        : new URL('./results.md', import.meta.url).pathname,
    enterpriseRows: Number(values.enterprise ?? (smoke ? 1000 : 100_000)),
    heapRuns: Number(values['heap-runs'] ?? (smoke ? 0 : 3)),
    action: values['no-action'] ? false : (values.action ?? !smoke),
    phases,
    v8Flags: list(values['v8-flags']),
    nodeFlags: list(values['node-flags']) ?? [],
  };
}

/** Requests by route, split by phase; an apply's reads after its first write are its verification. */
class Tally {
  /** A phase, or another bucket ('heap', 'action': runs not counted against a bound). */
  phase: string = 'idle';
  private wrote = false;
  readonly counts = new Map<string, Map<string, number>>();

  start(phase: string): void {
    this.phase = phase;
    this.wrote = false;
  }

  record(r: LoggedRequest): void {
    if (this.phase === 'idle') return;
    if (r.method !== 'GET') this.wrote = true;
    const bucket = this.phase === 'apply' && this.wrote && r.method === 'GET' ? 'verify' : this.phase;
    const routes = this.counts.get(bucket) ?? new Map<string, number>();
    const route = `${r.method} ${r.route ?? r.path}`;
    routes.set(route, (routes.get(route) ?? 0) + 1);
    this.counts.set(bucket, routes);
  }

  total(bucket: string): number {
    return [...(this.counts.get(bucket)?.values() ?? [])].reduce((a, b) => a + b, 0);
  }
}

/**
 * The worker is bundled the way dist/index.js is, so its memory is the action's: running the .ts
 * sources directly would add Node's type stripper and a module per source file.
 */
export async function bundleWorker(dir: string, name = 'worker'): Promise<string> {
  const outfile = join(dir, `${name}.mjs`);
  await build({
    entryPoints: [new URL(`./${name}.ts`, import.meta.url).pathname],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
  });
  return outfile;
}

async function runWorker(
  worker: string,
  input: WorkerInput,
  nodeFlags: string[] = [],
): Promise<WorkerResult> {
  const args = [...nodeFlags, worker, JSON.stringify(input)];
  return (await runJsonChild<WorkerResult>(args, `bench worker (${input.phase})`)).result;
}

async function runSize(c: Case, s: Settings, dir: string, worker: string): Promise<SizeResult | null> {
  const { size, latencyMs } = c;
  const scenario = makeScenario(size);
  const config = join(dir, `seats-${size}.yaml`);
  await writeFile(config, scenario.yaml);
  const tally = new Tally();
  const sim: Simulator = await startSimulator(scenario.state, {
    latencyMs,
    // The bench reads 100,000 seats several times; the per-hour limit is not what it measures.
    rateLimit: 1_000_000,
    onRequest: (r) => {
      tally.record(r);
      // The log keeps every response body; the bench needs only the counts.
      sim.requests.length = 0;
    },
  });
  try {
    const input = (phase: Phase): WorkerInput => ({
      phase,
      url: sim.url,
      config,
      now: scenario.state.now,
      ...(s.concurrency !== undefined ? { concurrency: s.concurrency } : {}),
      writeIntervalMs: s.writeIntervalMs,
    });
    const results: Partial<Record<Phase, WorkerResult>> = {};
    const run = (phase: Phase, extra: Partial<WorkerInput> = {}, bucket: string = phase) => {
      tally.start(bucket);
      return runWorker(worker, { ...input(phase), ...extra }, s.nodeFlags);
    };
    let heap: HeapRuns | undefined;
    let action: ActionRun | undefined;
    let cli: ActionRun | undefined;
    for (const phase of PHASES) {
      // Before the apply changes the org: the plan again, with and without src/heap.ts, and the action.
      if (phase === 'apply' && size === 100_000 && latencyMs === 50) {
        if (s.heapRuns > 0) heap = await heapRuns(s.heapRuns, run);
        if (s.action) {
          process.stderr.write(`bench: ${size} seats, ${latencyMs} ms: the action and the CLI…\n`);
          tally.start('action');
          action = await runEntry('action', dir, sim.url, config, scenario.state.now);
          cli = await runEntry('cli', dir, sim.url, config, scenario.state.now);
        }
      }
      if (s.phases && !s.phases.includes(phase)) continue;
      process.stderr.write(`bench: ${size} seats, ${latencyMs} ms: ${phase}…\n`);
      results[phase] = await run(phase, s.v8Flags ? { heap: s.v8Flags } : {});
    }
    if (s.phases) {
      process.stdout.write(JSON.stringify({ size, latencyMs, results, heap, action, cli }) + '\n');
      return null;
    }
    return {
      ...summarize(c, scenario.state, results as Record<Phase, WorkerResult>, tally),
      ...(heap ? { heap } : {}),
      ...(action ? { action } : {}),
      ...(cli ? { cli } : {}),
    };
  } finally {
    await sim.close();
  }
}

/** The plan again, `n` times with V8's heap defaults and `n` times limited (src/heap.ts), alternating. */
async function heapRuns(
  n: number,
  run: (phase: Phase, extra: Partial<WorkerInput>, bucket: string) => Promise<WorkerResult>,
): Promise<HeapRuns> {
  const out: HeapRuns = { product: [], v8: [] };
  for (let i = 0; i < n; i++) {
    process.stderr.write(`bench: the heap limited or not, run ${i + 1} of ${n}…\n`);
    out.v8.push(await run('plan', { heap: 'v8' }, 'heap'));
    out.product.push(await run('plan', { heap: 'product' }, 'heap'));
  }
  return out;
}

const TIME = '/usr/bin/time';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

/**
 * The action as the runner starts it (`node dist/index.js`, no flags, plan mode, no comment), or the
 * CLI (`node dist/cli.js plan`, no flags), against the bench's simulator: the whole process's peak
 * RSS, from GNU time's maximum resident set size.
 */
async function runEntry(
  entry: 'action' | 'cli',
  dir: string,
  url: string,
  config: string,
  now: string,
): Promise<ActionRun> {
  const file = entry === 'action' ? ACTION : CLI;
  if (!existsSync(file)) return { measured: false, why: `${file} is not built` };
  if (!existsSync(TIME)) return { measured: false, why: `${TIME} (GNU time) is not installed` };
  const out = join(dir, `${entry}-time.txt`);
  await writeFile(join(dir, 'output'), '');
  await writeFile(join(dir, 'summary.md'), '');
  const args =
    entry === 'action'
      ? [file]
      : [file, 'plan', '--config', config, '--api-url', url, '--token', 'bench-token', '--now', now];
  const env = entry === 'action' ? actionEnv(dir, url, config) : { PATH: process.env.PATH ?? '', HOME: dir };
  const start = performance.now();
  const child = spawn(TIME, ['-f', '%M', '-o', out, process.execPath, ...args], {
    cwd: dir,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const wallMs = performance.now() - start;
  const kb = Number((await readFile(out, 'utf8')).trim().split('\n').pop());
  // The CLI's plan exits 2 when there are changes (this one has).
  const ok = entry === 'action' ? code === 0 : code === 2;
  return { measured: true, ok, wallMs, maxRssMB: kb / 1024 };
}

/** The enterprise (issue 14): the plan, the same plan with the list read by sequential paginate, the apply. */
async function runEnterprise(s: Settings, dir: string, worker: string): Promise<EnterpriseResult> {
  const scenario = makeEnterpriseScenario(s.enterpriseRows);
  const { rows, state } = scenario;
  const config = join(dir, `enterprise-${rows}.yaml`);
  await writeFile(config, scenario.yaml);
  const tally = new Tally();
  const sim: Simulator = await startSimulator(state, {
    latencyMs: s.latencyMs,
    rateLimit: 1_000_000,
    onRequest: (r) => {
      tally.record(r);
      sim.requests.length = 0;
    },
  });
  try {
    const r: Partial<Record<'plan' | 'baseline' | 'apply', WorkerResult>> = {};
    const simCpuMs: Partial<Record<'plan' | 'baseline' | 'apply', number>> = {};
    let bound = 0;
    for (const phase of ['plan', 'baseline', 'apply'] as const) {
      process.stderr.write(`bench: enterprise of ${rows} seat rows, ${s.latencyMs} ms: ${phase}…\n`);
      tally.start(phase);
      // The bench process's CPU while the phase runs: the simulator's, serving it.
      const cpuStart = process.cpuUsage();
      r[phase] = await runWorker(
        worker,
        {
          phase,
          url: sim.url,
          config,
          now: state.now,
          ...(s.concurrency !== undefined ? { concurrency: s.concurrency } : {}),
          writeIntervalMs: s.writeIntervalMs,
          ...(s.v8Flags ? { heap: s.v8Flags } : {}),
        },
        s.nodeFlags,
      );
      const cpu = process.cpuUsage(cpuStart);
      simCpuMs[phase] = (cpu.user + cpu.system) / 1000;
      // Before the apply changes the enterprise (the teams to add are read as they are now).
      if (phase === 'plan')
        bound = enterprisePlanBound(state, rows, r.plan?.shape.lookups ?? { logins: [], teams: [] });
    }
    const { plan, baseline, apply } = r as Record<'plan' | 'baseline' | 'apply', WorkerResult>;
    const rowsAfter = enterpriseRowCount(sim.state);
    const v = apply.verification;
    return {
      rows,
      holders: state.seats.length,
      latencyMs: s.latencyMs,
      rowsAfter,
      plan,
      baseline,
      apply,
      requests: {
        plan: { actual: tally.total('plan'), bound },
        baseline: { actual: tally.total('baseline'), bound },
        apply: { actual: tally.total('apply'), bound: bound + writesBound(apply.shape) },
        // The cheaper way: one read per touched user, or the list's pages as they are after the writes.
        verify: {
          actual: tally.total('verify'),
          bound: v ? Math.min(v.logins, Math.max(1, Math.ceil(rowsAfter / PER_PAGE))) : 0,
        },
      },
      routes: tally.counts,
      samePlan: plan.planHash === baseline.planHash && plan.planHash === apply.planHash,
      simCpuMs: simCpuMs as Record<'plan' | 'baseline' | 'apply', number>,
      listedAll: plan.seats === rows && baseline.seats === rows,
    };
  } finally {
    await sim.close();
  }
}

function summarize(
  { size, latencyMs }: Case,
  state: Parameters<typeof planBound>[0],
  r: Record<Phase, WorkerResult>,
  tally: Tally,
): SizeResult {
  const plan = r.plan;
  const bound = planBound(state, plan.seats, plan.shape);
  const applyWrites = writesBound(r.apply.shape);
  const verifyCheapest = r.apply.verification
    ? Math.min(r.apply.verification.logins, r.apply.verification.listPages)
    : 0;
  return {
    size,
    latencyMs,
    plan,
    baseline: r.baseline,
    others: { loop: r.loop, tuned8: r.tuned8, tuned32: r.tuned32 },
    apply: r.apply,
    requests: {
      plan: { actual: tally.total('plan'), bound },
      baseline: { actual: tally.total('baseline'), bound },
      // The apply re-plans (the plan's reads) and writes; its verification is counted on its own.
      apply: { actual: tally.total('apply'), bound: bound + applyWrites },
      verify: { actual: tally.total('verify'), bound: verifyCheapest },
    },
    routes: tally.counts,
    samePlan: PHASES.every((p) => r[p].planHash === plan.planHash),
  };
}

/** Every reason the smoke run (or a full run) fails: budgets exceeded, plans that differ. */
function problems(
  results: SizeResult[],
  validate: ValidateMeasure | null,
  enterprise: EnterpriseResult | null,
): string[] {
  const found: string[] = [];
  if (enterprise) {
    const e = enterprise;
    for (const [name, { actual, bound }] of Object.entries(e.requests)) {
      if (name !== 'baseline' && actual > bound + SLACK) {
        found.push(
          `enterprise of ${e.rows} rows: ${name} made ${actual} requests, over the bound ${bound} + ${SLACK}`,
        );
      }
    }
    if (!e.samePlan) found.push(`enterprise of ${e.rows} rows: the plans of the phases differ`);
    if (!e.listedAll) found.push(`enterprise of ${e.rows} rows: a read did not list every row`);
    if (e.apply.apply && !e.apply.apply.ok) {
      found.push(`enterprise of ${e.rows} rows: the apply did not succeed: ${JSON.stringify(e.apply.apply)}`);
    }
  }
  if (validate && !(validate.cli.valid && validate.full.valid)) {
    found.push(`validate: the generated file of ${validate.entries} entries is not valid`);
  }
  for (const r of results) {
    for (const [name, { actual, bound }] of Object.entries(r.requests)) {
      if (name !== 'baseline' && actual > bound + SLACK) {
        found.push(`${r.size} seats: ${name} made ${actual} requests, over the bound ${bound} + ${SLACK}`);
      }
    }
    if (!r.samePlan) found.push(`${r.size} seats: the plans of the phases differ`);
    if (r.apply.apply && !r.apply.apply.ok) {
      found.push(`${r.size} seats: the apply did not succeed: ${JSON.stringify(r.apply.apply)}`);
    }
  }
  return found;
}

async function main(): Promise<void> {
  const s = settings();
  const dir = await mkdtemp(join(tmpdir(), 'copilot-seats-bench-'));
  try {
    const worker = await bundleWorker(dir);
    const results: SizeResult[] = [];
    for (const c of s.cases) {
      const r = await runSize(c, s, dir, worker);
      if (r) results.push(r);
    }
    const enterprise = s.enterpriseRows > 0 && !s.phases ? await runEnterprise(s, dir, worker) : null;
    // An experiment (--phases) printed its raw results: nothing to render.
    if (s.phases) return;
    let validate: ValidateMeasure | null = null;
    if (s.validateEntries > 0) {
      process.stderr.write(`bench: validate of ${s.validateEntries} entries…\n`);
      validate = await measureValidate(dir, await bundleWorker(dir, 'validate-worker'), s.validateEntries);
    }
    process.stderr.write('bench: cold start…\n');
    const cold = await measureColdStart(dir);
    const markdown = renderResults(
      { ...s, perPage: PER_PAGE, slack: SLACK, machine: machine() },
      results,
      cold,
      validate,
      enterprise,
    );
    process.stdout.write(markdown);
    if (s.out) await writeFile(s.out, markdown);
    const found = problems(results, validate, enterprise);
    for (const p of found) process.stderr.write(`bench: FAIL: ${p}\n`);
    process.exitCode = found.length > 0 ? 1 : 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
