// Issues, issue comments, pull requests (of a commit, one, their label history) and file contents,
// as the action uses them.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createComment,
  createIssue,
  labelPull,
  putFile,
  registerPull,
  repoOf,
  unlabelPull,
} from '../../src/simulator/repos.ts';
import { fastClient } from '../support/client.ts';
import { testOctokit } from '../support/octokit.ts';
import { validateComponent } from '../support/openapi.ts';
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

const T = (minute: number): string =>
  new Date(Date.parse('2025-06-15T12:00:00Z') + minute * 60_000).toISOString();

describe('pull request labels and their history', () => {
  it('records labeled and unlabeled events (actor, time), listed oldest first and paged with Link', async () => {
    const { state, sim } = await setup();
    labelPull(state, 'acme/admin', 7, 'seats:approved', T(5), 'Alice');
    labelPull(state, 'acme/admin', 7, 'urgent', T(1));
    labelPull(state, 'acme/admin', 7, 'urgent', T(2)); // has it already: no event
    unlabelPull(state, 'acme/admin', 7, 'URGENT', T(3), 'bob');
    const client = fastClient(sim.url);
    const first = await client.request('GET /repos/{owner}/{repo}/issues/{issue_number}/events', {
      ...R,
      issue_number: 7,
      per_page: 2,
    });
    expect(first.headers.link).toMatch(/rel="next"/);
    const all = await client.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/events', {
      ...R,
      issue_number: 7,
      per_page: 2,
    });
    const seen = all.map((e) => ['label' in e ? e.label.name : null, e.event, e.actor.login, e.created_at]);
    expect(seen).toEqual([
      ['urgent', 'labeled', 'acme', T(1)],
      ['urgent', 'unlabeled', 'bob', T(3)],
      ['seats:approved', 'labeled', 'Alice', T(5)],
    ]);
    // The list's schema is an anyOf that looser event kinds satisfy: check each against its own.
    for (const e of all) expect(validateComponent(`${e.event}-issue-event`, e)).toEqual([]);
    expect(validateComponent('labeled-issue-event', { ...all[0], label: { name: 'x' } })).not.toEqual([]);
  });

  it("records label changes made through the API as events by the token's account", async () => {
    const { sim } = await setup();
    const client = fastClient(sim.url, { token: 'human-token' });
    const { data } = await client.request('POST /repos/{owner}/{repo}/issues', {
      ...R,
      title: 't',
      labels: ['a'],
    });
    await client.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      ...R,
      issue_number: data.number,
      labels: ['b', 'B'],
    });
    const events = repoOf(sim.state, 'acme', 'admin').events ?? [];
    expect(events.map((e) => [e.event, e.label, e.actor])).toEqual([
      ['labeled', 'a', 'Alice'],
      ['unlabeled', 'a', 'Alice'],
      ['labeled', 'b', 'Alice'],
    ]);
  });

  it('answers 404 for the events of an issue that does not exist', async () => {
    const { sim } = await setup();
    await expect(
      fastClient(sim.url).request('GET /repos/{owner}/{repo}/issues/{issue_number}/events', {
        ...R,
        issue_number: 99,
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('registers labels with the pull request, at its creation, and refuses impossible histories', () => {
    const state = smallOrg();
    registerPull(state, 'acme/admin', { number: 3, head_sha: HEAD, labels: ['x'], created_at: T(-60) });
    expect(repoOf(state, 'acme', 'admin').events?.map((e) => [e.event, e.label, e.created_at])).toEqual([
      ['labeled', 'x', T(-60)],
    ]);
    expect(() => unlabelPull(state, 'acme/admin', 3, 'y', T(1))).toThrow(/has no label y/);
    expect(() => labelPull(state, 'acme/admin', 4, 'y', T(1))).toThrow(/no pull request #4/);
    expect(() =>
      registerPull(state, 'acme/admin', {
        head_sha: MERGE,
        merge_commit_sha: 'c',
        created_at: T(5),
        merged_at: T(1),
      }),
    ).toThrow(/before created_at/);
  });

  it('shows the current labels and merged_at in the pull requests of a commit', async () => {
    const { state, sim } = await setup();
    labelPull(state, 'acme/admin', 7, 'seats:approved', T(1));
    labelPull(state, 'acme/admin', 7, 'later', T(2));
    unlabelPull(state, 'acme/admin', 7, 'later', T(3));
    const { data } = await fastClient(sim.url).request(
      'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls',
      {
        ...R,
        commit_sha: MERGE,
      },
    );
    expect(data.map((p) => [p.labels.map((l) => l.name), p.merged_at])).toEqual([
      [['seats:approved'], '2025-06-15T12:00:00Z'],
    ]);
  });
});

describe('one pull request', () => {
  it('shows a merged pull request: merged, merged_by, labels, comment count', async () => {
    const { state, sim } = await setup();
    labelPull(state, 'acme/admin', 7, 'seats:approved', T(-1));
    // Written on the state: the throttling plugin spaces comment POSTs by seconds.
    createComment(state, repoOf(state, 'acme', 'admin'), 7, 'bob', { body: 'x' });
    const client = fastClient(sim.url);
    const { data } = await client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
      ...R,
      pull_number: 7,
    });
    expect(data).toMatchObject({
      number: 7,
      merged: true,
      merged_at: '2025-06-15T12:00:00Z',
      merge_commit_sha: MERGE,
      merged_by: { login: 'acme' },
      mergeable: null,
      comments: 1,
      head: { sha: HEAD },
    });
    expect(data.labels.map((l) => l.name)).toEqual(['seats:approved']);
  });

  it('shows an open pull request as mergeable and not merged; an issue is no pull request (404)', async () => {
    const { state, sim } = await setup();
    registerPull(state, 'acme/admin', { number: 8, head_sha: 'd'.repeat(40) });
    const client = fastClient(sim.url);
    const { data } = await client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
      ...R,
      pull_number: 8,
    });
    expect(data).toMatchObject({
      merged: false,
      merged_at: null,
      merged_by: null,
      mergeable: true,
      state: 'open',
    });
    const issue = createIssue(state, repoOf(state, 'acme', 'admin'), 'bob', { title: 'not a PR' });
    await expect(
      client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
        ...R,
        pull_number: issue.number,
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('file contents at a ref', () => {
  const gitSha = (text: string): string => {
    const bytes = Buffer.from(text);
    return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  };
  type Entry = { type: string; path: string; content?: string; encoding?: string; sha: string; size: number };
  const get = async (url: string, path: string, ref?: string): Promise<Entry | Entry[]> => {
    const res = await fastClient(url).request('GET /repos/{owner}/{repo}/contents/{path}', {
      ...R,
      path,
      ref,
    });
    return res.data as Entry | Entry[];
  };

  it('serves a file per ref as GitHub does: base64 in 60-character lines, the git blob sha, size in bytes', async () => {
    const { state, sim } = await setup();
    const text = 'version: 1\norg: acme\nusers: [zoë, ' + 'x'.repeat(80) + ']\n';
    putFile(state, 'acme/admin', 'main', 'config/seats.yaml', text);
    putFile(state, 'acme/admin', HEAD, 'config/seats.yaml', 'old\n');
    const file = (await get(sim.url, 'config/seats.yaml')) as Entry;
    expect(file).toMatchObject({
      type: 'file',
      encoding: 'base64',
      path: 'config/seats.yaml',
      name: 'seats.yaml',
    });
    expect(file.content?.split('\n').map((l) => l.length)).toEqual([60, 60, 36, 0]);
    expect(Buffer.from(file.content ?? '', 'base64').toString('utf8')).toBe(text);
    expect(file.sha).toBe(gitSha(text));
    expect(file.size).toBe(Buffer.byteLength(text));
    expect(gitSha('hello\n')).toBe('ce013625030ba8dba906f756967f9e9ca394464a'); // git hash-object
    const old = (await get(sim.url, 'config/seats.yaml', HEAD)) as Entry;
    expect(Buffer.from(old.content ?? '', 'base64').toString()).toBe('old\n');
    const viaRef = (await get(sim.url, 'config/seats.yaml', 'refs/heads/main')) as Entry;
    expect(viaRef.sha).toBe(file.sha);
  });

  it('answers 404 for a path or ref without the file, including names of Object.prototype', async () => {
    const { state, sim } = await setup();
    putFile(state, 'acme/admin', 'main', 'seats.yaml', 'x');
    for (const [path, ref] of [
      ['other.yaml', 'main'],
      ['seats.yaml', 'feature'],
      ['constructor', 'main'],
      ['name', 'constructor'],
    ] as const) {
      await expect(get(sim.url, path, ref)).rejects.toMatchObject({ status: 404 });
    }
  });

  it('takes the path with literal slashes too, and lists a directory', async () => {
    const { state, sim } = await setup();
    putFile(state, 'acme/admin', 'main', 'a/b/c.yaml', 'c');
    putFile(state, 'acme/admin', 'main', 'a/top.yaml', 't');
    const raw = await fetch(`${sim.url}/repos/acme/admin/contents/a/b/c.yaml?ref=main`, {
      headers: { authorization: 'token t' },
    });
    expect(((await raw.json()) as Entry).path).toBe('a/b/c.yaml');
    const dir = (await get(sim.url, 'a')) as Entry[];
    expect(dir.map((e) => [e.type, e.path])).toEqual([
      ['file', 'a/top.yaml'],
      ['dir', 'a/b'],
    ]);
  });

  it('leaves the content of a file over 1 MB out (encoding none); the blob API has it', async () => {
    const { state, sim } = await setup();
    const big = 'users:\n' + '  - someone-with-a-long-login\n'.repeat(40_000);
    putFile(state, 'acme/admin', 'main', 'seats.yaml', big);
    const file = (await get(sim.url, 'seats.yaml')) as Entry;
    expect(file).toMatchObject({ encoding: 'none', content: '', size: Buffer.byteLength(big) });
    const client = fastClient(sim.url);
    const blob = await client.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
      ...R,
      file_sha: file.sha,
    });
    expect(Buffer.from(blob.data.content, 'base64').toString()).toBe(big);
    await expect(
      client.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', { ...R, file_sha: 'f'.repeat(40) }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
