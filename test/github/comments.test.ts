import { describe, expect, it } from 'vitest';
import { findDriftIssue, syncDriftIssue, upsertComment, whoAmI } from '../../src/github/comments.ts';
import { createComment, createIssue, registerPull, repoOf, updateIssue } from '../../src/simulator/repos.ts';
import { smallOrg } from '../simulator/fixture.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';

useCheckedSimulators();

const REPO = { owner: 'acme', repo: 'admin' };
const MARKER = '<!-- copilot-seats:plan org=acme -->';

describe('whoAmI', () => {
  it('is the user behind a personal token, and the Actions bot for the workflow token', async () => {
    const sim = await startCheckedSimulator(smallOrg(), { tokenLogins: { 'ghp-pat': 'Octo-Admin' } });
    expect(await whoAmI(fastClient(sim.url, { token: 'ghp-pat' }))).toBe('Octo-Admin');
    expect(await whoAmI(fastClient(sim.url, { token: 'ghs-workflow' }))).toBe('github-actions[bot]');
  });
});

describe('upsertComment', () => {
  it('creates once, then updates its own comment, whoever else wrote a marker', async () => {
    const sim = await startCheckedSimulator(smallOrg(), { tokenLogins: { 'ghp-pat': 'octo-admin' } });
    registerPull(sim.state, 'acme/admin', { number: 3, head_sha: 'abc' });
    const repo = repoOf(sim.state, 'acme', 'admin');
    createComment(sim.state, repo, 3, 'mallory', { body: `${MARKER}\nspoof` });
    const client = fastClient(sim.url, { token: 'ghp-pat' });
    const self = await whoAmI(client);
    const id = await upsertComment(client, REPO, 3, MARKER, `${MARKER}\none`, self);
    const again = await upsertComment(client, REPO, 3, MARKER, `${MARKER}\ntwo`, self);
    expect(again).toBe(id);
    expect(repo.comments.map((c) => [c.user, c.body])).toEqual([
      ['mallory', `${MARKER}\nspoof`],
      ['octo-admin', `${MARKER}\ntwo`],
    ]);
  });
});

describe('syncDriftIssue', () => {
  it('creates, updates, then closes with a comment; a look-alike issue by someone else is left alone', async () => {
    const sim = await startCheckedSimulator(smallOrg());
    const client = fastClient(sim.url);
    const marker = '<!-- copilot-seats:drift org=acme -->';
    const opts = { title: 'drift', marker, self: 'github-actions[bot]', resolvedComment: 'resolved' };
    expect(await syncDriftIssue(client, REPO, { ...opts, drift: false, body: `${marker}\n` })).toEqual({
      action: 'none',
    });
    const created = await syncDriftIssue(client, REPO, { ...opts, drift: true, body: `${marker}\nv1` });
    expect(created).toMatchObject({ action: 'created' });
    const updated = await syncDriftIssue(client, REPO, { ...opts, drift: true, body: `${marker}\nv2` });
    expect(updated).toEqual({ action: 'updated', number: (created as { number: number }).number });
    const closed = await syncDriftIssue(client, REPO, { ...opts, drift: false, body: `${marker}\n` });
    expect(closed).toMatchObject({ action: 'closed' });
    const issues = repoOf(sim.state, 'acme', 'admin').issues;
    expect(issues.map((i) => [i.state, i.body, i.labels])).toEqual([
      ['closed', `${marker}\nv2`, ['copilot-seats-drift']],
    ]);
  });
});

describe('findDriftIssue', () => {
  it('finds the open issue this account wrote, else (when asked) the one it closed last', async () => {
    const sim = await startCheckedSimulator(smallOrg());
    const client = fastClient(sim.url);
    const marker = '<!-- copilot-seats:drift org=acme -->';
    const self = 'github-actions[bot]';
    const repo = repoOf(sim.state, 'acme', 'admin');
    const labels = ['copilot-seats-drift'];
    // Someone else's look-alikes, open and closed, are never taken.
    createIssue(sim.state, repo, 'mallory', { title: 'x', body: `${marker}\nspoof`, labels });
    const spoofClosed = createIssue(sim.state, repo, 'mallory', {
      title: 'x',
      body: `${marker}\nold`,
      labels,
    });
    updateIssue(sim.state, repo, spoofClosed, { state: 'closed' }, 'mallory');
    expect(await findDriftIssue(client, REPO, { marker, self, closed: true })).toBeNull();

    const first = createIssue(sim.state, repo, self, { title: 'd', body: `${marker}\nfirst`, labels });
    updateIssue(sim.state, repo, first, { state: 'closed' }, self);
    expect(await findDriftIssue(client, REPO, { marker, self })).toBeNull();
    expect(await findDriftIssue(client, REPO, { marker, self, closed: true })).toEqual({
      number: first.number,
      body: `${marker}\nfirst`,
      open: false,
    });
    const second = createIssue(sim.state, repo, self, { title: 'd', body: `${marker}\nsecond`, labels });
    expect(await findDriftIssue(client, REPO, { marker, self, closed: true })).toEqual({
      number: second.number,
      body: `${marker}\nsecond`,
      open: true,
    });
  });
});
