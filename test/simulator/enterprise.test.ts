// The enterprise Copilot endpoints (public preview) over real HTTP, checked against GitHub
// Enterprise Cloud's OpenAPI description (ghec.json): the seat list with a row per source, one
// user's seat, the selected_users and selected_enterprise_teams writes, the enterprise teams, the
// 404/422 answers, token scopes, and the two behaviour options enterprise_team_delete and
// enterprise_paging. The state is examples/simulated-enterprise.json (its _comment says who is who).
import { describe, expect, it } from 'vitest';
import { generateOrg } from '../../src/simulator/generate.ts';
import {
  ENTERPRISE_MESSAGES,
  enterpriseRows,
  enterpriseRowsPage,
  seatRows,
} from '../../src/simulator/model-enterprise.ts';
import { orgSeats, seatOf } from '../../src/simulator/model.ts';
import { ENTERPRISE_TEAM_DELETE_ACCEPTED } from '../../src/simulator/routes-enterprise.ts';
import type { LoggedRequest } from '../../src/simulator/server.ts';
import {
  behaviourVariants,
  loadSimState,
  parseSimState,
  serializeSimState,
  SimStateError,
  withBehaviour,
  type SimBehaviour,
  type SimState,
} from '../../src/simulator/state.ts';
import { isSpecLoaded } from '../support/openapi.ts';
import {
  checkExchange,
  startCheckedSimulator,
  useCheckedSimulators,
  type CheckedOptions,
  type CheckedSimulator,
} from '../support/simulator.ts';
import { smallOrg } from './fixture.ts';

useCheckedSimulators();

const EXAMPLE = new URL('../../examples/simulated-enterprise.json', import.meta.url).pathname;
const ENT = '/enterprises/acme-corp';
const SEATS = `${ENT}/copilot/billing/seats`;
const USERS = `${ENT}/copilot/billing/selected_users`;
const TEAMS = `${ENT}/copilot/billing/selected_enterprise_teams`;

interface Row {
  assignee: { login: string } | null;
  organization: { login: string } | null;
  assigning_team: { slug: string } | null;
  pending_cancellation_date: string | null;
}
interface SeatList {
  total_seats: number;
  seats: Row[];
}
interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

const example = (): Promise<SimState> => loadSimState(EXAMPLE);

async function setup(behaviour: SimBehaviour = {}, options: CheckedOptions = {}) {
  const state = withBehaviour(await example(), behaviour);
  const sim = await startCheckedSimulator(state, options);
  const call = async <T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    token = 'test-token',
  ): Promise<Answer<T>> => {
    const res = await fetch(`${sim.url}${path}`, {
      method,
      headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as T };
  };
  const list = async (query = ''): Promise<Answer<SeatList>> => call<SeatList>('GET', `${SEATS}${query}`);
  return { sim, state, call, list };
}

/** A row as [login, org login or null, team slug or null]; pending rows end with 'pending'. */
const brief = (r: Row): (string | null)[] => [
  r.assignee?.login ?? null,
  r.organization?.login ?? null,
  r.assigning_team?.slug ?? null,
  ...(r.pending_cancellation_date ? ['pending'] : []),
];

const rowsOf = (list: SeatList, login: string): (string | null)[][] =>
  list.seats.filter((r) => r.assignee?.login === login).map(brief);

const ALL_ROWS = [
  ['octocat', 'acme', null],
  ['hubot', 'acme', 'engineering'],
  ['hubot', 'acme-labs', null],
  ['hubot', null, 'ent:copilot-pilot'],
  ['mona-acme', 'acme', null],
  ['lab-lee', 'acme-labs', null],
  ['lab-kim', null, 'ent:copilot-pilot'],
  ['lab-kim', null, 'ent:data-science'],
  ['contractor-cruz', null, null],
  ['monalisa', 'acme', null, 'pending'],
];

// First in the file (vitest isolates files): nothing has read ghec.json yet.
describe('the lazy description', () => {
  it('reads ghec.json only when an enterprise exchange is checked', async () => {
    const { call, sim } = await setup();
    await call('GET', '/orgs/acme/copilot/billing/seats');
    expect(sim.conformanceErrors()).toEqual([]);
    expect(isSpecLoaded('api.github.com')).toBe(true);
    expect(isSpecLoaded('ghec')).toBe(false);
    await call('GET', `${ENT}/teams`);
    expect(sim.conformanceErrors()).toEqual([]);
    expect(isSpecLoaded('ghec')).toBe(true);
  });
});

