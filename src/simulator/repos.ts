// Issues, pull requests, issue comments, label history and file contents, kept in the state per
// repository: enough GitHub for the action's sticky PR comment, its drift issue, finding the PR of a
// merge commit with its labels at merge time, and reading a file at a ref.
import { createHash } from 'node:crypto';
import { SimApiError } from './model.ts';
import {
  key,
  type SimComment,
  type SimIssue,
  type SimIssueEvent,
  type SimLabel,
  type SimRepo,
  type SimState,
} from './state.ts';

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

/** Replaces an issue's labels; each one added or removed is an event, as on GitHub. */
function setLabels(
  state: SimState,
  repo: SimRepo,
  issue: SimIssue,
  names: string[],
  actor: string,
  at: string,
): void {
  const after = names.filter((n, i) => names.findIndex((m) => key(m) === key(n)) === i);
  const has = (list: string[], n: string): boolean => list.some((m) => key(m) === key(n));
  const record = (event: SimIssueEvent['event'], label: string): void => {
    const e = { id: nextId(state), issue_number: issue.number, event, label, actor, created_at: at };
    (repo.events ??= []).push(e);
  };
  for (const n of issue.labels) if (!has(after, n)) record('unlabeled', n);
  for (const n of after) if (!has(issue.labels, n)) record('labeled', n);
  issue.labels = after;
  // A backdated change (a test's history) must not move updated_at back.
  if (Date.parse(at) > Date.parse(issue.updated_at)) issue.updated_at = at;
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
    labels: [],
    user,
    created_at: state.now,
    updated_at: state.now,
    closed_at: null,
  };
  if (body.labels !== undefined)
    setLabels(state, repo, issue, ensureLabels(state, repo, body.labels), user, state.now);
  repo.issues.push(issue);
  return issue;
}

export function updateIssue(
  state: SimState,
  repo: SimRepo,
  issue: SimIssue,
  body: Record<string, unknown>,
  actor: string,
): void {
  if (typeof body.title === 'string' || typeof body.title === 'number') issue.title = String(body.title);
  if (body.body !== undefined) issue.body = typeof body.body === 'string' ? body.body : null;
  if (body.labels !== undefined) {
    setLabels(state, repo, issue, ensureLabels(state, repo, body.labels), actor, state.now);
  }
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
  /** Labels it was opened with: labeled events by its author at created_at. */
  labels?: string[];
  /** Default: the simulated clock (`now`). */
  created_at?: string;
  /** For a merged pull request; default: the simulated clock. */
  merged_at?: string;
}

function repoNamed(state: SimState, repoName: string, caller: string): SimRepo {
  const [owner, name, extra] = repoName.split('/');
  if (!owner || !name || extra !== undefined) {
    throw new Error(`${caller}: repository must be owner/name, not ${repoName}`);
  }
  return repoOf(state, owner, name);
}

/** Registers a pull request, findable from its head commit and (if merged) its merge commit. */
export function registerPull(state: SimState, repoName: string, input: PullInput): SimIssue {
  const repo = repoNamed(state, repoName, 'registerPull');
  const pr = newPull(state, repo, repoName, input);
  if (repo.issues.some((i) => i.number === pr.number)) throw new Error(`registerPull: #${pr.number} exists`);
  if (input.labels)
    setLabels(state, repo, pr, ensureLabels(state, repo, input.labels), pr.user, pr.created_at);
  repo.issues.push(pr);
  // A pull request registered as merged moved its base branch to the merge commit.
  if (input.merge_commit_sha && pr.pull) (repo.branches ??= {})[pr.pull.base_ref] ??= input.merge_commit_sha;
  for (const sha of [input.head_sha, input.merge_commit_sha]) {
    if (sha) (repo.commit_pulls[sha] ??= []).push(pr.number);
  }
  return pr;
}

function newPull(state: SimState, repo: SimRepo, repoName: string, input: PullInput): SimIssue {
  const merged = !!input.merge_commit_sha;
  const createdAt = input.created_at ?? state.now;
  const mergedAt = merged ? (input.merged_at ?? state.now) : null;
  if (mergedAt !== null && Date.parse(mergedAt) < Date.parse(createdAt)) {
    throw new Error(`registerPull: merged_at ${mergedAt} is before created_at ${createdAt}`);
  }
  return {
    number: input.number ?? nextNumber(repo),
    id: nextId(state),
    title: input.title ?? `Pull request ${input.head_sha.slice(0, 7)}`,
    body: input.body ?? null,
    state: input.state ?? (merged ? 'closed' : 'open'),
    labels: [],
    user: input.user ?? repoName.split('/')[0]!,
    created_at: createdAt,
    updated_at: mergedAt ?? createdAt,
    closed_at: mergedAt,
    pull: {
      head_sha: input.head_sha,
      head_ref: input.head_ref ?? 'update-seats',
      base_ref: input.base_ref ?? 'main',
      merge_commit_sha: input.merge_commit_sha ?? null,
      merged_at: mergedAt,
    },
  };
}

function pullNamed(
  state: SimState,
  repoName: string,
  n: number,
  caller: string,
): { repo: SimRepo; pr: SimIssue } {
  const repo = repoNamed(state, repoName, caller);
  const pr = repo.issues.find((i) => i.number === n && i.pull);
  if (!pr) throw new Error(`${caller}: ${repoName} has no pull request #${n}`);
  return { repo, pr };
}

