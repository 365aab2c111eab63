// What the live-state reader must look up for a plan: org memberships of the logins the plan
// would add, and the teams it would add. Nothing else, to keep the API budget near the minimum.
import { buildContext, compareKeys, needsAdd, seatState } from './context.ts';
import type { DesiredState, LiveSeat } from './types.ts';

export interface Lookups {
  /** Login keys whose org membership must be checked. */
  logins: string[];
  /** Team keys that must be checked (existence and members). */
  teams: string[];
}

export function lookupsNeeded(desired: DesiredState, seats: LiveSeat[], now: Date): Lookups {
  const ctx = buildContext(desired, seats, now);
  const logins = new Set<string>();
  for (const key of ctx.users.keys()) {
    if (needsAdd(seatState(key, ctx))) logins.add(key);
  }
  // An exempt user seated only through a cancelled team is re-added directly, so it is checked too.
  for (const key of ctx.exemptUsers.keys()) {
    if (!ctx.users.has(key) && seatState(key, ctx).kind === 'cancelled-team') logins.add(key);
  }
  const teams = [...ctx.teams.keys()].filter((key) => !ctx.orgTeams.has(key));
  return { logins: [...logins].sort(compareKeys), teams: teams.sort(compareKeys) };
}
