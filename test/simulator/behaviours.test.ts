// GitHub's undocumented behaviours (design.md §3.6) as state options: loading them, and each value's
// observable difference over HTTP, through a real octokit and the checked simulator.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seatOf } from '../../src/simulator/model.ts';
import { seatShape } from '../../src/simulator/shapes.ts';
import {
  behaviourVariants,
  loadSimState,
  parseSimState,
  serializeSimState,
  SIM_BEHAVIOURS,
  withBehaviour,
  type SimBehaviour,
  type SimState,
} from '../../src/simulator/state.ts';
import { testOctokit, type TestOctokit } from '../support/octokit.ts';
import { checkExchange, startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import { smallOrg } from './fixture.ts';

useCheckedSimulators();

const SEATS = 'GET /orgs/{org}/copilot/billing/seats';
const SEAT = 'GET /orgs/{org}/members/{username}/copilot';
const USERS = 'POST /orgs/{org}/copilot/billing/selected_users';
const UNUSERS = 'DELETE /orgs/{org}/copilot/billing/selected_users';
const TEAMS = 'POST /orgs/{org}/copilot/billing/selected_teams';
const UNTEAMS = 'DELETE /orgs/{org}/copilot/billing/selected_teams';

interface SeatJson {
  assignee: { login: string } | null;
  assigning_team: Record<string, unknown> | null;
  pending_cancellation_date: string | null;
  last_activity_at: string | null;
  last_activity_editor: string | null;
}

/** smallOrg under these options, served by a checked simulator, with the calls the tests make. */
async function org(behaviour: SimBehaviour, state: SimState = smallOrg({ behaviour })) {
  const sim = await startCheckedSimulator(state);
  const o: TestOctokit = testOctokit(sim.url);
  return {
    sim,
    state,
    seat: async (username: string) => (await o.request(SEAT, { org: 'acme', username })).data as SeatJson,
    list: async () =>
      (await o.request(SEATS, { org: 'acme', per_page: 100 })).data as unknown as {
        total_seats: number;
        seats: SeatJson[];
      },
    add: async (...names: string[]) =>
      (await o.request(USERS, { org: 'acme', selected_usernames: names })).data.seats_created,
    cancel: async (...names: string[]) =>
      (await o.request(UNUSERS, { org: 'acme', selected_usernames: names })).data.seats_cancelled,
    addTeams: async (...names: string[]) =>
      (await o.request(TEAMS, { org: 'acme', selected_teams: names })).data.seats_created,
    cancelTeams: async (...names: string[]) =>
      (await o.request(UNTEAMS, { org: 'acme', selected_teams: names })).data.seats_cancelled,
  };
}

describe('the behaviour options in the state file', () => {
  it('fills every option with its default, the first value of its list', () => {
    const s = parseSimState({ org: 'o' });
    expect(s.behaviour).toEqual({
      team_type: 'present',
      direct_and_team: 'direct',
      unselected_team_seats: 'pending-team',
      team_names: 'name-or-slug',
      readd_counts: 'counted',
      non_member_in_batch: 'fail',
      activity_retention: 'kept',
      enterprise_team_delete: 'sync',
      enterprise_paging: 'rows',
    });
    expect(parseSimState({ org: 'o', behaviour: { team_names: 'slug' } }).behaviour).toMatchObject({
      team_names: 'slug',
      team_type: 'present',
    });
  });

  it.each([
    [
      'an unknown option',
      { team_kind: 'absent' },
      /behaviour: unknown option team_kind \(known: team_type, /,
    ],
    ['an inherited name', { toString: 'x' }, /unknown option toString/],
    [
      'an unknown value',
      { team_type: 'missing' },
      /behaviour\.team_type must be one of present, absent, not "missing"/,
    ],
    [
      'a value of the wrong type',
      { readd_counts: true },
      /behaviour\.readd_counts must be one of counted, not-counted/,
    ],
    ['a list', [], /behaviour must be an object/],
  ])('refuses %s', (_name, behaviour, message) => {
    expect(() => parseSimState({ org: 'o', behaviour })).toThrow(message);
  });

  it('names the file in the load error, and round-trips the options', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-'));
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ org: 'o', behaviour: { team_names: 'id' } }));
    await expect(loadSimState(join(dir, 'bad.json'))).rejects.toThrow(/bad\.json: behaviour\.team_names/);
    const state = smallOrg({ behaviour: { activity_retention: 'cleared-after-90-days' } });
    await writeFile(join(dir, 'ok.json'), serializeSimState(state));
    const back = await loadSimState(join(dir, 'ok.json'));
    expect(back.behaviour?.activity_retention).toBe('cleared-after-90-days');
    expect(serializeSimState(back)).toBe(serializeSimState(state));
  });

  it('lists every non-default value once, one option at a time, plus the defaults', () => {
    const variants = behaviourVariants();
    expect(variants[0]).toEqual({ name: 'defaults', behaviour: {} });
    const expected = Object.entries(SIM_BEHAVIOURS).flatMap(([n, values]) =>
      values.slice(1).map((v) => `${n}=${v}`),
    );
    expect(variants.slice(1).map((v) => v.name)).toEqual(expected);
    expect(variants.map((v) => v.name)).toContain('team_type=absent');
    for (const v of variants.slice(1)) expect(Object.keys(v.behaviour)).toHaveLength(1);
  });

  it('withBehaviour sets options in place, keeps the others, and refuses a bad value', () => {
    const state = smallOrg({ behaviour: { team_names: 'slug' } });
    expect(withBehaviour(state, { readd_counts: 'not-counted' })).toBe(state);
    expect(state.behaviour).toMatchObject({ team_names: 'slug', readd_counts: 'not-counted' });
    expect(() => withBehaviour(state, { team_type: 'nope' } as unknown as SimBehaviour)).toThrow(
      /team_type must be one of/,
    );
  });
});

