// Plan: read the live org (billing, seats, then only the lookups the plan needs) and compute the plan.
import type { GitHubClient } from '../github/client.ts';
import { readBilling, readLookups, readSeats } from '../github/live.ts';
import { watchRateLimit } from '../github/rate-limit.ts';
import { buildContext, type PlanContext } from '../plan/context.ts';
import { lookupBudgetProblem, lookupsOf } from '../plan/lookups.ts';
import { makePlanIn } from '../plan/planner.ts';
import type { DesiredState, LiveState, Plan } from '../plan/types.ts';

export interface PlanResult {
  live: LiveState;
  plan: Plan;
}

export interface ReadOptions {
  /** Progress lines for a long seat list (core.info in the action, stderr in the CLI). */
  progress?: (line: string) => void;
}

export async function readLiveState(
  client: GitHubClient,
  desired: DesiredState,
  now: Date,
  opts: ReadOptions = {},
): Promise<LiveState> {
  return (await readLive(client, desired, now, opts)).live;
}

/** The live state and the plan's context, built once from the seats: the lookups and the plan share it. */
async function readLive(
  client: GitHubClient,
  desired: DesiredState,
  now: Date,
  opts: ReadOptions,
): Promise<{ live: LiveState; ctx: PlanContext }> {
  const org = desired.org;
  const budget = watchRateLimit(client);
  const progress = opts.progress ? { progress: { report: opts.progress } } : {};
  const [billing, seats] = await Promise.all([readBilling(client, org), readSeats(client, org, progress)]);
  const ctx = buildContext(desired, seats, now);
  const needed = lookupsOf(ctx);
  const unaffordable = lookupBudgetProblem(needed, budget());
  if (unaffordable) throw new Error(`Reading the live state of ${org} refused: ${unaffordable}`);
  const lookups = await readLookups(client, org, needed);
  return { live: { org, billing, seats, ...lookups }, ctx };
}

export async function computePlan(
  client: GitHubClient,
  desired: DesiredState,
  now: Date,
  opts: ReadOptions = {},
): Promise<PlanResult> {
  const { live, ctx } = await readLive(client, desired, now, opts);
  return { live, plan: makePlanIn(ctx, desired, live) };
}
