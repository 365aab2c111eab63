// Properties of plan and apply at enterprise scope, over real HTTP through the production client
// against the checked simulator: random enterprises (a main org with a team, another org, members
// in no org, enterprise teams selected or not, seats from several sources at once, pending seats,
// a seat without assignee) and random enterprise seats.yaml files (users, enterprise teams written
// with or without `ent:`, exemptions of users and teams, expiries, a generous max_removals),
// loaded by the real loader (enterprise-scenario.ts). Each case draws a simulator behaviour
// (support.ts: behaviourArb; the first cases go through every value) and, for some cases, random
// faults (5xx, 429, 403 secondary limits, dropped connections) for its first apply, with the seat
// list changing while that apply pages it (a source lost or gained, a seat gone); a clean re-run
// follows. A listed login may be no member of the enterprise (only the write can tell).
//
//   safe       no apply cancels a listed or exempt user's seat, a seat an org grants (outside the
//              file), or an exempt (or listed) team's; no write goes to an org endpoint, no DELETE
//              names a user or team the file keeps, or anything the plan of the enterprise as it
//              was does not cancel (faults and re-runs included)
//   reference  the plan's changes and counts (seats lost and gained, removals, kept elsewhere)
//              equal an independent reference model (enterprise-reference.ts); after a clean
//              apply, exactly the users the model says hold a seat
//   counted    seatsLost and safety.removals count each seat holder at most once (in a user
//              cancellation or a team's loss, never both), and never one who keeps a seat
//   converge   after one successful apply (a clean re-run when the first had faults), a new plan
//              has no changes, up to team cancellations GitHub accepted for later (202) that are
//              still processing, the "ensure" adds of listed teams with no members (the API cannot
//              show an empty selected team), and the add of a listed non-member with the team
//              cancellations its failed add held back (applier.ts)
//
// PROPERTY_RUNS, PROPERTY_SEED: support.ts. The default runs stay within about 10 s.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runApply, type ApplyOutcome } from '../../src/modes/apply.ts';
import { computePlan } from '../../src/modes/plan.ts';
import type { Plan } from '../../src/plan/types.ts';
import { deleteSeat } from '../../src/simulator/model.ts';
import { cancelEnterpriseSeatsForUsers } from '../../src/simulator/model-enterprise.ts';
import type { LoggedRequest } from '../../src/simulator/server.ts';
import { withBehaviour, type SimState } from '../../src/simulator/state.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import {
  fileNames,
  holders,
  referenceEnterprise,
  teamKey,
  type EntExpected,
} from './enterprise-reference.ts';
import { buildEnterprise, NOW, rawEnterpriseArb, type EntScenario } from './enterprise-scenario.ts';
import {
  behaviourArb,
  countBehaviour,
  countRequests,
  expectEveryBehaviourDrawn,
  loadSeats,
  newTally,
  propertyRuns,
  propertySeed,
  propertyTimeout,
  summaryLine,
} from './support.ts';

useCheckedSimulators();

const tally = newTally();
const seen = {
  shifted: 0,
  processing: 0,
  heldTeams: 0,
  keptElsewhere: 0,
  lostWithTeams: 0,
  faulted: 0,
  threw: 0,
  failedWrites: 0,
};
afterAll(() =>
  console.log(
    `${summaryLine('enterprise plan/apply', tally)}; ${seen.keptElsewhere} cancellations kept elsewhere, ${seen.lostWithTeams} seats lost with teams, ${seen.processing} team cancellations still processing, ${seen.heldTeams} held back by a failed add (none expected); ${seen.faulted} applies under faults (${seen.failedWrites} with failed writes, ${seen.threw} stopped with an error); ${seen.shifted} lists changed while paged`,
  ),
);

const behaviours = behaviourArb();
const lc = (s: string): string => s.toLowerCase();
const uniq = (xs: readonly string[]): string[] => [...new Set(xs.map(lc))].sort();
const keys = (xs: readonly { key: string }[]): string[] => xs.map((x) => lc(x.key)).sort();

const faultArb = fc.record({
  faultRate: fc.double({ min: 0.05, max: 0.5, noNaN: true }),
  seed: fc.integer({ min: 1, max: 0x7fffffff }),
});

