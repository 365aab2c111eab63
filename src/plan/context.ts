// Indexes of the desired and the live state, keyed by lower-case `key`, shared by the planner
// and by lookupsNeeded so both decide "which team does the plan cancel" the same way.
import { isExpired } from './dates.ts';
import type { AssigningTeam, DesiredState, DesiredTeam, DesiredUser, Exemption, LiveSeat } from './types.ts';

/** The active seats that name one team as their source. */
export interface TeamSeats {
  team: AssigningTeam;
  seats: LiveSeat[];
}

export interface PlanContext {
  now: Date;
  /** Listed in `users:` and not expired (first entry per key wins; duplicates are config errors). */
  users: Map<string, DesiredUser>;
  /** Listed in `users:` but past `expires`. */
  expiredUsers: Map<string, DesiredUser>;
  teams: Map<string, DesiredTeam>;
  /** Unexpired exemptions. */
  exemptUsers: Map<string, Exemption>;
  exemptTeams: Map<string, Exemption>;
  /** Exemptions whose date has passed: they no longer protect anything. */
  expiredExemptions: Exemption[];
  /** Every seat with an assignee, by login key (normally one each; the list can change while paged). */
  seatsByUser: Map<string, LiveSeat[]>;
  /** Active seats through teams within the scope: the only view of the selected teams the API gives. */
  scopeTeams: Map<string, TeamSeats>;
  /** Active seats through sources outside the scope's reach (AssigningTeam.outside). */
  outsideSources: Map<string, TeamSeats>;
  /** Teams within the scope named by an active seat that are neither listed nor exempt. */
  cancelledTeams: Set<string>;
  /** Seats GitHub returned without an assignee. */
  unassigned: number;
  /** Users with an active seat (each once, however many sources the list shows). */
  activeSeats: number;
}

export function isActive(seat: LiveSeat): boolean {
  return seat.pendingCancellationDate === null;
}

function firstByKey<T extends { key: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const key = item.key.toLowerCase();
    if (!map.has(key)) map.set(key, item);
  }
  return map;
}

function indexDesired(desired: DesiredState, now: Date, ctx: PlanContext): void {
  for (const [key, user] of firstByKey(desired.users)) {
    (isExpired(user.expires, now) ? ctx.expiredUsers : ctx.users).set(key, user);
  }
  ctx.teams = firstByKey(desired.teams);
  for (const ex of desired.exempt) {
    const key = ex.key.toLowerCase();
    if (isExpired(ex.expires, now)) {
      ctx.expiredExemptions.push(ex);
      continue;
    }
    const map = ex.kind === 'user' ? ctx.exemptUsers : ctx.exemptTeams;
    if (!map.has(key)) map.set(key, ex);
  }
}

function addTeamSeat(map: Map<string, TeamSeats>, team: AssigningTeam, seat: LiveSeat): void {
  const key = team.key.toLowerCase();
  const entry = map.get(key);
  if (entry) entry.seats.push(seat);
  else map.set(key, { team, seats: [seat] });
}

function indexSeats(seats: readonly LiveSeat[], ctx: PlanContext): void {
  for (const seat of seats) {
    if (seat.key === null) {
      ctx.unassigned++;
      continue;
    }
    const key = seat.key.toLowerCase();
    const list = ctx.seatsByUser.get(key);
    if (list) list.push(seat);
    else ctx.seatsByUser.set(key, [seat]);
    if (!isActive(seat)) continue;
    // Seat holders, not rows: an enterprise lists a user once per source.
    if (!list?.some(isActive)) ctx.activeSeats++;
    const team = seat.assigningTeam;
    if (team) addTeamSeat(team.outside ? ctx.outsideSources : ctx.scopeTeams, team, seat);
  }
}

export function buildContext(desired: DesiredState, seats: readonly LiveSeat[], now: Date): PlanContext {
  const ctx: PlanContext = {
    now,
    users: new Map(),
    expiredUsers: new Map(),
    teams: new Map(),
    exemptUsers: new Map(),
    exemptTeams: new Map(),
    expiredExemptions: [],
    seatsByUser: new Map(),
    scopeTeams: new Map(),
    outsideSources: new Map(),
    cancelledTeams: new Set(),
    unassigned: 0,
    activeSeats: 0,
  };
  indexDesired(desired, now, ctx);
  indexSeats(seats, ctx);
  for (const key of ctx.scopeTeams.keys()) {
    if (!ctx.teams.has(key) && !ctx.exemptTeams.has(key)) ctx.cancelledTeams.add(key);
  }
  return ctx;
}

/** A seat the plan leaves in place: direct, or through a source outside the scope or a team it keeps. */
export function isKeptTeamSeat(seat: LiveSeat, ctx: PlanContext): boolean {
  const team = seat.assigningTeam;
  return team !== null && (team.outside || !ctx.cancelledTeams.has(team.key.toLowerCase()));
}

export type SeatState =
  | { kind: 'none' }
  | { kind: 'direct' }
  | { kind: 'kept-team'; team: AssigningTeam }
  | { kind: 'cancelled-team'; team: AssigningTeam }
  | { kind: 'pending'; date: string };

/**
 * What one user's live seat amounts to once the plan's team cancellations are known. With several
 * seats for one login (a list that changed while paged), the most lasting source wins:
 * direct, then a kept team, then a cancelled team, then pending. One pass, no allocation in the
 * usual one-seat case: it runs once per seat for 100,000 seats.
 */
/** The team with the smaller key: which seat came first in the list must not matter. */
function firstTeam(current: AssigningTeam | null, team: AssigningTeam): AssigningTeam {
  return current === null || compareKeys(team.key, current.key) < 0 ? team : current;
}

export function seatState(key: string, ctx: PlanContext): SeatState {
  let kept: AssigningTeam | null = null;
  let cancelled: AssigningTeam | null = null;
  let pending: string | null = null;
  for (const seat of ctx.seatsByUser.get(key) ?? []) {
    const team = seat.assigningTeam;
    if (!isActive(seat)) {
      const date = seat.pendingCancellationDate as string;
      if (pending === null || date < pending) pending = date;
    } else if (team === null) return { kind: 'direct' };
    else if (isKeptTeamSeat(seat, ctx)) kept = firstTeam(kept, team);
    else cancelled = firstTeam(cancelled, team);
  }
  if (kept) return { kind: 'kept-team', team: kept };
  if (cancelled) return { kind: 'cancelled-team', team: cancelled };
  if (pending !== null) return { kind: 'pending', date: pending };
  return { kind: 'none' };
}

/** Code-point order of lower-case keys: locale-independent, so the same on every runner. */
export function compareKeys(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A desired user in this state needs a write to have a seat after the apply. */
export function needsAdd(state: SeatState): boolean {
  return state.kind === 'none' || state.kind === 'pending' || state.kind === 'cancelled-team';
}
