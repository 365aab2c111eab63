// Scripted rewrites: the nth answer of a route with another Link header or body, what the paging
// tests (test/github/paging.test.ts) use to make lists loop or never end; and the request times.
import { describe, expect, it } from 'vitest';
import { testOctokit } from '../support/octokit.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import { smallOrg } from './fixture.ts';

useCheckedSimulators();

const MEMBERS = '/orgs/{org}/teams/{team_slug}/members';
const GET_MEMBERS = `GET ${MEMBERS}`;

describe('scripted rewrites', () => {
  it('replace the Link of the nth answer (paths made absolute), drop it with null, leave the others', async () => {
    const sim = await startCheckedSimulator(smallOrg(), {
      rewrites: [
        {
          method: 'GET',
          route: MEMBERS,
          nth: 1,
          link: '</orgs/acme/teams/design/members?page=7>; rel="next"',
        },
        { method: 'GET', route: MEMBERS, nth: 2, link: null },
        {
          method: 'GET',
          route: MEMBERS,
          nth: 3,
          link: (query, link) => `<${query.page}|${link ?? ''}>; rel="x"`,
        },
      ],
    });
    const o = testOctokit(sim.url);
    const ask = () => o.request(GET_MEMBERS, { org: 'acme', team_slug: 'design', per_page: 1 });
    const [first, second, third, fourth] = [await ask(), await ask(), await ask(), await ask()];
    expect(first.headers.link).toBe(`<${sim.url}/orgs/acme/teams/design/members?page=7>; rel="next"`);
    expect(second.headers.link).toBeUndefined();
    expect(third.headers.link).toMatch(
      new RegExp(`^<undefined\\|<${sim.url}/.*page=2>; rel="next".*>; rel="x"$`),
    );
    expect(fourth.headers.link).toContain('rel="next"');
    expect(first.data).toEqual(fourth.data);
  });

  it("replace the body with one made from the handler's; every request has the time it arrived", async () => {
    const sim = await startCheckedSimulator(smallOrg(), {
      rewrites: [
        {
          method: 'GET',
          route: '/orgs/{org}/copilot/billing/seats',
          body: (body) => ({ ...(body as object), total_seats: 1e9 }),
        },
      ],
    });
    const before = Date.now();
    const res = await testOctokit(sim.url).request('GET /orgs/{org}/copilot/billing/seats', { org: 'acme' });
    expect(res.data.total_seats).toBe(1e9);
    expect(res.data.seats).toHaveLength(sim.state.seats.length);
    expect(sim.requests[0]?.receivedAt).toBeGreaterThanOrEqual(before);
    expect(sim.requests[0]?.receivedAt).toBeLessThanOrEqual(Date.now());
  });
});
