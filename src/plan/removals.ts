// Cancellations: users not desired with a direct seat, and teams neither listed nor exempt.
// Decided per user, so each seat is counted once: in a user cancellation or in one team's loss.
import { compareKeys, isActive, isKeptTeamSeat, seatState, type PlanContext } from './context.ts';
import { finding, type FindingSets } from './findings.ts';
import { sourceWords } from './scope.ts';
import type { AssigningTeam, Exemption, LiveSeat, PendingSeat, TeamChange, UserChange } from './types.ts';

export interface Removals {
  users: UserChange[];
  teams: TeamChange[];
  pending: PendingSeat[];
  /** Cancelled users who keep a seat through a team this plan adds: no seat lost, no money saved. */
  keepSeat: number;
  /**
   * Cancelled users whose seat stays through a source the plan does not touch (an org in an
   * enterprise's list, or a team the file keeps): nobody loses Copilot, so they count neither as
   * seats lost nor against max_removals.
   */
  keptElsewhere: number;
  /** Keys of the users whose seats go with the cancelled teams. */
  lostWithTeams: string[];
}

type ExpiredExemptions = ReadonlyMap<string, Exemption>;

function expiredExemptions(ctx: PlanContext): ExpiredExemptions {
  const map = new Map<string, Exemption>();
  for (const ex of ctx.expiredExemptions) map.set(`${ex.kind}:${ex.key.toLowerCase()}`, ex);
  return map;
}

function expiredExemptionSuffix(expired: ExpiredExemptions, kind: Exemption['kind'], key: string): string {
  const ex = expired.get(`${kind}:${key}`);
  return ex ? ` (exemption expired on ${ex.expires})` : '';
}

/** The passed date that makes this cancellation an expiry: the user's own, or their exemption's. */
function expiredOn(ctx: PlanContext, expired: ExpiredExemptions, key: string): { expired?: string } {
  const date = ctx.expiredUsers.get(key)?.expires ?? expired.get(`user:${key}`)?.expires;
  return date === undefined ? {} : { expired: date };
}

function cancelReason(ctx: PlanContext, expired: ExpiredExemptions, key: string): string {
  const user = ctx.expiredUsers.get(key);
  if (user) return `expired on ${user.expires}`;
  return `not in seats.yaml${expiredExemptionSuffix(expired, 'user', key)}`;
}

export function planRemovals(
  ctx: PlanContext,
  keptByAddedTeam: ReadonlyMap<string, string>,
  userAddKeys: ReadonlySet<string>,
  out: FindingSets,
): Removals {
  const users: UserChange[] = [];
  const pending: PendingSeat[] = [];
  const losses = new Map<string, number>();
  const lostWithTeams: string[] = [];
  const expired = expiredExemptions(ctx);
  let keepSeat = 0;
  let keptElsewhere = 0;
  for (const [key, seats] of ctx.seatsByUser) {
    if (ctx.users.has(key) || userAddKeys.has(key)) continue;
    const state = seatState(key, ctx);
    const login = seats[0]?.login ?? key;
    if (state.kind === 'pending') {
      pending.push({ login, pendingCancellationDate: state.date });
      continue;
    }
    if (ctx.exemptUsers.has(key) || state.kind === 'none') continue;
    if (state.kind === 'kept-team') {
      const lapsed = ctx.expiredUsers.get(key);
      if (lapsed && !state.team.outside) {
        out.conflicts.push(
          finding(
            'expired-via-team',
            `'${login}' expired on ${lapsed.expires}, but the seat comes through team '${state.team.slug}', which seats.yaml keeps: it cannot be cancelled alone; remove the user from the team or drop the expiry`,
            login,
            lapsed.pos,
          ),
        );
      }
      continue;
    }
    // A source the plan leaves alone (an org of an enterprise, a team the file keeps) keeps the seat
    // whatever else happens, a team this plan adds included: nobody loses Copilot.
    const other = state.kind === 'direct' ? keptSource(seats, ctx) : null;
    if (other) {
      // The scope's own assignment goes; the seat stays through a source this plan leaves alone.
      const where = other.outside ? 'outside seats.yaml' : 'which seats.yaml keeps';
      users.push({
        login,
        key,
        reason: `${cancelReason(ctx, expired, key)}; keeps a seat through ${sourceWords(other)}, ${where}`,
        ...expiredOn(ctx, expired, key),
      });
      keptElsewhere++;
      continue;
    }
    const addedTeam = keptByAddedTeam.get(key);
    if (addedTeam !== undefined && state.kind === 'direct') {
      // The direct assignment still goes: once the team is selected the API shows the seat as
      // direct, not through the team, and the user would be planned for cancellation on every run
      // after this one. Cancelled after the team is added, the seat stays through the team. Counted
      // as a removal against max_removals all the same (if the team add fails, the cancellation
      // takes the seat), but not in the cost.
      users.push({
        login,
        key,
        reason: `${cancelReason(ctx, expired, key)}; keeps a seat through team '${addedTeam}', which this plan adds`,
        keptByTeam: addedTeam.toLowerCase(),
        ...expiredOn(ctx, expired, key),
      });
      keepSeat++;
      continue;
    }
    if (addedTeam !== undefined) {
      out.notes.push(
        finding(
          'kept-by-added-team',
          `'${login}' keeps a seat through team '${addedTeam}', which this plan adds`,
          login,
        ),
      );
      continue;
    }
    if (state.kind === 'direct') {
      users.push({ login, key, reason: cancelReason(ctx, expired, key), ...expiredOn(ctx, expired, key) });
    } else {
      losses.set(state.team.key.toLowerCase(), (losses.get(state.team.key.toLowerCase()) ?? 0) + 1);
      lostWithTeams.push(key);
    }
  }
  return {
    users: users.sort((a, b) => compareKeys(a.key, b.key)),
    teams: teamRemovals(ctx, losses, expired),
    pending: pending.sort((a, b) => compareKeys(a.login, b.login)),
    keepSeat,
    keptElsewhere,
    lostWithTeams: lostWithTeams.sort(compareKeys),
  };
}

/**
 * A source other than the direct assignment that keeps the user's seat after this plan: outside
 * the scope, or a team of the scope the file keeps. Only an enterprise lists such rows beside a
 * direct one; an org's list shows one source per user.
 */
function keptSource(seats: readonly LiveSeat[], ctx: PlanContext): AssigningTeam | null {
  for (const seat of seats) {
    if (isActive(seat) && seat.assigningTeam !== null && isKeptTeamSeat(seat, ctx)) return seat.assigningTeam;
  }
  return null;
}

function teamRemovals(
  ctx: PlanContext,
  losses: ReadonlyMap<string, number>,
  expired: ExpiredExemptions,
): TeamChange[] {
  const teams: TeamChange[] = [];
  for (const key of [...ctx.cancelledTeams].sort(compareKeys)) {
    const team = ctx.scopeTeams.get(key)?.team;
    if (!team) continue;
    teams.push({
      slug: team.slug,
      key,
      name: team.name,
      reason: `team not in seats.yaml${expiredExemptionSuffix(expired, 'team', key)}`,
      seats: losses.get(key) ?? 0,
    });
  }
  return teams;
}
