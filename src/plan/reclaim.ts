// Which seats a reclaim pull request proposes to give back: seats of `users:` idle for longer than
// `policy.inactive_days`. Pure: the context (with its `now`) and the policy are passed in.
//
// Never proposed: exempt users (or seats through an exempt team), pending cancellations, seats
// younger than `policy.new_seat_grace_days`, users whose `expires` has passed (the apply cancels
// those), and seats that come only through a team: removing the user from `users:` would not take
// that seat, so those are listed apart, for a human to decide.
import { policyDefault } from './policy-fields.ts';
import { compareKeys, isActive, seatState, type PlanContext } from './context.ts';
import { DAY_MS } from './dates.ts';
import { ACTIVITY_RETENTION_DAYS } from './report.ts';
import type { LiveSeat, Policy } from './types.ts';

export const DEFAULT_GRACE_DAYS = policyDefault('new_seat_grace_days') as number;

export interface IdleInfo {
  /** The last recorded use (ISO), or null when none is recorded and the seat's creation was used. */
  lastUsedAt: string | null;
  /** Which signal gave `lastUsedAt`. */
  signal: 'activity' | 'authentication' | 'created';
  idleDays: number;
  /** `idleDays` is a lower bound: no activity is recorded, and GitHub keeps none older than 90 days. */
  atLeast: boolean;
  /** Whole days since the seat was created. */
  seatAgeDays: number;
  createdAt: string;
}

export interface ReclaimCandidate extends IdleInfo {
  /** As written in seats.yaml. */
  login: string;
  key: string;
}

export interface IdleThroughTeam extends IdleInfo {
  login: string;
  key: string;
  /** The org team the seat comes through. */
  team: string;
}

export interface ReclaimProposal {
  /** Users to remove from `users:`, longest idle first. */
  remove: ReclaimCandidate[];
  /** Idle seats that come only through a team: not in the diff, listed for a human to decide. */
  throughTeam: IdleThroughTeam[];
  /** The policy's threshold, or null when `inactive_days` is not set (nothing is proposed). */
  inactiveDays: number | null;
  graceDays: number;
}

function later(a: string | null | undefined, b: string | null | undefined): string | null {
  const x = a ? Date.parse(a) : NaN;
  const y = b ? Date.parse(b) : NaN;
  if (!Number.isFinite(x)) return Number.isFinite(y) ? (b as string) : null;
  if (!Number.isFinite(y)) return a as string;
  return y > x ? (b as string) : (a as string);
}

/**
 * How long a seat has been idle by the chosen signal. Activity older than 90 days is not kept: a
 * seat with none recorded past that is idle for "at least 90 days", never more, whatever its age.
 */
export function idleInfo(seat: LiveSeat, policy: Policy, now: Date): IdleInfo | null {
  const nowMs = now.getTime();
  const created = Date.parse(seat.createdAt);
  if (!Number.isFinite(created)) return null;
  const activity = seat.lastActivityAt ?? null;
  const auth = policy.idleSignal === 'activity-or-auth' ? (seat.lastAuthenticatedAt ?? null) : null;
  const recorded = later(activity, auth);
  const signal = recorded === null ? 'created' : recorded === activity ? 'activity' : 'authentication';
  const since = recorded === null ? created : Date.parse(recorded);
  let ms = Math.max(0, nowMs - since);
  let atLeast = false;
  const retention = ACTIVITY_RETENTION_DAYS * DAY_MS;
  if (activity === null && ms > retention) {
    ms = retention;
    atLeast = true;
  }
  return {
    lastUsedAt: recorded,
    signal,
    idleDays: Math.floor(ms / DAY_MS),
    atLeast,
    seatAgeDays: Math.floor(Math.max(0, nowMs - created) / DAY_MS),
    createdAt: seat.createdAt,
  };
}

function isIdle(info: IdleInfo, inactiveDays: number, graceDays: number): boolean {
  if (info.seatAgeDays < graceDays) return false;
  // Idle for inactive_days or more; a lower bound ("at least 90") counts only as far as it goes, so
  // an inactive_days above 90 never proposes a seat that has no activity recorded.
  return info.idleDays >= inactiveDays;
}

const byIdle = (a: { idleDays: number; key: string }, b: { idleDays: number; key: string }) =>
  b.idleDays - a.idleDays || compareKeys(a.key, b.key);

export function reclaimCandidates(ctx: PlanContext, policy: Policy): ReclaimProposal {
  const graceDays = policy.newSeatGraceDays ?? DEFAULT_GRACE_DAYS;
  const inactiveDays = policy.inactiveDays ?? null;
  const proposal: ReclaimProposal = { remove: [], throughTeam: [], inactiveDays, graceDays };
  if (inactiveDays === null) return proposal;
  for (const [key, seats] of ctx.seatsByUser) {
    if (ctx.exemptUsers.has(key) || ctx.expiredUsers.has(key)) continue;
    const state = seatState(key, ctx);
    if (state.kind === 'direct') {
      const user = ctx.users.get(key);
      const seat = seats.find((s) => isActive(s) && s.assigningTeam === null);
      if (!user || !seat) continue; // Not in the file: the plan already cancels it as drift.
      const info = idleInfo(seat, policy, ctx.now);
      if (info && isIdle(info, inactiveDays, graceDays))
        proposal.remove.push({ login: user.login, key, ...info });
    } else if (state.kind === 'kept-team' && !state.team.outside) {
      if (ctx.exemptTeams.has(state.team.key.toLowerCase())) continue;
      const seat = seats.find((s) => isActive(s) && s.assigningTeam?.key === state.team.key);
      if (!seat?.login) continue;
      const info = idleInfo(seat, policy, ctx.now);
      if (info && isIdle(info, inactiveDays, graceDays)) {
        proposal.throughTeam.push({ login: seat.login, key, team: state.team.slug, ...info });
      }
    }
  }
  proposal.remove.sort(byIdle);
  proposal.throughTeam.sort(byIdle);
  return proposal;
}
