// Apply under injected faults: random 500/502/503, 429 and 403 secondary rate limits with
// retry-after, dropped connections (the simulator's faultRate + seed), slow answers (latencyMs),
// and a seat list that changes while it is paged (onSeatsPage). Per case:
//   - the reviewed plan is computed first, from a quiet org, as the PR comment showed it;
//   - the apply under faults either succeeds or fails with a clear message (what failed, and how);
//   - every DELETE it sends (retries included) names only users and teams the reviewed plan cancels;
//   - no seat of a desired or exempt user, or through a listed or exempt team, is cancelled;
//   - a re-run without faults finishes the job, and the next plan is empty.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runApply } from '../../src/modes/apply.ts';
import { computePlan } from '../../src/modes/plan.ts';
import { cancelSeatsForUsers, deleteSeat } from '../../src/simulator/model.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import { buildScenario, NOW, rawScenarioArb } from './scenario.ts';
import {
  changeCount,
  countRequests,
  deletes,
  expectSafe,
  loadSeats,
  newTally,
  propertyRuns,
  propertyTimeout,
  propertySeed,
  summaryLine,
  unseatedDesired,
} from './support.ts';

useCheckedSimulators();

const tally = newTally();
const outcomes = { ok: 0, failedWrites: 0, threw: 0, shifted: 0 };
afterAll(() =>
  console.log(
    `${summaryLine('apply under faults', tally)}; outcomes: ${outcomes.ok} ok, ${outcomes.failedWrites} with failed writes, ${outcomes.threw} stopped with an error; ${outcomes.shifted} lists shifted while paged`,
  ),
);

const faultArb = fc.record({
  faultRate: fc.double({ min: 0.05, max: 0.4, noNaN: true }),
  seed: fc.integer({ min: 1, max: 0x7fffffff }),
  latencyMs: fc.constantFrom(0, 0, 0, 1, 3),
  paged: fc.boolean(),
  shift: fc.constantFrom('none', 'drop-seat', 'cancel-seat'),
});

/** A clear failure names the call and what went wrong, and never leaks the token. */
function expectClear(message: string): void {
  expect(message).toMatch(
    /failed: (\d{3} \S|fetch failed|.*(timeout|abort|socket|ECONNRESET))|kept changing|^skipped: /i,
  );
  expect(message).not.toMatch(/undefined|\[object Object\]|test-token/);
  if (/rate limit/i.test(message)) expect(message).not.toMatch(/token needs|lacks the scope/);
}

describe('apply under random faults', () => {
  it(
    'succeeds or fails clearly, never cancels outside the reviewed plan, and a clean re-run converges',
    async () => {
      await fc.assert(
        fc.asyncProperty(rawScenarioArb(), faultArb, async (raw, f) => {
          tally.cases++;
          const sc = buildScenario(raw, { anchored: true, fillers: f.paged ? 150 : 0 });
          const desired = loadSeats(sc.yaml);
          const state = structuredClone(sc.state);
          const run = (url: string) =>
            runApply(fastClient(url), desired, {
              now: NOW,
              dryRun: false,
              allowMassRemoval: sc.allowMassRemoval,
            });

          // The reviewed plan, from a quiet org.
          const quiet = await startCheckedSimulator(state);
          const { plan: reviewed } = await computePlan(fastClient(quiet.url), desired, NOW);
          await quiet.close();
          const allowedUsers = new Set(reviewed.remove.users.map((u) => u.key.toLowerCase()));
          const allowedTeams = new Set(
            reviewed.remove.teams.flatMap((t) => [t.key, (t.name ?? t.slug).toLowerCase()]),
          );

          const before = structuredClone(state);
          const moved = new Set<string>();
          const victim = sc.fillers[7];
          const noisy = await startCheckedSimulator(state, {
            faultRate: f.faultRate,
            seed: f.seed,
            latencyMs: f.latencyMs,
            onSeatsPage: (page, st) => {
              if (page !== 2 || f.shift === 'none' || victim === undefined || moved.size > 0) return;
              moved.add(victim);
              outcomes.shifted++;
              if (f.shift === 'drop-seat') deleteSeat(st, victim);
              else cancelSeatsForUsers(st, { selected_usernames: [victim] });
            },
          });
          try {
            try {
              const out = await run(noisy.url);
              expect(out.refused).toBeUndefined();
              const failed = out.report.writes.filter((w) => !w.ok);
              for (const w of failed) expectClear(w.error ?? '');
              if (process.env.PROPERTY_VERBOSE) for (const w of failed) console.log(w.error);
              if (failed.length > 0 || !out.report.ok) outcomes.failedWrites++;
              else outcomes.ok++;
            } catch (error) {
              outcomes.threw++;
              if (process.env.PROPERTY_VERBOSE) console.log((error as Error).message);
              expect(error).toBeInstanceOf(Error);
              expectClear((error as Error).message);
            }
            const sent = deletes(noisy.requests);
            expect(
              sent.users.filter((u) => !allowedUsers.has(u)),
              'DELETE of a user outside the reviewed plan',
            ).toEqual([]);
            expect(
              sent.teams.filter((t) => !allowedTeams.has(t)),
              'DELETE of a team outside the reviewed plan',
            ).toEqual([]);
            expectSafe(before, state, noisy.requests, sc.spec, NOW, moved);
          } finally {
            countRequests(tally, noisy.requests);
            await noisy.close();
          }

          // A re-run without faults finishes the job.
          const clean = await startCheckedSimulator(state);
          try {
            const again = await run(clean.url);
            expect(again.refused).toBeUndefined();
            expect(again.report.ok, JSON.stringify(again.report)).toBe(true);
            const sent = deletes(clean.requests);
            expect(sent.users.filter((u) => !allowedUsers.has(u))).toEqual([]);
            expect(sent.teams.filter((t) => !allowedTeams.has(t))).toEqual([]);
            expectSafe(before, state, clean.requests, sc.spec, NOW, moved);
            expect(unseatedDesired(state, sc.spec, NOW)).toEqual([]);
            const { plan } = await computePlan(fastClient(clean.url), desired, NOW);
            expect(changeCount(plan)).toBe(0);
          } finally {
            await clean.close();
          }
        }),
        { numRuns: propertyRuns(40), seed: propertySeed(), endOnFailure: false },
      );
    },
    propertyTimeout(40),
  );
});
