// Issues, issue comments and the pull requests of a commit, as the action uses them.
import { describe, expect, it } from 'vitest';
import { registerPull } from '../../src/simulator/repos.ts';
import { testOctokit } from '../support/octokit.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import { smallOrg } from './fixture.ts';

useCheckedSimulators();

const R = { owner: 'acme', repo: 'admin' };
const HEAD = 'a'.repeat(40);
const MERGE = 'b'.repeat(40);

async function setup() {
  const state = smallOrg();
  registerPull(state, 'acme/admin', {
    number: 7,
    title: 'Add erin',
    head_sha: HEAD,
    merge_commit_sha: MERGE,
  });
  const sim = await startCheckedSimulator(state, { tokenLogins: { 'human-token': 'Alice' } });
  return { state, sim, bot: testOctokit(sim.url), human: testOctokit(sim.url, { auth: 'human-token' }) };
}

describe('issue comments', () => {
  it('creates, lists (paged), gets and updates comments, each with the author of its token', async () => {
    const { bot, human } = await setup();
    const mine = await bot.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...R,
      issue_number: 7,
      body: '<!-- copilot-seats -->\nplan',
    });
    expect(mine.status).toBe(201);
    expect(mine.data.user?.login).toBe('github-actions[bot]');
    expect(mine.data.user?.type).toBe('Bot');
    await human.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...R,
      issue_number: 7,
      body: '<!-- copilot-seats -->\nspoof',
    });
    for (let i = 0; i < 3; i++)
      await human.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...R,
        issue_number: 7,
        body: `note ${i}`,
      });
    const all = await bot.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...R,
      issue_number: 7,
      per_page: 2,
    });
    expect(all.map((c) => c.user?.login)).toEqual([
      'github-actions[bot]',
      'Alice',
      'Alice',
      'Alice',
      'Alice',
    ]);
    await bot.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      ...R,
      comment_id: mine.data.id,
      body: 'updated',
    });
    const got = await bot.request('GET /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      ...R,
      comment_id: mine.data.id,
    });
    expect(got.data.body).toBe('updated');
  });

  it('answers 404 for a comment on an issue that does not exist, or an unknown comment', async () => {
    const { bot } = await setup();
    await expect(
      bot.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...R,
        issue_number: 99,
        body: 'x',
      }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      bot.request('GET /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...R, comment_id: 12345 }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('issues', () => {
  it('creates an issue with labels, filters by state and labels, closes it', async () => {
    const { bot } = await setup();
    const created = await bot.request('POST /repos/{owner}/{repo}/issues', {
      ...R,
      title: 'Copilot seat drift',
      body: 'b',
      labels: ['copilot-seats', 'drift'],
    });
    expect(created.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual([
      'copilot-seats',
      'drift',
    ]);
    await bot.request('POST /repos/{owner}/{repo}/issues', { ...R, title: 'Other' });
    const open = await bot.request('GET /repos/{owner}/{repo}/issues', { ...R, labels: 'copilot-seats' });
    expect(open.data.map((i) => i.number)).toEqual([created.data.number]);
    const closed = await bot.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      ...R,
      issue_number: created.data.number,
      state: 'closed',
    });
    expect(closed.data.state).toBe('closed');
    expect(closed.data.closed_at).not.toBeNull();
    expect(
      (await bot.request('GET /repos/{owner}/{repo}/issues', { ...R, labels: 'copilot-seats' })).data,
    ).toEqual([]);
    const all = await bot.request('GET /repos/{owner}/{repo}/issues', {
      ...R,
      state: 'all',
      labels: 'Copilot-Seats',
    });
    expect(all.data).toHaveLength(1);
    const got = await bot.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
      ...R,
      issue_number: created.data.number,
    });
    expect(got.data.user?.login).toBe('github-actions[bot]');
  });

  it('updates the labels, title and body of an issue', async () => {
    const { bot } = await setup();
    const { data } = await bot.request('POST /repos/{owner}/{repo}/issues', {
      ...R,
      title: 't',
      labels: ['a'],
    });
    const upd = await bot.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      ...R,
      issue_number: data.number,
      title: 't2',
      body: 'new',
      labels: ['b'],
    });
    expect(upd.data).toMatchObject({ title: 't2', body: 'new' });
    expect(upd.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['b']);
  });

  it('lists pull requests among issues, marked with pull_request', async () => {
    const { bot } = await setup();
    const all = await bot.request('GET /repos/{owner}/{repo}/issues', { ...R, state: 'all' });
    expect(all.data[0]).toMatchObject({ number: 7, pull_request: { merged_at: expect.any(String) } });
  });
});

describe('pull requests of a commit', () => {
  it('finds the pull request of a head or merge commit, and none for another', async () => {
    const { bot } = await setup();
    for (const sha of [HEAD, MERGE]) {
      const res = await bot.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', {
        ...R,
        commit_sha: sha,
      });
      expect(res.data.map((p) => [p.number, p.merge_commit_sha])).toEqual([[7, MERGE]]);
    }
    const none = await bot.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', {
      ...R,
      commit_sha: 'c'.repeat(40),
    });
    expect(none.data).toEqual([]);
  });
});