describe('the enterprise seat list', () => {
  it('has a row per source of a seat, rows of one user adjacent, and counts each user once', async () => {
    const { list } = await setup();
    const { status, body } = await list();
    expect(status).toBe(200);
    expect(body.seats.map(brief)).toEqual(ALL_ROWS);
    expect(body.total_seats).toBe(7);
    // adjacency: once a user's rows end, the user does not come back
    const logins = body.seats.map((r) => r.assignee?.login);
    const seen = new Set<string | undefined>();
    logins.forEach((l, i) => {
      if (i > 0 && logins[i - 1] !== l) expect(seen.has(l)).toBe(false);
      seen.add(l);
    });
  });

  it('leaves enterprise-only seats out of the org seat list (enterprise-direct, another org, enterprise team of a non-member)', async () => {
    const { call, state } = await setup();
    const org = await call<SeatList>('GET', '/orgs/acme/copilot/billing/seats');
    expect(org.body.seats.map((s) => s.assignee?.login)).toEqual([
      'octocat',
      'hubot',
      'mona-acme',
      'monalisa',
    ]);
    expect(org.body.total_seats).toBe(4);
    expect(orgSeats(state)).toHaveLength(4);
    const billing = await call<{ seat_breakdown: { total: number } }>('GET', '/orgs/acme/copilot/billing');
    expect(billing.body.seat_breakdown.total).toBe(4);
  });

  it('lists every seat of a state without an enterprise part, as before (the same array, not a copy)', () => {
    const state = smallOrg();
    expect(orgSeats(state)).toBe(state.seats);
    expect(state.enterprise_teams.every((t) => t.selected === true)).toBe(true);
  });

  it('pages rows by default: per_page rows a page, a user may span two pages, Link next and last', async () => {
    const { list } = await setup();
    const first = await list('?per_page=3');
    expect(first.body.seats.map(brief)).toEqual(ALL_ROWS.slice(0, 3));
    expect(first.body.total_seats).toBe(7);
    const link = first.headers.get('link') ?? '';
    expect(link).toMatch(/[?&]page=2[^>]*>; rel="next"/);
    expect(link).toMatch(/[?&]page=4[^>]*>; rel="last"/);
    const second = await list('?per_page=3&page=2');
    // hubot's third row is on page 2
    expect(second.body.seats.map(brief)[0]).toEqual(['hubot', null, 'ent:copilot-pilot']);
    const all: (string | null)[][] = [];
    for (let page = 1; page <= 4; page++)
      all.push(...(await list(`?per_page=3&page=${page}`)).body.seats.map(brief));
    expect(all).toEqual(ALL_ROWS);
  });

  it('enterprise_paging users: per_page users a page with all their rows (more than per_page rows)', async () => {
    const { list } = await setup({ enterprise_paging: 'users' });
    const first = await list('?per_page=2');
    expect(first.body.seats.map(brief)).toEqual(ALL_ROWS.slice(0, 4));
    expect(first.body.seats.length).toBeGreaterThan(2);
    expect(first.headers.get('link') ?? '').toMatch(/[?&]page=4[^>]*>; rel="last"/);
    const all: (string | null)[][] = [];
    for (let page = 1; page <= 4; page++)
      all.push(...(await list(`?per_page=2&page=${page}`)).body.seats.map(brief));
    expect(all).toEqual(ALL_ROWS);
    expect((await list('?per_page=2&page=4')).headers.get('link')).not.toMatch(/rel="next"/);
  });

  it('clamps per_page to 100', async () => {
    const { list } = await setup();
    const page = await list('?per_page=500');
    expect(page.body.seats).toHaveLength(ALL_ROWS.length);
    expect(page.headers.get('link')).toBeNull();
  });
});

describe("one user's enterprise seat", () => {
  it('is the rows of that user with total_seats 1', async () => {
    const { call } = await setup();
    const { status, body } = await call<SeatList>('GET', `${ENT}/members/HUBOT/copilot`);
    expect(status).toBe(200);
    expect(body.total_seats).toBe(1);
    expect(body.seats.map(brief)).toEqual(ALL_ROWS.slice(1, 4));
  });

  it('is 404 for an enterprise member without a seat, and for a stranger', async () => {
    const { call } = await setup();
    expect((await call('GET', `${ENT}/members/auditor-ada/copilot`)).status).toBe(404);
    expect((await call('GET', `${ENT}/members/nobody/copilot`)).status).toBe(404);
  });
});