describe.each(behaviourVariants())('under $name', ({ behaviour }) => {
  it('every read and write conforms to the OpenAPI description', async () => {
    const sim = await org(behaviour);
    await sim.list();
    for (const login of ['alice', 'bob', 'dave', 'heidi', 'grace']) await sim.seat(login);
    await sim.add('erin', 'grace');
    await sim.cancel('alice', 'bob');
    await sim.addTeams('design');
    await sim.cancelTeams('backend');
    await sim.list();
    expect(sim.sim.conformanceErrors()).toEqual([]);
  });
});

describe('team_type', () => {
  it("present: an org team says type 'organization', in the list and for one seat", async () => {
    const { seat, list } = await org({ team_type: 'present' });
    expect((await seat('dave')).assigning_team).toMatchObject({ slug: 'data-science', type: 'organization' });
    const teams = (await list()).seats
      .map((s) => s.assigning_team)
      .filter((t) => t && !String(t.slug).startsWith('ent:'));
    expect(teams.length).toBeGreaterThan(0);
    for (const t of teams) expect(t).toHaveProperty('type', 'organization');
  });

  it('absent: an org team has no type at all; enterprise teams and the team endpoint are unchanged', async () => {
    const { seat, list, sim } = await org({ team_type: 'absent' });
    const dave = (await seat('dave')).assigning_team;
    expect(dave).toMatchObject({ slug: 'data-science', name: 'Data Science' });
    expect(dave).not.toHaveProperty('type');
    for (const s of (await list()).seats) expect(s.assigning_team ?? {}).not.toHaveProperty('type');
    expect((await seat('heidi')).assigning_team).toMatchObject({ slug: 'ent:copilot-pilot', group_id: null });
    const team = await testOctokit(sim.url).request('GET /orgs/{org}/teams/{team_slug}', {
      org: 'acme',
      team_slug: 'backend',
    });
    expect(team.data.type).toBe('organization');
  });

  it('the checker forgives exactly the missing type, and only when the state asked for it', () => {
    const state = smallOrg({ behaviour: { team_type: 'absent' } });
    const dave = seatShape(state, 'http://127.0.0.1:1', seatOf(state, 'dave')!);
    const entry = (responseBody: unknown) => ({
      method: 'GET',
      path: '/orgs/acme/members/dave/copilot',
      query: {},
      body: undefined,
      status: 200,
      responseBody,
      responseHeaders: {},
      route: '/orgs/{org}/members/{username}/copilot',
    });
    expect(checkExchange(entry(dave)).join('\n')).toMatch(/assigning_team/);
    expect(checkExchange(entry(dave), false, { teamTypeAbsent: true })).toEqual([]);
    const { name: _drop, ...noName } = dave.assigning_team as Record<string, unknown>;
    expect(
      checkExchange(entry({ ...dave, assigning_team: noName }), false, { teamTypeAbsent: true }).join('\n'),
    ).toMatch(/assigning_team/);
  });
});

