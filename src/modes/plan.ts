// Plan: read the live seats of the file's scope (billing, seats, then only the lookups the plan needs) and compute the plan.
import type { GitHubClient } from '../github/client.ts';
import { readBilling, readLookups, readSeats } from '../github/live.ts';
import { watchRateLimit } from '../github/rate-limit.ts';
import { scopeApi, type ScopeApi } from '../github/scope-api.ts';
import { buildContext, type PlanContext } from '../plan/context.ts';
import { lookupBudgetProblem, lookupsOf } from '../plan/lookups.ts';
import { makePlanIn } from '../plan/planner.ts';
import type { DesiredState, LiveState, Plan } from '../plan/types.ts';

export interface PlanResult {
  live: LiveState;
  plan: Plan;
  /** The scope's API the plan was read through: the apply writes through the same one. */
  api: ScopeApi;
}

export interface ReadOptions {
  /** The scope's API (default: made from the file's scope). */
  api?: ScopeApi;
  /** Progress lines for a long seat list (core.info in the action, stderr in the CLI). */
  progress?: (line: string) => void;
}

export async function readLiveState(
  client: GitHubClient,
  desired: DesiredState,
  now: Date,
  opts: ReadOptions = {},
): Promise<LiveState> {
  return (await readLive(client, opts.api ?? scopeApi(desired.scope), desired, now, opts)).live;
}

/** The live state and the plan's context, built once from the seats: the lookups and the plan share it. */
async function readLive(
  client: GitHubClient,
  api: ScopeApi,
  desired: DesiredState,
  now: Date,
  opts: ReadOptions,
): Promise<{ live: LiveState; ctx: PlanContext }> {
  const budget = watchRateLimit(client);
  const progress = opts.progress ? { progress: { report: opts.progress } } : {};
  const [billing, seats] = await Promise.all([readBilling(client, api), readSeats(client, api, progress)]);
  const ctx = buildContext(desired, seats, now);
  const needed = lookupsOf(ctx);
  // Only lookups that are requests count against the rate limit (an enterprise checks no membership).
  const requests = api.checksMembership ? needed : { ...needed, logins: [] };
  const unaffordable = lookupBudgetProblem(requests, budget());
  if (unaffordable) throw new Error(`Reading the live state of ${api.label} refused: ${unaffordable}`);
  const lookups = await readLookups(client, api, needed);
  return { live: { scope: api.scope, billing, seats, ...lookups }, ctx };
}

export async function computePlan(
  client: GitHubClient,
  desired: DesiredState,
  now: Date,
  opts: ReadOptions = {},
): Promise<PlanResult> {
  const api = opts.api ?? scopeApi(desired.scope);
  const { live, ctx } = await readLive(client, api, desired, now, opts);
  return { live, plan: makePlanIn(ctx, desired, live), api };
}