describe('POST and DELETE selected_users', () => {
  it('POST adds an enterprise-direct source: a new seat counts, an existing one does not', async () => {
    const { call, list } = await setup();
    const res = await call<{ seats_created: number }>('POST', USERS, {
      selected_usernames: ['auditor-ada', 'contractor-cruz', 'octocat', 'lab-lee'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ seats_created: 1 });
    const after = (await list()).body;
    expect(after.total_seats).toBe(8);
    expect(rowsOf(after, 'auditor-ada')).toEqual([['auditor-ada', null, null]]);
    expect(rowsOf(after, 'octocat')).toEqual([
      ['octocat', 'acme', null],
      ['octocat', null, null],
    ]);
    expect(rowsOf(after, 'lab-lee')).toEqual([
      ['lab-lee', 'acme-labs', null],
      ['lab-lee', null, null],
    ]);
  });

  it('POST reactivates a pending seat and counts it; the seat then leaves the org list', async () => {
    const { call, list } = await setup();
    expect((await call('POST', USERS, { selected_usernames: ['monalisa'] })).body).toEqual({
      seats_created: 1,
    });
    expect(rowsOf((await list()).body, 'monalisa')).toEqual([['monalisa', null, null]]);
    const org = await call<SeatList>('GET', '/orgs/acme/copilot/billing/seats');
    expect(org.body.seats.map((s) => s.assignee?.login)).not.toContain('monalisa');
  });

  it('the org routes see the enterprise-direct source: an org POST counts a seat new to the org, an org DELETE keeps it for the enterprise', async () => {
    const { call, list } = await setup();
    await call('POST', USERS, { selected_usernames: ['monalisa'] });
    const orgAdd = await call('POST', '/orgs/acme/copilot/billing/selected_users', {
      selected_usernames: ['monalisa'],
    });
    expect(orgAdd.body).toEqual({ seats_created: 1 });
    expect(rowsOf((await list()).body, 'monalisa')).toEqual([
      ['monalisa', 'acme', null],
      ['monalisa', null, null],
    ]);
    const orgDel = await call('DELETE', '/orgs/acme/copilot/billing/selected_users', {
      selected_usernames: ['monalisa'],
    });
    expect(orgDel.body).toEqual({ seats_cancelled: 0 });
    expect(rowsOf((await list()).body, 'monalisa')).toEqual([['monalisa', null, null]]);
    expect((await call('GET', '/orgs/acme/members/monalisa/copilot')).status).toBe(404);
  });

  it('POST fails the whole request for a non-member (non_member_in_batch fail), nothing changes', async () => {
    const { call, state } = await setup();
    const res = await call<{ message: string }>('POST', USERS, {
      selected_usernames: ['auditor-ada', 'ghost'],
    });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('One or more users do not exist in this enterprise: ghost');
    expect(seatOf(state, 'auditor-ada')).toBeUndefined();
  });

  it('POST skips a non-member under non_member_in_batch skip', async () => {
    const { call, state } = await setup({ non_member_in_batch: 'skip' });
    const res = await call('POST', USERS, { selected_usernames: ['auditor-ada', 'ghost', 'new-hire'] });
    expect(res.body).toEqual({ seats_created: 1 });
    expect(seatOf(state, 'auditor-ada')?.enterprise_direct).toBe(true);
    expect(seatOf(state, 'new-hire')).toBeUndefined();
  });

  it('DELETE makes an enterprise-direct-only seat pending and counts it', async () => {
    const { call, list } = await setup();
    const res = await call('DELETE', USERS, { selected_usernames: ['contractor-cruz'] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ seats_cancelled: 1 });
    const after = (await list()).body;
    expect(rowsOf(after, 'contractor-cruz')).toEqual([['contractor-cruz', null, null, 'pending']]);
    expect(after.total_seats).toBe(7);
    // a pending seat that came from the enterprise stays out of the org list
    const org = await call<SeatList>('GET', '/orgs/acme/copilot/billing/seats');
    expect(org.body.seats.map((s) => s.assignee?.login)).not.toContain('contractor-cruz');
  });

  it('DELETE keeps seats that come from orgs or teams: skipped, not counted, no 422', async () => {
    const { call, list } = await setup();
    await call('POST', USERS, { selected_usernames: ['octocat'] });
    const res = await call('DELETE', USERS, {
      selected_usernames: ['octocat', 'hubot', 'lab-kim', 'auditor-ada'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ seats_cancelled: 0 });
    const after = (await list()).body;
    expect(after.seats.map(brief)).toEqual(ALL_ROWS);
  });

  it('checks the body before anything else: an empty list is 422 Invalid request', async () => {
    const { call } = await setup({}, { allowInvalidRequestBodies: true });
    const res = await call<{ message: string }>('POST', USERS, { selected_usernames: [] });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/^Invalid request\./);
  });
});

describe('POST and DELETE selected_enterprise_teams', () => {
  it('POST selects an unselected team by slug: its members get seats, counted', async () => {
    const { call, list, state } = await setup();
    const res = await call('POST', TEAMS, { selected_enterprise_teams: ['ent:next-wave'] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ seats_created: 1 });
    expect(rowsOf((await list()).body, 'auditor-ada')).toEqual([['auditor-ada', null, 'ent:next-wave']]);
    expect(state.enterprise_teams.find((t) => t.slug === 'ent:next-wave')?.selected).toBe(true);
    // selecting it again creates nothing
    expect((await call('POST', TEAMS, { selected_enterprise_teams: ['Next wave'] })).body).toEqual({
      seats_created: 0,
    });
  });

  it('accepts a name, and a slug without ent:, per team_names', async () => {
    const { call } = await setup();
    expect((await call('POST', TEAMS, { selected_enterprise_teams: ['next wave'] })).body).toEqual({
      seats_created: 1,
    });
    const slugOnly = await setup({ team_names: 'slug' });
    expect((await slugOnly.call('POST', TEAMS, { selected_enterprise_teams: ['next-wave'] })).status).toBe(
      201,
    );
    expect((await slugOnly.call('POST', TEAMS, { selected_enterprise_teams: ['Next wave'] })).status).toBe(
      404,
    );
  });

  it('an unknown team is 404 for the whole request, nothing changes', async () => {
    const { call, state } = await setup();
    const res = await call<{ message: string }>('POST', TEAMS, {
      selected_enterprise_teams: ['ent:next-wave', 'ent:nope'],
    });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('One or more enterprise teams do not exist in this enterprise: ent:nope');
    expect(state.enterprise_teams.find((t) => t.slug === 'ent:next-wave')?.selected).toBe(false);
    const del = await call('DELETE', TEAMS, { selected_enterprise_teams: ['ent:nope'] });
    expect(del.status).toBe(404);
  });

  it('DELETE unselects: members left without a source go pending (counted), others keep their seat', async () => {
    const { call, list } = await setup();
    const first = await call('DELETE', TEAMS, { selected_enterprise_teams: ['ent:data-science'] });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ seats_cancelled: 0 });
    const second = await call('DELETE', TEAMS, { selected_enterprise_teams: ['ent:copilot-pilot'] });
    expect(second.body).toEqual({ seats_cancelled: 1 });
    const after = (await list()).body;
    expect(rowsOf(after, 'lab-kim')).toEqual([['lab-kim', null, 'ent:copilot-pilot', 'pending']]);
    expect(rowsOf(after, 'hubot')).toEqual([
      ['hubot', 'acme', 'engineering'],
      ['hubot', 'acme-labs', null],
    ]);
    // a POST brings the pending seat back, counted
    expect((await call('POST', TEAMS, { selected_enterprise_teams: ['ent:data-science'] })).body).toEqual({
      seats_created: 1,
    });
  });

  it('enterprise_team_delete async: 202 with a message, still processing until the delay passed', async () => {
    const { call, list, state } = await setup(
      { enterprise_team_delete: 'async' },
      { asyncDelayMs: 3_600_000 },
    );
    const res = await call<{ message: string }>('DELETE', TEAMS, {
      selected_enterprise_teams: ['ent:copilot-pilot'],
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ message: ENTERPRISE_TEAM_DELETE_ACCEPTED });
    expect((await list()).body.seats.map(brief)).toEqual(ALL_ROWS);
    expect(state.enterprise_teams.find((t) => t.slug === 'ent:copilot-pilot')?.selected).toBe(true);
  });

  it('enterprise_team_delete async: applied on the first request after asyncDelayMs', async () => {
    const { call, list } = await setup({ enterprise_team_delete: 'async' }, { asyncDelayMs: 40 });
    const res = await call('DELETE', TEAMS, { selected_enterprise_teams: ['ent:copilot-pilot'] });
    expect(res.status).toBe(202);
    await new Promise((r) => setTimeout(r, 80));
    const after = (await list()).body;
    expect(rowsOf(after, 'hubot')).not.toContainEqual(['hubot', null, 'ent:copilot-pilot']);
    expect(rowsOf(after, 'lab-kim')).toEqual([['lab-kim', null, 'ent:data-science']]);
  });

  it('enterprise_team_delete async still answers 404 and 422 at once', async () => {
    const { call, state } = await setup({ enterprise_team_delete: 'async' });
    expect((await call('DELETE', TEAMS, { selected_enterprise_teams: ['ent:nope'] })).status).toBe(404);
    state.enterprise.copilot = { ...state.enterprise.copilot!, billing: false };
    expect((await call('DELETE', TEAMS, { selected_enterprise_teams: ['ent:copilot-pilot'] })).status).toBe(
      422,
    );
  });
});

