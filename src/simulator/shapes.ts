// Response bodies in the shapes of GitHub's OpenAPI description (simple-user, team, team-full,
// enterprise-team, copilot-seat-details, org-membership, issue, issue-comment, pull-request-simple,
// pull-request, labeled/unlabeled-issue-event, content-file, content-directory, blob),
// with every URL on the simulator's own address. Only properties the schemas name: the seat schema
// has additionalProperties: false.
import { createHash } from 'node:crypto';
import { assigningTeamOf, seatBreakdown, type AssigningTeam } from './model.ts';
import {
  behaviourOption,
  idFromLogin,
  indexOf,
  key,
  type SimComment,
  type SimEnterpriseTeam,
  type SimIssue,
  type SimIssueEvent,
  type SimLabel,
  type SimSeat,
  type SimState,
  type SimTeam,
} from './state.ts';
import type { SimFile } from './repos.ts';
import type { SimCommit } from './state.ts';

export type Json = Record<string, unknown>;

const nodeId = (kind: string, id: number): string =>
  Buffer.from(`0${kind.length}:${kind}${id}`).toString('base64');

/** simple-user for a login: a member's stored case and id, or a derived id for anyone else. */
export function userShape(state: SimState, base: string, login: string): Json {
  const m = indexOf(state).members.get(key(login));
  const name = m?.login ?? login;
  const id = m?.id ?? idFromLogin(name);
  const path = encodeURIComponent(name);
  const url = `${base}/users/${path}`;
  return {
    login: name,
    id,
    node_id: nodeId('User', id),
    avatar_url: `${base}/avatars/u/${id}`,
    gravatar_id: '',
    url,
    html_url: `${base}/${path}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: name.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
    user_view_type: 'public',
  };
}

type OrgLike = { login: string; id: number; description?: string | null };

function orgUrls(state: SimState, base: string): Json {
  return orgUrlsOf(base, state.org);
}

function orgUrlsOf(base: string, org: OrgLike): Json {
  const url = `${base}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId('Organization', org.id),
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `${base}/avatars/o/${org.id}`,
    description: org.description ?? null,
  };
}

/** organization-simple */
export function orgSimpleShape(state: SimState, base: string): Json {
  return orgUrls(state, base);
}

/** organization-simple of any org of the enterprise (the main one or another). */
export function anyOrgSimpleShape(base: string, org: OrgLike): Json {
  return orgUrlsOf(base, org);
}

/** team-organization (inside team-full) */
function teamOrgShape(state: SimState, base: string): Json {
  return {
    ...orgUrls(state, base),
    name: state.org.name ?? state.org.login,
    html_url: `${base}/${state.org.login}`,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    type: 'Organization',
    created_at: '2015-01-01T00:00:00Z',
    updated_at: '2015-01-01T00:00:00Z',
    archived_at: null,
  };
}

/** team */
export function teamShape(state: SimState, base: string, team: SimTeam): Json {
  const url = `${base}/organizations/${state.org.id}/team/${team.id}`;
  return {
    id: team.id,
    node_id: nodeId('Team', team.id),
    url,
    html_url: `${base}/orgs/${state.org.login}/teams/${team.slug}`,
    name: team.name,
    slug: team.slug,
    description: team.description ?? null,
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    permission: 'pull',
    members_url: `${url}/members{/member}`,
    repositories_url: `${url}/repos`,
    parent: null,
    type: 'organization',
    organization_id: state.org.id,
  };
}

/** team-full (GET /orgs/{org}/teams/{team_slug}) */
export function teamFullShape(state: SimState, base: string, team: SimTeam): Json {
  const at = team.created_at ?? '2020-01-01T00:00:00Z';
  return {
    ...teamShape(state, base, team),
    members_count: team.members.length,
    repos_count: 0,
    created_at: at,
    updated_at: at,
    organization: teamOrgShape(state, base),
  };
}

/** enterprise-team */
export function enterpriseTeamShape(state: SimState, base: string, team: SimEnterpriseTeam): Json {
  const url = `${base}/enterprises/${state.enterprise.slug}/teams/${team.slug}`;
  // (the slug's ':' is a valid path character: URLs keep it as GitHub shows it)
  const at = team.created_at ?? team.selected_at ?? '2020-01-01T00:00:00Z';
  return {
    id: team.id,
    name: team.name,
    description: team.description ?? '',
    slug: team.slug,
    url,
    organization_selection_type: 'selected',
    group_id: null,
    html_url: `${base}/enterprises/${state.enterprise.slug}/teams/${team.slug}`,
    members_url: `${url}/memberships{/member}`,
    created_at: at,
    updated_at: at,
    notification_setting: 'notifications_enabled',
  };
}

