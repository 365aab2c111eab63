// Shared helpers of the property tests: the run budget, the simulator behaviour each case runs
// under, the safety checks over the simulator's state and request log, and the one-line summary of
// what ran.
import fc from 'fast-check';
import { expect } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import type { DesiredState, Plan } from '../../src/plan/types.ts';
import type { LoggedRequest } from '../../src/simulator/server.ts';
import {
  behaviourVariants,
  defaultBehaviour,
  SIM_BEHAVIOURS,
  type SimBehaviour,
  type SimBehaviourName,
  type SimState,
} from '../../src/simulator/state.ts';
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

// ---------------------------------------------------------------- GitHub's undocumented behaviours

/** Every option of SIM_BEHAVIOURS set: what a case runs the simulator under. */
export type Behaviour = Required<SimBehaviour>;

const OPTIONS = Object.keys(SIM_BEHAVIOURS) as SimBehaviourName[];
const valuesOf = (n: SimBehaviourName): readonly string[] => SIM_BEHAVIOURS[n];
const VARIANTS: Behaviour[] = behaviourVariants().map((v) => ({ ...defaultBehaviour(), ...v.behaviour }));

/**
 * A behaviour per case. The first cases drawn from one instance go through behaviourVariants() in
 * order (the defaults, then each other value of each option alone), so that even a short run meets
 * every value; after that every option draws any of its values, independently. A failing case
 * shrinks each option towards its default, so the counterexample keeps only the options that matter.
 * Share one instance between the properties of a file: the cycle then spans the whole file.
 * (Replaying a failure: PROPERTY_SEED replays the run from its start, cycle included.)
 */
export function behaviourArb(): fc.Arbitrary<Behaviour> {
  return new BehaviourArbitrary();
}

class BehaviourArbitrary extends fc.Arbitrary<Behaviour> {
  private drawn = 0;

  generate(mrng: fc.Random): fc.Value<Behaviour> {
    const cycled = VARIANTS[this.drawn++];
    if (cycled) return new fc.Value({ ...cycled }, undefined);
    const b = Object.fromEntries(
      OPTIONS.map((n) => [n, valuesOf(n)[mrng.nextInt(0, valuesOf(n).length - 1)]]),
    ) as Behaviour;
    return new fc.Value(b, undefined);
  }

  canShrinkWithoutContext(value: unknown): value is Behaviour {
    if (typeof value !== 'object' || value === null) return false;
    const b = value as Record<string, unknown>;
    return OPTIONS.every((n) => valuesOf(n).includes(b[n] as string));
  }

  /** One option one step nearer its default at a time (a 3-valued option tries both lower values). */
  shrink(value: Behaviour): fc.Stream<fc.Value<Behaviour>> {
    const smaller = OPTIONS.flatMap((n) =>
      valuesOf(n)
        .slice(0, valuesOf(n).indexOf(value[n]))
        .map((v) => ({ ...value, [n]: v }) as Behaviour),
    );
    return fc.Stream.of(...smaller).map((b) => new fc.Value(b, undefined));
  }
}

// ---------------------------------------------------------------- what ran

export interface Tally {
  cases: number;
  requests: number;
  faults: Map<string, number>;
  /** Cases per behaviour value, by "option=value". */
  behaviours: Map<string, number>;
}

export function newTally(): Tally {
  return { cases: 0, requests: 0, faults: new Map(), behaviours: new Map() };
}

/** Counts a case's behaviour (every option's value) in the tally. */
export function countBehaviour(tally: Tally, b: Behaviour): void {
  for (const n of OPTIONS) {
    const k = `${n}=${b[n]}`;
    tally.behaviours.set(k, (tally.behaviours.get(k) ?? 0) + 1);
  }
}

/** "option=value" of every value of every option that no case of the tally ran under. */
export function behavioursNotDrawn(tally: Tally): string[] {
  return OPTIONS.flatMap((n) => valuesOf(n).map((v) => `${n}=${v}`)).filter((k) => !tally.behaviours.has(k));
}

/** How many cases a suite needs at least to go once through behaviourVariants(). */
export const BEHAVIOUR_VARIANTS = VARIANTS.length;

/** The last test of a suite: every value of every option ran at least once. */
export function expectEveryBehaviourDrawn(tally: Tally): void {
  expect(
    tally.cases,
    `fewer cases than behaviourVariants() (${BEHAVIOUR_VARIANTS}): raise PROPERTY_RUNS`,
  ).toBeGreaterThanOrEqual(BEHAVIOUR_VARIANTS);
  expect(behavioursNotDrawn(tally), 'behaviour values no case ran under').toEqual([]);
}

/** "team_type present 31/absent 34; …": cases per value, options in SIM_BEHAVIOURS order. */
export function behaviourTally(tally: Tally): string {
  return OPTIONS.map(
    (n) =>
      `${n} ${valuesOf(n)
        .map((v) => `${v} ${tally.behaviours.get(`${n}=${v}`) ?? 0}`)
        .join('/')}`,
  ).join('; ');
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
  const drawn = tally.behaviours.size > 0 ? `; behaviours: ${behaviourTally(tally)}` : '';
  return `[property] ${label}: ${tally.cases} cases, ${tally.requests} requests, ${total} faults injected${kinds ? ` (${kinds})` : ''}${drawn}`;
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
export function teamSlug(state: SimState, name: string): string {
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
