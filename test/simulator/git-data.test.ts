// The git data API (blobs, trees, commits, refs) and pull requests opened, listed, updated and
// closed through the API: what the reclaim mode needs to push a branch and propose it.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { putFile, setBranchHead } from '../../src/simulator/repos.ts';
import { testOctokit } from '../support/octokit.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import { smallOrg } from './fixture.ts';

useCheckedSimulators();

const R = { owner: 'acme', repo: 'admin' };
const MAIN = 'c'.repeat(40);

async function setup() {
  const state = smallOrg();
  setBranchHead(state, 'acme/admin', 'main', MAIN);
  putFile(state, 'acme/admin', 'main', 'seats.yaml', 'version: 1\norg: acme\nusers: [a, b]\n');
  putFile(state, 'acme/admin', 'main', 'README.md', '# admin\n');
  const sim = await startCheckedSimulator(state);
  return { state, sim, gh: testOctokit(sim.url) };
}

type Gh = Awaited<ReturnType<typeof setup>>['gh'];

/** One commit on main's head that changes seats.yaml to `text`. */
async function commitOnMain(gh: Gh, text: string, parent = MAIN) {
  const head = await gh.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
    ...R,
    commit_sha: parent,
  });
  const blob = await gh.request('POST /repos/{owner}/{repo}/git/blobs', {
    ...R,
    content: text,
    encoding: 'utf-8',
  });
  const tree = await gh.request('POST /repos/{owner}/{repo}/git/trees', {
    ...R,
    base_tree: head.data.tree.sha,
    tree: [{ path: 'seats.yaml', mode: '100644', type: 'blob', sha: blob.data.sha }],
  });
  const commit = await gh.request('POST /repos/{owner}/{repo}/git/commits', {
    ...R,
    message: 'edit',
    tree: tree.data.sha,
    parents: [parent],
  });
  return { blob, tree, commit };
}

const read = async (gh: Gh, ref: string, path = 'seats.yaml') => {
  const { data } = await gh.request('GET /repos/{owner}/{repo}/contents/{path}', { ...R, path, ref });
  return Buffer.from((data as { content: string }).content, 'base64').toString('utf8');
};

describe('git data', () => {
  it('a branch head reads as a commit whose tree holds the files of the branch', async () => {
    const { gh } = await setup();
    const head = await gh.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
      ...R,
      commit_sha: MAIN,
    });
    expect(head.data.sha).toBe(MAIN);
    expect(head.data.parents).toEqual([]);
    await expect(
      gh.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { ...R, commit_sha: 'd'.repeat(40) }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('blob + tree on a base tree + commit: the new commit has every file, one changed, and a git blob sha', async () => {
    const { gh } = await setup();
    const { blob, tree, commit } = await commitOnMain(gh, 'version: 1\norg: acme\nusers: [a]\n');
    expect(blob.status).toBe(201);
    // git hash-object of the same text
    const text = 'version: 1\norg: acme\nusers: [a]\n';
    expect(blob.data.sha).toBe(createHash('sha1').update(`blob ${text.length}\0${text}`).digest('hex'));
    expect(tree.data.tree.map((e) => e.path)).toEqual(['README.md', 'seats.yaml']);
    expect(commit.status).toBe(201);
    expect(commit.data.parents.map((p) => p.sha)).toEqual([MAIN]);
    expect(commit.data.tree.sha).toBe(tree.data.sha);
    expect(await read(gh, commit.data.sha)).toBe('version: 1\norg: acme\nusers: [a]\n');
    expect(await read(gh, commit.data.sha, 'README.md')).toBe('# admin\n');
  });

  it('refs: create, refuse a second create, refuse a non-fast-forward without force, move with force', async () => {
    const { gh } = await setup();
    const one = await commitOnMain(gh, 'version: 1\norg: acme\nusers: [a]\n');
    const ref = 'refs/heads/copilot-seats/reclaim';
    const made = await gh.request('POST /repos/{owner}/{repo}/git/refs', {
      ...R,
      ref,
      sha: one.commit.data.sha,
    });
    expect(made.status).toBe(201);
    expect(made.data.object.sha).toBe(one.commit.data.sha);
    expect(await read(gh, 'copilot-seats/reclaim')).toBe('version: 1\norg: acme\nusers: [a]\n');
    await expect(
      gh.request('POST /repos/{owner}/{repo}/git/refs', { ...R, ref, sha: MAIN }),
    ).rejects.toMatchObject({ status: 422 });

    // A sibling commit (also on main) is no fast-forward of the first.
    const two = await commitOnMain(gh, 'version: 1\norg: acme\nusers: [b]\n');
    const patch = (force: boolean) =>
      gh.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
        ...R,
        ref: 'heads/copilot-seats/reclaim',
        sha: two.commit.data.sha,
        force,
      });
    await expect(patch(false)).rejects.toMatchObject({ status: 422 });
    expect((await patch(true)).data.object.sha).toBe(two.commit.data.sha);
    expect(await read(gh, 'copilot-seats/reclaim')).toBe('version: 1\norg: acme\nusers: [b]\n');
    const got = await gh.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      ...R,
      ref: 'heads/copilot-seats/reclaim',
    });
    expect(got.data.object.sha).toBe(two.commit.data.sha);
  });

  it('refuses a tree on an unknown base and a commit on an unknown tree', async () => {
    const { gh } = await setup();
    await expect(
      gh.request('POST /repos/{owner}/{repo}/git/trees', {
        ...R,
        base_tree: 'e'.repeat(40),
        tree: [{ path: 'x', mode: '100644', type: 'blob', content: 'x' }],
      }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      gh.request('POST /repos/{owner}/{repo}/git/commits', { ...R, message: 'm', tree: 'e'.repeat(40) }),
    ).rejects.toMatchObject({ status: 422 });
  });
});