describe('the enterprise teams', () => {
  it('lists the teams (enterprise-team shape), paged with Link', async () => {
    const { call } = await setup();
    const all = await call<{ slug: string; group_id: unknown }[]>('GET', `${ENT}/teams`);
    expect(all.body.map((t) => t.slug)).toEqual(['ent:copilot-pilot', 'ent:data-science', 'ent:next-wave']);
    expect(all.body[0]?.group_id).toBeNull();
    const page = await call<{ slug: string }[]>('GET', `${ENT}/teams?per_page=2&page=2`);
    expect(page.body.map((t) => t.slug)).toEqual(['ent:next-wave']);
    expect(page.headers.get('link')).toMatch(/rel="prev"/);
  });

  it('lists a team’s members by slug (raw or URL-encoded) or id; 404 for an unknown team', async () => {
    const { call } = await setup();
    for (const ref of ['ent%3Acopilot-pilot', 'ent:copilot-pilot', '9101']) {
      const res = await call<{ login: string }[]>('GET', `${ENT}/teams/${ref}/memberships`);
      expect(res.status).toBe(200);
      expect(res.body.map((u) => u.login)).toEqual(['hubot', 'lab-kim']);
    }
    const paged = await call<{ login: string }[]>('GET', `${ENT}/teams/9101/memberships?per_page=1`);
    expect(paged.body.map((u) => u.login)).toEqual(['hubot']);
    expect(paged.headers.get('link')).toMatch(/rel="next"/);
    expect((await call('GET', `${ENT}/teams/ent%3Anope/memberships`)).status).toBe(404);
  });
});

