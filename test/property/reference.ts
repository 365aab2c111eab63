// A reference planner for the property tests: design.md §3.5 written out again, as plainly as
// possible, over the simulator's state and the test's own model of seats.yaml (not the loader's
// DesiredState, not the live reader's LiveState, none of src/plan). It works on what the API shows:
// one seat per user, with the `assigning_team` GitHub would report (null when the seat is direct).
import { assigningTeamOf } from '../../src/simulator/model.ts';
import type { SimState } from '../../src/simulator/state.ts';
import { INACTIVE_DAYS, type SeatsSpec } from './scenario.ts';

export interface Expected {
  addUsers: string[];
  removeUsers: string[];
  addTeams: string[];
  removeTeams: string[];
  /** Cancelled users plus seats lost through cancelled teams. */
  removals: number;
}

interface ShownSeat {
  user: string;
  pending: boolean;
  /** What the API does not show: the seat's direct source, its org teams (stored). */
  direct: boolean;
  orgTeams: string[];
  /** The team the API names for the seat; null when direct (or no team). */
  team: { slug: string; enterprise: boolean } | null;
}

const lc = (s: string): string => s.toLowerCase();
const sorted = (s: Set<string>): string[] => [...s].sort();

/** `expires: D` means desired (or exempt) until D at 00:00 UTC. */
function expired(date: string | undefined, now: Date): boolean {
  return date !== undefined && Date.parse(`${date}T00:00:00Z`) <= now.getTime();
}

export function referencePlan(state: SimState, spec: SeatsSpec, now: Date): Expected {
  return reference(state, spec, now).expected;
}

/**
 * Direct assignments the seat list hides (direct_and_team=team lists a seat held directly and through
 * an org team by the earliest of its teams, enterprise teams included), among users the file neither
 * lists nor exempts and no added team keeps. Under direct_and_team=direct both are empty.
 *   revealed: the seat is listed through a team the plan cancels, so the plan counts it as lost with
 *             the team (`removals`), and the plan cancels every org team it holds; after that it
 *             lists as direct, and the apply cancels it in the same run.
 *   later:    the seat is listed through an enterprise team, and the plan cancels every org team it
 *             holds; after the apply it lists as direct, and only the next plan can cancel it (no
 *             plan could show that cancellation before: the API showed an enterprise seat).
 */
export function hiddenDirectSeats(
  state: SimState,
  spec: SeatsSpec,
  now: Date,
): { revealed: string[]; later: string[] } {
  const { revealed, later } = reference(state, spec, now);
  return { revealed, later };
}

function reference(
  state: SimState,
  spec: SeatsSpec,
  now: Date,
): { expected: Expected; revealed: string[]; later: string[] } {
  const desiredUsers = new Set(spec.users.filter((u) => !expired(u.expires, now)).map((u) => lc(u.login)));
  const desiredTeams = new Set(spec.teams.map((t) => lc(t.slug)));
  const live = spec.exempt.filter((e) => !expired(e.expires, now));
  const exemptUsers = new Set(live.filter((e) => e.kind === 'user').map((e) => lc(e.name)));
  const exemptTeams = new Set(live.filter((e) => e.kind === 'team').map((e) => lc(e.name)));

  // What GET …/copilot/billing/seats shows.
  const shown: ShownSeat[] = [];
  for (const seat of state.seats) {
    if (seat.login === null) continue; // no assignee: nothing
    const t = assigningTeamOf(state, seat);
    shown.push({
      user: lc(seat.login),
      pending: !!seat.pending_cancellation_date,
      direct: seat.direct === true,
      orgTeams: (seat.teams ?? []).map(lc),
      team: t === null ? null : { slug: lc(t.team.slug), enterprise: t.kind === 'enterprise' },
    });
  }
  const seatOf = new Map(shown.map((s) => [s.user, s]));
  const active = shown.filter((s) => !s.pending);

  // Teams: the only view of the selected teams is the teams active seats name.
  const visible = new Set(active.flatMap((s) => (s.team && !s.team.enterprise ? [s.team.slug] : [])));
  const removeTeams = new Set([...visible].filter((t) => !desiredTeams.has(t) && !exemptTeams.has(t)));
  const addTeams = new Set([...desiredTeams].filter((t) => !visible.has(t)));
  const teamIsCancelled = (s: ShownSeat) =>
    s.team !== null && !s.team.enterprise && removeTeams.has(s.team.slug);

  // Users in users:: no seat, a pending one, or one through a cancelled team → add.
  const addUsers = new Set<string>();
  for (const u of desiredUsers) {
    const s = seatOf.get(u);
    if (s === undefined || s.pending || teamIsCancelled(s)) addUsers.add(u);
  }
  // An exempt user about to lose the only seat with its team keeps it directly.
  for (const u of exemptUsers) {
    const s = seatOf.get(u);
    if (!desiredUsers.has(u) && s !== undefined && !s.pending && teamIsCancelled(s)) addUsers.add(u);
  }

  // Members of teams the plan adds are seated through them after the apply.
  const addedMembers = new Set(
    state.teams.filter((t) => addTeams.has(lc(t.slug))).flatMap((t) => t.members.map(lc)),
  );
  const removeUsers = new Set<string>();
  const lost = new Set<string>();
  const revealed = new Set<string>();
  const later = new Set<string>();
  for (const s of active) {
    if (desiredUsers.has(s.user) || exemptUsers.has(s.user)) continue;
    if (s.team === null) {
      removeUsers.add(s.user); // direct, neither listed nor exempt: cancel the user
    } else if (teamIsCancelled(s) && !addedMembers.has(s.user)) {
      lost.add(s.user);
      if (s.direct && s.orgTeams.every((t) => removeTeams.has(t))) revealed.add(s.user);
    } else if (
      s.team.enterprise &&
      s.direct &&
      s.orgTeams.length > 0 &&
      s.orgTeams.every((t) => removeTeams.has(t)) &&
      !addedMembers.has(s.user)
    ) {
      later.add(s.user);
    }
  }
  const expected = {
    addUsers: sorted(addUsers),
    removeUsers: sorted(removeUsers),
    addTeams: sorted(addTeams),
    removeTeams: sorted(removeTeams),
    removals: removeUsers.size + lost.size,
  };
  return { expected, revealed: sorted(revealed), later: sorted(later) };
}

/**
 * The idle report (policy 'count' sets inactive_days): active seats last used, or never used and
 * created, more than inactive_days before now. From the stored activity, which GitHub may stop
 * showing after 90 days (activity_retention): with inactive_days under 90 the answer is the same.
 */
export function referenceIdle(state: SimState, spec: SeatsSpec, now: Date): string[] {
  if (spec.policy !== 'count') return [];
  const idle = new Set<string>();
  for (const seat of state.seats) {
    if (seat.login === null || seat.pending_cancellation_date) continue;
    const since = Date.parse(seat.last_activity_at ?? seat.created_at);
    if (now.getTime() - since > INACTIVE_DAYS * 86_400_000) idle.add(lc(seat.login));
  }
  return sorted(idle);
}
