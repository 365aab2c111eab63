// The seat rules of design.md §3, over real HTTP through a real octokit.
import { describe, expect, it } from 'vitest';
import { addTeamMember, advanceTo, removeTeamMember, seatOf } from '../../src/simulator/model.ts';
import type { SimState } from '../../src/simulator/state.ts';
import { testOctokit, type TestOctokit } from '../support/octokit.ts';
import { startCheckedSimulator, useCheckedSimulators, type CheckedOptions } from '../support/simulator.ts';
import { smallOrg } from './fixture.ts';

useCheckedSimulators();

const USERS = 'POST /orgs/{org}/copilot/billing/selected_users';
const UNUSERS = 'DELETE /orgs/{org}/copilot/billing/selected_users';
const TEAMS = 'POST /orgs/{org}/copilot/billing/selected_teams';
const UNTEAMS = 'DELETE /orgs/{org}/copilot/billing/selected_teams';

interface SeatJson {
  assignee: { login: string } | null;
  assigning_team: { slug: string; name: string; type?: string; group_id?: unknown } | null;
  pending_cancellation_date: string | null;
  created_at: string;
}

async function setup(state: SimState = smallOrg(), options: CheckedOptions = {}) {
  const sim = await startCheckedSimulator(state, options);
  const o = testOctokit(sim.url);
  const seat = async (username: string): Promise<SeatJson> =>
    (await o.request('GET /orgs/{org}/members/{username}/copilot', { org: 'acme', username }))
      .data as SeatJson;
  return { sim, o, state, seat };
}

const writes = (o: TestOctokit) => ({
  add: async (...names: string[]) =>
    (await o.request(USERS, { org: 'acme', selected_usernames: names })).data.seats_created,
  cancel: async (...names: string[]) =>
    (await o.request(UNUSERS, { org: 'acme', selected_usernames: names })).data.seats_cancelled,
  addTeams: async (...names: string[]) =>
    (await o.request(TEAMS, { org: 'acme', selected_teams: names })).data.seats_created,
  cancelTeams: async (...names: string[]) =>
    (await o.request(UNTEAMS, { org: 'acme', selected_teams: names })).data.seats_cancelled,
});

describe('adding users', () => {
  it('creates a seat for a member without one, and counts it', async () => {
    const { o, seat } = await setup();
    expect(await writes(o).add('erin')).toBe(1);
    const s = await seat('erin');
    expect(s.assignee?.login).toBe('erin');
    expect(s.assigning_team).toBeNull();
    expect(s.created_at).toBe('2025-06-15T12:00:00Z');
  });

  it('skips an active seat and does not count it', async () => {
    const { o } = await setup();
    expect(await writes(o).add('alice', 'erin')).toBe(1);
    expect(await writes(o).add('alice', 'erin')).toBe(0);
  });

  it('reactivates a pending seat and counts it', async () => {
    const { o, seat } = await setup();
    expect((await seat('grace')).pending_cancellation_date).toBe('2025-07-01');
    expect(await writes(o).add('grace')).toBe(1);
    expect((await seat('grace')).pending_cancellation_date).toBeNull();
  });

  it('adds a direct source to a team seat without counting it; the seat then shows no team', async () => {
    const { o, seat } = await setup();
    expect((await seat('dave')).assigning_team?.slug).toBe('data-science');
    expect(await writes(o).add('dave')).toBe(0);
    expect((await seat('dave')).assigning_team).toBeNull();
  });

  it('fails the whole request for an unknown or non-member login, naming them, and changes nothing', async () => {
    const { o, state } = await setup();
    const before = JSON.stringify(state);
    await expect(writes(o).add('erin', 'ghost', 'invited')).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('One or more users do not exist in this organization: ghost, invited'),
    });
    expect(JSON.stringify(state)).toBe(before);
    expect(seatOf(state, 'erin')).toBeUndefined();
  });

  it('compares logins case-insensitively and shows the stored case', async () => {
    const { o, seat } = await setup();
    expect(await writes(o).add('ERIN', 'Alice')).toBe(1);
    expect((await seat('Erin')).assignee?.login).toBe('erin');
    expect((await seat('alice')).assignee?.login).toBe('Alice');
  });
});

