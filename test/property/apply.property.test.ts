// Properties of plan and apply against the simulator, over real HTTP through the production
// client: random orgs, random valid seats.yaml documents loaded by the real loader.
//
//   reference  the plan equals an independent reference model of design §3.5 (reference.ts)
//   safety     no apply cancels a seat of a desired or exempt user, or of a listed or exempt team
//   deletes    an apply DELETEs only what its plan cancels, and the direct seats its team
//              cancellations revealed (reference.ts: hiddenDirectSeats); with every team visible,
//              exactly those
//   converge   after one apply, a new plan has no changes
//   idempotent a second apply sends no POST or DELETE at all
//
// Each case draws a simulator behaviour (support.ts: behaviourArb), and every property holds under
// each value. One expectation depends on it: under direct_and_team=team GitHub lists a seat held
// directly and through teams by its earliest team. When that is an enterprise team and the plan
// cancels the seat's org teams, the seat lists as direct only afterwards, so the next apply (not
// this one) cancels it (reference.ts: hiddenDirectSeats().later); under every other value that
// set is empty and one apply converges.
//
// The API's known limit (design §3.5: a selected team whose members are all seated some other way
// is invisible) breaks "one apply converges" in two ways, both shown in the last property:
//   - a listed team that is selected but invisible is planned as an idempotent "ensure" add on every
//     run: the POST changes nothing, but it is a write;
//   - a team that is neither listed nor exempt, invisible because every member also has a direct
//     seat (or an earlier team), becomes visible only after those are cancelled, and is then
//     cancelled by the next apply.
// So the first three properties run on anchored orgs (every team has a member seated only through
// it: see scenario.ts), and the last one on any org, checking convergence within a bounded number
// of applies and that what remains is exactly the ensure adds of invisible teams.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runApply } from '../../src/modes/apply.ts';
import { computePlan } from '../../src/modes/plan.ts';
import { assigningTeamOf } from '../../src/simulator/model.ts';
import { withBehaviour, type SimState } from '../../src/simulator/state.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import { hiddenDirectSeats, referencePlan } from './reference.ts';
import { NOW, scenarioArb } from './scenario.ts';
import {
  behaviourArb,
  changeCount,
  countBehaviour,
  countRequests,
  deletes,
  expectEveryBehaviourDrawn,
  expectSafe,
  loadSeats,
  newTally,
  planSets,
  propertyRuns,
  propertyTimeout,
  propertySeed,
  seatWrites,
  summaryLine,
  teamSlug,
  unseatedDesired,
} from './support.ts';

useCheckedSimulators();

const tally = newTally();
const hidden = { revealed: 0, later: 0 };
afterAll(() =>
  console.log(
    `${summaryLine('plan/apply (no faults)', tally)}; hidden direct seats: ${hidden.revealed} cancelled in the same apply, ${hidden.later} by the next`,
  ),
);

const behaviours = behaviourArb();
const unique = (xs: string[]): string[] => [...new Set(xs.map((x) => x.toLowerCase()))].sort();

const options = (runs: number) => ({
  numRuns: propertyRuns(runs),
  seed: propertySeed(),
  endOnFailure: false,
});

describe('plan and apply on random orgs (every team visible)', () => {
  it(
    'plans as the reference model, applies safely, converges in one apply, and re-applies without writing',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb({ anchored: true }), behaviours, async (sc, behaviour) => {
          tally.cases++;
          countBehaviour(tally, behaviour);
          const desired = loadSeats(sc.yaml);
          const sim = await startCheckedSimulator(withBehaviour(structuredClone(sc.state), behaviour));
          try {
            const client = fastClient(sim.url);
            const before = structuredClone(sim.state);
            const expected = referencePlan(before, sc.spec, NOW);
            const { revealed, later } = hiddenDirectSeats(before, sc.spec, NOW);
            hidden.revealed += revealed.length;
            hidden.later += later.length;
            const { plan } = await computePlan(client, desired, NOW);
            expect(plan.errors).toEqual([]);
            expect(planSets(plan)).toEqual(expected);

            const first = await runApply(client, desired, {
              now: NOW,
              dryRun: false,
              allowMassRemoval: sc.allowMassRemoval,
            });
            expect(first.refused).toBeUndefined();
            expect(planSets(first.plan)).toEqual(expected);
            expect(first.report.writes.filter((w) => !w.ok)).toEqual([]);
            expect(first.report.mismatches).toEqual([]);
            expectSafe(before, sim.state, sim.requests, sc.spec, NOW);
            expect(unseatedDesired(sim.state, sc.spec, NOW)).toEqual([]);
            // The DELETEs: the plan's cancellations, and the direct seats its team cancellations
            // revealed (direct_and_team=team), cancelled in the same run and reported as such.
            const sent = deletes(sim.requests);
            expect(unique(sent.users)).toEqual(unique([...expected.removeUsers, ...revealed]));
            expect(unique(sent.teams.map((t) => teamSlug(before, t)))).toEqual(expected.removeTeams);
            const notes = first.report.notes.filter((n) => n.code === 'revealed-direct-seat');
            expect(unique(notes.map((n) => (n.subject ?? '').toLowerCase()))).toEqual(revealed);

            // One apply converges, up to the direct seats GitHub listed as enterprise seats: once
            // their org teams are cancelled they list as direct, and the next apply cancels them.
            const { plan: again } = await computePlan(client, desired, NOW);
            expect(planSets(again)).toMatchObject({
              addUsers: [],
              removeUsers: later,
              addTeams: [],
              removeTeams: [],
            });
            if (later.length > 0) {
              const beforeLater = structuredClone(sim.state);
              const mark = sim.requests.length;
              const next = await runApply(client, desired, {
                now: NOW,
                dryRun: false,
                allowMassRemoval: sc.allowMassRemoval,
              });
              expect(next.report.ok).toBe(true);
              expect(
                unique(
                  next.report.writes.flatMap((w) => (w.kind === 'remove-users' ? (w.keys ?? []) : ['?'])),
                ),
              ).toEqual(later);
              expectSafe(beforeLater, sim.state, sim.requests.slice(mark), sc.spec, NOW);
            }

            const writesBefore = seatWrites(sim.requests).length;
            const second = await runApply(client, desired, {
              now: NOW,
              dryRun: false,
              allowMassRemoval: sc.allowMassRemoval,
            });
            expect(second.report.writes).toEqual([]);
            expect(seatWrites(sim.requests).length).toBe(writesBefore);
          } finally {
            countRequests(tally, sim.requests);
            await sim.close();
          }
        }),
        options(40),
      );
    },
    propertyTimeout(40),
  );
});