/** Adds a label to a pull request at `at` (a labeled event by `actor`, default its author); a label it has is left alone. */
export function labelPull(
  state: SimState,
  repoName: string,
  n: number,
  label: string,
  at: string,
  actor?: string,
): void {
  const { repo, pr } = pullNamed(state, repoName, n, 'labelPull');
  setLabels(state, repo, pr, ensureLabels(state, repo, [...pr.labels, label]), actor ?? pr.user, at);
}

/** Removes a label from a pull request at `at` (an unlabeled event); the pull request must have it. */
export function unlabelPull(
  state: SimState,
  repoName: string,
  n: number,
  label: string,
  at: string,
  actor?: string,
): void {
  const { repo, pr } = pullNamed(state, repoName, n, 'unlabelPull');
  if (!pr.labels.some((l) => key(l) === key(label))) {
    throw new Error(`unlabelPull: #${n} has no label ${label}`);
  }
  const rest = pr.labels.filter((l) => key(l) !== key(label));
  setLabels(state, repo, pr, rest, actor ?? pr.user, at);
}

/** The label history of one issue or pull request, oldest first (a backdated change sorts into place). */
export function eventsOf(repo: SimRepo, n: number): SimIssueEvent[] {
  return (repo.events ?? [])
    .filter((e) => e.issue_number === n)
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
}

// ---------------------------------------------------------------- file contents

export interface SimFile {
  path: string;
  text: string;
  /** The git blob id of the text, as GitHub computes it. */
  sha: string;
  /** In bytes (UTF-8). */
  size: number;
}

const cleanPath = (path: string): string => path.replace(/^\/+|\/+$/g, '');

// GitHub takes a branch as `main` or `refs/heads/main` (a tag likewise).
const cleanRef = (ref: string): string => ref.replace(/^refs\/(heads|tags)\//, '');

/** Stores a file's text at a ref (a branch name or a commit sha), replacing what was there. */
export function putFile(state: SimState, repoName: string, ref: string, path: string, text: string): void {
  const repo = repoNamed(state, repoName, 'putFile');
  if ([cleanRef(ref), cleanPath(path)].includes('__proto__'))
    throw new Error('putFile: __proto__ is no name');
  ((repo.files ??= {})[cleanRef(ref)] ??= {})[cleanPath(path)] = text;
}

function simFile(path: string, text: string): SimFile {
  const bytes = Buffer.from(text, 'utf8');
  const sha = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  return { path, text, sha, size: bytes.length };
}

// Refs and paths come from requests: "constructor" or "__proto__" must not reach Object.prototype.
function filesOn(repo: SimRepo, ref: string): Record<string, string> {
  const files = repo.files ?? {};
  return Object.hasOwn(files, cleanRef(ref)) ? (files[cleanRef(ref)] ?? {}) : {};
}

/** The file at `path` on `ref`, or undefined. */
export function fileAt(repo: SimRepo, ref: string, path: string): SimFile | undefined {
  const files = filesOn(repo, ref);
  const p = cleanPath(path);
  return Object.hasOwn(files, p) ? simFile(p, files[p] ?? '') : undefined;
}

/** The entries right under directory `path` on `ref` (files, and sub-directories by path), or undefined if none. */
export function dirAt(
  repo: SimRepo,
  ref: string,
  path: string,
): { files: SimFile[]; dirs: string[] } | undefined {
  const prefix = cleanPath(path) === '' ? '' : `${cleanPath(path)}/`;
  const under = Object.entries(filesOn(repo, ref)).filter(([p]) => p.startsWith(prefix));
  if (under.length === 0) return undefined;
  const files = under.filter(([p]) => !p.slice(prefix.length).includes('/')).map(([p, t]) => simFile(p, t));
  const dirs = under.map(([p]) => p.slice(prefix.length).split('/')).filter((parts) => parts.length > 1);
  const names = [...new Set(dirs.map((parts) => `${prefix}${parts[0]}`))];
  return { files, dirs: names };
}

/** A blob by its sha, from any ref of the repository (GET …/git/blobs/{sha}). */
export function blobAt(repo: SimRepo, sha: string): SimFile | undefined {
  for (const files of Object.values(repo.files ?? {})) {
    for (const [path, text] of Object.entries(files)) {
      const f = simFile(path, text);
      if (f.sha === key(sha)) return f;
    }
  }
  return undefined;
}

/** Merges an open pull request as `sha` at `at` (default: the simulated clock): the push that follows. */
export function mergePull(state: SimState, repoName: string, n: number, sha: string, at?: string): void {
  const { repo, pr } = pullNamed(state, repoName, n, 'mergePull');
  if (!pr.pull || pr.pull.merged_at) throw new Error(`mergePull: #${n} is already merged`);
  const mergedAt = at ?? state.now;
  pr.pull.merge_commit_sha = sha;
  pr.pull.merged_at = mergedAt;
  pr.state = 'closed';
  pr.closed_at = mergedAt;
  pr.updated_at = mergedAt;
  (repo.commit_pulls[sha] ??= []).push(pr.number);
  (repo.branches ??= {})[pr.pull.base_ref] = sha;
}

/** Moves a branch to `sha`: a push (or the merge of another pull request) after this one. */
export function setBranchHead(state: SimState, repoName: string, branch: string, sha: string): void {
  const repo = repoNamed(state, repoName, 'setBranchHead');
  if (branch === '__proto__') throw new Error('setBranchHead: __proto__ is no name');
  (repo.branches ??= {})[branch] = sha;
}

export function branchHeadOf(repo: SimRepo, branch: string): string | undefined {
  return Object.hasOwn(repo.branches ?? {}, branch) ? repo.branches?.[branch] : undefined;
}
