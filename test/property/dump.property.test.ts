// `dump` writes only what `validate` accepts: random live seats, with any login a seat can carry
// (grandfathered `artur-` and `gil--`, EMU `name_shortcode`, names YAML would read as numbers,
// booleans or null) and any team slug, dump to a seats.yaml that loads without errors, keeps
// every directly seated user and every org team, and plans to no changes against the same seats.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import { makePlan } from '../../src/plan/planner.ts';
import { hasWrites } from '../../src/plan/summary.ts';
import type { LiveSeat } from '../../src/plan/types.ts';
import { dumpSeatsYaml } from '../../src/render/dump.ts';
import { checkedLive, live, NOW } from '../plan/builders.ts';
import { propertyRuns, propertySeed } from './support.ts';

const ALNUM = [...'abmxyzABMXYZ0179'];

/** Logins a seat can carry: a letter or digit, then letters, digits and hyphens (trailing or in a
 *  row on older accounts), then an Enterprise Managed User's `_shortcode`; at most 39 characters. */
const generatedLogin = fc
  .tuple(
    fc.constantFrom(...ALNUM),
    fc.string({ unit: fc.constantFrom(...ALNUM, '-', '-', '-'), maxLength: 14 }),
    fc.option(fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 1, maxLength: 6 }), { nil: null }),
  )
  .map(([head, body, shortcode]) => head + body + (shortcode === null ? '' : `_${shortcode}`))
  .filter((login) => login.length <= 39);

const AWKWARD_LOGINS = [
  'artur-',
  'gil--',
  'a--b-',
  'yes',
  'No',
  'null',
  'TRUE',
  'on',
  'y',
  '0',
  '0123',
  '1e3',
  '0x1F',
  '0o17',
  '1_000',
  'nan',
  'Infinity',
  'x'.repeat(39),
  '9'.repeat(38) + '-',
];

const loginArb = fc.oneof(generatedLogin, fc.constantFrom(...AWKWARD_LOGINS));

const generatedSlug = fc
  .tuple(
    fc.constantFrom(...ALNUM),
    fc.string({ unit: fc.constantFrom(...ALNUM, '-', '_', '.'), maxLength: 16 }),
  )
  .map(([head, body]) => head + body);

const AWKWARD_SLUGS = ['true', 'Null', 'no', '2024', '1.0', '1e3', '0x1F', '1.2.3', 'a.', 'x_', 'eng--'];

const slugArb = fc.oneof(generatedSlug, fc.constantFrom(...AWKWARD_SLUGS));

const seatArb = fc.record({
  who: fc.nat(),
  upper: fc.boolean(),
  team: fc.option(fc.nat(), { nil: null }),
  enterprise: fc.boolean(),
  pending: fc.boolean(),
  unassigned: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

const worldArb = fc.record({
  logins: fc.array(loginArb, { minLength: 1, maxLength: 25 }),
  slugs: fc.array(slugArb, { minLength: 1, maxLength: 6 }),
  seats: fc.array(seatArb, { maxLength: 40 }),
});

type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

/** The live seats of a world; several seats can share a login, in another case too. */
function seatsOf(world: World): LiveSeat[] {
  return world.seats.map((s) => {
    const picked = world.logins[s.who % world.logins.length] ?? 'x';
    const login = s.unassigned ? null : s.upper ? picked.toUpperCase() : picked;
    const slug = s.team === null ? null : (world.slugs[s.team % world.slugs.length] ?? 'x');
    const team =
      slug === null
        ? null
        : s.enterprise
          ? {
              slug: `ent:${slug}`,
              key: `ent:${slug.toLowerCase()}`,
              name: slug,
              kind: 'enterprise-team' as const,
              outside: true,
            }
          : { slug, key: slug.toLowerCase(), name: `Team ${slug}`, kind: 'team' as const, outside: false };
    return {
      login,
      key: login === null ? null : login.toLowerCase(),
      assigningTeam: team,
      pendingCancellationDate: s.pending ? '2026-07-01' : null,
      lastActivityAt: null,
      createdAt: '2026-01-01T00:00:00Z',
    };
  });
}

const byKey = (a: string, b: string) => {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
};

/** First spelling per lower-case name, sorted: what seats.yaml must list. */
function firstSpellings(names: readonly string[]): string[] {
  const first = new Map<string, string>();
  for (const n of names) if (!first.has(n.toLowerCase())) first.set(n.toLowerCase(), n);
  return [...first.values()].sort(byKey);
}

/** The users and org teams the live seats amount to, worked out apart from dump's own code. */
function expected(seats: readonly LiveSeat[]): { users: string[]; teams: string[] } {
  const active = seats.filter((s) => s.login !== null && s.pendingCancellationDate === null);
  return {
    users: firstSpellings(active.filter((s) => s.assigningTeam === null).map((s) => s.login as string)),
    teams: firstSpellings(
      active.flatMap((s) => (s.assigningTeam && !s.assigningTeam.outside ? [s.assigningTeam.slug] : [])),
    ),
  };
}

const opts = (runs: number) => ({ numRuns: propertyRuns(runs), seed: propertySeed(), endOnFailure: false });

describe('dumpSeatsYaml → parseSeats', () => {
  it('loads without errors, round-trips users and teams, and plans to no changes', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const seats = seatsOf(world);
        const text = dumpSeatsYaml(live(seats), { now: NOW });
        const { desired, errors } = parseSeats(text, 'seats.yaml');
        expect(errors, text).toEqual([]);
        if (!desired) throw new Error('no desired state');
        const want = expected(seats);
        expect(desired.users.map((u) => u.login)).toEqual(want.users);
        expect(desired.teams.map((t) => t.slug)).toEqual(want.teams);
        expect(desired.exempt).toEqual([]);
        const plan = makePlan(desired, checkedLive(desired, seats), { now: NOW });
        expect(plan.errors).toEqual([]);
        expect(hasWrites(plan)).toBe(false);
      }),
      opts(300),
    );
  });

  it('accepts every generated login and slug on its own, in either case', () => {
    fc.assert(
      fc.property(loginArb, slugArb, fc.boolean(), (login, slug, upper) => {
        const name = upper ? login.toUpperCase() : login;
        const seats = [
          { login: name, key: name.toLowerCase(), assigningTeam: null },
          {
            login: 'teammate',
            key: 'teammate',
            assigningTeam: {
              slug,
              key: slug.toLowerCase(),
              name: slug,
              kind: 'team' as const,
              outside: false,
            },
          },
        ].map((s) => ({
          ...s,
          pendingCancellationDate: null,
          lastActivityAt: null,
          createdAt: NOW.toISOString(),
        }));
        const { desired, errors } = parseSeats(dumpSeatsYaml(live(seats), { now: NOW }), 'seats.yaml');
        expect(errors).toEqual([]);
        expect(desired?.users.map((u) => u.login)).toEqual([name]);
        expect(desired?.teams.map((t) => t.slug)).toEqual([slug]);
      }),
      opts(500),
    );
  });
});
