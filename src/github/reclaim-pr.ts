// The reclaim pull request: one branch, rebuilt from the default branch's head on each run (one
// commit that changes the seats file), and one pull request from it, opened once, then updated in
// place, and closed with a comment when nothing is idle any more. Through the git data API: no
// checkout, no git binary.
import type { GitHubClient } from './client.ts';
import type { Repo } from './comments.ts';
import { branchHead } from './branches.ts';
import { ApiError, describeApiError, isRecord, unexpectedBody } from './errors.ts';
import { MAX_REPO_PAGES, pagingGuard } from './paging.ts';

/** The first line of every commit the reclaim run writes: how a reviewer's commit is told apart. */
export const RECLAIM_COMMIT_PREFIX = 'copilot-seats: reclaim idle seats';

export interface ReclaimPullInput {
  branch: string;
  base: string;
  path: string;
  text: string;
  title: string;
  body: string;
  /** The first line of the commit, how this run's own commits are told apart. Default: the reclaim's. */
  commitPrefix?: string;
  /** How messages name the pull request. Default: the reclaim pull request. */
  what?: string;
}

/** The first line of every commit a seat request writes. */
export const REQUEST_COMMIT_PREFIX = 'copilot-seats: request a seat';

export type ReclaimPullResult =
  | { action: 'opened' | 'updated'; number: number; url: string; pushed: boolean }
  | { action: 'kept'; reason: string; number?: number };

const same = (a: string | undefined, b: string): boolean => (a ?? '').toLowerCase() === b.toLowerCase();

interface CommitInfo {
  tree: string;
  parents: string[];
  message: string;
}

async function commitInfo(client: GitHubClient, repo: Repo, sha: string): Promise<CommitInfo> {
  const what = `Reading commit ${sha.slice(0, 7)}`;
  try {
    const { data } = await client.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
      ...repo,
      commit_sha: sha,
    });
    if (!isRecord(data) || !isRecord(data.tree) || typeof data.tree.sha !== 'string') {
      throw unexpectedBody(what, data);
    }
    return {
      tree: data.tree.sha,
      parents: data.parents.map((p) => p.sha),
      message: typeof data.message === 'string' ? data.message : '',
    };
  } catch (error) {
    throw describeApiError(what, error);
  }
}

/** One commit on `parent` that writes `text` at `path`: blob, tree on the parent's tree, commit. */
async function writeCommit(
  client: GitHubClient,
  repo: Repo,
  parent: string,
  baseTree: string,
  input: ReclaimPullInput,
): Promise<{ sha: string; tree: string }> {
  try {
    const blob = await client.request('POST /repos/{owner}/{repo}/git/blobs', {
      ...repo,
      content: input.text,
      encoding: 'utf-8',
    });
    const tree = await client.request('POST /repos/{owner}/{repo}/git/trees', {
      ...repo,
      base_tree: baseTree,
      tree: [{ path: input.path, mode: '100644', type: 'blob', sha: blob.data.sha }],
    });
    const commit = await client.request('POST /repos/{owner}/{repo}/git/commits', {
      ...repo,
      message: `${input.commitPrefix ?? RECLAIM_COMMIT_PREFIX}\n\n${input.title}`,
      tree: tree.data.sha,
      parents: [parent],
    });
    return { sha: commit.data.sha, tree: tree.data.sha };
  } catch (error) {
    throw describeApiError(`Writing the commit of branch ${input.branch}`, error);
  }
}

async function openPullsFrom(client: GitHubClient, repo: Repo, branch: string) {
  try {
    return await client.paginate(
      'GET /repos/{owner}/{repo}/pulls',
      { ...repo, head: `${repo.owner}:${branch}`, state: 'open', per_page: 100 },
      pagingGuard(MAX_REPO_PAGES),
    );
  } catch (error) {
    throw describeApiError(`Listing the pull requests from ${branch}`, error);
  }
}

