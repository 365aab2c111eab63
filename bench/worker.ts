// One measured phase of the benchmark, in a process of its own so that its peak RSS is its own:
// load seats.yaml as the action does, then plan (the action's way, or with the list read by one of
// the baselines) or apply against the simulator at `url`. Prints one JSON line (WorkerResult).
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { readSeatsFile } from '../src/config/read.ts';
import { createClient, type GitHubClient } from '../src/github/client.ts';
import { limitHeap } from '../src/heap.ts';
import { runApply } from '../src/modes/apply.ts';
import { computePlan, readLiveState } from '../src/modes/plan.ts';
import { lookupsNeeded } from '../src/plan/lookups.ts';
import { makePlan } from '../src/plan/planner.ts';
import type { DesiredState, LiveState, Plan } from '../src/plan/types.ts';
import { planToJson } from '../src/render/json.ts';
import { readLiveStateSequential, readLiveStateWith, readSeatsLoop, readSeatsTuned } from './baseline.ts';
import type { PlanShape } from './scenario.ts';

/**
 * plan: the action's own read; baseline: the list by sequential octokit.paginate; loop: a
 * sequential page loop; tuned8, tuned32: plain fetch and JSON.parse, 8 or 32 pages in flight.
 */
export type Phase = 'plan' | 'baseline' | 'loop' | 'tuned8' | 'tuned32' | 'apply';

export interface WorkerInput {
  phase: Phase;
  url: string;
  config: string;
  now: string;
  /** --concurrency of the bench; left out, the client chooses (as the action does). */
  concurrency?: number;
  writeIntervalMs: number;
  /**
   * 'product' (the default): V8's heap limited as the action and the CLI limit it
   * (src/heap.ts); 'v8': V8's defaults, for the comparison; a list of flags: those instead (the
   * bench's --v8-flags, for experiments).
   */
  heap?: 'product' | 'v8' | string[];
}

export interface WorkerResult {
  phase: Phase;
  seats: number;
  configMs: number;
  /** Reading the live org and planning (apply: re-plan, writes and verification). */
  wallMs: number;
  /** CPU time of the worker's process during the plan phase (all its threads: GC included). */
  phaseCpuMs?: number;
  /** makePlan alone: the first call, then the median of five more. */
  plannerCpuMs: number;
  plannerWarmCpuMs: number;
  /**
   * Peak RSS: of the phase itself (seats.yaml loaded, then the plan or the apply, as the action
   * runs them), once seats.yaml was loaded, and of the whole process (with what the bench does after
   * the phase: the planner timed six more times, the plan hashed).
   */
  maxRssMB: number;
  configRssMB: number;
  processRssMB: number;
  planHash: string;
  shape: PlanShape;
  apply?: { ok: boolean; refused?: string; writes: number; failed: number; mismatches: number };
  verification?: { method: 'per-user' | 'relist'; logins: number; listPages: number };
}

const maxRssMB = (): number => process.resourceUsage().maxRSS / 1024;