describe('refusals', () => {
  it('every enterprise route is 404 for another enterprise', async () => {
    const { call } = await setup();
    const other = '/enterprises/other-corp';
    const answers = [
      await call('GET', `${other}/copilot/billing/seats`),
      await call('GET', `${other}/members/hubot/copilot`),
      await call('POST', `${other}/copilot/billing/selected_users`, { selected_usernames: ['auditor-ada'] }),
      await call('DELETE', `${other}/copilot/billing/selected_users`, {
        selected_usernames: ['contractor-cruz'],
      }),
      await call('POST', `${other}/copilot/billing/selected_enterprise_teams`, {
        selected_enterprise_teams: ['ent:next-wave'],
      }),
      await call('DELETE', `${other}/copilot/billing/selected_enterprise_teams`, {
        selected_enterprise_teams: ['ent:copilot-pilot'],
      }),
      await call('GET', `${other}/teams`),
      await call('GET', `${other}/teams/9101/memberships`),
    ];
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
  });

  const settings: [string, Record<string, unknown>, string][] = [
    ['Copilot not enabled', { enabled: false }, ENTERPRISE_MESSAGES.disabled],
    ['billing not set up', { billing: false }, ENTERPRISE_MESSAGES.billing],
    ['no public code suggestions policy', { public_code_suggestions: 'unset' }, ENTERPRISE_MESSAGES.policy],
    ['access for all users', { access: 'all' }, ENTERPRISE_MESSAGES.all],
    ['access unconfigured', { access: 'unconfigured' }, ENTERPRISE_MESSAGES.unconfigured],
  ];

  it.each(settings)(
    '%s: every write is 422 with its own message; the seat list still reads',
    async (_, copilot, message) => {
      const { call, list, state } = await setup();
      state.enterprise.copilot = {
        ...state.enterprise.copilot!,
        ...copilot,
      } as typeof state.enterprise.copilot;
      const writes = [
        await call<{ message: string }>('POST', USERS, { selected_usernames: ['auditor-ada'] }),
        await call<{ message: string }>('DELETE', USERS, { selected_usernames: ['contractor-cruz'] }),
        await call<{ message: string }>('POST', TEAMS, { selected_enterprise_teams: ['ent:next-wave'] }),
        await call<{ message: string }>('DELETE', TEAMS, {
          selected_enterprise_teams: ['ent:copilot-pilot'],
        }),
      ];
      for (const w of writes) expect([w.status, w.body.message]).toEqual([422, message]);
      expect((await list()).body.seats.map(brief)).toEqual(ALL_ROWS);
    },
  );

  it('the five messages are distinct, and the settings are checked in order', async () => {
    expect(new Set(settings.map((s) => s[2])).size).toBe(5);
    const { call, state } = await setup();
    state.enterprise.copilot = {
      enabled: true,
      billing: false,
      public_code_suggestions: 'unset',
      access: 'all',
    };
    const res = await call<{ message: string }>('POST', USERS, { selected_usernames: ['auditor-ada'] });
    expect(res.body.message).toBe(ENTERPRISE_MESSAGES.billing);
  });

  it("one user's seat is 422 when Copilot is not enabled", async () => {
    const { call, state } = await setup();
    state.enterprise.copilot = { ...state.enterprise.copilot!, enabled: false };
    const res = await call<{ message: string }>('GET', `${ENT}/members/hubot/copilot`);
    expect([res.status, res.body.message]).toEqual([422, ENTERPRISE_MESSAGES.disabled]);
  });
});

