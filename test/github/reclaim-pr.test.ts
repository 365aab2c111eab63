// syncReclaimPull / closeReclaimPulls against the checked simulator: the branch is one commit on the
// default branch's head, the pull request is opened once and updated after, a run with nothing new
// pushes nothing, a reviewer's commit on the branch is never force-pushed away.
import { describe, expect, it } from 'vitest';
import { closeReclaimPulls, RECLAIM_COMMIT_PREFIX, syncReclaimPull } from '../../src/github/reclaim-pr.ts';
import { branchHeadOf, fileAt, putFile, repoOf, setBranchHead } from '../../src/simulator/repos.ts';
import { fastClient } from '../support/client.ts';
import { testOctokit } from '../support/octokit.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import { smallOrg } from '../simulator/fixture.ts';

useCheckedSimulators();

const R = { owner: 'acme', repo: 'admin' };
const MAIN = 'f'.repeat(40);
const BRANCH = 'copilot-seats/reclaim';
const BEFORE = 'version: 1\norg: acme\nusers: [a, b, c]\n';

async function setup() {
  const state = smallOrg();
  setBranchHead(state, 'acme/admin', 'main', MAIN);
  putFile(state, 'acme/admin', 'main', 'seats.yaml', BEFORE);
  putFile(state, 'acme/admin', 'main', 'other.txt', 'kept\n');
  const sim = await startCheckedSimulator(state);
  return { sim, client: fastClient(sim.url), repo: repoOf(state, 'acme', 'admin') };
}

const input = (text: string, title = 'Reclaim') => ({
  branch: BRANCH,
  base: 'main',
  path: 'seats.yaml',
  text,
  title,
  body: `body of ${title}`,
});

describe('syncReclaimPull', () => {
  it('opens the pull request once, then updates it; an unchanged proposal pushes nothing', async () => {
    const { client, repo } = await setup();
    const opened = await syncReclaimPull(client, R, input('version: 1\norg: acme\nusers: [a]\n'));
    expect(opened).toMatchObject({ action: 'opened', pushed: true });
    expect(fileAt(repo, BRANCH, 'seats.yaml')?.text).toBe('version: 1\norg: acme\nusers: [a]\n');
    expect(fileAt(repo, BRANCH, 'other.txt')?.text).toBe('kept\n');
    const head = branchHeadOf(repo, BRANCH)!;
    expect(repo.commits?.[head]).toMatchObject({ parents: [MAIN] });
    expect(repo.commits?.[head]?.message.startsWith(RECLAIM_COMMIT_PREFIX)).toBe(true);

    const same = await syncReclaimPull(client, R, input('version: 1\norg: acme\nusers: [a]\n', 'Again'));
    expect(same).toMatchObject({ action: 'updated', pushed: false });
    expect(branchHeadOf(repo, BRANCH)).toBe(head);

    const changed = await syncReclaimPull(client, R, input('version: 1\norg: acme\nusers: []\n', 'Third'));
    expect(changed).toMatchObject({ action: 'updated', pushed: true });
    expect(branchHeadOf(repo, BRANCH)).not.toBe(head);
    const pulls = repo.issues.filter((i) => i.pull);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ title: 'Third', body: 'body of Third', state: 'open' });
  });

  it('leaves a branch alone whose head is a reviewer’s commit', async () => {
    const { sim, client, repo } = await setup();
    await syncReclaimPull(client, R, input('version: 1\norg: acme\nusers: [a]\n'));
    // A reviewer commits on the branch (keeps b).
    const gh = testOctokit(sim.url);
    const tip = branchHeadOf(repo, BRANCH)!;
    const { data: tipCommit } = await gh.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
      ...R,
      commit_sha: tip,
    });
    const { data: tree } = await gh.request('POST /repos/{owner}/{repo}/git/trees', {
      ...R,
      base_tree: tipCommit.tree.sha,
      tree: [
        {
          path: 'seats.yaml',
          mode: '100644',
          type: 'blob',
          content: 'version: 1\norg: acme\nusers: [a, b]\n',
        },
      ],
    });
    const { data: mine } = await gh.request('POST /repos/{owner}/{repo}/git/commits', {
      ...R,
      message: 'Keep b',
      tree: tree.sha,
      parents: [tip],
    });
    await gh.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
      ...R,
      ref: `heads/${BRANCH}`,
      sha: mine.sha,
    });

    const result = await syncReclaimPull(client, R, input('version: 1\norg: acme\nusers: []\n', 'Later'));
    expect(result).toMatchObject({ action: 'kept', reason: expect.stringContaining('did not write') });
    expect(branchHeadOf(repo, BRANCH)).toBe(mine.sha);
    expect(repo.issues.find((i) => i.pull)?.title).toBe('Reclaim');
  });

  it('closeReclaimPulls comments and closes the open pull request from the branch, and only that', async () => {
    const { client, repo } = await setup();
    const opened = await syncReclaimPull(client, R, input('version: 1\norg: acme\nusers: [a]\n'));
    expect(await closeReclaimPulls(client, R, BRANCH, 'Nobody is idle. Closing.')).toEqual([
      opened.action === 'opened' ? opened.number : -1,
    ]);
    expect(repo.issues.find((i) => i.pull)?.state).toBe('closed');
    expect(repo.comments.map((c) => c.body)).toEqual(['Nobody is idle. Closing.']);
    expect(await closeReclaimPulls(client, R, BRANCH, 'again')).toEqual([]);
  });
});