const caseArb = fc.record({
  /** How long GitHub takes for a 202 team cancellation: before the verification reads, or never. */
  asyncDelayMs: fc.constantFrom(1, 1_000_000),
  /** Filler users make the seat list span pages (one row or two each). */
  fillers: fc.constantFrom(0, 0, 110),
  /**
   * With fillers, the world moves while the faulty apply pages the list (page 2, once): a seat
   * loses a source (a row fewer, the same seat count), gains one (a row more), or goes.
   */
  shift: fc.constantFrom('none', 'drop-source', 'add-source', 'drop-seat'),
  /** Faults for the first apply, in a third of the cases. */
  faults: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: faultArb }),
});

// ---------------------------------------------------------------- the checks

/** A name in a selected_enterprise_teams body as the enterprise team key it names. */
function entTeamOf(state: SimState, name: string): string {
  const t = state.enterprise_teams.find(
    (x) => lc(x.name) === lc(name) || lc(x.slug) === lc(name) || lc(x.slug) === `ent:${lc(name)}`,
  );
  return lc(t?.slug ?? teamKey(name));
}

function deleted(requests: readonly LoggedRequest[], field: string): string[] {
  return requests
    .filter((r) => r.method === 'DELETE')
    .flatMap((r) => ((r.body ?? {}) as Record<string, string[] | undefined>)[field] ?? [])
    .map(lc);
}

const activeLogins = (state: SimState): Set<string> =>
  new Set(holders(state).flatMap((h) => (h.active ? [h.login] : [])));

/**
 * (1) Never cancelled: the seat of a listed or exempt user, a seat an org grants, the source of a
 * team the file keeps; nothing written to an org endpoint; no DELETE names what the file keeps.
 */
function expectSafe(
  before: SimState,
  after: SimState,
  requests: readonly LoggedRequest[],
  sc: EntScenario,
  ref: EntExpected,
  /** Logins whose seat the test itself changed (the world moving under the apply). */
  moved: ReadonlySet<string> = new Set(),
): void {
  const f = fileNames(sc.spec);
  // Whatever the faults, only what the plan of the untouched enterprise cancels is ever deleted.
  expect(
    uniq(deleted(requests, 'selected_usernames')).filter((u) => !ref.removeUsers.includes(u)),
    'DELETE selected_users outside the plan',
  ).toEqual([]);
  expect(
    uniq(deleted(requests, 'selected_enterprise_teams').map((t) => entTeamOf(before, t))).filter(
      (t) => !ref.removeTeams.includes(t),
    ),
    'DELETE selected_enterprise_teams outside the plan',
  ).toEqual([]);
  const orgWrites = requests.filter((r) => r.method !== 'GET' && r.path.startsWith('/orgs/'));
  expect(
    orgWrites.map((r) => `${r.method} ${r.path}`),
    'a write to an org endpoint',
  ).toEqual([]);
  const keptUsers = new Set([...f.users, ...f.exemptUsers]);
  const keptTeams = new Set([...f.teams, ...f.exemptTeams]);
  expect(
    deleted(requests, 'selected_usernames').filter((u) => keptUsers.has(u)),
    'DELETE selected_users of a listed or exempt user',
  ).toEqual([]);
  expect(
    deleted(requests, 'selected_enterprise_teams')
      .map((t) => entTeamOf(before, t))
      .filter((t) => keptTeams.has(t)),
    'DELETE selected_enterprise_teams of a listed or exempt team',
  ).toEqual([]);

  const activeAfter = activeLogins(after);
  const afterSeats = new Map(after.seats.flatMap((s) => (s.login ? [[lc(s.login), s] as const] : [])));
  const lost: string[] = [];
  const orgSourceChanged: string[] = [];
  const teamSourceLost: string[] = [];
  for (const h of holders(before)) {
    if (!h.active || moved.has(h.login)) continue;
    const guarded = keptUsers.has(h.login) || h.org || h.entTeams.some((t) => keptTeams.has(t));
    if (guarded && !activeAfter.has(h.login)) lost.push(h.login);
    const was = before.seats.find((s) => s.login !== null && lc(s.login) === h.login);
    const now = afterSeats.get(h.login);
    if (!!was?.direct !== !!now?.direct || uniq(was?.teams ?? []).join() !== uniq(now?.teams ?? []).join())
      orgSourceChanged.push(h.login);
    for (const t of h.entTeams.filter((x) => keptTeams.has(x))) {
      if (!(now?.enterprise_teams ?? []).map(lc).includes(t)) teamSourceLost.push(`${h.login} ${t}`);
    }
  }
  expect(lost, 'seats of listed or exempt users, or from an org or a kept team, cancelled').toEqual([]);
  expect(orgSourceChanged, 'main-org sources changed').toEqual([]);
  expect(teamSourceLost, 'sources through kept enterprise teams taken').toEqual([]);
  const orgs = (st: SimState) =>
    (st.enterprise.orgs ?? []).map((o) => ({
      ...o,
      members: o.members.filter((m) => !moved.has(lc(m))),
      seats: o.seats.filter((m) => !moved.has(lc(m))),
    }));
  expect(orgs(after), 'the other orgs and the seats they grant').toEqual(orgs(before));
  expect(after.teams, 'the main org’s teams').toEqual(before.teams);
  const unselected = before.enterprise_teams
    .filter((t) => t.selected !== false && keptTeams.has(lc(t.slug)))
    .filter((t) => after.enterprise_teams.find((x) => x.slug === t.slug)?.selected === false)
    .map((t) => t.slug);
  expect(unselected, 'a listed or exempt enterprise team unselected').toEqual([]);
}

