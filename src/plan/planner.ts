// makePlan: (DesiredState, LiveState, now) → Plan, following the decision tables of design §3.5.
// Pure and deterministic: every list is sorted by key, the clock is an argument.
import { buildContext, type PlanContext } from './context.ts';
import { suggestNames } from './did-you-mean.ts';
import { emptyFindings, finding, sortFindings, type FindingSets } from './findings.ts';
import { additionLimit, makeCost, makeSafety, removalLimit, removalLimitRule, seatPrice } from './money.ts';
import { planRemovals } from './removals.ts';
import { sameScope, scopeLabel } from './scope.ts';
import { idleSeats, reportFindings, seatCensus } from './report.ts';
import { planTeamAdds } from './teams.ts';
import type { Billing, DesiredState, LiveState, Plan, Scope } from './types.ts';
import { keptUntil, planUserAdds } from './users.ts';

export interface PlanOptions {
  now: Date;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function unknownSettingNote(scope: Scope): string {
  return (
    `the Copilot access setting of ${scopeLabel(scope)} cannot be read before the writes: if it is not ` +
    `'selected users' (or Copilot or its billing is not set up), the first write is refused and the apply stops, saying why`
  );
}

/** Only `assign_selected` accepts writes: an error when the plan needs one, a note otherwise. */
function checkSetting(scope: Scope, billing: Billing, writes: boolean, out: FindingSets): void {
  const setting = billing.seatManagementSetting;
  if (setting === 'assign_selected') return;
  if (setting === 'unknown') {
    // An enterprise's access setting has no REST endpoint: a write it refuses says why, and stops.
    if (writes) out.notes.push(finding('seat-management-unknown', unknownSettingNote(scope)));
    return;
  }
  const where = scope.kind === 'org' ? "org's" : "enterprise's";
  const msg = `seat management is '${setting}': only 'assign_selected' allows adding or cancelling seats`;
  if (writes)
    out.errors.push(finding('seat-management', `${msg}; change it in the ${where} Copilot settings first`));
  else out.notes.push(finding('seat-management', msg));
}

function checkScope(desired: DesiredState, live: LiveState, out: FindingSets): void {
  if (sameScope(desired.scope, live.scope)) return;
  const msg = `seats.yaml is for ${scopeLabel(desired.scope)}, but the live state is of ${scopeLabel(live.scope)}`;
  out.errors.push(finding(desired.scope.kind === live.scope.kind ? 'org-mismatch' : 'scope-mismatch', msg));
}

export function makePlan(desired: DesiredState, live: LiveState, opts: PlanOptions): Plan {
  return makePlanIn(buildContext(desired, live.seats, opts.now), desired, live);
}

/**
 * The plan in a context already built from this `desired`, `live.seats` and clock (the one the
 * lookups were chosen from): 100,000 seats are indexed once per plan, not once per step.
 */
export function makePlanIn(ctx: PlanContext, desired: DesiredState, live: LiveState): Plan {
  const out = emptyFindings();
  checkScope(desired, live, out);
  // Order matters: team adds count only members not already added as users, and a user who
  // is a member of an added team keeps a seat through it (its direct assignment is still
  // cancelled, after the team add, or the next plan would cancel it).
  const userAdds = planUserAdds(ctx, live, out);
  const teamAdds = planTeamAdds(ctx, live, userAdds.keys, out);
  const removals = planRemovals(ctx, teamAdds.memberOf, userAdds.keys, out);
  reportFindings(ctx, out);
  const cancelledUsers = new Set([...removals.users.map((u) => u.key), ...removals.lostWithTeams]);
  suggestNames(ctx, live, cancelledUsers, out);
  const writes =
    userAdds.changes.length + teamAdds.changes.length + removals.users.length + removals.teams.length;
  checkSetting(live.scope, live.billing, writes > 0, out);

  const gained = userAdds.gained + sum(teamAdds.changes.map((t) => t.seats));
  const lost = removals.users.length - removals.keptElsewhere + sum(removals.teams.map((t) => t.seats));
  return {
    scope: { ...live.scope },
    now: ctx.now.toISOString(),
    billing: { ...live.billing },
    // Seat holders: an enterprise lists a user once per source, and bills them once.
    liveSeats: ctx.seatsByUser.size + ctx.unassigned,
    add: { users: userAdds.changes, teams: teamAdds.changes },
    remove: { users: removals.users, teams: removals.teams },
    lostWithTeams: removals.lostWithTeams,
    ...sortFindings(out),
    idle: idleSeats(ctx, desired.policy.inactiveDays),
    pending: removals.pending,
    keptUntil: keptUntil(ctx, userAdds.keys),
    cost: makeCost(seatPrice(desired.policy, live.billing), gained, lost - removals.keepSeat),
    safety: {
      ...makeSafety(
        lost,
        removalLimit(desired.policy, ctx.activeSeats),
        gained,
        additionLimit(desired.policy),
        removalLimitRule(desired.policy, ctx.activeSeats),
      ),
      ...(removals.keptElsewhere > 0 ? { keptElsewhere: removals.keptElsewhere } : {}),
    },
    census: seatCensus(ctx),
  };
}