/**
 * Points `branch` at a fresh commit on the head of `base`, then opens its pull request or updates
 * the open one. A branch whose head is someone else's commit (a reviewer keeping a user) is left
 * as it is: force-pushing would throw their edit away.
 */
export async function syncReclaimPull(
  client: GitHubClient,
  repo: Repo,
  input: ReclaimPullInput,
): Promise<ReclaimPullResult> {
  const baseSha = await branchHead(client, repo, input.base);
  if (baseSha === null) throw new ApiError(`The default branch ${input.base} was not found.`, 404);
  const base = await commitInfo(client, repo, baseSha);
  const existingSha = await branchHead(client, repo, input.branch);
  // The pull request is found by its branch, whoever opened it: an App token cannot tell its own
  // login (GET /user is refused), and only someone who may push to this repository opens one from it.
  const pr = (await openPullsFrom(client, repo, input.branch))[0];
  let pushed = false;
  if (existingSha !== null) {
    const existing = await commitInfo(client, repo, existingSha);
    if (!existing.message.startsWith(input.commitPrefix ?? RECLAIM_COMMIT_PREFIX)) {
      return {
        action: 'kept',
        reason: `branch ${input.branch} ends with a commit copilot-seats did not write (${existingSha.slice(0, 7)}): it was left as it is`,
        ...(pr ? { number: pr.number } : {}),
      };
    }
    const current = existing.parents.length === 1 && same(existing.parents[0], baseSha);
    const commit = await writeCommit(client, repo, baseSha, base.tree, input);
    if (!current || !same(existing.tree, commit.tree)) {
      await moveBranch(client, repo, input.branch, commit.sha);
      pushed = true;
    }
  } else {
    const commit = await writeCommit(client, repo, baseSha, base.tree, input);
    try {
      await client.request('POST /repos/{owner}/{repo}/git/refs', {
        ...repo,
        ref: `refs/heads/${input.branch}`,
        sha: commit.sha,
      });
    } catch (error) {
      throw describeApiError(`Creating branch ${input.branch}`, error);
    }
    pushed = true;
  }
  try {
    if (pr) {
      const { data } = await client.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
        ...repo,
        pull_number: pr.number,
        title: input.title,
        body: input.body,
      });
      return { action: 'updated', number: data.number, url: data.html_url, pushed };
    }
    const { data } = await client.request('POST /repos/{owner}/{repo}/pulls', {
      ...repo,
      title: input.title,
      head: input.branch,
      base: input.base,
      body: input.body,
    });
    return { action: 'opened', number: data.number, url: data.html_url, pushed };
  } catch (error) {
    throw describeApiError(
      `${pr ? 'Updating' : 'Opening'} ${input.what ?? 'the reclaim pull request'}`,
      error,
    );
  }
}

async function moveBranch(client: GitHubClient, repo: Repo, branch: string, sha: string): Promise<void> {
  try {
    await client.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
      ...repo,
      ref: `heads/${branch}`,
      sha,
      force: true,
    });
  } catch (error) {
    throw describeApiError(`Updating branch ${branch}`, error);
  }
}

/** Says why in a comment, then closes the pull request. */
export async function closePull(
  client: GitHubClient,
  repo: Repo,
  number: number,
  comment: string,
  what: string,
): Promise<void> {
  try {
    await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...repo,
      issue_number: number,
      body: comment,
    });
    await client.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
      ...repo,
      pull_number: number,
      state: 'closed',
    });
  } catch (error) {
    throw describeApiError(`Closing ${what}`, error);
  }
}

/** Closes the open pull requests from `branch`, each with `comment`. Returns their numbers. */
export async function closeReclaimPulls(
  client: GitHubClient,
  repo: Repo,
  branch: string,
  comment: string,
): Promise<number[]> {
  const open = await openPullsFrom(client, repo, branch);
  for (const pr of open) {
    await closePull(client, repo, pr.number, comment, `the reclaim pull request #${pr.number}`);
  }
  return open.map((p) => p.number);
}