describe('direct_and_team', () => {
  it('direct: a seat with a direct source and a team shows no team', async () => {
    const { seat } = await org({ direct_and_team: 'direct' });
    expect((await seat('bob')).assigning_team).toBeNull();
  });

  it('team: it shows the team; unselecting the team leaves the hidden direct seat active', async () => {
    const { seat, cancelTeams } = await org({ direct_and_team: 'team' });
    expect((await seat('bob')).assigning_team?.slug).toBe('backend');
    expect((await seat('alice')).assigning_team).toBeNull();
    expect(await cancelTeams('backend')).toBe(0);
    const bob = await seat('bob');
    expect(bob.pending_cancellation_date).toBeNull();
    expect(bob.assigning_team).toBeNull();
  });

  it('team: cancelling the user removes only the direct source (no 422, not counted)', async () => {
    const { seat, cancel, state } = await org({ direct_and_team: 'team' });
    expect(await cancel('bob')).toBe(0);
    expect(seatOf(state, 'bob')?.direct).toBe(false);
    expect((await seat('bob')).assigning_team?.slug).toBe('backend');
    await expect(cancel('bob')).rejects.toMatchObject({ status: 422 });
  });
});

describe('unselected_team_seats', () => {
  it('pending-team: the seat goes pending and still shows the team', async () => {
    const { seat, cancelTeams } = await org({ unselected_team_seats: 'pending-team' });
    expect(await cancelTeams('data-science')).toBe(1);
    const dave = await seat('dave');
    expect(dave.pending_cancellation_date).toBe('2025-07-01');
    expect(dave.assigning_team?.slug).toBe('data-science');
  });

  it('pending-no-team: the seat goes pending and shows no team', async () => {
    const { seat, cancelTeams } = await org({ unselected_team_seats: 'pending-no-team' });
    expect(await cancelTeams('data-science')).toBe(1);
    const dave = await seat('dave');
    expect(dave.pending_cancellation_date).toBe('2025-07-01');
    expect(dave.assigning_team).toBeNull();
  });

  it('gone: the seat leaves the list at once, counted all the same; other seats stay', async () => {
    const { seat, list, cancelTeams } = await org({ unselected_team_seats: 'gone' });
    const before = (await list()).total_seats;
    expect(await cancelTeams('data-science')).toBe(1);
    await expect(seat('dave')).rejects.toMatchObject({ status: 404 });
    const after = await list();
    expect(after.total_seats).toBe(before - 1);
    expect(after.seats.map((s) => s.assignee?.login)).not.toContain('dave');
    expect((await seat('carol')).assigning_team?.slug).toBe('backend');
  });
});

describe('team_names', () => {
  it('name-or-slug: either the name or the slug, case-insensitively', async () => {
    const { addTeams, cancelTeams } = await org({ team_names: 'name-or-slug' });
    expect(await addTeams('DESIGN')).toBe(2);
    expect(await cancelTeams('data science')).toBe(1);
  });

  it('name: only team names; a slug is an unknown team and the whole request fails', async () => {
    const { addTeams, cancelTeams, state } = await org({ team_names: 'name' });
    const before = JSON.stringify(state);
    await expect(addTeams('Design', 'data-science')).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('One or more teams do not exist in this organization: data-science'),
    });
    await expect(cancelTeams('data-science')).rejects.toMatchObject({ status: 404 });
    expect(JSON.stringify(state)).toBe(before);
    expect(await cancelTeams('data science')).toBe(1);
  });

  it('slug: only slugs; a name is an unknown team and the whole request fails', async () => {
    const { addTeams, cancelTeams, state } = await org({ team_names: 'slug' });
    const before = JSON.stringify(state);
    await expect(cancelTeams('Data Science')).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('One or more teams do not exist in this organization: Data Science'),
    });
    expect(JSON.stringify(state)).toBe(before);
    expect(await cancelTeams('Data-Science')).toBe(1);
    expect(await addTeams('design')).toBe(2);
  });
});

