// Team adds: teams in `teams:` that no active seat names. The API lists seats, not selected
// teams, so "no seat names it" is the only sign that a team is not selected.
import { scopeLabel } from './scope.ts';
import { compareKeys, isActive, type PlanContext } from './context.ts';
import { finding, type FindingSets } from './findings.ts';
import type { DesiredTeam, LiveState, TeamChange } from './types.ts';
import { listedReason } from './users.ts';

export interface TeamAdds {
  changes: TeamChange[];
  /** Every member of a team the plan adds, with the slug of the (first) team: they keep a seat. */
  memberOf: Map<string, string>;
}

function seatHolders(ctx: PlanContext): Set<string> {
  const holders = new Set<string>();
  for (const [key, seats] of ctx.seatsByUser) if (seats.some(isActive)) holders.add(key);
  return holders;
}

function teamAddChange(team: DesiredTeam, live: LiveState, seats: number, ensure: boolean): TeamChange {
  const info = live.teams[team.key.toLowerCase()];
  const change: TeamChange = {
    slug: info?.slug ?? team.slug,
    key: team.key.toLowerCase(),
    reason: ensure
      ? `${listedReason(team.reason)}; every member already has a seat`
      : listedReason(team.reason),
    seats,
  };
  if (info?.name) change.name = info.name;
  if (ensure) change.ensure = true;
  return change;
}

export function planTeamAdds(
  ctx: PlanContext,
  live: LiveState,
  userAddKeys: ReadonlySet<string>,
  out: FindingSets,
): TeamAdds {
  const holders = seatHolders(ctx);
  const counted = new Set<string>();
  const result: TeamAdds = { changes: [], memberOf: new Map() };
  const toAdd = [...ctx.teams].filter(([key]) => !ctx.scopeTeams.has(key));
  for (const [key, team] of toAdd.sort((a, b) => compareKeys(a[0], b[0]))) {
    const info = live.teams[key];
    if (info === undefined) {
      out.warnings.push(
        finding('not-checked', `team '${team.slug}' was not checked before adding it`, team.slug, team.pos),
      );
      result.changes.push(teamAddChange(team, live, 0, false));
      continue;
    }
    if (!info.exists) {
      out.errors.push(
        finding(
          'unknown-team',
          `team '${team.slug}' does not exist in ${scopeLabel(live.scope)}`,
          team.slug,
          team.pos,
        ),
      );
      continue;
    }
    if (info.members === undefined) {
      out.warnings.push(
        finding(
          'members-unknown',
          `members of team '${team.slug}' were not read: seats gained unknown`,
          team.slug,
          team.pos,
        ),
      );
      result.changes.push(teamAddChange(team, live, 0, false));
      continue;
    }
    let gained = 0;
    for (const raw of info.members) {
      const member = raw.toLowerCase();
      if (!result.memberOf.has(member)) result.memberOf.set(member, info.slug);
      if (holders.has(member) || userAddKeys.has(member) || counted.has(member)) continue;
      counted.add(member);
      gained++;
    }
    result.changes.push(teamAddChange(team, live, gained, gained === 0));
  }
  return result;
}