describe('cancelling users', () => {
  it('leaves the seat active and pending until the next cycle start, and counts it', async () => {
    const { o, seat, state } = await setup();
    expect(await writes(o).cancel('alice')).toBe(1);
    expect((await seat('alice')).pending_cancellation_date).toBe(state.billing_cycle_start);
  });

  it('skips a seat that is already pending, and a member without a seat', async () => {
    const { o } = await setup();
    expect(await writes(o).cancel('grace', 'erin')).toBe(0);
  });

  it('refuses the whole request with 422 when a seat comes only through a team, and changes nothing', async () => {
    const { o, seat, state } = await setup();
    const before = JSON.stringify(state);
    await expect(writes(o).cancel('alice', 'dave')).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/dave.*seat was assigned via a team/),
    });
    expect(JSON.stringify(state)).toBe(before);
    expect((await seat('alice')).pending_cancellation_date).toBeNull();
  });

  it('refuses an enterprise-team seat the same way', async () => {
    const { o } = await setup();
    await expect(writes(o).cancel('heidi')).rejects.toMatchObject({ status: 422 });
  });

  it('removes only the direct source of a user who also has a team seat: the seat stays, uncounted', async () => {
    const { o, seat } = await setup();
    expect((await seat('bob')).assigning_team).toBeNull();
    expect(await writes(o).cancel('bob')).toBe(0);
    const s = await seat('bob');
    expect(s.pending_cancellation_date).toBeNull();
    expect(s.assigning_team?.slug).toBe('backend');
  });

  it('fails the whole request for a non-member', async () => {
    const { o, state } = await setup();
    await expect(writes(o).cancel('alice', 'ghost')).rejects.toMatchObject({ status: 404 });
    expect(seatOf(state, 'alice')?.pending_cancellation_date).toBeFalsy();
  });
});

describe('teams', () => {
  it('selecting a team seats all its members, shown with the spec team shape', async () => {
    const { o, seat, sim } = await setup();
    expect(await writes(o).addTeams('Design')).toBe(2);
    const s = await seat('frank');
    expect(s.assigning_team).toMatchObject({ slug: 'design', name: 'Design', type: 'organization' });
    expect(s.assigning_team).toHaveProperty('url', expect.stringContaining(sim.url));
    expect(await writes(o).addTeams('design')).toBe(0);
  });

  it('an unknown team fails the whole request and changes nothing', async () => {
    const { o, state } = await setup();
    const before = JSON.stringify(state);
    await expect(writes(o).addTeams('design', 'nope')).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('One or more teams do not exist in this organization: nope'),
    });
    expect(JSON.stringify(state)).toBe(before);
  });

  it('matches team names only when told to (the spec says names)', async () => {
    const { o } = await setup(smallOrg({ behaviour: { team_names: 'name' } }));
    await expect(writes(o).addTeams('data-science')).rejects.toMatchObject({ status: 404 });
    expect(await writes(o).addTeams('Data Science')).toBe(0);
  });

  it('cancelling a team makes pending only the seats no other source gives, and counts those', async () => {
    const { o, seat } = await setup();
    expect(await writes(o).cancelTeams('data-science')).toBe(1);
    const dave = await seat('dave');
    expect(dave.pending_cancellation_date).toBe('2025-07-01');
    expect(dave.assigning_team?.slug).toBe('data-science');
    const carol = await seat('carol');
    expect(carol.pending_cancellation_date).toBeNull();
    expect(carol.assigning_team?.slug).toBe('backend');
    expect(await writes(o).cancelTeams('data-science')).toBe(0);
  });

  it('re-selecting a team reactivates its pending seats and counts them', async () => {
    const { o, seat } = await setup();
    await writes(o).cancelTeams('data-science');
    expect(await writes(o).addTeams('data-science')).toBe(1);
    expect((await seat('dave')).pending_cancellation_date).toBeNull();
  });

  it('a member added to a selected team gets a seat; one who leaves it loses the seat', async () => {
    const { seat, state } = await setup();
    expect(addTeamMember(state, 'backend', 'Erin').seatCreated).toBe(true);
    expect((await seat('erin')).assigning_team?.slug).toBe('backend');
    expect(addTeamMember(state, 'design', 'frank').seatCreated).toBe(false);
    expect(removeTeamMember(state, 'backend', 'erin').seatCancelled).toBe(true);
    expect((await seat('erin')).pending_cancellation_date).toBe('2025-07-01');
  });

  it('joining a selected team reactivates a pending seat', async () => {
    const { seat, state } = await setup();
    expect(addTeamMember(state, 'backend', 'grace').seatCreated).toBe(true);
    expect((await seat('grace')).pending_cancellation_date).toBeNull();
  });
});