describe('readd_counts', () => {
  it('counted: re-adding a pending seat reactivates it and counts it, by user and by team', async () => {
    const { seat, add, addTeams, cancelTeams } = await org({ readd_counts: 'counted' });
    expect(await add('grace')).toBe(1);
    expect((await seat('grace')).pending_cancellation_date).toBeNull();
    await cancelTeams('data-science');
    expect(await addTeams('data-science')).toBe(1);
    expect((await seat('dave')).pending_cancellation_date).toBeNull();
  });

  it('not-counted: it reactivates without counting; a new seat still counts', async () => {
    const { seat, add, addTeams, cancelTeams } = await org({ readd_counts: 'not-counted' });
    expect(await add('grace', 'erin')).toBe(1);
    expect((await seat('grace')).pending_cancellation_date).toBeNull();
    expect((await seat('erin')).pending_cancellation_date).toBeNull();
    await cancelTeams('data-science');
    expect((await seat('dave')).pending_cancellation_date).toBe('2025-07-01');
    expect(await addTeams('data-science')).toBe(0);
    expect((await seat('dave')).pending_cancellation_date).toBeNull();
  });
});

describe('non_member_in_batch', () => {
  it('fail: an unknown, non-member or invited login fails the whole request, nothing changes', async () => {
    const { add, cancel, state } = await org({ non_member_in_batch: 'fail' });
    const before = JSON.stringify(state);
    await expect(add('erin', 'ghost', 'invited')).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('One or more users do not exist in this organization: ghost, invited'),
    });
    await expect(cancel('alice', 'ghost')).rejects.toMatchObject({ status: 404 });
    expect(JSON.stringify(state)).toBe(before);
  });

  it('skip: those logins are skipped silently, the others are processed and counted', async () => {
    const { add, cancel, seat, state } = await org({ non_member_in_batch: 'skip' });
    expect(await add('erin', 'ghost', 'invited')).toBe(1);
    expect((await seat('erin')).assignee?.login).toBe('erin');
    expect(seatOf(state, 'ghost')).toBeUndefined();
    expect(seatOf(state, 'invited')).toBeUndefined();
    expect(await cancel('alice', 'ghost')).toBe(1);
    expect((await seat('alice')).pending_cancellation_date).toBe('2025-07-01');
    expect(await add('ghost')).toBe(0);
  });

  it('skip: a seat only through a team still refuses the whole request with 422', async () => {
    const { cancel } = await org({ non_member_in_batch: 'skip' });
    await expect(cancel('ghost', 'dave')).rejects.toMatchObject({ status: 422 });
  });
});

describe('activity_retention', () => {
  // now is 2025-06-15T12:00:00Z: bob's activity is 106 days old, carol's exactly 90, alice's a day.
  const withActivity = (behaviour: SimBehaviour): SimState => {
    const state = smallOrg({ behaviour });
    Object.assign(seatOf(state, 'bob')!, {
      last_activity_at: '2025-03-01T00:00:00Z',
      last_activity_editor: 'vscode/1.80.0/copilot/1.100.0',
    });
    Object.assign(seatOf(state, 'carol')!, {
      last_activity_at: '2025-03-17T12:00:00Z',
      last_activity_editor: 'JetBrains-IC/2024.1',
    });
    return state;
  };

  it('kept: activity of any age is served as stored', async () => {
    const { seat } = await org({}, withActivity({ activity_retention: 'kept' }));
    expect(await seat('bob')).toMatchObject({
      last_activity_at: '2025-03-01T00:00:00Z',
      last_activity_editor: 'vscode/1.80.0/copilot/1.100.0',
    });
  });

  it('cleared-after-90-days: activity older than 90 days is served as null, the rest as stored', async () => {
    const state = withActivity({ activity_retention: 'cleared-after-90-days' });
    const { seat, list } = await org({}, state);
    expect(await seat('bob')).toMatchObject({ last_activity_at: null, last_activity_editor: null });
    expect(await seat('carol')).toMatchObject({ last_activity_at: '2025-03-17T12:00:00Z' });
    expect(await seat('alice')).toMatchObject({ last_activity_at: '2025-06-14T08:00:00Z' });
    const bob = (await list()).seats.find((s) => s.assignee?.login === 'bob');
    expect(bob?.last_activity_at).toBeNull();
    expect(seatOf(state, 'bob')?.last_activity_at).toBe('2025-03-01T00:00:00Z');
  });
});
