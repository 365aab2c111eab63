// The report-only parts of a plan: idle seats and the findings that change nothing
// (expiry warnings, lapsed exemptions, enterprise seats, seats without an assignee).
import { compareKeys, isActive, seatState, type PlanContext } from './context.ts';
import { DAY_MS, daysLeftIfSoon } from './dates.ts';
import { finding, type FindingSets } from './findings.ts';
import { managedBy, sourceWords } from './scope.ts';
import type { IdleSeat, LiveSeat, SeatCensus } from './types.ts';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * GitHub keeps no activity older than this: a seat with no `last_activity_at` may have been used
 * 91 days ago, or never. Past it, idle days are a lower bound, never a guess.
 */
export const ACTIVITY_RETENTION_DAYS = 90;

/** How long the seat has been idle (ms), and whether that is only a lower bound. */
function idleFor(seat: LiveSeat, nowMs: number): { ms: number; atLeast: boolean } | null {
  const since = Date.parse(seat.lastActivityAt ?? seat.createdAt);
  if (!Number.isFinite(since)) return null;
  const ms = nowMs - since;
  const retention = ACTIVITY_RETENTION_DAYS * DAY_MS;
  if (seat.lastActivityAt !== null || ms <= retention) return { ms, atLeast: false };
  return { ms: retention, atLeast: true };
}

/** Active seats whose last activity (or creation, when none is recorded) is older than `inactiveDays`. */
export function idleSeats(ctx: PlanContext, inactiveDays: number | undefined): IdleSeat[] {
  if (inactiveDays === undefined) return [];
  const idle: IdleSeat[] = [];
  const nowMs = ctx.now.getTime();
  for (const seats of ctx.seatsByUser.values()) {
    const seat = seats.find(isActive);
    if (!seat?.login) continue;
    const idleness = idleFor(seat, nowMs);
    if (idleness === null || idleness.ms <= inactiveDays * DAY_MS) continue;
    idle.push({
      login: seat.login,
      lastActivityAt: seat.lastActivityAt,
      idleDays: Math.floor(idleness.ms / DAY_MS),
      ...(idleness.atLeast ? { atLeast: true } : {}),
    });
  }
  return idle.sort((a, b) => b.idleDays - a.idleDays || compareKeys(a.login, b.login));
}

/** A holder's active row that lasts longest (direct, then a team of the scope, then outside), or null. */
function mostLasting(seats: readonly LiveSeat[]): LiveSeat | null {
  let best: LiveSeat | null = null;
  const rank = (s: LiveSeat) => (s.assigningTeam === null ? 0 : s.assigningTeam.outside ? 2 : 1);
  for (const seat of seats) {
    if (isActive(seat) && (best === null || rank(seat) < rank(best))) best = seat;
  }
  return best;
}

/** The census bucket (index into IDLE_BUCKETS) of a number of idle days. */
export function idleBucket(days: number): 0 | 1 | 2 | 3 {
  return days < 30 ? 0 : days < 60 ? 1 : days < ACTIVITY_RETENTION_DAYS ? 2 : 3;
}

/**
 * Every seat by where it comes from, and every active seat with an assignee by how long it has been
 * idle (last activity, else creation; 90+ when no activity is recorded past GitHub's 90 days, or
 * the dates do not read). Counts only: the charts never carry a name from the org.
 */
export function seatCensus(ctx: PlanContext): SeatCensus {
  const bySource = { direct: 0, team: 0, outside: 0, pending: 0, unassigned: ctx.unassigned };
  const idle: SeatCensus['idle'] = [0, 0, 0, 0];
  const nowMs = ctx.now.getTime();
  for (const seats of ctx.seatsByUser.values()) {
    // One holder, one count: by the most lasting of their sources (direct, a team of the scope,
    // then a source outside it); pending when no source is left.
    const seat = mostLasting(seats);
    if (seat === null) {
      bySource.pending++;
      continue;
    }
    const team = seat.assigningTeam;
    if (team === null) bySource.direct++;
    else if (team.outside) bySource.outside++;
    else bySource.team++;
    const idleness = idleFor(seat, nowMs);
    idle[idleness === null ? 3 : idleBucket(Math.floor(idleness.ms / DAY_MS))]++;
  }
  return { bySource, idle };
}

function expiryFindings(ctx: PlanContext, out: FindingSets): void {
  for (const user of ctx.users.values()) {
    const days = daysLeftIfSoon(user.expires, ctx.now);
    if (days === null) continue;
    const msg = `'${user.login}' expires on ${user.expires} (in ${plural(days, 'day')}): the seat is cancelled from then`;
    out.warnings.push(finding('expires-soon', msg, user.login, user.pos));
  }
  for (const ex of [...ctx.exemptUsers.values(), ...ctx.exemptTeams.values()]) {
    const days = daysLeftIfSoon(ex.expires, ctx.now);
    if (days === null) continue;
    const msg = `exemption of ${ex.kind} '${ex.name}' expires on ${ex.expires} (in ${plural(days, 'day')}): it stops protecting the seat then`;
    out.warnings.push(finding('exemption-expires-soon', msg, ex.name, ex.pos));
  }
  for (const ex of ctx.expiredExemptions) {
    const msg = `exemption of ${ex.kind} '${ex.name}' expired on ${ex.expires}: it no longer protects anything`;
    out.notes.push(finding('exemption-expired', msg, ex.name, ex.pos));
  }
  for (const [key, user] of ctx.expiredUsers) {
    if (seatState(key, ctx).kind !== 'none') continue;
    const msg = `'${user.login}' expired on ${user.expires} and has no seat: the entry can be removed`;
    out.notes.push(finding('expired-no-seat', msg, user.login, user.pos));
  }
}

function liveFindings(ctx: PlanContext, out: FindingSets): void {
  for (const { team, seats } of ctx.outsideSources.values()) {
    const msg = `${plural(seats.length, 'seat')} through ${sourceWords(team)}: managed by ${managedBy(team)}, outside seats.yaml`;
    out.notes.push(
      finding(team.kind === 'enterprise-team' ? 'enterprise-team' : 'outside-source', msg, team.slug),
    );
  }
  if (ctx.unassigned > 0) {
    const msg = `${plural(ctx.unassigned, 'seat')} without an assignee: nothing to do`;
    out.notes.push(finding('no-assignee', msg));
  }
}

export function reportFindings(ctx: PlanContext, out: FindingSets): void {
  expiryFindings(ctx, out);
  liveFindings(ctx, out);
}

export { plural };
