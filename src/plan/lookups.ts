// What the live-state reader must look up for a plan: org memberships of the logins the plan
// would add, and the teams it would add. Nothing else, to keep the API budget near the minimum.
import { buildContext, compareKeys, needsAdd, seatState, type PlanContext } from './context.ts';
import type { DesiredState, LiveSeat } from './types.ts';

export interface Lookups {
  /** Login keys whose org membership must be checked. */
  logins: string[];
  /** Team keys that must be checked (existence and members). */
  teams: string[];
}

export function lookupsNeeded(desired: DesiredState, seats: LiveSeat[], now: Date): Lookups {
  return lookupsOf(buildContext(desired, seats, now));
}

/** The lookups of a plan whose context is already built (the one the planner is then given). */
export function lookupsOf(ctx: PlanContext): Lookups {
  const logins = new Set<string>();
  for (const key of ctx.users.keys()) {
    if (needsAdd(seatState(key, ctx))) logins.add(key);
  }
  // An exempt user seated only through a cancelled team is re-added directly, so it is checked too.
  for (const key of ctx.exemptUsers.keys()) {
    if (!ctx.users.has(key) && seatState(key, ctx).kind === 'cancelled-team') logins.add(key);
  }
  const teams = [...ctx.teams.keys()].filter((key) => !ctx.scopeTeams.has(key));
  return { logins: [...logins].sort(compareKeys), teams: teams.sort(compareKeys) };
}

/** Requests the lookups take at least: one per membership, two per team (the team, its members). */
export function lookupRequests(lookups: Lookups): number {
  return lookups.logins.length + 2 * lookups.teams.length;
}

/**
 * Why the lookups cannot be made with what is left of the token's rate limit, or null when they
 * fit (or no limit is known). Refusing before the first lookup beats failing halfway, an hour of
 * the token's budget spent for nothing.
 */
export function lookupBudgetProblem(
  lookups: Lookups,
  budget: { remaining: number; reset: number } | undefined,
): string | null {
  const needed = lookupRequests(lookups);
  if (!budget || needed <= budget.remaining) return null;
  const resets = new Date(budget.reset * 1000).toISOString();
  return (
    `the file asks for ${lookups.logins.length} membership check(s) and ${lookups.teams.length} team lookup(s), ` +
    `at least ${needed} requests, but the token's API rate limit has ${budget.remaining} left (it resets at ${resets}): ` +
    `nothing was looked up. Run again after the reset, or split the file's additions over several runs.`
  );
}