/** (3) and (4): the plan against the reference model, and how it counts seat holders. */
function expectPlanAsReference(plan: Plan, ref: EntExpected): void {
  expect(plan.errors).toEqual([]);
  expect({
    addUsers: keys(plan.add.users),
    removeUsers: keys(plan.remove.users),
    addTeams: keys(plan.add.teams),
    removeTeams: keys(plan.remove.teams),
  }).toEqual({
    addUsers: ref.addUsers,
    removeUsers: ref.removeUsers,
    addTeams: ref.addTeams,
    removeTeams: ref.removeTeams,
  });
  expect({
    seatsLost: plan.cost.seatsLost,
    seatsGained: plan.cost.seatsGained,
    removals: plan.safety.removals,
    keptElsewhere: plan.safety.keptElsewhere ?? 0,
  }).toEqual({
    seatsLost: ref.seatsLost,
    seatsGained: ref.seatsGained,
    removals: ref.removals,
    keptElsewhere: ref.keptElsewhere,
  });

  // Each seat holder counted at most once: in a user cancellation or with one team, never both.
  const cancelled = plan.remove.users.map((u) => lc(u.key));
  const withTeams = (plan.lostWithTeams ?? []).map(lc);
  expect(new Set(cancelled).size, 'a user cancelled twice').toBe(cancelled.length);
  expect(new Set(withTeams).size, 'a seat lost with two teams').toBe(withTeams.length);
  expect(
    withTeams.filter((u) => cancelled.includes(u)),
    'counted as cancelled and lost with a team',
  ).toEqual([]);
  expect(
    plan.remove.teams.reduce((n, t) => n + t.seats, 0),
    'team losses are the users lost with teams',
  ).toBe(withTeams.length);
  // Never one who keeps a seat: whoever is counted as lost holds no seat after the apply.
  const after = new Set(ref.holdersAfter);
  expect(
    withTeams.filter((u) => after.has(u)),
    'lost with a team, but keeps a seat',
  ).toEqual([]);
  // The users the seat math counts are exactly those who lose their seat: the ones lost with a
  // team, and the cancelled users who are not kept elsewhere or by a team the plan adds.
  const keptByAdded = plan.remove.users.filter((u) => u.keptByTeam !== undefined).map((u) => lc(u.key));
  expect(
    keptByAdded.filter((u) => !after.has(u)),
    'kept by an added team, yet without a seat after',
  ).toEqual([]);
  // …and a cancellation counted as a removal (kept only by a team the plan adds, at risk if that
  // add fails) is never one of a user whom an org or a kept team seats anyway.
  expect(
    keptByAdded.filter((u) => ref.keepSeatAnyway.includes(u)),
    'counted as a removal, but keeps a seat through an org or a kept team',
  ).toEqual([]);
  expect(
    plan.safety.removals - keptByAdded.length,
    'removals, less the cancellations a team the plan adds keeps',
  ).toBe(plan.cost.seatsLost);
  expect(uniq([...withTeams, ...cancelled.filter((u) => !after.has(u))])).toEqual(ref.lost);
}