/** Org teams that are selected but named by no active seat: what the API cannot show. */
function invisibleSelectedTeams(state: SimState): string[] {
  const shown = new Set<string>();
  for (const seat of state.seats) {
    if (seat.pending_cancellation_date) continue;
    const t = assigningTeamOf(state, seat);
    if (t?.kind === 'team') shown.add(t.team.slug.toLowerCase());
  }
  return state.teams
    .filter((t) => t.selected && !shown.has(t.slug.toLowerCase()))
    .map((t) => t.slug.toLowerCase())
    .sort();
}

describe('plan and apply on random orgs (invisible teams allowed)', () => {
  it(
    'is safe on every apply and converges within a bounded number of applies, up to the ensure adds of invisible teams',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb({ anchored: false }), behaviours, async (sc, behaviour) => {
          tally.cases++;
          countBehaviour(tally, behaviour);
          const desired = loadSeats(sc.yaml);
          const sim = await startCheckedSimulator(withBehaviour(structuredClone(sc.state), behaviour));
          try {
            const client = fastClient(sim.url);
            // Each apply uncovers at most one more team per seat: teams + 2 applies always suffice.
            const bound = sc.state.teams.length + 2;
            let remaining = -1;
            for (let i = 0; i < bound; i++) {
              const before = structuredClone(sim.state);
              const mark = sim.requests.length;
              const out = await runApply(client, desired, {
                now: NOW,
                dryRun: false,
                allowMassRemoval: sc.allowMassRemoval,
              });
              expect(out.refused).toBeUndefined();
              expect(out.report.writes.filter((w) => !w.ok)).toEqual([]);
              expectSafe(before, sim.state, sim.requests.slice(mark), sc.spec, NOW);
              // DELETEs only of what this apply's plan cancels, and of the direct seats it revealed.
              const sent = deletes(sim.requests.slice(mark));
              const mayCancel = [
                ...out.plan.remove.users.map((u) => u.key),
                ...hiddenDirectSeats(before, sc.spec, NOW).revealed,
              ];
              expect(unique(sent.users).filter((u) => !unique(mayCancel).includes(u))).toEqual([]);
              const teams = unique(out.plan.remove.teams.map((t) => t.key));
              expect(
                unique(sent.teams.map((t) => teamSlug(before, t))).filter((t) => !teams.includes(t)),
              ).toEqual([]);
              const { plan } = await computePlan(client, desired, NOW);
              const real = changeCount(plan) - plan.add.teams.filter((t) => t.ensure).length;
              if (real === 0) {
                remaining = i;
                break;
              }
            }
            expect(remaining, 'did not converge').toBeGreaterThanOrEqual(0);
            expect(unseatedDesired(sim.state, sc.spec, NOW)).toEqual([]);

            // What is left: ensure adds, exactly of the listed teams the API cannot show.
            const { plan } = await computePlan(client, desired, NOW);
            const ensured = plan.add.teams.map((t) => t.key).sort();
            const invisibleListed = invisibleSelectedTeams(sim.state).filter((t) =>
              sc.spec.teams.some((s) => s.slug.toLowerCase() === t),
            );
            const emptyListed = sc.spec.teams
              .map((s) => s.slug.toLowerCase())
              .filter((t) => sim.state.teams.find((x) => x.slug === t)?.members.length === 0);
            expect(ensured).toEqual([...new Set([...invisibleListed, ...emptyListed])].sort());
            // …and such a re-apply changes no seat.
            const seatsBefore = structuredClone(sim.state.seats);
            const again = await runApply(client, desired, {
              now: NOW,
              dryRun: false,
              allowMassRemoval: sc.allowMassRemoval,
            });
            expect(again.report.writes.every((w) => w.kind === 'add-teams')).toBe(true);
            expect(sim.state.seats).toEqual(seatsBefore);
          } finally {
            countRequests(tally, sim.requests);
            await sim.close();
          }
        }),
        options(25),
      );
    },
    propertyTimeout(25),
  );
});

describe('the behaviours drawn', () => {
  it('include every value of every simulator behaviour option', () => {
    expectEveryBehaviourDrawn(tally);
  });
});