/** The fields of copilot-seat-details that come from the seat itself, whichever list shows it. */
function seatFields(state: SimState, base: string, seat: SimSeat): Json {
  return {
    created_at: seat.created_at,
    updated_at: seat.created_at,
    pending_cancellation_date: seat.pending_cancellation_date ?? null,
    ...activityShape(state, seat),
    last_authenticated_at: seat.last_authenticated_at ?? null,
    plan_type: state.plan_type,
    assignee: seat.login === null ? null : userShape(state, base, seat.login),
  };
}

/** copilot-seat-details */
export function seatShape(state: SimState, base: string, seat: SimSeat): Json {
  return {
    ...seatFields(state, base, seat),
    assigning_team: assigningTeamShape(state, base, assigningTeamOf(state, seat)),
  };
}

/**
 * One row of the enterprise seat list (copilot-seat-details with `organization`): the seat's dates
 * and activity, with the org and team of the source the row stands for.
 */
export function enterpriseSeatRowShape(
  state: SimState,
  base: string,
  seat: SimSeat,
  row: { org: OrgLike | null; team: AssigningTeam | null },
): Json {
  return {
    ...seatFields(state, base, seat),
    organization: row.org === null ? null : orgUrlsOf(base, row.org),
    assigning_team: assigningTeamShape(state, base, row.team),
  };
}

const ACTIVITY_RETENTION_MS = 90 * 86_400_000;

/** last_activity_*; activity_retention 'cleared-after-90-days' serves activity that old as null. */
function activityShape(state: SimState, seat: SimSeat): Json {
  const at = seat.last_activity_at ?? null;
  const cleared =
    at !== null &&
    behaviourOption(state, 'activity_retention') === 'cleared-after-90-days' &&
    Date.parse(at) < Date.parse(state.now) - ACTIVITY_RETENTION_MS;
  if (cleared) return { last_activity_at: null, last_activity_editor: null };
  return { last_activity_at: at, last_activity_editor: seat.last_activity_editor ?? null };
}

/**
 * team or enterprise-team; team_type 'absent' leaves `type` out of an org team, as GitHub's own
 * documented example does (the schema requires it), so clients cannot rely on it.
 */
function assigningTeamShape(state: SimState, base: string, team: AssigningTeam | null): Json | null {
  if (team === null) return null;
  if (team.kind === 'enterprise') return enterpriseTeamShape(state, base, team.team);
  const shape = teamShape(state, base, team.team);
  if (behaviourOption(state, 'team_type') === 'absent') delete shape.type;
  return shape;
}

/** copilot-organization-details */
export function billingShape(state: SimState): Json {
  return {
    seat_breakdown: seatBreakdown(state),
    ...state.policies,
    seat_management_setting: state.seat_management_setting,
    plan_type: state.plan_type,
  };
}

/** org-membership */
export function membershipShape(
  state: SimState,
  base: string,
  login: string,
  pending: boolean,
  role: string,
): Json {
  const user = userShape(state, base, login);
  return {
    url: `${base}/orgs/${state.org.login}/memberships/${user.login as string}`,
    state: pending ? 'pending' : 'active',
    role,
    direct_membership: true,
    organization_url: `${base}/orgs/${state.org.login}`,
    organization: orgSimpleShape(state, base),
    user,
    permissions: { can_create_repository: true },
  };
}

// ---------------------------------------------------------------- repos

export interface RepoRef {
  owner: string;
  name: string;
}

const repoUrl = (base: string, r: RepoRef): string => `${base}/repos/${r.owner}/${r.name}`;