/** Whose seat each shift changes: a filler seated by acme-labs too (even) or only directly (odd). */
const VICTIMS: Record<string, string | undefined> = {
  'drop-source': 'filler-0',
  'add-source': 'filler-1',
  'drop-seat': 'filler-3',
};

/** The world moving under an apply (scenario fillers: even ones are also seated by acme-labs). */
function shiftWorld(state: SimState, shift: string, victim: string): void {
  if (shift === 'drop-source') cancelEnterpriseSeatsForUsers(state, { selected_usernames: [victim] });
  if (shift === 'drop-seat') deleteSeat(state, victim);
  if (shift === 'add-source') {
    const labs = state.enterprise.orgs?.[0];
    labs?.members.push(victim);
    labs?.seats.push(victim);
  }
}

/** A failure under faults says what failed and how, and never leaks the token. */
function expectClear(message: string): void {
  expect(message).toMatch(
    /failed: (\d{3} \S|fetch failed|.*(timeout|abort|socket|ECONNRESET))|kept changing|^skipped: /i,
  );
  expect(message).not.toMatch(/undefined|\[object Object\]|test-token/);
}

/** The team cancellations an apply left still processing (202, not taken effect when verified). */
function processing(out: ApplyOutcome): string[] {
  return out.report.notes.filter((n) => n.code === 'still-processing').map((n) => lc(n.subject ?? ''));
}

/**
 * (2) A new plan after a successful apply has no changes, up to the team cancellations still
 * processing (or held back by a failed add), the ensure adds of listed teams that have no members, and the add of a listed login
 * that is no enterprise member (planned on every run until it joins).
 */
function expectConverged(
  plan: Plan,
  stillProcessing: readonly string[],
  state: SimState,
  strangers: readonly string[],
): void {
  const empty = new Set(state.enterprise_teams.filter((t) => t.members.length === 0).map((t) => lc(t.slug)));
  expect(plan.errors).toEqual([]);
  expect({
    addUsers: keys(plan.add.users),
    removeUsers: keys(plan.remove.users),
    addTeams: plan.add.teams.filter((t) => !(t.ensure && empty.has(lc(t.key)))).map((t) => t.key),
    removeTeams: keys(plan.remove.teams).filter((t) => !stillProcessing.map(teamKey).includes(t)),
  }).toEqual({ addUsers: [...strangers], removeUsers: [], addTeams: [], removeTeams: [] });
}

// ---------------------------------------------------------------- the property