describe('token scopes', () => {
  const tokenScopes = {
    billing: ['manage_billing:copilot'],
    reader: ['read:enterprise', 'repo'],
    admin: ['admin:enterprise'],
    repo: ['repo'],
    none: [],
    fine: null,
  };

  it('a classic token: x-oauth-scopes on every answer, org routes included', async () => {
    const { call } = await setup({}, { tokenScopes });
    const ent = await call('GET', SEATS, undefined, 'reader');
    expect(ent.status).toBe(200);
    expect(ent.headers.get('x-oauth-scopes')).toBe('read:enterprise, repo');
    const org = await call('GET', '/orgs/acme/copilot/billing/seats', undefined, 'repo');
    expect(org.status).toBe(200);
    expect(org.headers.get('x-oauth-scopes')).toBe('repo');
    const notFound = await call('GET', '/enterprises/acme-corp/nothing', undefined, 'admin');
    expect(notFound.headers.get('x-oauth-scopes')).toBe('admin:enterprise');
  });

  it('reads need manage_billing:copilot, read:enterprise or admin:enterprise', async () => {
    const { call } = await setup({}, { tokenScopes });
    for (const t of ['billing', 'reader', 'admin'])
      expect((await call('GET', SEATS, undefined, t)).status).toBe(200);
    const refused = await call<{ message: string }>('GET', SEATS, undefined, 'repo');
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('manage_billing:copilot, read:enterprise, admin:enterprise');
    expect(refused.headers.get('x-accepted-oauth-scopes')).toBe(
      'manage_billing:copilot, read:enterprise, admin:enterprise',
    );
    expect((await call('GET', `${ENT}/teams`, undefined, 'none')).status).toBe(403);
  });

  it('writes need manage_billing:copilot or admin:enterprise; read:enterprise is refused', async () => {
    const { call, state } = await setup({}, { tokenScopes });
    const refused = await call<{ message: string }>(
      'POST',
      USERS,
      { selected_usernames: ['auditor-ada'] },
      'reader',
    );
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('manage_billing:copilot, admin:enterprise');
    expect(refused.body.message).toMatch(
      /scopes: manage_billing:copilot, admin:enterprise; your token has: read:enterprise, repo\./,
    );
    expect(seatOf(state, 'auditor-ada')).toBeUndefined();
    const ok = await call('POST', USERS, { selected_usernames: ['auditor-ada'] }, 'admin');
    expect(ok.status).toBe(201);
  });

  it('a fine-grained or App token (null): 403 "Resource not accessible by personal access token", no x-oauth-scopes', async () => {
    const { call } = await setup({}, { tokenScopes });
    const res = await call<{ message: string }>('GET', SEATS, undefined, 'fine');
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('Resource not accessible by personal access token');
    expect(res.headers.get('x-oauth-scopes')).toBeNull();
    expect((await call('GET', '/orgs/acme/copilot/billing/seats', undefined, 'fine')).status).toBe(200);
  });

  it('a token not in the map is unrestricted and gets no x-oauth-scopes', async () => {
    const { call } = await setup({}, { tokenScopes });
    const res = await call('GET', SEATS, undefined, 'someone-else');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-oauth-scopes')).toBeNull();
  });
});