describe('assigning_team', () => {
  it('is null for a direct seat, the earliest selected team otherwise, the enterprise team shape for one', async () => {
    const { seat } = await setup();
    expect((await seat('alice')).assigning_team).toBeNull();
    expect((await seat('carol')).assigning_team?.slug).toBe('data-science');
    const ent = (await seat('heidi')).assigning_team;
    expect(ent).toMatchObject({ slug: 'ent:copilot-pilot', group_id: null });
    expect(ent).not.toHaveProperty('type');
  });

  it('breaks a tie of selection times by slug', async () => {
    const state = smallOrg();
    for (const t of state.teams) t.selected_at = '2024-01-01T00:00:00Z';
    const { seat } = await setup(state);
    expect((await seat('carol')).assigning_team?.slug).toBe('backend');
  });
});

describe('the seat management setting', () => {
  for (const [setting, pattern] of [
    ['assign_all', /enabled Copilot access for all members/],
    ['disabled', /disabled/],
    ['unconfigured', /not set up/],
  ] as const) {
    it(`refuses every write with 422 when it is ${setting}`, async () => {
      const { o, state } = await setup(smallOrg({ seat_management_setting: setting }));
      const before = JSON.stringify(state);
      for (const call of [
        () => writes(o).add('erin'),
        () => writes(o).cancel('alice'),
        () => writes(o).addTeams('design'),
        () => writes(o).cancelTeams('backend'),
      ]) {
        await expect(call()).rejects.toMatchObject({ status: 422, message: expect.stringMatching(pattern) });
      }
      expect(JSON.stringify(state)).toBe(before);
    });
  }
});

describe('body limits', () => {
  it('refuses more than 100 names and an empty list with 422', async () => {
    const { o } = await setup(smallOrg(), { allowInvalidRequestBodies: true });
    const many = Array.from({ length: 101 }, (_, i) => `user${i}`);
    await expect(writes(o).add(...many)).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('at most 100'),
    });
    await expect(writes(o).add()).rejects.toMatchObject({ status: 422 });
    await expect(writes(o).cancelTeams()).rejects.toMatchObject({ status: 422 });
  });

  it('accepts exactly 100 names', async () => {
    const state = smallOrg();
    for (let i = 0; i < 100; i++) state.members.push({ login: `extra${i}`, id: 1000 + i });
    const { o } = await setup(state);
    expect(await writes(o).add(...state.members.slice(-100).map((m) => m.login))).toBe(100);
  });
});

describe('the billing cycle', () => {
  it('ends pending seats at the cycle start, and the next cycle starts a month later', async () => {
    const { o, state, sim } = await setup();
    await writes(o).cancel('alice');
    advanceTo(state, '2025-06-30T23:59:59Z');
    expect(seatOf(state, 'alice')).toBeDefined();
    advanceTo(state, '2025-07-01T00:00:00Z');
    expect(seatOf(state, 'alice')).toBeUndefined();
    expect(seatOf(state, 'grace')).toBeUndefined();
    expect(state.billing_cycle_start).toBe('2025-08-01');
    await expect(
      o.request('GET /orgs/{org}/members/{username}/copilot', { org: 'acme', username: 'alice' }),
    ).rejects.toMatchObject({ status: 404 });
    const billing = await o.request('GET /orgs/{org}/copilot/billing', { org: 'acme' });
    expect(billing.data.seat_breakdown.total).toBe(state.seats.length);
    expect(billing.data.seat_breakdown.pending_cancellation).toBe(0);
    expect(sim.requests.at(-1)?.route).toBe('/orgs/{org}/copilot/billing');
  });

  it('reports the seat breakdown and the setting', async () => {
    const { o } = await setup();
    const { data } = await o.request('GET /orgs/{org}/copilot/billing', { org: 'ACME' });
    expect(data.seat_management_setting).toBe('assign_selected');
    expect(data.plan_type).toBe('business');
    expect(data.seat_breakdown).toMatchObject({ total: 7, pending_cancellation: 1, active_this_cycle: 1 });
  });
});
