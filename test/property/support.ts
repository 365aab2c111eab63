// Shared helpers of the property tests: the run budget, the safety checks over the simulator's
// state and request log, and the one-line summary of what ran.
import { expect } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import type { DesiredState, Plan } from '../../src/plan/types.ts';
import type { LoggedRequest } from '../../src/simulator/server.ts';
import type { SimState } from '../../src/simulator/state.ts';
import type { SeatsSpec } from './scenario.ts';

/**
 * Cases per property: PROPERTY_RUNS when set (e.g. PROPERTY_RUNS=2000 for a long soak), else the
 * CI default given by the test, chosen so the property suite stays well under a minute on 2 cores.
 */
export function propertyRuns(ciDefault: number): number {
  const env = Number(process.env.PROPERTY_RUNS);
  return Number.isInteger(env) && env > 0 ? env : ciDefault;
}

/** Time for a property of `runs` cases (vitest's default 30 s is for one example). */
export function propertyTimeout(runs: number): number {
  return 60_000 + propertyRuns(runs) * 3_000;
}

/** PROPERTY_SEED replays a run (fast-check prints the seed of a failure); otherwise a fresh seed. */
export function propertySeed(): number | undefined {
  const env = Number(process.env.PROPERTY_SEED);
  return Number.isInteger(env) ? env : undefined;
}

export interface Tally {
  cases: number;
  requests: number;
  faults: Map<string, number>;
}

export function newTally(): Tally {
  return { cases: 0, requests: 0, faults: new Map() };
}

export function countRequests(tally: Tally, requests: readonly LoggedRequest[]): void {
  tally.requests += requests.length;
  for (const r of requests) {
    if (r.fault) tally.faults.set(r.fault, (tally.faults.get(r.fault) ?? 0) + 1);
  }
}

export function summaryLine(label: string, tally: Tally): string {
  const total = [...tally.faults.values()].reduce((a, b) => a + b, 0);
  const kinds = [...tally.faults.entries()]
    .sort()
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return `[property] ${label}: ${tally.cases} cases, ${tally.requests} requests, ${total} faults injected${kinds ? ` (${kinds})` : ''}`;
}

export function loadSeats(yaml: string): DesiredState {
  const { desired, errors } = parseSeats(yaml, 'seats.yaml');
  if (!desired) {
    throw new Error(
      `generated seats.yaml does not load:\n${errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('\n')}\n${yaml}`,
    );
  }
  return desired;
}

export interface PlanSets {
  addUsers: string[];
  removeUsers: string[];
  addTeams: string[];
  removeTeams: string[];
  removals: number;
}

export function planSets(plan: Plan): PlanSets {
  const keys = (xs: { key: string }[]) => xs.map((x) => x.key.toLowerCase()).sort();
  return {
    addUsers: keys(plan.add.users),
    removeUsers: keys(plan.remove.users),
    addTeams: keys(plan.add.teams),
    removeTeams: keys(plan.remove.teams),
    removals: plan.safety.removals,
  };
}

export function changeCount(plan: Plan): number {
  return plan.add.users.length + plan.add.teams.length + plan.remove.users.length + plan.remove.teams.length;
}

const lc = (s: string): string => s.toLowerCase();

function expired(date: string | undefined, now: Date): boolean {
  return date !== undefined && Date.parse(`${date}T00:00:00Z`) <= now.getTime();
}

/** The names the file protects: desired users, exempt users and teams, desired teams. */
export function protectedNames(spec: SeatsSpec, now: Date) {
  const exempt = spec.exempt.filter((e) => !expired(e.expires, now));
  return {
    users: new Set([
      ...spec.users.filter((u) => !expired(u.expires, now)).map((u) => lc(u.login)),
      ...exempt.filter((e) => e.kind === 'user').map((e) => lc(e.name)),
    ]),
    teams: new Set([
      ...spec.teams.map((t) => lc(t.slug)),
      ...exempt.filter((e) => e.kind === 'team').map((e) => lc(e.name)),
    ]),
  };
}

/** The slug of a team named in a selected_teams body (GitHub documents names; slugs also match). */
function teamSlug(state: SimState, name: string): string {
  const t = state.teams.find((x) => lc(x.name) === lc(name) || lc(x.slug) === lc(name));
  return lc(t?.slug ?? name);
}

interface NamesBody {
  selected_usernames?: string[];
  selected_teams?: string[];
}

export function deletes(requests: readonly LoggedRequest[]): { users: string[]; teams: string[] } {
  const del = requests.filter((r) => r.method === 'DELETE');
  const names = (field: keyof NamesBody) =>
    del.flatMap((r) => ((r.body ?? {}) as NamesBody)[field] ?? []).map(lc);
  return { users: names('selected_usernames'), teams: names('selected_teams') };
}

export function seatWrites(requests: readonly LoggedRequest[]): LoggedRequest[] {
  return requests.filter(
    (r) => (r.method === 'POST' || r.method === 'DELETE') && r.path.includes('/copilot/'),
  );
}

/**
 * Safety: no DELETE names a protected user or team, and no seat that was active before and
 * belongs to a protected user, or comes (also) through a protected team, is inactive after.
 */
export function expectSafe(
  before: SimState,
  after: SimState,
  requests: readonly LoggedRequest[],
  spec: SeatsSpec,
  now: Date,
  /** Logins whose seat the test itself changed (the world moving under the apply). */
  ignore: ReadonlySet<string> = new Set(),
): void {
  const keep = protectedNames(spec, now);
  const sent = deletes(requests);
  expect(
    sent.users.filter((u) => keep.users.has(u)),
    'DELETE selected_users of a protected user',
  ).toEqual([]);
  expect(
    sent.teams.map((t) => teamSlug(before, t)).filter((t) => keep.teams.has(t)),
    'DELETE selected_teams of a protected team',
  ).toEqual([]);
  const afterSeats = new Map(after.seats.filter((s) => s.login).map((s) => [lc(s.login as string), s]));
  const lost: string[] = [];
  for (const s of before.seats) {
    if (s.login === null || s.pending_cancellation_date || ignore.has(lc(s.login))) continue;
    const guarded = keep.users.has(lc(s.login)) || (s.teams ?? []).some((t) => keep.teams.has(lc(t)));
    const now_ = afterSeats.get(lc(s.login));
    if (guarded && (!now_ || now_.pending_cancellation_date)) lost.push(s.login);
  }
  expect(lost, 'protected seats cancelled').toEqual([]);
}

/** Seats of desired users must all be active after a successful apply. */
export function unseatedDesired(after: SimState, spec: SeatsSpec, now: Date): string[] {
  const active = new Set(
    after.seats.filter((s) => s.login && !s.pending_cancellation_date).map((s) => lc(s.login as string)),
  );
  return spec.users
    .filter((u) => !expired(u.expires, now))
    .map((u) => lc(u.login))
    .filter((u) => !active.has(u));
}
