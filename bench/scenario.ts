// The benchmark's world: a generated org of a given size (and an enterprise of a given number of
// seat rows, below) and a seats.yaml that changes a small,
// realistic share of it (a PR that adds and cancels 0.2% of the users, adds one team and cancels
// another), and the request lower bound of design §5 for a plan and an apply of it.
import { generateOrg } from '../src/simulator/generate.ts';
import { enterpriseRowsPage } from '../src/simulator/model-enterprise.ts';
import { parseSimState, type SimState } from '../src/simulator/state.ts';

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
  const yaml = seatsYaml(`org: ${state.org.login}`, users, teams, exempt);
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

// ---------------------------------------------------------------- the enterprise (issue 14)

/** An enterprise of about `rows` seat rows; its list has one row per source of a user's seat. */
export interface EnterpriseScenario {
  rows: number;
  state: SimState;
  yaml: string;
  /** The enterprise team the file adds (not selected before). */
  addedTeam: string;
  /** The enterprise team the file leaves out (selected before: the plan cancels it). */
  cancelledTeam: string;
}

/** How many rows the simulator lists for this state now (the pages a full read of it asks for). */
export function enterpriseRowCount(state: SimState): number {
  return enterpriseRowsPage(state, 0, 0).total;
}

/**
 * The generated enterprise (a main org, a second org seating 30% of the active users, four selected
 * enterprise teams seating 20%, 1% enterprise-direct users in no org) plus a fifth enterprise team,
 * not selected, of 50 members without a seat. The file manages what the enterprise assigns itself:
 * it keeps the enterprise-direct users but a few (cancelled) and one (exempt), adds as many members
 * without a seat, keeps three of the four enterprise teams (the fourth is cancelled: its members
 * keep their seats through the main org) and adds the fifth. The orgs' seats are outside the file.
 */
export function makeEnterpriseScenario(rows: number): EnterpriseScenario {
  const generated = generateOrg({
    members: rows,
    teams: Math.max(4, Math.round(rows / 150)),
    seats: 1,
    seed: rows,
    enterpriseRows: rows,
  });
  const seated = new Set(generated.seats.map((s) => s.login));
  const unseated = generated.members.map((m) => m.login).filter((l) => !seated.has(l));
  const newTeam = {
    slug: 'ent:generated-new',
    name: 'Generated new',
    id: 90_100,
    members: unseated.slice(0, 50),
    selected: false,
  };
  const state = parseSimState({ ...generated, enterprise_teams: [...generated.enterprise_teams, newTeam] });
  const direct = state.seats
    .filter((s) => s.enterprise_direct && !s.pending_cancellation_date)
    .map((s) => s.login as string);
  const changes = Math.max(
    3,
    Math.min(Math.round(state.seats.length * 0.002), Math.floor(direct.length / 4)),
  );
  const step = Math.floor(direct.length / (changes + 2));
  const cancelled = new Set(Array.from({ length: changes }, (_, i) => direct[(i + 1) * step]));
  const exempt = direct[(changes + 1) * step] as string;
  const users = [
    ...direct.filter((l) => !cancelled.has(l) && l !== exempt),
    ...unseated.slice(50, 50 + changes),
  ];
  const selected = generated.enterprise_teams.map((t) => t.slug);
  const cancelledTeam = selected.at(-1) as string;
  const teams = [...selected.slice(0, -1), newTeam.slug];
  const yaml = seatsYaml(`enterprise: ${state.enterprise.slug}`, users, teams, exempt);
  return { rows: enterpriseRowCount(state), state, yaml, addedTeam: newTeam.slug, cancelledTeam };
}

/**
 * The enterprise's bound: 1 probe (one row: total_seats, the plan type, the token's scopes) +
 * ⌈rows/100⌉ list pages + for the teams to add, the enterprise team list's pages (once) and the
 * membership pages of each that exists (GitHub has no enterprise membership lookup: users to add
 * cost nothing).
 */
export function enterprisePlanBound(state: SimState, rows: number, lookups: PlanShape['lookups']): number {
  if (lookups.teams.length === 0) return 1 + pages(rows);
  const withPrefix = (slug: string): string =>
    (slug.toLowerCase().startsWith('ent:') ? slug : `ent:${slug}`).toLowerCase();
  const teamPages = lookups.teams.reduce((n, slug) => {
    const team = state.enterprise_teams.find((t) => t.slug.toLowerCase() === withPrefix(slug));
    return n + (team ? pages(team.members.length) : 0);
  }, 0);
  return 1 + pages(rows) + pages(state.enterprise_teams.length) + teamPages;
}

/** The scenario's seats.yaml: the scope line, the users and teams, one user exempt. */
function seatsYaml(
  scope: string,
  users: readonly (string | null)[],
  teams: readonly string[],
  exempt: string,
): string {
  return [
    'version: 1',
    scope,
    'users:',
    ...users.map((l) => `  - ${l}`),
    'teams:',
    ...teams.map((t) => `  - ${t}`),
    'exempt:',
    `  - login: ${exempt}`,
    '    reason: assigned by hand',
    '',
  ].join('\n');
}