function cpuMs(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function shapeOf(plan: Plan, desired: DesiredState, live: LiveState, now: Date): PlanShape {
  return {
    writes: {
      addTeams: plan.add.teams.length,
      addUsers: plan.add.users.length,
      removeUsers: plan.remove.users.length,
      removeTeams: plan.remove.teams.length,
    },
    lookups: lookupsNeeded(desired, live.seats, now),
  };
}

const hash = (plan: Plan): string =>
  createHash('sha256')
    .update(JSON.stringify(planToJson(plan)))
    .digest('hex')
    .slice(0, 16);

async function loadConfig(path: string): Promise<{ desired: DesiredState; ms: number }> {
  const start = performance.now();
  const { desired, errors } = await readSeatsFile(path);
  if (!desired) throw new Error(`bench: ${path} is not valid: ${errors[0]?.message}`);
  return { desired, ms: performance.now() - start };
}

type Reader = (client: GitHubClient, desired: DesiredState, now: Date) => Promise<LiveState>;

function readFor(input: WorkerInput): Reader {
  switch (input.phase) {
    case 'baseline':
      return readLiveStateSequential;
    case 'loop':
      return (client, desired, now) =>
        readLiveStateWith(client, desired, now, (api) => readSeatsLoop(client, api.params.org as string));
    case 'tuned8':
    case 'tuned32': {
      const width = input.phase === 'tuned8' ? 8 : 32;
      return (client, desired, now) =>
        readLiveStateWith(client, desired, now, (api) =>
          readSeatsTuned(input.url, TOKEN, api.params.org as string, width),
        );
    }
    default:
      return readLiveState;
  }
}

const TOKEN = 'bench-token';

async function planPhase(client: GitHubClient, input: WorkerInput, desired: DesiredState) {
  const now = new Date(input.now);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let live: LiveState;
  let done: Plan;
  if (input.phase === 'plan') {
    // The action's way: computePlan (one context for the lookups and the plan).
    ({ live, plan: done } = await computePlan(client, desired, now));
  } else {
    live = await readFor(input)(client, desired, now);
    done = makePlan(desired, live, { now });
  }
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const phaseCpuMs = (cpu.user + cpu.system) / 1000;
  const phaseRssMB = maxRssMB();
  // The planner alone, once the wall time is taken: a first call, then the median of five more.
  const plannerCpuMs = cpuMs(() => makePlan(desired, live, { now }));
  const warm = Array.from({ length: 5 }, () => cpuMs(() => makePlan(desired, live, { now })));
  return { live, plan: done, wallMs, phaseCpuMs, phaseRssMB, plannerCpuMs, plannerWarmCpuMs: median(warm) };
}

async function applyPhase(client: GitHubClient, input: WorkerInput, desired: DesiredState) {
  const now = new Date(input.now);
  const start = performance.now();
  const outcome = await runApply(client, desired, { now, dryRun: false, allowMassRemoval: false });
  const wallMs = performance.now() - start;
  const phaseRssMB = maxRssMB();
  const { report } = outcome;
  const apply = {
    ok: report.ok,
    ...(outcome.refused ? { refused: outcome.refused } : {}),
    writes: report.writes.length,
    failed: report.writes.filter((w) => !w.ok).length,
    mismatches: report.mismatches.length,
  };
  return { plan: outcome.plan, wallMs, phaseRssMB, apply, verification: outcome.verification };
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as WorkerInput;
  // First, as in src/index.ts and src/cli-main.ts: the bench measures what users get.
  if (Array.isArray(input.heap)) for (const flag of input.heap) setFlagsFromString(flag);
  else if (input.heap !== 'v8') limitHeap();
  const config = await loadConfig(input.config);
  const configRssMB = maxRssMB();
  const client = createClient({
    token: TOKEN,
    baseUrl: input.url,
    ...(input.concurrency !== undefined ? { concurrency: input.concurrency } : {}),
    writeIntervalMs: input.writeIntervalMs,
  });
  const now = new Date(input.now);
  const base = { phase: input.phase, configMs: config.ms, configRssMB };
  let result: WorkerResult;
  if (input.phase === 'apply') {
    const { plan, wallMs, phaseRssMB, apply, verification } = await applyPhase(client, input, config.desired);
    // The apply's own plan is the one it applied; lookups are recomputed from what it saw.
    const shape: PlanShape = {
      writes: {
        addTeams: plan.add.teams.length,
        addUsers: plan.add.users.length,
        removeUsers: plan.remove.users.length,
        removeTeams: plan.remove.teams.length,
      },
      lookups: { logins: [], teams: [] },
    };
    result = {
      ...base,
      seats: plan.liveSeats,
      wallMs,
      plannerCpuMs: 0,
      plannerWarmCpuMs: 0,
      maxRssMB: phaseRssMB,
      processRssMB: maxRssMB(),
      planHash: hash(plan),
      shape,
      apply,
      ...(verification ? { verification } : {}),
    };
  } else {
    const r = await planPhase(client, input, config.desired);
    result = {
      ...base,
      seats: r.live.seats.length,
      wallMs: r.wallMs,
      phaseCpuMs: r.phaseCpuMs,
      plannerCpuMs: r.plannerCpuMs,
      plannerWarmCpuMs: r.plannerWarmCpuMs,
      maxRssMB: r.phaseRssMB,
      processRssMB: maxRssMB(),
      planHash: hash(r.plan),
      shape: shapeOf(r.plan, config.desired, r.live, now),
    };
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

await main();
