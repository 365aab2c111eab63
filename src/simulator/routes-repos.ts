// Repository routes for the action's PR comments and drift issue: issues, issue comments, label
// events, pull requests (one, or those of a commit), and file contents at a ref.
import { SimApiError } from './model.ts';
import { linkHeader, pageParams, pageSlice } from './pagination.ts';
import {
  blobAt,
  branchHeadOf,
  commitOf,
  createBlob,
  createComment,
  createCommit,
  createIssue,
  createPull,
  createRef,
  createTree,
  dirAt,
  eventsOf,
  fileAt,
  findComment,
  findIssue,
  labelsOf,
  listPulls,
  repoOf,
  updateComment,
  updateIssue,
  updateRef,
} from './repos.ts';
import type { Reply, Route, RouteContext } from './router.ts';
import {
  blobShape,
  gitRefShape,
  commentShape,
  contentDirectoryShape,
  contentFileShape,
  gitCommitShape,
  gitTreeShape,
  issueEventShape,
  issueShape,
  pullFullShape,
  pullShape,
  shortBlobShape,
  type RepoRef,
} from './shapes.ts';
import { key, type SimIssue, type SimRepo } from './state.ts';

const REPO = '/repos/{owner}/{repo}';

function repoCtx(ctx: RouteContext): { ref: RepoRef; repo: SimRepo } {
  const owner = ctx.params.owner ?? '';
  const name = ctx.params.repo ?? '';
  return { ref: { owner, name }, repo: repoOf(ctx.state, owner, name) };
}

function intParam(ctx: RouteContext, name: string): number {
  const v = ctx.params[name] ?? '';
  if (!/^\d+$/.test(v)) throw new SimApiError(404, 'Not Found');
  return Number(v);
}

function bodyObject(ctx: RouteContext): Record<string, unknown> {
  if (typeof ctx.body !== 'object' || ctx.body === null || Array.isArray(ctx.body)) {
    throw new SimApiError(422, 'Invalid request.\n\nThe request body must be a JSON object.');
  }
  return ctx.body as Record<string, unknown>;
}

function paged<T>(ctx: RouteContext, items: readonly T[]): { page: T[]; headers: Record<string, string> } {
  const p = pageParams(ctx.query, 30);
  const link = linkHeader(ctx.origin, ctx.path, ctx.query, p, items.length);
  return { page: pageSlice(items, p), headers: link ? { link } : {} };
}

function showIssue(ctx: RouteContext, ref: RepoRef, repo: SimRepo, issue: SimIssue): Record<string, unknown> {
  const shape = issueShape(ctx.state, ctx.origin, ref, issue, labelsOf(repo, issue.labels));
  shape.comments = repo.comments.filter((c) => c.issue_number === issue.number).length;
  return shape;
}

function listIssues(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const state = ctx.query.get('state') ?? 'open';
  const labels = (ctx.query.get('labels') ?? '')
    .split(',')
    .map((l) => key(l.trim()))
    .filter((l) => l);
  const creator = ctx.query.get('creator');
  const sortBy = ctx.query.get('sort') === 'updated' ? 'updated_at' : 'created_at';
  const dir = ctx.query.get('direction') === 'asc' ? 1 : -1;
  const chosen = repo.issues
    .filter((i) => state === 'all' || i.state === state)
    .filter((i) => labels.every((l) => i.labels.some((x) => key(x) === l)))
    .filter((i) => !creator || key(i.user) === key(creator))
    .sort((a, b) => (a[sortBy] === b[sortBy] ? a.number - b.number : a[sortBy] < b[sortBy] ? -1 : 1) * dir);
  const { page, headers } = paged(ctx, chosen);
  return { status: 200, headers, body: page.map((i) => showIssue(ctx, ref, repo, i)) };
}

function postIssue(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const issue = createIssue(ctx.state, repo, ctx.login, bodyObject(ctx));
  const body = showIssue(ctx, ref, repo, issue);
  return { status: 201, body, headers: { location: body.url as string } };
}

function getIssue(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  return { status: 200, body: showIssue(ctx, ref, repo, findIssue(repo, intParam(ctx, 'issue_number'))) };
}

