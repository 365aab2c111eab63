// Pure planner properties, no HTTP: the live state is what the simulator would serve (its seat
// shapes through the live reader's toLiveSeat), so many more cases run per second. Each case draws
// a simulator behaviour (support.ts: behaviourArb): the seat shapes follow it (team_type,
// direct_and_team, activity_retention), and so does the reference model's view of the seats.
//   - makePlan agrees with the reference model of design §3.5 (reference.ts), idle seats included;
//   - determinism: shuffling the seats and every list of seats.yaml gives the same plan;
//   - case-insensitivity: writing every login, slug and the org in another case changes no decision.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { toOrgSeat as toLiveSeat } from '../../src/github/scope-api.ts';
import { lookupsNeeded } from '../../src/plan/lookups.ts';
import { makePlan } from '../../src/plan/planner.ts';
import type { DesiredState, LiveState, Membership, TeamInfo } from '../../src/plan/types.ts';
import { seatShape } from '../../src/simulator/shapes.ts';
import { withBehaviour, type SimState } from '../../src/simulator/state.ts';
import { referenceIdle, referencePlan } from './reference.ts';
import { NOW, scenarioArb, renderYaml, type Scenario } from './scenario.ts';
import {
  behaviourArb,
  countBehaviour,
  expectEveryBehaviourDrawn,
  loadSeats,
  newTally,
  planSets,
  propertyRuns,
  propertySeed,
  summaryLine,
  type Behaviour,
} from './support.ts';

const tally = newTally();
afterAll(() => console.log(summaryLine('planner (pure)', tally)));

/** The LiveState computePlan would read from this simulator state. */
function liveOf(state: SimState, desired: DesiredState): LiveState {
  const seats = state.seats.map((s) => toLiveSeat(seatShape(state, 'http://sim', s) as never));
  const lookups = lookupsNeeded(desired, seats, NOW);
  const memberships: Record<string, Membership> = {};
  for (const login of lookups.logins) {
    const m = state.members.find((x) => x.login.toLowerCase() === login.toLowerCase());
    memberships[login.toLowerCase()] = m === undefined ? 'none' : m.pending ? 'pending' : 'active';
  }
  const teams: Record<string, TeamInfo> = {};
  for (const slug of lookups.teams) {
    const t = state.teams.find((x) => x.slug.toLowerCase() === slug.toLowerCase());
    teams[slug.toLowerCase()] = t
      ? {
          slug: t.slug,
          key: slug.toLowerCase(),
          name: t.name,
          exists: true,
          members: t.members.map((m) => m.toLowerCase()),
        }
      : { slug, key: slug.toLowerCase(), name: slug, exists: false };
  }
  return {
    scope: { kind: 'org', name: state.org.login },
    billing: {
      seatManagementSetting: state.seat_management_setting,
      planType: state.plan_type,
      totalSeats: state.seats.length,
    },
    seats,
    teams,
    memberships,
  };
}

const opts = (runs: number) => ({ numRuns: propertyRuns(runs), seed: propertySeed(), endOnFailure: false });
const anyScenario = fc.oneof(scenarioArb({ anchored: true }), scenarioArb({ anchored: false }));
const behaviours = behaviourArb();

/** The scenario's org, as GitHub behaving this way shows it (the case's own copy). */
function under(sc: Scenario, b: Behaviour): SimState {
  tally.cases++;
  countBehaviour(tally, b);
  return withBehaviour(structuredClone(sc.state), b);
}

describe('makePlan', () => {
  it('agrees with the reference model of design §3.5', () => {
    fc.assert(
      fc.property(anyScenario, behaviours, (sc, b) => {
        const state = under(sc, b);
        const desired = loadSeats(sc.yaml);
        const plan = makePlan(desired, liveOf(state, desired), { now: NOW });
        expect(plan.errors).toEqual([]);
        expect(planSets(plan)).toEqual(referencePlan(state, sc.spec, NOW));
        expect(plan.idle.map((i) => i.login.toLowerCase()).sort()).toEqual(
          referenceIdle(state, sc.spec, NOW),
        );
      }),
      opts(300),
    );
  });

  it('is deterministic: the order of seats and of the lists in seats.yaml does not matter', () => {
    const shuffled = <T>(xs: T[], keys: number[]): T[] =>
      xs
        .map((x, i) => [keys[i % keys.length] ?? 0, i, x] as const)
        .sort((a, b) => a[0] - b[0] || a[1] - b[1])
        .map((t) => t[2]);
    fc.assert(
      fc.property(
        anyScenario,
        behaviours,
        fc.array(fc.integer(), { minLength: 1, maxLength: 20 }),
        (sc, b, keys) => {
          const desired = loadSeats(sc.yaml);
          const live = liveOf(under(sc, b), desired);
          const plan = makePlan(desired, live, { now: NOW });
          const spec = {
            ...sc.spec,
            users: shuffled(sc.spec.users, keys),
            teams: shuffled(sc.spec.teams, keys.slice(1)),
            exempt: shuffled(sc.spec.exempt, keys.slice(2)),
          };
          const other = loadSeats(renderYaml(spec));
          const again = makePlan(
            other,
            { ...live, seats: shuffled(live.seats, keys.slice(3)) },
            { now: NOW },
          );
          // Positions in the file move with the entries; everything else must be equal.
          const noPos = (p: unknown) =>
            JSON.parse(JSON.stringify(p, (k, v: unknown) => (k === 'pos' ? undefined : v)));
          expect(noPos(again)).toEqual(noPos(plan));
        },
      ),
      opts(150),
    );
  });

  it('is case-insensitive: logins, slugs and the org in another case change no decision', () => {
    const flip = (s: string, bits: boolean[]) =>
      [...s].map((c, i) => (bits[i % bits.length] ? c.toUpperCase() : c.toLowerCase())).join('');
    fc.assert(
      fc.property(
        anyScenario,
        behaviours,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
        (sc: Scenario, behaviour, bits) => {
          const desired = loadSeats(sc.yaml);
          const live = liveOf(under(sc, behaviour), desired);
          const spec = {
            ...sc.spec,
            org: flip(sc.spec.org, bits),
            users: sc.spec.users.map((u) => ({ ...u, login: flip(u.login, bits) })),
            teams: sc.spec.teams.map((t) => ({ ...t, slug: flip(t.slug, bits.slice(1)) })),
            exempt: sc.spec.exempt.map((e) => ({ ...e, name: flip(e.name, bits.slice(2)) })),
          };
          const other = loadSeats(renderYaml(spec));
          const seats = live.seats.map((s) =>
            s.login === null ? s : { ...s, login: flip(s.login, bits.slice(3)) },
          );
          const a = makePlan(desired, live, { now: NOW });
          const b = makePlan(other, { ...live, seats }, { now: NOW });
          expect(planSets(b)).toEqual(planSets(a));
          expect(b.cost).toEqual(a.cost);
          expect(b.errors).toEqual([]);
        },
      ),
      opts(150),
    );
  });
});

describe('the behaviours drawn', () => {
  it('include every value of every simulator behaviour option', () => {
    expectEveryBehaviourDrawn(tally);
  });
});