describe('conformance with ghec.json', () => {
  it('every enterprise route was checked against the description, and they conform', async () => {
    const { call, list, sim } = await setup();
    await list('?per_page=2');
    await call('GET', `${ENT}/members/hubot/copilot`);
    await call('GET', `${ENT}/members/monalisa/copilot`);
    await call('POST', USERS, { selected_usernames: ['auditor-ada'] });
    await call('DELETE', USERS, { selected_usernames: ['contractor-cruz'] });
    await call('POST', TEAMS, { selected_enterprise_teams: ['ent:next-wave'] });
    await call('DELETE', TEAMS, { selected_enterprise_teams: ['ent:copilot-pilot'] });
    await call('GET', `${ENT}/teams`);
    await call('GET', `${ENT}/teams/ent%3Adata-science/memberships`);
    await call('GET', `${ENT}/teams/ent%3Anope/memberships`);
    const routes = new Set(sim.requests.map((r) => `${r.method} ${r.route}`));
    expect(routes.size).toBe(8);
    expect([...routes].every((r) => r.includes('/enterprises/{enterprise}/'))).toBe(true);
    expect(sim.conformanceErrors()).toEqual([]);
    expect(isSpecLoaded('ghec')).toBe(true);
  });

  it('the 202 of an async team delete conforms', async () => {
    const { call, sim } = await setup({ enterprise_team_delete: 'async' });
    expect((await call('DELETE', TEAMS, { selected_enterprise_teams: ['ent:data-science'] })).status).toBe(
      202,
    );
    expect(sim.conformanceErrors()).toEqual([]);
  });

  it('catches a row the schema forbids (copilot-seat-details has additionalProperties: false)', async () => {
    const sim: CheckedSimulator = (await setup()).sim;
    const res = await fetch(`${sim.url}${SEATS}`, { headers: { authorization: 'token t' } });
    expect(res.status).toBe(200);
    const entry = sim.requests.at(-1) as LoggedRequest;
    expect(checkExchange(entry)).toEqual([]);
    const body = structuredClone(entry.responseBody) as { seats: Record<string, unknown>[] };
    (body.seats[0] as Record<string, unknown>).enterprise_direct = true;
    expect(checkExchange({ ...entry, responseBody: body }).join('\n')).toMatch(/enterprise_direct/);
    const noOrg = structuredClone(entry.responseBody) as { seats: Record<string, unknown>[] };
    (noOrg.seats[0] as Record<string, unknown>).organization = { login: 'acme' };
    expect(checkExchange({ ...entry, responseBody: noOrg }).join('\n')).toMatch(/organization/);
  });
});

describe.each(behaviourVariants())('under behaviour $name', ({ behaviour }) => {
  it('the enterprise routes conform and keep one seat per user in total_seats', async () => {
    const { call, list, sim } = await setup(behaviour, { asyncDelayMs: 0 });
    const byName = behaviour.team_names === 'name';
    expect((await call('POST', USERS, { selected_usernames: ['auditor-ada'] })).status).toBe(201);
    expect((await call('DELETE', USERS, { selected_usernames: ['contractor-cruz'] })).status).toBe(200);
    const next = byName ? 'Next wave' : 'ent:next-wave';
    expect((await call('POST', TEAMS, { selected_enterprise_teams: [next] })).status).toBe(201);
    const del = await call('DELETE', TEAMS, {
      selected_enterprise_teams: [byName ? 'Data science' : 'ent:data-science'],
    });
    expect([200, 202]).toContain(del.status);
    const page = await list('?per_page=3');
    const all = await list('?per_page=100');
    expect(all.body.total_seats).toBe(new Set(all.body.seats.map((r) => r.assignee?.login)).size);
    expect(page.body.total_seats).toBe(all.body.total_seats);
    expect(sim.conformanceErrors()).toEqual([]);
  });
});

