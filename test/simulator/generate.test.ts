// The generator: deterministic from its seed, and a 100,000-seat org served page by page at the
// cost of a page, not of the list.
import { describe, expect, it } from 'vitest';
import { generateOrg } from '../../src/simulator/generate.ts';
import { indexBuildCount, serializeSimState } from '../../src/simulator/state.ts';
import { testOctokit } from '../support/octokit.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';

useCheckedSimulators();

describe('generateOrg', () => {
  it('is deterministic: the same seed gives the same org, another seed another', () => {
    const opts = { members: 400, teams: 10, seats: 300 };
    const a = serializeSimState(generateOrg({ ...opts, seed: 'x' }));
    expect(serializeSimState(generateOrg({ ...opts, seed: 'x' }))).toBe(a);
    expect(serializeSimState(generateOrg({ ...opts, seed: 'y' }))).not.toBe(a);
  });

  it('makes exactly the seats asked for, through selected teams, direct and pending', () => {
    const s = generateOrg({ members: 1000, teams: 8, seats: 800, seed: 1, pendingShare: 0.1 });
    expect(s.seats).toHaveLength(800);
    expect(s.members).toHaveLength(1000);
    expect(s.teams).toHaveLength(8);
    const viaTeam = s.seats.filter((x) => x.teams?.length).length;
    expect(viaTeam).toBe(320);
    expect(s.seats.filter((x) => x.pending_cancellation_date).length).toBeGreaterThan(20);
    expect(s.seats.filter((x) => x.direct && x.teams?.length).length).toBeGreaterThan(0);
    const created = s.seats.map((x) => x.created_at);
    expect(created).toEqual([...created].sort());
  });

  it('refuses more seats than members', () => {
    expect(() => generateOrg({ members: 5, teams: 1, seats: 6, seed: 1 })).toThrow(/more seats than members/);
  });
});

describe('100,000 seats', () => {
  it('serves page 1000 at the cost of one page, reusing the index', async () => {
    const state = generateOrg({ members: 110_000, teams: 40, seats: 100_000, seed: 100 });
    const sim = await startCheckedSimulator(state);
    const o = testOctokit(sim.url);
    const first = await o.request('GET /orgs/{org}/copilot/billing/seats', { org: 'bigcorp', per_page: 100 });
    expect(first.data.total_seats).toBe(100_000);
    const builds = indexBuildCount();
    const serialized = sim.stats.seatsSerialized;
    const last = await o.request('GET /orgs/{org}/copilot/billing/seats', {
      org: 'bigcorp',
      per_page: 100,
      page: 1000,
    });
    const middle = await o.request('GET /orgs/{org}/copilot/billing/seats', {
      org: 'bigcorp',
      per_page: 100,
      page: 500,
    });
    expect(last.data.seats?.map((s) => s.assignee?.login)).toEqual(
      state.seats.slice(99_900).map((s) => s.login),
    );
    expect(middle.data.seats).toHaveLength(100);
    expect(last.headers.link).not.toContain('rel="next"');
    expect(sim.stats.seatsSerialized - serialized).toBe(200);
    expect(indexBuildCount()).toBe(builds);
  });

  it('rebuilds the index once after a write that adds a seat, then reuses it', async () => {
    const state = generateOrg({ members: 20_000, teams: 10, seats: 15_000, seed: 5 });
    const sim = await startCheckedSimulator(state);
    const o = testOctokit(sim.url);
    await o.request('GET /orgs/{org}/copilot/billing/seats', { org: 'bigcorp', per_page: 100, page: 3 });
    await o.request('POST /orgs/{org}/copilot/billing/selected_users', {
      org: 'bigcorp',
      selected_usernames: ['user019999'],
    });
    const builds = indexBuildCount();
    for (const page of [1, 50, 151]) {
      await o.request('GET /orgs/{org}/copilot/billing/seats', { org: 'bigcorp', per_page: 100, page });
    }
    expect(indexBuildCount() - builds).toBe(1);
    expect(state.seats.at(-1)?.login).toBe('user019999');
  });
});
