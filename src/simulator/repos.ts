// Issues, pull requests and issue comments, kept in the state per repository: enough GitHub for
// the action's sticky PR comment, its drift issue, and finding the PR of a merge commit.
import { SimApiError } from './model.ts';
import { key, type SimComment, type SimIssue, type SimLabel, type SimRepo, type SimState } from './state.ts';

/** The repository `owner/name`, created empty on first use (any repository exists). */
export function repoOf(state: SimState, owner: string, name: string): SimRepo {
  const k = key(`${owner}/${name}`);
  const found = Object.keys(state.repos).find((r) => key(r) === k);
  if (found) return state.repos[found] as SimRepo;
  const repo: SimRepo = { issues: [], comments: [], labels: [], commit_pulls: {} };
  state.repos[`${owner}/${name}`] = repo;
  return repo;
}

function nextId(state: SimState): number {
  return state.next_id++;
}

export function findIssue(repo: SimRepo, n: number): SimIssue {
  const issue = repo.issues.find((i) => i.number === n);
  if (!issue) throw new SimApiError(404, 'Not Found');
  return issue;
}

export function labelsOf(repo: SimRepo, names: string[]): SimLabel[] {
  return names.map((n) => (repo.labels ?? []).find((l) => key(l.name) === key(n))).filter((l) => !!l);
}

/** Label names from a write body (strings or {name}); unknown labels are created, as GitHub does. */
function ensureLabels(state: SimState, repo: SimRepo, raw: unknown): string[] {
  if (!Array.isArray(raw)) throw new SimApiError(422, 'Invalid request.\n\n"labels" must be an array.');
  const names = raw
    .map((l) => (typeof l === 'string' ? l : (l as { name?: string })?.name))
    .filter((n) => !!n) as string[];
  repo.labels ??= [];
  for (const n of names) {
    if (!repo.labels.some((l) => key(l.name) === key(n))) {
      repo.labels.push({ id: nextId(state), name: n, color: 'ededed', description: null });
    }
  }
  return labelsOf(repo, names).map((l) => l.name);
}

function nextNumber(repo: SimRepo): number {
  return repo.issues.reduce((max, i) => Math.max(max, i.number), 0) + 1;
}

export function createIssue(
  state: SimState,
  repo: SimRepo,
  user: string,
  body: Record<string, unknown>,
): SimIssue {
  const title = body.title;
  if (typeof title !== 'string' && typeof title !== 'number') {
    throw new SimApiError(422, 'Invalid request.\n\n"title" wasn\'t supplied.');
  }
  const issue: SimIssue = {
    number: nextNumber(repo),
    id: nextId(state),
    title: String(title),
    body: typeof body.body === 'string' ? body.body : null,
    state: 'open',
    labels: body.labels === undefined ? [] : ensureLabels(state, repo, body.labels),
    user,
    created_at: state.now,
    updated_at: state.now,
    closed_at: null,
  };
  repo.issues.push(issue);
  return issue;
}

export function updateIssue(
  state: SimState,
  repo: SimRepo,
  issue: SimIssue,
  body: Record<string, unknown>,
): void {
  if (typeof body.title === 'string' || typeof body.title === 'number') issue.title = String(body.title);
  if (body.body !== undefined) issue.body = typeof body.body === 'string' ? body.body : null;
  if (body.labels !== undefined) issue.labels = ensureLabels(state, repo, body.labels);
  if (body.state !== undefined) {
    if (body.state !== 'open' && body.state !== 'closed') {
      throw new SimApiError(422, 'Invalid request.\n\n"state" must be open or closed.');
    }
    if (body.state !== issue.state) {
      issue.state = body.state;
      issue.closed_at = body.state === 'closed' ? state.now : null;
      issue.state_reason =
        body.state === 'closed' ? ((body.state_reason as string) ?? 'completed') : 'reopened';
    }
  }
  issue.updated_at = state.now;
}

export function createComment(
  state: SimState,
  repo: SimRepo,
  issueNumber: number,
  user: string,
  body: unknown,
): SimComment {
  findIssue(repo, issueNumber);
  const comment: SimComment = {
    id: nextId(state),
    issue_number: issueNumber,
    body: requireBody(body),
    user,
    created_at: state.now,
    updated_at: state.now,
  };
  repo.comments.push(comment);
  return comment;
}

export function findComment(repo: SimRepo, id: number): SimComment {
  const c = repo.comments.find((x) => x.id === id);
  if (!c) throw new SimApiError(404, 'Not Found');
  return c;
}

export function updateComment(state: SimState, comment: SimComment, body: unknown): void {
  comment.body = requireBody(body);
  comment.updated_at = state.now;
}

function requireBody(body: unknown): string {
  const text = (body as { body?: unknown } | null)?.body;
  if (typeof text !== 'string') throw new SimApiError(422, 'Invalid request.\n\n"body" wasn\'t supplied.');
  return text;
}

export interface PullInput {
  number?: number;
  title?: string;
  body?: string;
  user?: string;
  head_sha: string;
  head_ref?: string;
  base_ref?: string;
  /** Set for a merged pull request: the commit on the base branch. */
  merge_commit_sha?: string | null;
  state?: 'open' | 'closed';
}

/** Registers a pull request, findable from its head commit and (if merged) its merge commit. */
export function registerPull(state: SimState, repoName: string, input: PullInput): SimIssue {
  const [owner, name] = repoName.split('/');
  if (!owner || !name) throw new Error(`registerPull: repository must be owner/name, not ${repoName}`);
  const repo = repoOf(state, owner, name);
  const merged = !!input.merge_commit_sha;
  const pr: SimIssue = {
    number: input.number ?? nextNumber(repo),
    id: nextId(state),
    title: input.title ?? `Pull request ${input.head_sha.slice(0, 7)}`,
    body: input.body ?? null,
    state: input.state ?? (merged ? 'closed' : 'open'),
    labels: [],
    user: input.user ?? owner,
    created_at: state.now,
    updated_at: state.now,
    closed_at: merged ? state.now : null,
    pull: {
      head_sha: input.head_sha,
      head_ref: input.head_ref ?? 'update-seats',
      base_ref: input.base_ref ?? 'main',
      merge_commit_sha: input.merge_commit_sha ?? null,
      merged_at: merged ? state.now : null,
    },
  };
  if (repo.issues.some((i) => i.number === pr.number)) throw new Error(`registerPull: #${pr.number} exists`);
  repo.issues.push(pr);
  for (const sha of [input.head_sha, input.merge_commit_sha]) {
    if (sha) (repo.commit_pulls[sha] ??= []).push(pr.number);
  }
  return pr;
}