/** A label as issue.labels lists it. */
export function labelShape(base: string, r: RepoRef, l: SimLabel): Json {
  return {
    id: l.id,
    node_id: nodeId('Label', l.id),
    url: `${repoUrl(base, r)}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    description: l.description,
    color: l.color,
    default: false,
  };
}

/** issue (pull requests carry `pull_request`, as GitHub lists them among issues) */
export function issueShape(
  state: SimState,
  base: string,
  r: RepoRef,
  issue: SimIssue,
  labels: SimLabel[],
): Json {
  const url = `${repoUrl(base, r)}/issues/${issue.number}`;
  const html = `${base}/${r.owner}/${r.name}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`;
  const shape: Json = {
    id: issue.id,
    node_id: nodeId(issue.pull ? 'PullRequest' : 'Issue', issue.id),
    url,
    repository_url: repoUrl(base, r),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    number: issue.number,
    state: issue.state,
    state_reason: issue.state_reason ?? null,
    title: issue.title,
    body: issue.body,
    user: userShape(state, base, issue.user),
    labels: labels.map((l) => labelShape(base, r, l)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: 0,
    closed_at: issue.closed_at,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    author_association: 'MEMBER',
  };
  if (issue.pull) {
    shape.pull_request = {
      url: `${repoUrl(base, r)}/pulls/${issue.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: issue.pull.merged_at,
    };
  }
  return shape;
}

/** issue-comment */
export function commentShape(state: SimState, base: string, r: RepoRef, c: SimComment): Json {
  return {
    id: c.id,
    node_id: nodeId('IssueComment', c.id),
    url: `${repoUrl(base, r)}/issues/comments/${c.id}`,
    html_url: `${base}/${r.owner}/${r.name}/issues/${c.issue_number}#issuecomment-${c.id}`,
    body: c.body,
    user: userShape(state, base, c.user),
    created_at: c.created_at,
    updated_at: c.updated_at,
    issue_url: `${repoUrl(base, r)}/issues/${c.issue_number}`,
    author_association: 'MEMBER',
  };
}

/** repository (inside pull-request-simple's head and base) */
function repositoryShape(state: SimState, base: string, r: RepoRef): Json {
  const url = repoUrl(base, r);
  const id = idFromLogin(`${r.owner}/${r.name}`);
  const at = '2020-01-01T00:00:00Z';
  const t = (p: string): string => `${url}/${p}`;
  return {
    id,
    node_id: nodeId('Repository', id),
    name: r.name,
    full_name: `${r.owner}/${r.name}`,
    owner: userShape(state, base, r.owner),
    private: true,
    html_url: `${base}/${r.owner}/${r.name}`,
    description: null,
    fork: false,
    url,
    archive_url: t('{archive_format}{/ref}'),
    assignees_url: t('assignees{/user}'),
    blobs_url: t('git/blobs{/sha}'),
    branches_url: t('branches{/branch}'),
    collaborators_url: t('collaborators{/collaborator}'),
    comments_url: t('comments{/number}'),
    commits_url: t('commits{/sha}'),
    compare_url: t('compare/{base}...{head}'),
    contents_url: t('contents/{+path}'),
    contributors_url: t('contributors'),
    deployments_url: t('deployments'),
    downloads_url: t('downloads'),
    events_url: t('events'),
    forks_url: t('forks'),
    git_commits_url: t('git/commits{/sha}'),
    git_refs_url: t('git/refs{/sha}'),
    git_tags_url: t('git/tags{/sha}'),
    git_url: `git://127.0.0.1/${r.owner}/${r.name}.git`,
    issue_comment_url: t('issues/comments{/number}'),
    issue_events_url: t('issues/events{/number}'),
    issues_url: t('issues{/number}'),
    keys_url: t('keys{/key_id}'),
    labels_url: t('labels{/name}'),
    languages_url: t('languages'),
    merges_url: t('merges'),
    milestones_url: t('milestones{/number}'),
    notifications_url: t('notifications{?since,all,participating}'),
    pulls_url: t('pulls{/number}'),
    releases_url: t('releases{/id}'),
    ssh_url: `git@127.0.0.1:${r.owner}/${r.name}.git`,
    stargazers_url: t('stargazers'),
    statuses_url: t('statuses/{sha}'),
    subscribers_url: t('subscribers'),
    subscription_url: t('subscription'),
    tags_url: t('tags'),
    teams_url: t('teams'),
    trees_url: t('git/trees{/sha}'),
    clone_url: `${base}/${r.owner}/${r.name}.git`,
    mirror_url: null,
    hooks_url: t('hooks'),
    svn_url: `${base}/${r.owner}/${r.name}`,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 1,
    default_branch: 'main',
    open_issues_count: 0,
    open_issues: 0,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: at,
    created_at: at,
    updated_at: at,
  };
}