function patchIssue(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const issue = findIssue(repo, intParam(ctx, 'issue_number'));
  updateIssue(ctx.state, repo, issue, bodyObject(ctx), ctx.login);
  return { status: 200, body: showIssue(ctx, ref, repo, issue) };
}

function listComments(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const n = intParam(ctx, 'issue_number');
  findIssue(repo, n);
  const { page, headers } = paged(
    ctx,
    repo.comments.filter((c) => c.issue_number === n),
  );
  return { status: 200, headers, body: page.map((c) => commentShape(ctx.state, ctx.origin, ref, c)) };
}

function postComment(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const c = createComment(ctx.state, repo, intParam(ctx, 'issue_number'), ctx.login, ctx.body);
  const body = commentShape(ctx.state, ctx.origin, ref, c);
  return { status: 201, body, headers: { location: body.url as string } };
}

function getComment(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  return {
    status: 200,
    body: commentShape(ctx.state, ctx.origin, ref, findComment(repo, intParam(ctx, 'comment_id'))),
  };
}

function patchComment(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const c = findComment(repo, intParam(ctx, 'comment_id'));
  updateComment(ctx.state, c, ctx.body);
  return { status: 200, body: commentShape(ctx.state, ctx.origin, ref, c) };
}

function commitPulls(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const numbers = repo.commit_pulls[ctx.params.commit_sha ?? ''] ?? [];
  const pulls = numbers.map((n) => findIssue(repo, n));
  const { page, headers } = paged(ctx, pulls);
  return {
    status: 200,
    headers,
    body: page.map((p) => pullShape(ctx.state, ctx.origin, ref, p, labelsOf(repo, p.labels))),
  };
}

function listEvents(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const n = intParam(ctx, 'issue_number');
  findIssue(repo, n);
  const { page, headers } = paged(ctx, eventsOf(repo, n));
  const color = (name: string): string => labelsOf(repo, [name])[0]?.color ?? 'ededed';
  return {
    status: 200,
    headers,
    body: page.map((e) => issueEventShape(ctx.state, ctx.origin, ref, e, color(e.label))),
  };
}

function getPull(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const pr = findIssue(repo, intParam(ctx, 'pull_number'));
  if (!pr.pull) throw new SimApiError(404, 'Not Found');
  const comments = repo.comments.filter((c) => c.issue_number === pr.number).length;
  const labels = labelsOf(repo, pr.labels);
  return { status: 200, body: pullFullShape(ctx.state, ctx.origin, ref, pr, labels, comments) };
}

// Without `ref`, the default branch (every simulated repository's is main).
function getContents(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const at = ctx.query.get('ref') || 'main';
  const path = ctx.params.path ?? '';
  const file = fileAt(repo, at, path);
  if (file) return { status: 200, body: contentFileShape(ctx.origin, ref, at, file) };
  const dir = dirAt(repo, at, path);
  if (!dir) throw new SimApiError(404, 'Not Found');
  return { status: 200, body: contentDirectoryShape(ctx.origin, ref, at, dir.files, dir.dirs) };
}

function getBlob(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const blob = blobAt(repo, ctx.params.file_sha ?? '');
  if (!blob) throw new SimApiError(404, 'Not Found');
  return { status: 200, body: blobShape(ctx.origin, ref, blob) };
}

/** Only branch refs (`heads/…`) are kept; anything else is unknown, as a missing branch is. */
function getRef(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const m = /^heads\/(.+)$/.exec(ctx.params.ref ?? '');
  const sha = m ? branchHeadOf(repo, m[1] as string) : undefined;
  if (!m || sha === undefined) throw new SimApiError(404, 'Not Found');
  return { status: 200, body: gitRefShape(ctx.origin, ref, m[1] as string, sha) };
}

function postBlob(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const blob = createBlob(repo, bodyObject(ctx));
  return { status: 201, body: shortBlobShape(ctx.origin, ref, blob.sha) };
}

function postTree(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const tree = createTree(repo, bodyObject(ctx));
  return { status: 201, body: gitTreeShape(ctx.origin, ref, tree.sha, tree.files) };
}

function getCommit(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const sha = key(ctx.params.commit_sha ?? '');
  const commit = commitOf(repo, sha);
  if (!commit) throw new SimApiError(404, 'Not Found');
  return { status: 200, body: gitCommitShape(ctx.origin, ref, sha, commit) };
}

