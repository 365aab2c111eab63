// The benchmark's world: a generated org of a given size and a seats.yaml that changes a small,
// realistic share of it (a PR that adds and cancels 0.2% of the users, adds one team and cancels
// another), and the request lower bound of design §5 for a plan and an apply of it.
import { generateOrg } from '../src/simulator/generate.ts';
import type { SimState } from '../src/simulator/state.ts';

export const PER_PAGE = 100;

export interface Scenario {
  size: number;
  state: SimState;
  yaml: string;
}

/** 1.2 members per seat, one team per 100 seats (half of them selected, 80 members each). */
export function makeOrg(size: number): SimState {
  return generateOrg({
    members: Math.round(size * 1.2),
    teams: Math.max(4, Math.round(size / 100)),
    seats: size,
    seed: size,
  });
}

/** Keeps every direct seat but a few, adds a few members, keeps all selected teams but one, adds one. */
export function makeScenario(size: number): Scenario {
  const state = makeOrg(size);
  const changes = Math.max(3, Math.round(size * 0.002));
  const active = state.seats.filter((s) => s.direct && !s.pending_cancellation_date);
  const direct = active.map((s) => s.login);
  // Cancel every k-th direct-only seat (spread over the list), and exempt one more of them. A seat
  // also held through a kept team shows no assigning_team (the direct source hides the team), and
  // cancelling it leaves the team seat: a real but different case from the one measured here.
  const directOnly = active.filter((s) => !s.teams?.length).map((s) => s.login);
  const seated = new Set(state.seats.map((s) => s.login));
  const unseated = state.members.map((m) => m.login).filter((l) => !seated.has(l));
  const step = Math.floor(directOnly.length / (changes + 2));
  const cancelled = new Set(Array.from({ length: changes }, (_, i) => directOnly[(i + 1) * step]));
  const exempt = directOnly[(changes + 1) * step] as string;
  const users = [...direct.filter((l) => !cancelled.has(l) && l !== exempt), ...unseated.slice(0, changes)];
  const selected = state.teams.filter((t) => t.selected).map((t) => t.slug);
  const other = state.teams.find((t) => !t.selected)?.slug;
  const teams = [...selected.slice(0, -1), ...(other ? [other] : [])];
  const yaml = [
    'version: 1',
    `org: ${state.org.login}`,
    'users:',
    ...users.map((l) => `  - ${l}`),
    'teams:',
    ...teams.map((t) => `  - ${t}`),
    'exempt:',
    `  - login: ${exempt}`,
    '    reason: assigned by hand',
    '',
  ].join('\n');
  return { size, state, yaml };
}

/** What a plan made of: the writes by kind, and what the reader had to look up. */
export interface PlanShape {
  writes: { addTeams: number; addUsers: number; removeUsers: number; removeTeams: number };
  lookups: { logins: string[]; teams: string[] };
}

const pages = (n: number): number => Math.max(1, Math.ceil(n / PER_PAGE));

/**
 * Checks for what is added: one membership per login; per team one lookup and its member pages
 * (one, for a team that does not exist: the lookup answers 404).
 */
export function checksBound(state: SimState, lookups: PlanShape['lookups']): number {
  const teamCost = (slug: string): number => {
    const team = state.teams.find((t) => t.slug.toLowerCase() === slug.toLowerCase());
    return team ? 1 + pages(team.members.length) : 1;
  };
  return lookups.logins.length + lookups.teams.reduce((n, slug) => n + teamCost(slug), 0);
}

/** 1 billing + ⌈seats/100⌉ pages + checks for what is added (a plan writes nothing). */
export function planBound(state: SimState, seats: number, shape: PlanShape): number {
  return 1 + pages(seats) + checksBound(state, shape.lookups);
}

/** Writes go to four endpoints, each at most 100 names a request: ⌈n/100⌉ per kind. */
export function writesBound(shape: PlanShape): number {
  const w = shape.writes;
  const batches = (n: number): number => Math.ceil(n / PER_PAGE);
  return batches(w.addTeams) + batches(w.addUsers) + batches(w.removeUsers) + batches(w.removeTeams);
}