/** pull-request-simple */
export function pullShape(state: SimState, base: string, r: RepoRef, pr: SimIssue, labels: SimLabel[]): Json {
  const pull = pr.pull ?? {
    head_sha: '',
    head_ref: 'topic',
    base_ref: 'main',
    merge_commit_sha: null,
    merged_at: null,
  };
  const url = `${repoUrl(base, r)}/pulls/${pr.number}`;
  const html = `${base}/${r.owner}/${r.name}/pull/${pr.number}`;
  const issueUrl = `${repoUrl(base, r)}/issues/${pr.number}`;
  const repo = repositoryShape(state, base, r);
  const ref = (label: string, sha: string): Json => ({
    label: `${r.owner}:${label}`,
    ref: label,
    sha,
    user: userShape(state, base, r.owner),
    repo,
  });
  const link = (href: string): Json => ({ href });
  return {
    url,
    id: pr.id,
    node_id: nodeId('PullRequest', pr.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoUrl(base, r)}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${repoUrl(base, r)}/statuses/${pull.head_sha}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: userShape(state, base, pr.user),
    body: pr.body,
    labels: labels.map((l) => ({ ...labelShape(base, r, l), description: l.description ?? '' })),
    milestone: null,
    created_at: pr.created_at,
    updated_at: pr.updated_at,
    closed_at: pr.closed_at,
    merged_at: pull.merged_at,
    merge_commit_sha: pull.merge_commit_sha,
    assignee: null,
    head: ref(pull.head_ref, pull.head_sha),
    base: ref(pull.base_ref, '0'.repeat(40)),
    _links: {
      self: link(url),
      html: link(html),
      issue: link(issueUrl),
      comments: link(`${issueUrl}/comments`),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${repoUrl(base, r)}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(`${repoUrl(base, r)}/statuses/${pull.head_sha}`),
    },
    author_association: 'MEMBER',
    auto_merge: null,
    draft: false,
  };
}

/** pull-request (GET …/pulls/{n}): the simple shape plus merge state and counts; merged by its author. */
export function pullFullShape(
  state: SimState,
  base: string,
  r: RepoRef,
  pr: SimIssue,
  labels: SimLabel[],
  comments: number,
): Json {
  const merged = !!pr.pull?.merged_at;
  return {
    ...pullShape(state, base, r, pr, labels),
    active_lock_reason: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    merged,
    // GitHub computes mergeability for open pull requests only.
    mergeable: pr.state === 'open' ? true : null,
    mergeable_state: pr.state === 'open' ? 'clean' : 'unknown',
    merged_by: merged ? userShape(state, base, pr.user) : null,
    comments,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 1,
    deletions: 1,
    changed_files: 1,
  };
}

/** labeled-issue-event / unlabeled-issue-event */
export function issueEventShape(
  state: SimState,
  base: string,
  r: RepoRef,
  e: SimIssueEvent,
  color: string,
): Json {
  return {
    id: e.id,
    node_id: nodeId(e.event === 'labeled' ? 'LabeledEvent' : 'UnlabeledEvent', e.id),
    url: `${repoUrl(base, r)}/issues/events/${e.id}`,
    actor: userShape(state, base, e.actor),
    event: e.event,
    commit_id: null,
    commit_url: null,
    created_at: e.created_at,
    performed_via_github_app: null,
    label: { name: e.label, color },
  };
}

const segments = (p: string): string => p.split('/').map(encodeURIComponent).join('/');

/** What content-file and a content-directory entry share: names, sha, size and URLs. */
function contentEntry(
  base: string,
  r: RepoRef,
  ref: string,
  type: string,
  path: string,
  sha: string,
  size: number,
): Json {
  const self = `${repoUrl(base, r)}/contents/${segments(path)}?ref=${encodeURIComponent(ref)}`;
  const html = `${base}/${r.owner}/${r.name}/${type === 'dir' ? 'tree' : 'blob'}/${segments(ref)}/${segments(path)}`;
  const git = `${repoUrl(base, r)}/git/${type === 'dir' ? 'trees' : 'blobs'}/${sha}`;
  return {
    type,
    size,
    name: path.slice(path.lastIndexOf('/') + 1),
    path,
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url:
      type === 'dir' ? null : `${base}/raw/${r.owner}/${r.name}/${segments(ref)}/${segments(path)}`,
    _links: { self, git, html },
  };
}