describe('the enterprise part of the state file', () => {
  const base = (enterprise: unknown, extra: Record<string, unknown> = {}): unknown => ({
    org: 'acme',
    members: [{ login: 'amy' }],
    enterprise,
    ...extra,
  });

  it.each([
    ['an org listed twice', { slug: 'e', id: 1, orgs: [{ login: 'x' }, { login: 'X' }] }, /listed twice/],
    ['the main org among the others', { slug: 'e', id: 1, orgs: [{ login: 'acme' }] }, /main org/],
    [
      'an org seat of a non-member',
      { slug: 'e', id: 1, orgs: [{ login: 'x', members: [], seats: ['bo'] }] },
      /bo is not a member of x/,
    ],
    [
      'members that are not logins',
      { slug: 'e', id: 1, members: [3] },
      /enterprise.members must be a list of logins/,
    ],
    [
      'an unknown access setting',
      { slug: 'e', id: 1, copilot: { access: 'some' } },
      /access must be selected, all or unconfigured/,
    ],
    ['an unknown Copilot setting', { slug: 'e', id: 1, copilot: { seats: 3 } }, /unknown setting seats/],
    ['no slug', { id: 1 }, /enterprise.slug is required/],
  ])('refuses %s', (_, enterprise, message) => {
    expect(() => parseSimState(base(enterprise))).toThrow(SimStateError);
    expect(() => parseSimState(base(enterprise))).toThrow(message);
  });

  it('refuses an enterprise-direct seat of a non-member, and a seat through an unselected enterprise team', () => {
    expect(() =>
      parseSimState(
        base({ slug: 'e', id: 1 }, { seats: [{ login: 'zed', enterprise_direct: true, created_at: 'x' }] }),
      ),
    ).toThrow(/enterprise_direct, but not a member of the enterprise/);
    expect(() =>
      parseSimState(
        base(
          { slug: 'e', id: 1 },
          {
            enterprise_teams: [{ slug: 'ent:t', name: 'T', id: 5, members: ['amy'], selected: false }],
            seats: [{ login: 'amy', enterprise_teams: ['ent:t'], created_at: 'x' }],
          },
        ),
      ),
    ).toThrow(/enterprise team ent:t is not selected/);
  });

  it('refuses a pending seat of a user another org seats', () => {
    expect(() =>
      parseSimState(
        base(
          { slug: 'e', id: 1, orgs: [{ login: 'x', members: ['bo'], seats: ['bo'] }] },
          { seats: [{ login: 'bo', pending_cancellation_date: '2025-01-01', created_at: 'x' }] },
        ),
      ),
    ).toThrow(/a pending seat has no sources|org x seats it/);
  });

  it('seats the logins another org seats, and the enterprise members of a selected enterprise team', () => {
    const s = parseSimState(
      base(
        { slug: 'e', id: 1, orgs: [{ login: 'x', members: ['bo', 'cy'], seats: ['bo'] }], members: ['di'] },
        { enterprise_teams: [{ slug: 'ent:t', name: 'T', id: 5, members: ['di', 'stranger'] }] },
      ),
    );
    expect(s.seats.map((x) => x.login).sort()).toEqual(['bo', 'di']);
    expect(seatOf(s, 'di')?.enterprise_teams).toEqual(['ent:t']);
    expect(s.enterprise.orgs?.[0]?.id).toBeGreaterThan(0);
    expect(orgSeats(s)).toEqual([]);
  });

  it('saves what the writes did and loads it back to the same rows', async () => {
    const { call, list, state } = await setup();
    await call('POST', USERS, { selected_usernames: ['auditor-ada', 'monalisa'] });
    await call('DELETE', USERS, { selected_usernames: ['contractor-cruz'] });
    await call('DELETE', TEAMS, { selected_enterprise_teams: ['ent:copilot-pilot', 'ent:data-science'] });
    const before = (await list()).body.seats.map(brief);
    expect(before).toContainEqual(['lab-kim', null, 'ent:data-science', 'pending']);
    const reloaded = parseSimState(JSON.parse(serializeSimState(state)));
    const again = await startCheckedSimulator(reloaded);
    const res = await fetch(`${again.url}${SEATS}`, { headers: { authorization: 'token t' } });
    expect(((await res.json()) as SeatList).seats.map(brief)).toEqual(before);
  });

  it('loads the example, and a file without the enterprise part keeps its meaning', async () => {
    const s = await example();
    expect(s.enterprise.orgs?.map((o) => o.login)).toEqual(['acme-labs']);
    expect(s.enterprise_teams.map((t) => t.selected)).toEqual([true, true, false]);
    const plain = parseSimState({
      org: 'o',
      members: [{ login: 'a' }],
      seats: [{ login: 'a', direct: true, created_at: 'x' }],
    });
    expect(plain.enterprise).toEqual({ slug: 'o-enterprise', id: plain.enterprise.id });
  });
});

describe('generateOrg with enterpriseRows', () => {
  const options = { members: 10, teams: 6, seats: 0, seed: 7, enterpriseRows: 3000 };

  it('makes an enterprise with about that many rows, deterministically', () => {
    const s = generateOrg(options);
    const rows = enterpriseRows(s).length;
    expect(rows).toBeGreaterThan(2700);
    expect(rows).toBeLessThan(3300);
    expect(serializeSimState(generateOrg(options))).toBe(serializeSimState(s));
    expect(serializeSimState(generateOrg({ ...options, seed: 8 }))).not.toBe(serializeSimState(s));
    const perSeat = s.seats.map((x) => seatRows(s, x).length);
    expect(perSeat.some((n) => n >= 3)).toBe(true);
    expect(s.seats.some((x) => x.enterprise_direct && !x.direct)).toBe(true);
    expect(orgSeats(s).length).toBeLessThan(s.seats.length);
  });

  it('pages rows without building them all: the same rows as slicing the whole list', () => {
    const s = generateOrg({ ...options, enterpriseRows: 500 });
    const all = enterpriseRows(s);
    for (const [start, count] of [
      [0, 7],
      [3, 50],
      [all.length - 5, 100],
      [all.length, 10],
    ] as const) {
      const got = enterpriseRowsPage(s, start, count);
      expect(got.total).toBe(all.length);
      expect(got.rows).toEqual(all.slice(start, start + count));
    }
  });

  it('serves it, conforming, page by page', async () => {
    const sim = await startCheckedSimulator(generateOrg({ ...options, enterpriseRows: 400 }));
    const res = await fetch(
      `${sim.url}/enterprises/bigcorp-enterprise/copilot/billing/seats?per_page=100&page=2`,
      {
        headers: { authorization: 'token t' },
      },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as SeatList).seats).toHaveLength(100);
    expect(sim.conformanceErrors()).toEqual([]);
  });
});
