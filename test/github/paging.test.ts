// Paging must end (issue 11, item 7): a Link that points back at a page already read, past what
// total_seats implies, on and on, or to another host is an error that names the page, after a
// bounded number of requests. Over HTTP, through the real client, with the simulator's Link rewrites.
import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/github/client.ts';
import { syncDriftIssue, upsertComment } from '../../src/github/comments.ts';
import { readLookups, readSeats } from '../../src/github/live.ts';
import { MAX_REPO_PAGES } from '../../src/github/paging.ts';
import { labelsAtMerge, mergedPullRequest } from '../../src/github/pulls.ts';
import { readReviewedPlan } from '../../src/github/reviewed.ts';
import type { ScriptedRewrite } from '../../src/simulator/faults.ts';
import { generateOrg } from '../../src/simulator/generate.ts';
import { createComment, registerPull, repoOf } from '../../src/simulator/repos.ts';
import { smallOrg } from '../simulator/fixture.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import { orgApi } from '../../src/github/scope-api.ts';
import { orgScope } from '../../src/plan/scope.ts';

useCheckedSimulators();

const SEATS = '/orgs/{org}/copilot/billing/seats';
const REPO = { owner: 'acme', repo: 'admin' };
const AFTERWORD = /\. Nothing was taken from the list; run again, and if it persists check any proxy/;

/** Link to `page` of the list at `path` (which may carry the list's own query), as GitHub writes it. */
const linkTo = (path: string, page: number): string =>
  `<${path}${path.includes('?') ? '&' : '?'}per_page=100&page=${page}>; rel="next"`;

/** Every answer of the route links to the other of pages 1 and 2: a cycle that never ends by itself. */
const cycle = (route: string, path: string): ScriptedRewrite => ({
  method: 'GET',
  route,
  link: (query) => linkTo(path, query.page === '2' ? 1 : 2),
});

