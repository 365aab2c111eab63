// Plan: read the live org (billing, seats, then only the lookups the plan needs) and compute the plan.
import type { GitHubClient } from '../github/client.ts';
import { readBilling, readLookups, readSeats } from '../github/live.ts';
import { watchRateLimit } from '../github/rate-limit.ts';
import { lookupBudgetProblem, lookupsNeeded } from '../plan/lookups.ts';
import { makePlan } from '../plan/planner.ts';
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
  const org = desired.org;
  const budget = watchRateLimit(client);
  const progress = opts.progress ? { progress: { report: opts.progress } } : {};
  const [billing, seats] = await Promise.all([readBilling(client, org), readSeats(client, org, progress)]);
  const needed = lookupsNeeded(desired, seats, now);
  const unaffordable = lookupBudgetProblem(needed, budget());
  if (unaffordable) throw new Error(`Reading the live state of ${org} refused: ${unaffordable}`);
  const lookups = await readLookups(client, org, needed);
  return { org, billing, seats, ...lookups };
}

export async function computePlan(
  client: GitHubClient,
  desired: DesiredState,
  now: Date,
  opts: ReadOptions = {},
): Promise<PlanResult> {
  const live = await readLiveState(client, desired, now, opts);
  return { live, plan: makePlan(desired, live, { now }) };
}
