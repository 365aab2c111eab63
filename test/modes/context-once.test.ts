// The plan's context (the index of 100,000 seats) is built once per plan: the lookups are chosen
// from it and the planner is given the same one, with the same plan as a context of its own.
import { describe, expect, it, vi } from 'vitest';
import { makeScenario } from '../../bench/scenario.ts';
import { parseSeats } from '../../src/config/parse.ts';
import * as context from '../../src/plan/context.ts';
import { computePlan } from '../../src/modes/plan.ts';
import { makePlan } from '../../src/plan/planner.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';

vi.mock('../../src/plan/context.ts', async (actual) => {
  const real = await actual<typeof import('../../src/plan/context.ts')>();
  return { ...real, buildContext: vi.fn(real.buildContext) };
});

useCheckedSimulators();

describe('computePlan', () => {
  it('builds the context once and plans as makePlan does', async () => {
    const { state, yaml } = makeScenario(450);
    const { desired } = parseSeats(yaml, 'seats.yaml');
    if (!desired) throw new Error('the scenario seats.yaml is not valid');
    const now = new Date(state.now);
    const sim = await startCheckedSimulator(state);
    const build = vi.mocked(context.buildContext);
    build.mockClear();
    const { live, plan } = await computePlan(fastClient(sim.url), desired, now);
    expect(build).toHaveBeenCalledTimes(1);
    expect(plan).toEqual(makePlan(desired, live, { now }));
    expect(plan.add.users.length + plan.remove.users.length).toBeGreaterThan(0);
  });
});