// GitHub's base64: lines of 60 characters, each ending in a newline.
const base64Lines = (text: string): string =>
  Buffer.from(text, 'utf8')
    .toString('base64')
    .replace(/.{1,60}/g, '$&\n');

/** Above 1 MB the contents API sends no content: encoding "none" (read the blob instead). */
export const CONTENTS_MAX_BYTES = 1024 * 1024;

/** content-file */
export function contentFileShape(base: string, r: RepoRef, ref: string, f: SimFile): Json {
  const big = f.size > CONTENTS_MAX_BYTES;
  return {
    ...contentEntry(base, r, ref, 'file', f.path, f.sha, f.size),
    content: big ? '' : base64Lines(f.text),
    encoding: big ? 'none' : 'base64',
  };
}

/** content-directory: files first, then sub-directories (size 0, a made-up tree sha). */
export function contentDirectoryShape(
  base: string,
  r: RepoRef,
  ref: string,
  files: SimFile[],
  dirs: string[],
): Json[] {
  const treeSha = (p: string): string => createHash('sha1').update(`tree ${ref} ${p}`).digest('hex');
  return [
    ...files.map((f) => contentEntry(base, r, ref, 'file', f.path, f.sha, f.size)),
    ...dirs.map((d) => contentEntry(base, r, ref, 'dir', d, treeSha(d), 0)),
  ];
}

/** blob (GET …/git/blobs/{sha}) */
export function blobShape(base: string, r: RepoRef, f: SimFile): Json {
  return {
    sha: f.sha,
    node_id: Buffer.from(`04:Blob${f.sha}`).toString('base64'),
    size: f.size,
    url: `${repoUrl(base, r)}/git/blobs/${f.sha}`,
    content: base64Lines(f.text),
    encoding: 'base64',
  };
}

/** git-ref (GET …/git/ref/heads/{branch}) */
export function gitRefShape(base: string, r: RepoRef, branch: string, sha: string): Json {
  return {
    ref: `refs/heads/${branch}`,
    node_id: Buffer.from(`04:Ref${r.owner}/${r.name}:${branch}`).toString('base64'),
    url: `${repoUrl(base, r)}/git/refs/heads/${branch}`,
    object: { type: 'commit', sha, url: `${repoUrl(base, r)}/git/commits/${sha}` },
  };
}

/** short-blob (POST …/git/blobs) */
export function shortBlobShape(base: string, r: RepoRef, sha: string): Json {
  return { url: `${repoUrl(base, r)}/git/blobs/${sha}`, sha };
}

/** git-tree (POST …/git/trees): every file at the top level's paths, blobs only, never truncated. */
export function gitTreeShape(base: string, r: RepoRef, sha: string, files: Record<string, string>): Json {
  return {
    sha,
    url: `${repoUrl(base, r)}/git/trees/${sha}`,
    truncated: false,
    tree: Object.keys(files)
      .sort()
      .map((path) => {
        const bytes = Buffer.from(files[path] ?? '', 'utf8');
        const blob = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
        return {
          path,
          mode: '100644',
          type: 'blob',
          sha: blob,
          size: bytes.length,
          url: `${repoUrl(base, r)}/git/blobs/${blob}`,
        };
      }),
  };
}

/** git-commit (GET and POST …/git/commits), by the account that wrote it; never verified. */
export function gitCommitShape(base: string, r: RepoRef, sha: string, c: SimCommit): Json {
  const who = { name: c.author, email: `${c.author}@users.noreply.example.com`, date: c.date };
  return {
    sha,
    node_id: Buffer.from(`04:Commit${sha}`).toString('base64'),
    url: `${repoUrl(base, r)}/git/commits/${sha}`,
    html_url: `${base}/${r.owner}/${r.name}/commit/${sha}`,
    author: who,
    committer: who,
    message: c.message,
    tree: { sha: c.tree, url: `${repoUrl(base, r)}/git/trees/${c.tree}` },
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${repoUrl(base, r)}/git/commits/${p}`,
      html_url: `${base}/${r.owner}/${r.name}/commit/${p}`,
    })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}