describe('the seat list (pages read from total_seats)', () => {
  // 250 seats: pages 1 to 3. One read at a time, so that the nth request is page n.
  async function seatList(rewrite: Omit<ScriptedRewrite, 'method' | 'route'>) {
    const sim = await startCheckedSimulator(generateOrg({ members: 300, teams: 3, seats: 250, seed: 2 }), {
      rewrites: [{ method: 'GET', route: SEATS, ...rewrite }],
    });
    const result = await readSeats(fastClient(sim.url, { concurrency: 1 }), orgApi('bigcorp')).catch(
      (e: Error) => e,
    );
    return { result, pages: sim.requests.filter((r) => r.route === SEATS).map((r) => r.query.page) };
  }
  const seatsPath = '/orgs/bigcorp/copilot/billing/seats';

  it('a last page that links back to a page already read is an error, not a loop', async () => {
    const { result: error, pages } = await seatList({ nth: 3, link: linkTo(seatsPath, 2) });
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^Reading the Copilot seats of bigcorp failed: the seat list's paging loops: page 3 links back to page 2\. Nothing was taken/,
    );
    expect(pages).toEqual(['1', '2', '3']);
  });

  it('a last page that links past what total_seats implies is an error; no page past it is asked for', async () => {
    const { result: error, pages } = await seatList({ nth: 3, link: linkTo(seatsPath, 4) });
    expect((error as Error).message).toMatch(
      /the seat list's paging does not end: page 3, the last of total_seats 250, links to page 4\. Nothing was taken/,
    );
    expect(pages).toEqual(['1', '2', '3']);
  });

  it('a page that links past the next one is an error before any other page is asked for', async () => {
    const { result: error, pages } = await seatList({ nth: 1, link: linkTo(seatsPath, 5) });
    expect((error as Error).message).toMatch(/the seat list's paging skips: page 1 links to page 5, not 2\./);
    expect(pages).toEqual(['1']);
  });

  it('an absurd total_seats (10^9) fails after page 1, without asking for the pages it implies', async () => {
    const { result: error, pages } = await seatList({
      nth: 1,
      body: (body) => ({ ...(body as object), total_seats: 1e9 }),
    });
    expect((error as Error).message).toMatch(
      /^Reading the Copilot seats of bigcorp failed: page 1 of the seat list says total_seats is 1000000000: not a seat count \(at most 1,000,000 are read\); no other page was asked for\./,
    );
    expect(pages).toEqual(['1']);
  });

  it('a page that fails stops the pages not yet asked for', async () => {
    const sim = await startCheckedSimulator(generateOrg({ members: 2100, teams: 3, seats: 2000, seed: 2 }), {
      rewrites: [
        { method: 'GET', route: SEATS, nth: 2, link: linkTo('/orgs/bigcorp/copilot/billing/seats', 1) },
      ],
    });
    const error = await readSeats(fastClient(sim.url, { concurrency: 2 }), orgApi('bigcorp')).catch(
      (e: Error) => e,
    );
    expect((error as Error).message).toMatch(/the seat list's paging loops: page \d+ links back to page 1/);
    // 20 pages, two in flight at a time: page 1, then 2 and 3; one of them fails and nothing follows.
    expect(sim.requests.filter((r) => r.route === SEATS)).toHaveLength(3);
  });

  it('links that agree with total_seats are read as before', async () => {
    const { result, pages } = await seatList({
      nth: 1,
      link: `${linkTo(seatsPath, 2)}, <${seatsPath}?page=3>; rel="last"`,
    });
    expect(result).toHaveLength(250);
    expect(pages).toEqual(['1', '2', '3']);
  });
});

/** Every list the action pages with client.paginate, with the route it pages and the path of its pages. */
const LISTS: {
  name: string;
  route: string;
  path: string;
  read: (client: GitHubClient) => Promise<unknown>;
  failure: RegExp;
}[] = [
  {
    name: 'team members (readLookups)',
    route: '/orgs/{org}/teams/{team_slug}/members',
    path: '/orgs/acme/teams/design/members',
    read: (client) => readLookups(client, orgApi('acme'), { logins: [], teams: ['design'] }),
    failure: /^Reading team design of acme failed: the paging loops: page 2 links back to page 1/,
  },
  {
    name: 'issue comments (upsertComment)',
    route: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    path: '/repos/acme/admin/issues/1/comments',
    read: (client) => upsertComment(client, REPO, 1, '<!-- m -->', 'body', 'github-actions[bot]'),
    failure: /^Commenting on #1 failed: the paging loops: page 2 links back to page 1/,
  },
  {
    name: 'issue comments (readReviewedPlan)',
    route: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    path: '/repos/acme/admin/issues/1/comments',
    read: (client) => readReviewedPlan(client, REPO, 1, orgScope('acme'), 'github-actions[bot]'),
    failure: /^Reading the plan comment of #1 failed: the paging loops: page 2 links back to page 1/,
  },
  {
    name: 'open drift issues (syncDriftIssue)',
    route: '/repos/{owner}/{repo}/issues',
    path: '/repos/acme/admin/issues?state=open&labels=copilot-seats-drift',
    read: (client) => syncDriftIssue(client, REPO, driftOptions),
    failure: /^Updating the drift issue failed: the paging loops: page 2 links back to page 1/,
  },
  {
    name: 'pull requests of a commit (mergedPullRequest)',
    route: '/repos/{owner}/{repo}/commits/{commit_sha}/pulls',
    path: `/repos/acme/admin/commits/${'b'.repeat(40)}/pulls`,
    read: (client) => mergedPullRequest(client, REPO, 'b'.repeat(40)),
    failure: /^Finding the pull request of b{40} failed: the paging loops: page 2 links back to page 1/,
  },
  {
    name: 'label events (labelsAtMerge)',
    route: '/repos/{owner}/{repo}/issues/{issue_number}/events',
    path: '/repos/acme/admin/issues/1/events',
    read: (client) => labelsAtMerge(client, REPO, 1, '2025-06-15T12:00:00Z'),
    failure: /^Reading the label history of #1 failed: the paging loops: page 2 links back to page 1/,
  },
];

const driftOptions = {
  drift: true,
  title: 'drift',
  body: '<!-- d -->\nbody',
  marker: '<!-- d -->',
  self: 'github-actions[bot]',
  resolvedComment: 'resolved',
};

/** smallOrg, with pull request #1 (head a…, merged as b…) in acme/admin. */
async function orgWithPull(rewrites: ScriptedRewrite[]) {
  const sim = await startCheckedSimulator(smallOrg(), { rewrites });
  registerPull(sim.state, 'acme/admin', {
    number: 1,
    head_sha: 'a'.repeat(40),
    merge_commit_sha: 'b'.repeat(40),
  });
  return sim;
}

describe('lists read with client.paginate', () => {
  it.each(LISTS)('$name: a cycle of pages is an error after two pages', async (list) => {
    const sim = await orgWithPull([cycle(list.route, list.path)]);
    const error = await list.read(fastClient(sim.url)).catch((e: Error) => e);
    expect((error as Error).message).toMatch(list.failure);
    expect((error as Error).message).toMatch(AFTERWORD);
    expect(sim.requests.filter((r) => r.route === list.route).map((r) => r.query.page)).toEqual([
      undefined,
      '2',
    ]);
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a first page that links to itself (page=1, the query in another order) is a loop', async () => {
    const list = LISTS[0]!;
    const sim = await orgWithPull([
      { method: 'GET', route: list.route, link: `<${list.path}?page=1&per_page=100>; rel="next"` },
    ]);
    const error = await list.read(fastClient(sim.url)).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/the paging loops: page 1 links back to page 1/);
    expect(sim.requests.filter((r) => r.route === list.route)).toHaveLength(1);
  });

  it(`a list whose every page links to a new one stops at ${MAX_REPO_PAGES} pages`, async () => {
    const list = LISTS[1]!;
    const sim = await orgWithPull([
      { method: 'GET', route: list.route, link: (query) => linkTo(list.path, Number(query.page ?? 1) + 1) },
    ]);
    const error = await list.read(fastClient(sim.url, { concurrency: 1 })).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Commenting on #1 failed: the list runs past ${MAX_REPO_PAGES} pages without an end; stopped reading\\.`,
      ),
    );
    expect(sim.requests.filter((r) => r.route === list.route)).toHaveLength(MAX_REPO_PAGES);
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a next page on another host is not asked for: the token stays with the API', async () => {
    const other = await startCheckedSimulator(smallOrg());
    const list = LISTS[3]!;
    const sim = await orgWithPull([
      {
        method: 'GET',
        route: list.route,
        link: linkTo(`${other.url}${list.path}`, 2),
      },
    ]);
    const error = await list.read(fastClient(sim.url, { token: 'ghp-secret' })).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Updating the drift issue failed: page 1 links to a next page on another host \\(${other.url}\\); not followed\\.`,
      ),
    );
    expect(other.requests).toEqual([]);
  });

  it('a real second page is still read', async () => {
    const sim = await orgWithPull([]);
    const repo = repoOf(sim.state, 'acme', 'admin');
    for (let i = 0; i < 130; i++) createComment(sim.state, repo, 1, 'mallory', { body: `comment ${i}` });
    await upsertComment(
      fastClient(sim.url),
      REPO,
      1,
      '<!-- m -->',
      '<!-- m -->\nbody',
      'github-actions[bot]',
    );
    const pages = sim.requests.filter((r) => r.route === LISTS[1]!.route && r.method === 'GET');
    expect(pages.map((r) => r.query.page)).toEqual([undefined, '2']);
  });
});