function postCommit(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const sha = createCommit(ctx.state, repo, bodyObject(ctx), ctx.login);
  return { status: 201, body: gitCommitShape(ctx.origin, ref, sha, commitOf(repo, sha)!) };
}

function postRef(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const made = createRef(repo, bodyObject(ctx));
  return { status: 201, body: gitRefShape(ctx.origin, ref, made.branch, made.sha) };
}

function patchRef(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const moved = updateRef(repo, ctx.params.ref ?? '', bodyObject(ctx));
  return { status: 200, body: gitRefShape(ctx.origin, ref, moved.branch, moved.sha) };
}

function showPull(ctx: RouteContext, ref: RepoRef, repo: SimRepo, pr: SimIssue): Record<string, unknown> {
  const comments = repo.comments.filter((c) => c.issue_number === pr.number).length;
  return pullFullShape(ctx.state, ctx.origin, ref, pr, labelsOf(repo, pr.labels), comments);
}

function getPullsList(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const { page, headers } = paged(ctx, listPulls(repo, ctx.query));
  return {
    status: 200,
    headers,
    body: page.map((p) => pullShape(ctx.state, ctx.origin, ref, p, labelsOf(repo, p.labels))),
  };
}

function postPull(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const pr = createPull(ctx.state, repo, ref.owner, bodyObject(ctx), ctx.login);
  const body = showPull(ctx, ref, repo, pr);
  return { status: 201, body, headers: { location: body.url as string } };
}

/** PATCH …/pulls/{n}: title, body, state (open or closed), as an issue update. */
function patchPull(ctx: RouteContext): Reply {
  const { ref, repo } = repoCtx(ctx);
  const pr = findIssue(repo, intParam(ctx, 'pull_number'));
  if (!pr.pull) throw new SimApiError(404, 'Not Found');
  const { title, body, state } = bodyObject(ctx);
  updateIssue(ctx.state, repo, pr, { title, body, state }, ctx.login);
  return { status: 200, body: showPull(ctx, ref, repo, pr) };
}

export const repoRoutes: Route[] = [
  { method: 'GET', template: `${REPO}/issues`, handler: listIssues },
  { method: 'POST', template: `${REPO}/issues`, handler: postIssue },
  { method: 'GET', template: `${REPO}/issues/comments/{comment_id}`, handler: getComment },
  { method: 'PATCH', template: `${REPO}/issues/comments/{comment_id}`, handler: patchComment },
  { method: 'GET', template: `${REPO}/issues/{issue_number}`, handler: getIssue },
  { method: 'PATCH', template: `${REPO}/issues/{issue_number}`, handler: patchIssue },
  { method: 'GET', template: `${REPO}/issues/{issue_number}/comments`, handler: listComments },
  { method: 'POST', template: `${REPO}/issues/{issue_number}/comments`, handler: postComment },
  { method: 'GET', template: `${REPO}/issues/{issue_number}/events`, handler: listEvents },
  { method: 'GET', template: `${REPO}/commits/{commit_sha}/pulls`, handler: commitPulls },
  { method: 'GET', template: `${REPO}/pulls/{pull_number}`, handler: getPull },
  { method: 'GET', template: `${REPO}/contents/{path}`, handler: getContents },
  { method: 'GET', template: `${REPO}/git/blobs/{file_sha}`, handler: getBlob },
  { method: 'GET', template: `${REPO}/git/ref/{ref}`, handler: getRef },
  { method: 'POST', template: `${REPO}/git/refs`, handler: postRef },
  { method: 'PATCH', template: `${REPO}/git/refs/{ref}`, handler: patchRef },
  { method: 'POST', template: `${REPO}/git/blobs`, handler: postBlob },
  { method: 'POST', template: `${REPO}/git/trees`, handler: postTree },
  { method: 'GET', template: `${REPO}/git/commits/{commit_sha}`, handler: getCommit },
  { method: 'POST', template: `${REPO}/git/commits`, handler: postCommit },
  { method: 'GET', template: `${REPO}/pulls`, handler: getPullsList },
  { method: 'POST', template: `${REPO}/pulls`, handler: postPull },
  { method: 'PATCH', template: `${REPO}/pulls/{pull_number}`, handler: patchPull },
];