describe('pull requests through the API', () => {
  it('opens one per head branch, lists it by head, updates its body, follows force-pushes, closes it', async () => {
    const { gh } = await setup();
    const one = await commitOnMain(gh, 'version: 1\norg: acme\nusers: [a]\n');
    await gh.request('POST /repos/{owner}/{repo}/git/refs', {
      ...R,
      ref: 'refs/heads/topic',
      sha: one.commit.data.sha,
    });
    const opened = await gh.request('POST /repos/{owner}/{repo}/pulls', {
      ...R,
      title: 'Reclaim',
      head: 'topic',
      base: 'main',
      body: 'first',
    });
    expect(opened.status).toBe(201);
    expect(opened.data.head.sha).toBe(one.commit.data.sha);
    expect(opened.data.user.login).toBe('github-actions[bot]');
    await expect(
      gh.request('POST /repos/{owner}/{repo}/pulls', { ...R, title: 'again', head: 'topic', base: 'main' }),
    ).rejects.toMatchObject({ status: 422 });

    const list = (head: string) =>
      gh.request('GET /repos/{owner}/{repo}/pulls', { ...R, head, state: 'open' });
    expect((await list('acme:topic')).data.map((p) => p.number)).toEqual([opened.data.number]);
    expect((await list('acme:other')).data).toEqual([]);

    const two = await commitOnMain(gh, 'version: 1\norg: acme\nusers: []\n');
    await gh.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
      ...R,
      ref: 'heads/topic',
      sha: two.commit.data.sha,
      force: true,
    });
    const updated = await gh.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
      ...R,
      pull_number: opened.data.number,
      body: 'second',
    });
    expect(updated.data.body).toBe('second');
    expect(updated.data.title).toBe('Reclaim');
    expect(updated.data.head.sha).toBe(two.commit.data.sha);

    const closed = await gh.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
      ...R,
      pull_number: opened.data.number,
      state: 'closed',
    });
    expect(closed.data.state).toBe('closed');
    expect(closed.data.merged).toBe(false);
    expect((await list('acme:topic')).data).toEqual([]);
  });

  it('refuses a pull request from a branch that does not exist', async () => {
    const { gh } = await setup();
    await expect(
      gh.request('POST /repos/{owner}/{repo}/pulls', { ...R, title: 't', head: 'nope', base: 'main' }),
    ).rejects.toMatchObject({ status: 422 });
  });
});
