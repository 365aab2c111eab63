// Issues, pull requests, issue comments, label history and file contents, kept in the state per
// repository: enough GitHub for the action's sticky PR comment, its drift issue, finding the PR of a
// merge commit with its labels at merge time, and reading a file at a ref.
import { createHash } from 'node:crypto';
import { SimApiError } from './model.ts';
import {
  key,
  type SimCommit,
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
  const written = repo.blobs ?? {};
  if (Object.hasOwn(written, key(sha))) return simFile('', written[key(sha)] ?? '');
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

// ---------------------------------------------------------------- git data: blobs, trees, commits, refs

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
const SHA = /^[0-9a-f]{40}$/;

function invalid(message: string): never {
  throw new SimApiError(422, `Invalid request.\n\n${message}`);
}

/** POST …/git/blobs: `content` in utf-8 (the default) or base64. Returns the blob's git sha. */
export function createBlob(repo: SimRepo, body: Record<string, unknown>): SimFile {
  if (typeof body.content !== 'string') invalid('"content" wasn\'t supplied.');
  const encoding = body.encoding ?? 'utf-8';
  if (encoding !== 'utf-8' && encoding !== 'base64') invalid('"encoding" must be utf-8 or base64.');
  const text = encoding === 'base64' ? Buffer.from(body.content, 'base64').toString('utf8') : body.content;
  const file = simFile('', text);
  (repo.blobs ??= {})[file.sha] = text;
  return file;
}

function treeSha(files: Record<string, string>): string {
  const entries = Object.keys(files)
    .sort()
    .map((p) => `${p}\0${simFile(p, files[p] ?? '').sha}`);
  return sha1(`tree\0${entries.join('\n')}`);
}

function storeTree(repo: SimRepo, files: Record<string, string>): string {
  const sha = treeSha(files);
  (repo.trees ??= {})[sha] = { ...files };
  return sha;
}

/** The files of a tree (path → text), or undefined for an unknown tree. */
export function treeFiles(repo: SimRepo, sha: string): Record<string, string> | undefined {
  const trees = repo.trees ?? {};
  return Object.hasOwn(trees, key(sha)) ? trees[key(sha)] : undefined;
}

/**
 * POST …/git/trees: `base_tree` (optional) plus entries of blob mode 100644, each with `sha` (a
 * blob written before or known from a ref), `content`, or `sha: null` (deleted). Other modes and
 * types are refused: the simulator keeps files only.
 */
export function createTree(
  repo: SimRepo,
  body: Record<string, unknown>,
): { sha: string; files: Record<string, string> } {
  if (!Array.isArray(body.tree)) invalid('"tree" wasn\'t supplied.');
  let files: Record<string, string> = {};
  if (body.base_tree !== undefined) {
    const base = typeof body.base_tree === 'string' ? treeFiles(repo, body.base_tree) : undefined;
    if (!base) throw new SimApiError(422, 'base_tree is not a valid tree oid');
    files = { ...base };
  }
  for (const raw of body.tree as unknown[]) {
    const e = (raw ?? {}) as Record<string, unknown>;
    const path = typeof e.path === 'string' ? cleanPath(e.path) : '';
    if (!path || path === '__proto__') invalid('"path" wasn\'t supplied.');
    if (e.mode !== '100644' || (e.type !== undefined && e.type !== 'blob')) {
      invalid('the simulator keeps files only: mode 100644, type blob');
    }
    if (e.sha === null) {
      delete files[path];
    } else if (typeof e.content === 'string') {
      files[path] = e.content;
    } else if (typeof e.sha === 'string') {
      const blob = blobAt(repo, e.sha);
      if (!blob) throw new SimApiError(422, `tree.sha ${e.sha} is not a valid blob`);
      files[path] = blob.text;
    } else invalid('each entry needs "sha" or "content".');
  }
  return { sha: storeTree(repo, files), files };
}

/**
 * A commit by sha: one written through POST …/git/commits, or a branch head or a ref the state
 * holds files for (a root commit whose tree is those files, made up when first read).
 */
export function commitOf(repo: SimRepo, sha: string): SimCommit | undefined {
  const commits = repo.commits ?? {};
  if (Object.hasOwn(commits, key(sha))) return commits[key(sha)];
  if (!SHA.test(key(sha))) return undefined;
  const files = repo.files ?? {};
  const branch = Object.entries(repo.branches ?? {}).find(([, head]) => key(head) === key(sha))?.[0];
  const source = Object.hasOwn(files, key(sha)) ? key(sha) : branch;
  if (source === undefined) return undefined;
  const tree = storeTree(repo, filesOn(repo, source));
  const commit: SimCommit = {
    tree,
    parents: [],
    message: 'Initial commit',
    author: 'octocat',
    date: '2024-01-01T00:00:00Z',
  };
  (repo.commits ??= {})[key(sha)] = commit;
  return commit;
}

/** POST …/git/commits: a commit of `tree` on `parents`, by the token's account at the simulated clock. */
export function createCommit(
  state: SimState,
  repo: SimRepo,
  body: Record<string, unknown>,
  author: string,
): string {
  if (typeof body.message !== 'string') invalid('"message" wasn\'t supplied.');
  if (typeof body.tree !== 'string') invalid('"tree" wasn\'t supplied.');
  const files = treeFiles(repo, body.tree);
  if (!files) throw new SimApiError(422, 'Tree SHA does not exist');
  const parents = body.parents === undefined ? [] : body.parents;
  if (!Array.isArray(parents) || !parents.every((p) => typeof p === 'string'))
    invalid('"parents" must be shas.');
  for (const p of parents as string[]) {
    if (!commitOf(repo, p)) throw new SimApiError(422, 'Parent SHA does not exist or is not a commit object');
  }
  const commit: SimCommit = {
    tree: key(body.tree),
    parents: (parents as string[]).map(key),
    message: body.message,
    author,
    date: state.now,
  };
  const sha = sha1(`commit\0${JSON.stringify(commit)}\0${state.next_id++}`);
  (repo.commits ??= {})[sha] = commit;
  (repo.files ??= {})[sha] = { ...files };
  return sha;
}

/** Whether `ancestor` is `sha` or reachable from it through parents. */
function reaches(repo: SimRepo, sha: string, ancestor: string): boolean {
  const seen = new Set<string>();
  const todo = [key(sha)];
  while (todo.length > 0) {
    const s = todo.pop() as string;
    if (s === key(ancestor)) return true;
    if (seen.has(s)) continue;
    seen.add(s);
    todo.push(...(commitOf(repo, s)?.parents ?? []));
  }
  return false;
}

function pointBranch(repo: SimRepo, branch: string, sha: string): void {
  if (branch === '__proto__') invalid('bad ref');
  (repo.branches ??= {})[branch] = key(sha);
  (repo.files ??= {})[branch] = { ...filesOn(repo, key(sha)) };
  refreshPullHeads(repo);
}

/** POST …/git/refs: only `refs/heads/…`; 422 when the ref exists or the sha is no commit. */
export function createRef(repo: SimRepo, body: Record<string, unknown>): { branch: string; sha: string } {
  const ref = typeof body.ref === 'string' ? body.ref : invalid('"ref" wasn\'t supplied.');
  const sha = typeof body.sha === 'string' ? body.sha : invalid('"sha" wasn\'t supplied.');
  const m = /^refs\/heads\/(.+)$/.exec(ref);
  if (!m) throw new SimApiError(422, 'Reference name must start with refs/heads/ in the simulator');
  if (branchHeadOf(repo, m[1] as string) !== undefined)
    throw new SimApiError(422, 'Reference already exists');
  if (!commitOf(repo, sha)) throw new SimApiError(422, 'Object does not exist');
  pointBranch(repo, m[1] as string, sha);
  return { branch: m[1] as string, sha: key(sha) };
}

/** PATCH …/git/refs/heads/{branch}: a fast-forward, or any move with `force: true`. */
export function updateRef(
  repo: SimRepo,
  ref: string,
  body: Record<string, unknown>,
): { branch: string; sha: string } {
  const m = /^heads\/(.+)$/.exec(ref);
  const branch = m?.[1];
  const head = branch === undefined ? undefined : branchHeadOf(repo, branch);
  if (branch === undefined || head === undefined) throw new SimApiError(422, 'Reference does not exist');
  const sha = typeof body.sha === 'string' ? body.sha : invalid('"sha" wasn\'t supplied.');
  if (!commitOf(repo, sha)) throw new SimApiError(422, 'Object does not exist');
  if (body.force !== true && !reaches(repo, sha, head))
    throw new SimApiError(422, 'Update is not a fast forward');
  pointBranch(repo, branch, sha);
  return { branch, sha: key(sha) };
}

// ---------------------------------------------------------------- pull requests through the API

/** POST …/pulls: `head` is a branch of this repository (`branch` or `owner:branch`). */
export function createPull(
  state: SimState,
  repo: SimRepo,
  owner: string,
  body: Record<string, unknown>,
  user: string,
): SimIssue {
  const head =
    typeof body.head === 'string' ? body.head.replace(/^[^:]+:/, '') : invalid('"head" wasn\'t supplied.');
  const base = typeof body.base === 'string' ? body.base : invalid('"base" wasn\'t supplied.');
  if (typeof body.title !== 'string') invalid('"title" wasn\'t supplied.');
  const headSha = branchHeadOf(repo, head);
  if (headSha === undefined) throw new SimApiError(422, 'Validation Failed: head does not exist');
  if (branchHeadOf(repo, base) === undefined)
    throw new SimApiError(422, 'Validation Failed: base does not exist');
  if (openPullsFrom(repo, head).length > 0) {
    throw new SimApiError(422, `Validation Failed: A pull request already exists for ${owner}:${head}.`);
  }
  const pr: SimIssue = {
    number: nextNumber(repo),
    id: nextId(state),
    title: body.title,
    body: typeof body.body === 'string' ? body.body : null,
    state: 'open',
    labels: [],
    user,
    created_at: state.now,
    updated_at: state.now,
    closed_at: null,
    pull: { head_sha: headSha, head_ref: head, base_ref: base, merge_commit_sha: null, merged_at: null },
  };
  repo.issues.push(pr);
  (repo.commit_pulls[headSha] ??= []).push(pr.number);
  return pr;
}

function openPullsFrom(repo: SimRepo, head: string): SimIssue[] {
  return repo.issues.filter((i) => i.pull && i.state === 'open' && i.pull.head_ref === head);
}

/** GET …/pulls: `state` (open), `head` (`owner:branch`), `base`; oldest first, as listed by created. */
export function listPulls(repo: SimRepo, query: URLSearchParams): SimIssue[] {
  const state = query.get('state') ?? 'open';
  const head = query.get('head');
  const base = query.get('base');
  return repo.issues
    .filter((i) => i.pull)
    .filter((i) => state === 'all' || i.state === state)
    .filter((i) => !head || i.pull?.head_ref === head.replace(/^[^:]+:/, ''))
    .filter((i) => !base || i.pull?.base_ref === base)
    .sort((a, b) => b.number - a.number);
}

/** The head of an open pull request follows its branch: a push (or force-push) moves it. */
export function refreshPullHeads(repo: SimRepo): void {
  for (const pr of repo.issues) {
    if (!pr.pull || pr.state !== 'open') continue;
    const head = branchHeadOf(repo, pr.pull.head_ref);
    if (head !== undefined && head !== pr.pull.head_sha) {
      pr.pull.head_sha = head;
      (repo.commit_pulls[head] ??= []).push(pr.number);
    }
  }
}