describe('plan and apply on random enterprises', () => {
  it(
    'plans as the reference model, counts each seat holder once, never cancels what the file or an org keeps, and converges',
    async () => {
      await fc.assert(
        fc.asyncProperty(rawEnterpriseArb(), caseArb, behaviours, async (raw, c, behaviour) => {
          tally.cases++;
          countBehaviour(tally, behaviour);
          const sc = buildEnterprise(raw, { fillers: c.fillers });
          const desired = loadSeats(sc.yaml);
          const state = withBehaviour(structuredClone(sc.state), behaviour);
          const before = structuredClone(state);
          const ref = referenceEnterprise(before, sc.spec);
          seen.keptElsewhere += ref.keptElsewhere;
          const options = { now: NOW, dryRun: false, allowMassRemoval: false, processingWaitMs: 0 };

          // The plan, from a quiet enterprise.
          const sim = await startCheckedSimulator(state, { asyncDelayMs: c.asyncDelayMs });
          try {
            const { plan } = await computePlan(fastClient(sim.url), desired, NOW);
            expectPlanAsReference(plan, ref);
            seen.lostWithTeams += plan.lostWithTeams?.length ?? 0;
          } finally {
            countRequests(tally, sim.requests);
            await sim.close();
          }

          const moved = new Set<string>();
          // An apply under faults: whatever it gets done, it is safe.
          if (c.faults) {
            seen.faulted++;
            const victim = c.fillers === 0 ? undefined : VICTIMS[c.shift];
            const noisy = await startCheckedSimulator(state, {
              faultRate: c.faults.faultRate,
              seed: c.faults.seed,
              asyncDelayMs: c.asyncDelayMs,
              onSeatsPage: (page, st) => {
                if (page !== 2 || victim === undefined || moved.has(victim)) return;
                moved.add(victim);
                seen.shifted++;
                shiftWorld(st, c.shift, victim);
              },
            });
            try {
              try {
                const out = await runApply(fastClient(noisy.url), desired, options);
                expect(out.refused).toBeUndefined();
                for (const w of out.report.writes.filter((x) => !x.ok)) expectClear(w.error ?? '');
                if (out.report.writes.some((w) => !w.ok) || !out.report.ok) seen.failedWrites++;
              } catch (error) {
                seen.threw++;
                expect(error).toBeInstanceOf(Error);
                expectClear((error as Error).message);
              }
              expectSafe(before, state, noisy.requests, sc, ref, moved);
            } finally {
              countRequests(tally, noisy.requests);
              await noisy.close();
            }
          }

          // A clean apply (a re-run after faults) finishes the job, safely, and converges.
          const clean = await startCheckedSimulator(state, { asyncDelayMs: c.asyncDelayMs });
          try {
            const client = fastClient(clean.url);
            const out = await runApply(client, desired, options);
            expect(out.refused).toBeUndefined();
            const report = JSON.stringify(out.report);
            // Only the add of a login that is no enterprise member fails: refused (404) under
            // non_member_in_batch=fail, or answered 2xx without a seat (a mismatch) under skip.
            // That login had no seat for a team cancellation to take, so its failed add holds no
            // team cancellation back (applier.ts holds only those that would take a failed add's seat).
            const stranger = sc.stranger === undefined ? [] : [sc.stranger];
            const refusedAdd = stranger.length > 0 && behaviour.non_member_in_batch === 'fail';
            const failed = out.report.writes.filter((w) => !w.ok);
            expect(
              failed.map((w) => [w.kind, uniq(w.keys ?? w.names)]),
              report,
            ).toEqual(refusedAdd ? [['add-users', stranger]] : []);
            const heldTeams = failed.filter((w) => w.kind === 'remove-teams');
            expect(
              out.report.mismatches.map((m) => lc(m.subject ?? '')),
              report,
            ).toEqual(stranger.length > 0 && behaviour.non_member_in_batch === 'skip' ? stranger : []);
            expect(out.report.held, report).toEqual([]);
            expect(out.report.skipped, report).toEqual([]);
            expect(out.report.ok, report).toBe(stranger.length === 0);
            if (!c.faults) expectPlanAsReference(out.plan, ref);
            expectSafe(before, state, clean.requests, sc, ref, moved);
            const heldKeys = uniq(heldTeams.flatMap((w) => w.keys ?? []));
            const still = [...processing(out), ...heldKeys];
            seen.processing += still.length - heldKeys.length;
            seen.heldTeams += heldKeys.length;
            const { plan: again } = await computePlan(client, desired, NOW);
            expectConverged(again, still, state, stranger);
            if (again.remove.teams.length === 0) {
              // Every cancellation has taken effect: exactly the model's holders hold a seat.
              expect([...activeLogins(state)].sort()).toEqual(
                ref.holdersAfter.filter((u) => !stranger.includes(u)),
              );
            }
          } finally {
            countRequests(tally, clean.requests);
            await clean.close();
          }
        }),
        { numRuns: propertyRuns(36), seed: propertySeed(), endOnFailure: false },
      );
    },
    propertyTimeout(36),
  );
});

describe('the behaviours drawn', () => {
  it('include every value of every simulator behaviour option', () => {
    expectEveryBehaviourDrawn(tally);
  });
});
