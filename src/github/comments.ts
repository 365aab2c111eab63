// The action's voice in the repository: one sticky PR comment, a comment on the merged PR (pulls.ts
// finds it), and one drift issue. Only what this account wrote is ever updated: a marker comment from
// anyone else is ignored, so nobody can make the action edit (or trust) their text.
import type { GitHubClient } from './client.ts';
import { describeApiError, statusOf } from './errors.ts';
import { MAX_REPO_PAGES, pagingGuard } from './paging.ts';

export interface Repo {
  owner: string;
  repo: string;
}

export const DRIFT_LABEL = 'copilot-seats-drift';
/** The default `github.token` acts as this bot; it cannot read GET /user. */
const ACTIONS_BOT = 'github-actions[bot]';

/** The login this token writes as: GET /user for user tokens, the Actions bot for `github.token`. */
export async function whoAmI(client: GitHubClient): Promise<string> {
  try {
    const { data } = await client.request('GET /user');
    return data.login;
  } catch (error) {
    const status = statusOf(error);
    if (status === 403 || status === 404 || status === 401) return ACTIONS_BOT;
    throw describeApiError('Reading the token’s account', error);
  }
}

/**
 * A marker `<!-- copilot-seats:plan org=acme -->` matches every comment whose first line starts
 * with `<!-- copilot-seats:plan org=acme ` : the plan comment carries its fingerprint there too.
 */
export function markerHead(marker: string): string {
  return marker.endsWith(' -->') ? marker.slice(0, -'-->'.length) : marker;
}

function sameLogin(a: string | undefined, b: string): boolean {
  return (a ?? '').toLowerCase() === b.toLowerCase();
}

export async function findOwnComment(
  client: GitHubClient,
  repo: Repo,
  issueNumber: number,
  marker: string,
  self: string,
): Promise<number | undefined> {
  const comments = await client.paginate(
    'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
    { ...repo, issue_number: issueNumber, per_page: 100 },
    pagingGuard(MAX_REPO_PAGES),
  );
  const head = markerHead(marker);
  const own = comments.find((c) => (c.body ?? '').startsWith(head) && sameLogin(c.user?.login, self));
  return own === undefined ? undefined : Number(own.id);
}

/** Creates the comment once, then updates it in place. Returns its id. */
export async function upsertComment(
  client: GitHubClient,
  repo: Repo,
  issueNumber: number,
  marker: string,
  body: string,
  self: string,
): Promise<number> {
  try {
    const id = await findOwnComment(client, repo, issueNumber, marker, self);
    if (id !== undefined) {
      await client.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        ...repo,
        comment_id: id,
        body,
      });
      return id;
    }
    const { data } = await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...repo,
      issue_number: issueNumber,
      body,
    });
    return Number(data.id);
  } catch (error) {
    throw describeApiError(`Commenting on #${issueNumber}`, error);
  }
}

/** The drift issue this account opened, as last written. */
export interface OwnIssue {
  number: number;
  body: string;
  open: boolean;
}

/** How many of the newest closed drift issues are looked at for the last one this account wrote. */
const CLOSED_LOOKED_AT = 30;

function isOwnDriftIssue(
  i: { pull_request?: unknown; body?: string | null; user?: { login?: string } | null },
  marker: string,
  self: string,
): boolean {
  return !i.pull_request && (i.body ?? '').startsWith(marker) && sameLogin(i.user?.login, self);
}

/**
 * The open drift issue this account wrote; with `closed`, else the one it closed last (one page of
 * the most recently updated: enough to carry its history over, never a search of the whole repo).
 */
export async function findDriftIssue(
  client: GitHubClient,
  repo: Repo,
  options: { marker: string; self: string; closed?: boolean },
): Promise<OwnIssue | null> {
  try {
    return await lookUpDriftIssue(client, repo, options);
  } catch (error) {
    throw describeApiError('Reading the drift issue', error);
  }
}

async function lookUpDriftIssue(
  client: GitHubClient,
  repo: Repo,
  options: { marker: string; self: string; closed?: boolean },
): Promise<OwnIssue | null> {
  const open = await client.paginate(
    'GET /repos/{owner}/{repo}/issues',
    { ...repo, state: 'open', labels: DRIFT_LABEL, per_page: 100 },
    pagingGuard(MAX_REPO_PAGES),
  );
  const own = open.find((i) => isOwnDriftIssue(i, options.marker, options.self));
  if (own) return { number: own.number, body: own.body ?? '', open: true };
  if (!options.closed) return null;
  const { data: closed } = await client.request('GET /repos/{owner}/{repo}/issues', {
    ...repo,
    state: 'closed',
    labels: DRIFT_LABEL,
    sort: 'updated',
    direction: 'desc',
    per_page: CLOSED_LOOKED_AT,
  });
  const last = closed.find((i) => isOwnDriftIssue(i, options.marker, options.self));
  return last ? { number: last.number, body: last.body ?? '', open: false } : null;
}

export type DriftIssueResult =
  { action: 'created' | 'updated' | 'closed'; number: number } | { action: 'none' };

/**
 * One open issue while there is drift: created, then updated in place; closed with a comment when
 * the drift is gone. Only issues this account opened, with the label and marker, are considered.
 */
export async function syncDriftIssue(
  client: GitHubClient,
  repo: Repo,
  options: {
    drift: boolean;
    title: string;
    body: string;
    marker: string;
    self: string;
    resolvedComment: string;
    /** What findDriftIssue found for this marker and account, when it was read already. */
    found?: OwnIssue | null;
  },
): Promise<DriftIssueResult> {
  try {
    const found =
      options.found !== undefined
        ? options.found
        : await lookUpDriftIssue(client, repo, { marker: options.marker, self: options.self });
    const own = found?.open ? found : undefined;
    if (options.drift && own) {
      await client.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        ...repo,
        issue_number: own.number,
        title: options.title,
        body: options.body,
      });
      return { action: 'updated', number: own.number };
    }
    if (options.drift) {
      const { data } = await client.request('POST /repos/{owner}/{repo}/issues', {
        ...repo,
        title: options.title,
        body: options.body,
        labels: [DRIFT_LABEL],
      });
      return { action: 'created', number: data.number };
    }
    if (own) {
      await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...repo,
        issue_number: own.number,
        body: options.resolvedComment,
      });
      await client.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        ...repo,
        issue_number: own.number,
        state: 'closed',
        state_reason: 'completed',
      });
      return { action: 'closed', number: own.number };
    }
    return { action: 'none' };
  } catch (error) {
    throw describeApiError('Updating the drift issue', error);
  }
}
