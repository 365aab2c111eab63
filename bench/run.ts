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
// Subsets: `--sizes 100000` (`--sizes none`: no plan sizes), `--validate 100000` (`0`: none).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { startSimulator, type LoggedRequest, type Simulator } from '../src/simulator/server.ts';
import { measureColdStart } from './cold-start.ts';
import { machine, renderResults, type SizeResult } from './report.ts';
import { measureValidate, type ValidateMeasure } from './validate.ts';
import { makeScenario, planBound, writesBound, PER_PAGE } from './scenario.ts';
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
}

function settings(): Settings {
  const { values } = parseArgs({
    options: {
      smoke: { type: 'boolean' },
      sizes: { type: 'string' },
      'latency-ms': { type: 'string' },
      concurrency: { type: 'string' },
      validate: { type: 'string' },
    },
  });
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
    // A smoke run never overwrites the committed results.
    out: smoke ? null : new URL('./results.md', import.meta.url).pathname,
  };
}

/** Requests by route, split by phase; an apply's reads after its first write are its verification. */
class Tally {
  phase: Phase | 'idle' = 'idle';
  private wrote = false;
  readonly counts = new Map<string, Map<string, number>>();

  start(phase: Phase): void {
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

function runWorker(worker: string, input: WorkerInput): Promise<WorkerResult> {
  const child = spawn(process.execPath, [worker, JSON.stringify(input)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`bench worker (${input.phase}) exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as WorkerResult);
    });
  });
}

async function runSize(c: Case, s: Settings, dir: string, worker: string): Promise<SizeResult> {
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
    for (const phase of PHASES) {
      process.stderr.write(`bench: ${size} seats, ${latencyMs} ms: ${phase}…\n`);
      tally.start(phase);
      results[phase] = await runWorker(worker, input(phase));
    }
    return summarize(c, scenario.state, results as Record<Phase, WorkerResult>, tally);
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
function problems(results: SizeResult[], validate: ValidateMeasure | null): string[] {
  const found: string[] = [];
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
    for (const c of s.cases) results.push(await runSize(c, s, dir, worker));
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
    );
    process.stdout.write(markdown);
    if (s.out) await writeFile(s.out, markdown);
    const found = problems(results, validate);
    for (const p of found) process.stderr.write(`bench: FAIL: ${p}\n`);
    process.exitCode = found.length > 0 ? 1 : 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
