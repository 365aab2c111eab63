// The HTTP surface: paging and Link headers, auth, rate limits, faults (scripted and seeded) with
// the real retry and throttling plugins, the request log, latency, unknown routes.
import { describe, expect, it } from 'vitest';
import { generateOrg } from '../../src/simulator/generate.ts';
import { deleteSeat, seatOf } from '../../src/simulator/model.ts';
import { testOctokit, type LimitEvent } from '../support/octokit.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import { smallOrg } from './fixture.ts';

useCheckedSimulators();

const SEATS = 'GET /orgs/{org}/copilot/billing/seats';
const bigOrg = () => generateOrg({ members: 300, teams: 6, seats: 230, seed: 3, org: 'acme' });

function links(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]+)>;\s*rel="(\w+)"/.exec(part);
    if (m) out[m[2] as string] = m[1] as string;
  }
  return out;
}

describe('paging the seat list', () => {
  it('follows Link headers through every page, with total_seats on each', async () => {
    const state = bigOrg();
    const sim = await startCheckedSimulator(state);
    const o = testOctokit(sim.url);
    const logins: (string | undefined)[] = [];
    let url: string | undefined = `${sim.url}/orgs/acme/copilot/billing/seats?per_page=100`;
    let pages = 0;
    while (url) {
      const res = await o.request(`GET ${url}`);
      const data = res.data as { total_seats: number; seats: { assignee: { login: string } | null }[] };
      expect(data.total_seats).toBe(230);
      logins.push(...data.seats.map((s) => s.assignee?.login));
      const l = links(res.headers.link);
      if (pages === 1) expect(Object.keys(l).sort()).toEqual(['first', 'last', 'next', 'prev']);
      for (const u of Object.values(l))
        expect(u.startsWith(`${sim.url}/orgs/acme/copilot/billing/seats?`)).toBe(true);
      url = l.next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(logins).toEqual(state.seats.map((s) => s.login ?? undefined));
  });

  it('defaults to 50 a page and clamps per_page to 100', async () => {
    const sim = await startCheckedSimulator(bigOrg());
    const o = testOctokit(sim.url);
    const def = await o.request(SEATS, { org: 'acme' });
    expect(def.data.seats).toHaveLength(50);
    expect(links(def.headers.link).last).toContain('page=5');
    const big = await o.request(SEATS, { org: 'acme', per_page: 500 });
    expect(big.data.seats).toHaveLength(100);
    const past = await o.request(SEATS, { org: 'acme', per_page: 100, page: 9 });
    expect(past.data.seats).toHaveLength(0);
    expect(past.data.total_seats).toBe(230);
  });

  it('octokit.paginate needs a map function: without one it returns the page objects', async () => {
    const sim = await startCheckedSimulator(bigOrg());
    const o = testOctokit(sim.url);
    const seats = await o.paginate(SEATS, { org: 'acme', per_page: 100 }, (res) => res.data.seats ?? []);
    expect(seats).toHaveLength(230);
    const pages = (await o.paginate(SEATS, { org: 'acme', per_page: 100 })) as unknown[];
    expect(pages).toHaveLength(3);
    expect(pages[0]).toHaveProperty('total_seats', 230);
  });

  it('lets the list shift while it is paged: a seat removed before page 2 makes a reader miss one', async () => {
    const state = bigOrg();
    const skipped = state.seats[100]?.login;
    const sim = await startCheckedSimulator(state, {
      onSeatsPage: (page, s) => {
        if (page === 2) deleteSeat(s, s.seats[0]?.login as string);
      },
    });
    const o = testOctokit(sim.url);
    const totals: number[] = [];
    const seats = await o.paginate(SEATS, { org: 'acme', per_page: 100 }, (res) => {
      totals.push(res.data.total_seats ?? -1);
      return res.data.seats ?? [];
    });
    expect(totals).toEqual([230, 229, 229]);
    expect(seats).toHaveLength(229);
    expect(seats.map((s) => s.assignee?.login)).not.toContain(skipped);
    expect(seatOf(state, skipped as string)).toBeDefined();
  });

  it('pages org members and team members with Link headers', async () => {
    const state = bigOrg();
    const sim = await startCheckedSimulator(state);
    const o = testOctokit(sim.url);
    const members = await o.paginate('GET /orgs/{org}/members', { org: 'acme', per_page: 100 });
    expect(members.map((m) => m.login)).toEqual(state.members.map((m) => m.login));
    const team = state.teams[0]!;
    const tm = await o.paginate('GET /orgs/{org}/teams/{team_slug}/members', {
      org: 'acme',
      team_slug: team.slug,
      per_page: 7,
    });
    expect(tm.map((m) => m.login)).toEqual(team.members);
  });
});

describe('auth', () => {
  it('answers 401 with GitHub’s body without a token', async () => {
    const sim = await startCheckedSimulator(smallOrg());
    // Plain fetch: every client the project builds carries a token.
    const res = await fetch(`${sim.url}/orgs/acme/copilot/billing/seats`);
    expect(res.status).toBe(401);
    expect(sim.requests[0]?.responseBody).toEqual({
      message: 'Requires authentication',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
  });

  it('accepts only the listed tokens when given some', async () => {
    const sim = await startCheckedSimulator(smallOrg(), { tokens: ['good'] });
    await expect(testOctokit(sim.url, { auth: 'bad' }).request(SEATS, { org: 'acme' })).rejects.toMatchObject(
      {
        status: 401,
        message: expect.stringContaining('Bad credentials'),
      },
    );
    expect((await testOctokit(sim.url, { auth: 'good' }).request(SEATS, { org: 'acme' })).status).toBe(200);
  });
});

describe('rate limits', () => {
  it('counts the budget down in x-ratelimit-* headers', async () => {
    const sim = await startCheckedSimulator(smallOrg(), { rateLimit: 10 });
    const o = testOctokit(sim.url);
    const a = await o.request(SEATS, { org: 'acme' });
    const b = await o.request(SEATS, { org: 'acme' });
    expect(a.headers['x-ratelimit-limit']).toBe('10');
    expect(a.headers['x-ratelimit-remaining']).toBe('9');
    expect(b.headers['x-ratelimit-remaining']).toBe('8');
    expect(b.headers['x-ratelimit-used']).toBe('2');
    expect(b.headers['x-ratelimit-resource']).toBe('core');
    expect(Number(b.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
  });

  it('answers 403 with remaining 0 when spent; the throttling plugin sees a rate limit', async () => {
    const sim = await startCheckedSimulator(smallOrg(), { rateLimit: 2 });
    const events: LimitEvent[] = [];
    const o = testOctokit(sim.url, { events });
    await o.request(SEATS, { org: 'acme' });
    await o.request(SEATS, { org: 'acme' });
    await expect(o.request(SEATS, { org: 'acme' })).rejects.toMatchObject({ status: 403 });
    expect(events.map((e) => [e.limit, e.method, e.url])).toEqual([
      ['primary', 'GET', '/orgs/acme/copilot/billing/seats'],
    ]);
    expect(sim.requests.at(-1)?.responseHeaders['x-ratelimit-remaining']).toBe('0');
    expect(sim.requests.at(-1)?.responseBody).toMatchObject({
      message: expect.stringContaining('API rate limit exceeded'),
    });
  });

  it('keeps a budget per token', async () => {
    const sim = await startCheckedSimulator(smallOrg(), { rateLimit: 1 });
    await testOctokit(sim.url, { auth: 'one' }).request(SEATS, { org: 'acme' });
    expect((await testOctokit(sim.url, { auth: 'two' }).request(SEATS, { org: 'acme' })).status).toBe(200);
  });
});

describe('scripted faults', () => {
  const DELETE_USERS = '/orgs/{org}/copilot/billing/selected_users';

  it('a 502 on a write is retried by plugin-retry and succeeds once', async () => {
    const state = smallOrg();
    const sim = await startCheckedSimulator(state, {
      faults: [{ method: 'DELETE', route: DELETE_USERS, nth: 1, status: 502 }],
    });
    const o = testOctokit(sim.url);
    const res = await o.request(`DELETE ${DELETE_USERS}`, { org: 'acme', selected_usernames: ['alice'] });
    expect(res.data.seats_cancelled).toBe(1);
    expect(sim.requests.map((r) => [r.method, r.status, r.fault ?? null])).toEqual([
      ['DELETE', 502, 'scripted 502'],
      ['DELETE', 200, null],
    ]);
  });

  it('a dropped connection is retried', async () => {
    const sim = await startCheckedSimulator(smallOrg(), {
      faults: [{ method: 'GET', route: '/orgs/{org}/copilot/billing/seats', nth: 1, drop: true }],
    });
    const res = await testOctokit(sim.url).request(SEATS, { org: 'acme' });
    expect(res.status).toBe(200);
    expect(sim.requests.map((r) => r.status)).toEqual([null, 200]);
  });

  it('a secondary rate limit (403 with retry-after) goes through the throttling plugin and is retried', async () => {
    const events: LimitEvent[] = [];
    const sim = await startCheckedSimulator(smallOrg(), {
      faults: [{ method: 'POST', route: DELETE_USERS, nth: [1, 2], status: 403 }],
    });
    const res = await testOctokit(sim.url, { events }).request(`POST ${DELETE_USERS}`, {
      org: 'acme',
      selected_usernames: ['erin'],
    });
    expect(res.data.seats_created).toBe(1);
    expect(events.map((e) => [e.limit, e.after, e.method])).toEqual([
      ['secondary', 1, 'POST'],
      ['secondary', 1, 'POST'],
    ]);
    expect(sim.requests[0]?.responseHeaders['retry-after']).toBe('1');
  });

  it('a fault after the handler: the write happened, the retry finds it done', async () => {
    const state = smallOrg();
    const sim = await startCheckedSimulator(state, {
      faults: [{ method: 'POST', route: DELETE_USERS, nth: 1, status: 502, afterHandler: true }],
    });
    const res = await testOctokit(sim.url).request(`POST ${DELETE_USERS}`, {
      org: 'acme',
      selected_usernames: ['erin'],
    });
    expect(res.data.seats_created).toBe(0);
    expect(seatOf(state, 'erin')).toBeDefined();
  });
});

describe('seeded random faults', () => {
  async function run(seed: number) {
    const sim = await startCheckedSimulator(bigOrg(), { faultRate: 0.3, seed });
    const o = testOctokit(sim.url, { retries: 6 });
    const seats = await o.paginate(SEATS, { org: 'acme', per_page: 10 }, (res) => res.data.seats ?? []);
    await sim.close();
    return { seats: seats.length, trace: sim.requests.map((r) => r.fault ?? String(r.status)) };
  }

  it('injects every kind of fault, all retried to success, the same for the same seed', async () => {
    const a = await run(42);
    const b = await run(42);
    const c = await run(7);
    expect(a.seats).toBe(230);
    expect(c.seats).toBe(230);
    expect(a.trace).toEqual(b.trace);
    expect(a.trace).not.toEqual(c.trace);
    const kinds = new Set([...a.trace, ...c.trace].filter((t) => t !== '200'));
    expect([...kinds].sort()).toEqual(['403-secondary', '429', '500', '502', '503', 'drop']);
  });
});

describe('the request log', () => {
  it('records method, path, query, body, status, response and route template', async () => {
    const sim = await startCheckedSimulator(smallOrg());
    const o = testOctokit(sim.url);
    await o.request(SEATS, { org: 'acme', per_page: 2, page: 2 });
    await o.request('POST /orgs/{org}/copilot/billing/selected_users', {
      org: 'acme',
      selected_usernames: ['erin'],
    });
    expect(sim.requests[0]).toMatchObject({
      method: 'GET',
      path: '/orgs/acme/copilot/billing/seats',
      query: { per_page: '2', page: '2' },
      status: 200,
      route: '/orgs/{org}/copilot/billing/seats',
      responseBody: { total_seats: 7 },
    });
    expect(sim.requests[1]).toMatchObject({
      method: 'POST',
      body: { selected_usernames: ['erin'] },
      status: 201,
      responseBody: { seats_created: 1 },
    });
  });

  it('shows that a read-only client wrote nothing', async () => {
    const sim = await startCheckedSimulator(smallOrg());
    const o = testOctokit(sim.url);
    await o.request('GET /orgs/{org}/copilot/billing', { org: 'acme' });
    await o.paginate(SEATS, { org: 'acme' }, (r) => r.data.seats ?? []);
    expect(sim.requests.length).toBeGreaterThan(1);
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('other answers', () => {
  it('waits latencyMs before answering', async () => {
    const sim = await startCheckedSimulator(smallOrg(), { latencyMs: 80 });
    const t0 = performance.now();
    await testOctokit(sim.url).request('GET /orgs/{org}/copilot/billing', { org: 'acme' });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(75);
  });

  it('answers 404 Not Found for unknown routes and other orgs', async () => {
    const sim = await startCheckedSimulator(smallOrg());
    const o = testOctokit(sim.url);
    await expect(o.request('GET /orgs/{org}/copilot/usage', { org: 'acme' })).rejects.toMatchObject({
      status: 404,
    });
    expect(sim.requests[0]).toMatchObject({ route: null, responseBody: { message: 'Not Found' } });
    await expect(o.request(SEATS, { org: 'other' })).rejects.toMatchObject({ status: 404 });
  });

  it('answers membership checks: 204 for a member, 404 for others, pending state for an invitee', async () => {
    const sim = await startCheckedSimulator(smallOrg());
    const o = testOctokit(sim.url);
    expect(
      (await o.request('GET /orgs/{org}/members/{username}', { org: 'acme', username: 'BOB' })).status,
    ).toBe(204);
    await expect(
      o.request('GET /orgs/{org}/members/{username}', { org: 'acme', username: 'invited' }),
    ).rejects.toMatchObject({ status: 404 });
    const m = await o.request('GET /orgs/{org}/memberships/{username}', { org: 'acme', username: 'invited' });
    expect(m.data.state).toBe('pending');
    const admin = await o.request('GET /orgs/{org}/memberships/{username}', {
      org: 'acme',
      username: 'alice',
    });
    expect(admin.data).toMatchObject({ state: 'active', role: 'admin', user: { login: 'Alice' } });
    await expect(
      o.request('GET /orgs/{org}/memberships/{username}', { org: 'acme', username: 'ghost' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('serves a team by slug, case-insensitively, in the team-full shape', async () => {
    const sim = await startCheckedSimulator(smallOrg());
    const o = testOctokit(sim.url);
    const t = await o.request('GET /orgs/{org}/teams/{team_slug}', {
      org: 'acme',
      team_slug: 'DATA-science',
    });
    expect(t.data).toMatchObject({
      slug: 'data-science',
      name: 'Data Science',
      members_count: 2,
      organization: { login: 'Acme' },
    });
    await expect(
      o.request('GET /orgs/{org}/teams/{team_slug}', { org: 'acme', team_slug: 'ent:copilot-pilot' }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
