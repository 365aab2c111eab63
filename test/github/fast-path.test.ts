// The fast path (page 1, then the other pages concurrently) against the plain way (sequential
// octokit.paginate): the same seats in the same order, and so the same plan.
import { describe, expect, it } from 'vitest';
import { readLiveStateSequential, readSeatsSequential } from '../../bench/baseline.ts';
import { makeScenario } from '../../bench/scenario.ts';
import { parseSeats } from '../../src/config/parse.ts';
import { readSeats } from '../../src/github/live.ts';
import { readLiveState } from '../../src/modes/plan.ts';
import { makePlan } from '../../src/plan/planner.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import { orgApi } from '../../src/github/scope-api.ts';

useCheckedSimulators();

const SEATS = '/orgs/{org}/copilot/billing/seats';

describe('fast path', () => {
  it('reads the same seats as sequential paginate, one request per page', async () => {
    // 1,050 seats: ten full pages and a short one; a little latency so that pages overlap.
    const { state } = makeScenario(1050);
    const sim = await startCheckedSimulator(state, { latencyMs: 2 });
    const client = fastClient(sim.url, { concurrency: 4 });
    const fast = await readSeats(client, orgApi(state.org.login));
    const fastPages = sim.requests.filter((r) => r.route === SEATS).length;
    const plain = await readSeatsSequential(client, state.org.login);
    expect(fast).toHaveLength(1050);
    expect(fast).toEqual(plain);
    expect(fastPages).toBe(11);
    expect(sim.requests.filter((r) => r.route === SEATS)).toHaveLength(22);
  });

  it('makes the same plan as the plain way', async () => {
    const { state, yaml } = makeScenario(1050);
    const { desired } = parseSeats(yaml, 'seats.yaml');
    if (!desired) throw new Error('the scenario seats.yaml is not valid');
    const now = new Date(state.now);
    const sim = await startCheckedSimulator(state, { latencyMs: 1 });
    const client = fastClient(sim.url);
    const fast = await readLiveState(client, desired, now);
    const plain = await readLiveStateSequential(client, desired, now);
    expect(fast).toEqual(plain);
    const plan = makePlan(desired, fast, { now });
    expect(plan).toEqual(makePlan(desired, plain, { now }));
    // Not a trivial plan: it adds and cancels users and teams.
    expect(
      [plan.add.users, plan.add.teams, plan.remove.users, plan.remove.teams].map((l) => l.length > 0),
    ).toEqual([true, true, true, true]);
  });
});
