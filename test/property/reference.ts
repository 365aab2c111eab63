// A reference planner for the property tests: design.md §3.5 written out again, as plainly as
// possible, over the simulator's state and the test's own model of seats.yaml (not the loader's
// DesiredState, not the live reader's LiveState, none of src/plan). It works on what the API shows:
// one seat per user, with the `assigning_team` GitHub would report (null when the seat is direct).
import { assigningTeamOf } from '../../src/simulator/model.ts';
import type { SimState } from '../../src/simulator/state.ts';
import type { SeatsSpec } from './scenario.ts';

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
  let lostThroughTeams = 0;
  for (const s of active) {
    if (desiredUsers.has(s.user) || exemptUsers.has(s.user)) continue;
    if (s.team === null) {
      removeUsers.add(s.user); // direct, neither listed nor exempt: cancel the user
    } else if (teamIsCancelled(s) && !addedMembers.has(s.user)) {
      lostThroughTeams++;
    }
  }
  return {
    addUsers: sorted(addUsers),
    removeUsers: sorted(removeUsers),
    addTeams: sorted(addTeams),
    removeTeams: sorted(removeTeams),
    removals: removeUsers.size + lostThroughTeams,
  };
}
