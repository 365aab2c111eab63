// The merged pull request of a pushed commit, and the labels it carried when it was merged.
import { describe, expect, it } from 'vitest';
import { labelsAtMerge, mergedPullRequest } from '../../src/github/pulls.ts';
import { labelPull, registerPull, unlabelPull } from '../../src/simulator/repos.ts';
import { smallOrg } from '../simulator/fixture.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';

useCheckedSimulators();

// A scripted 403 without a body is a secondary rate limit (retried); this one is a refusal.
const NO_ACCESS = {
  message: 'Resource not accessible by integration',
  documentation_url: 'https://docs.github.com/rest',
};

const REPO = { owner: 'acme', repo: 'admin' };
const MERGED_AT = '2025-06-15T12:00:00Z'; // smallOrg's clock
const at = (minutes: number): string => new Date(Date.parse(MERGED_AT) + minutes * 60_000).toISOString();
const sha = (c: string): string => c.repeat(40);

describe('mergedPullRequest', () => {
  it('prefers the pull request merged as the commit itself, with its head and current labels', async () => {
    const sim = await startCheckedSimulator(smallOrg());
    // #4 was merged into a branch whose history the pushed commit also contains.
    registerPull(sim.state, 'acme/admin', { number: 4, head_sha: sha('b'), merge_commit_sha: sha('e') });
    registerPull(sim.state, 'acme/admin', {
      number: 5,
      head_sha: sha('a'),
      merge_commit_sha: sha('c'),
      labels: ['seats:approved'],
      created_at: at(-30),
    });
    sim.state.repos['acme/admin']!.commit_pulls[sha('c')]!.unshift(4);
    expect(await mergedPullRequest(fastClient(sim.url), REPO, sha('c'))).toEqual({
      number: 5,
      mergedAt: MERGED_AT,
      headSha: sha('a'),
      labels: ['seats:approved'],
    });
  });

  it('is undefined for a commit of no pull request, or only of an open one', async () => {
    const sim = await startCheckedSimulator(smallOrg());
    registerPull(sim.state, 'acme/admin', { number: 6, head_sha: sha('d') });
    const client = fastClient(sim.url);
    expect(await mergedPullRequest(client, REPO, sha('d'))).toBeUndefined();
    expect(await mergedPullRequest(client, REPO, sha('f'))).toBeUndefined();
  });

  it('names the call when GitHub refuses it', async () => {
    const route = '/repos/{owner}/{repo}/commits/{commit_sha}/pulls';
    const sim = await startCheckedSimulator(smallOrg(), {
      faults: [{ method: 'GET', route, nth: 1, status: 403, body: NO_ACCESS }],
    });
    await expect(mergedPullRequest(fastClient(sim.url), REPO, sha('c'))).rejects.toThrow(
      /^Finding the pull request of c{40} failed: 403 /,
    );
  });
});

describe('labelsAtMerge', () => {
  async function merged(labels: string[] = []) {
    const sim = await startCheckedSimulator(smallOrg());
    registerPull(sim.state, 'acme/admin', {
      number: 7,
      head_sha: sha('a'),
      merge_commit_sha: sha('b'),
      labels,
      created_at: at(-600),
    });
    return { sim, client: fastClient(sim.url) };
  }

  it('replays additions and removals up to and including the merge; later changes do not count', async () => {
    const { sim, client } = await merged(['needs-review']);
    labelPull(sim.state, 'acme/admin', 7, 'seats:approved', at(-10));
    unlabelPull(sim.state, 'acme/admin', 7, 'needs-review', at(-5));
    labelPull(sim.state, 'acme/admin', 7, 'same-second', MERGED_AT);
    labelPull(sim.state, 'acme/admin', 7, 'after-merge', at(1));
    unlabelPull(sim.state, 'acme/admin', 7, 'seats:approved', at(2));
    expect(await labelsAtMerge(client, REPO, 7, MERGED_AT)).toEqual(['seats:approved', 'same-second']);
    expect(await labelsAtMerge(client, REPO, 7, at(-7))).toEqual(['needs-review', 'seats:approved']);
  });

  it('reads every page: a label removed and re-added past the first hundred events', async () => {
    const { sim, client } = await merged();
    for (let i = 0; i < 60; i++) {
      labelPull(sim.state, 'acme/admin', 7, 'flip', at(-300 + 2 * i));
      unlabelPull(sim.state, 'acme/admin', 7, 'flip', at(-299 + 2 * i));
    }
    labelPull(sim.state, 'acme/admin', 7, 'flip', at(-1));
    expect(await labelsAtMerge(client, REPO, 7, MERGED_AT)).toEqual(['flip']);
    const pages = sim.requests.filter(
      (r) => r.route === '/repos/{owner}/{repo}/issues/{issue_number}/events',
    );
    expect(pages.map((r) => r.query.page ?? '1')).toEqual(['1', '2']);
  });

  it('compares times, not strings: a merge time with milliseconds or an offset', async () => {
    const { sim, client } = await merged();
    labelPull(sim.state, 'acme/admin', 7, 'on-time', at(0));
    expect(await labelsAtMerge(client, REPO, 7, '2025-06-15T14:00:00.000+02:00')).toEqual(['on-time']);
    expect(await labelsAtMerge(client, REPO, 7, '2025-06-15T11:59:59.999Z')).toEqual([]);
  });

  it('names the call when the history cannot be read', async () => {
    const { client } = await merged();
    await expect(labelsAtMerge(client, REPO, 99, MERGED_AT)).rejects.toThrow(
      /^Reading the label history of #99 failed: 404 Not Found/,
    );
  });
});
