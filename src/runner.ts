// What the runner tells the action about the run (event, repository, ref), and which mode follows.
// Pure: the environment and the event payload are passed in.
import type { Mode, ScheduleMode } from './inputs.ts';

export interface RunnerContext {
  eventName: string;
  repo?: { owner: string; repo: string };
  ref: string;
  sha: string;
  defaultBranch?: string;
  /** The pull request of a pull_request(_target) event. */
  prNumber?: number;
  /** Its labels when the event fired (the safety overrides are labels). */
  prLabels?: string[];
  /** Its base commit: where the seats file as it was before this PR is read. */
  baseSha?: string;
  /** Link to this run, for the comment footer. */
  runUrl?: string;
  /** The issue of an `issues` event: who opened it comes from the event, never from its text. */
  issue?: IssueContext;
}

export interface IssueContext {
  number: number;
  /** The event's action: opened, edited, labeled… */
  action: string;
  /** issue.user.login: who opened it. */
  author: string;
  /** sender.login: who made this event happen (edited it, labelled it). */
  sender: string;
  labels: string[];
  body: string;
  state: string;
  /** The issue's page. */
  url?: string;
}

interface EventPayload {
  action?: unknown;
  pull_request?: { number?: number; labels?: { name?: unknown }[]; base?: { sha?: unknown } };
  issue?: {
    number?: unknown;
    user?: { login?: unknown };
    labels?: { name?: unknown }[];
    body?: unknown;
    state?: unknown;
    html_url?: unknown;
    pull_request?: unknown;
  };
  sender?: { login?: unknown };
  repository?: { default_branch?: string };
}

export function readRunnerContext(env: Record<string, string | undefined>, payload: unknown): RunnerContext {
  const event = (payload && typeof payload === 'object' ? payload : {}) as EventPayload;
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    ...(owner && repo ? { repo: { owner, repo } } : {}),
    ref: env.GITHUB_REF ?? '',
    sha: env.GITHUB_SHA ?? '',
    ...(event.repository?.default_branch ? { defaultBranch: event.repository.default_branch } : {}),
    ...(typeof event.pull_request?.number === 'number' ? { prNumber: event.pull_request.number } : {}),
    ...prDetails(event),
    ...issueDetails(env.GITHUB_EVENT_NAME ?? '', event),
    ...(env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY
      ? { runUrl: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` }
      : {}),
  };
}

function prDetails(event: EventPayload): Pick<RunnerContext, 'prLabels' | 'baseSha'> {
  const pr = event.pull_request;
  if (!pr) return {};
  const labels = Array.isArray(pr.labels)
    ? pr.labels.map((l) => l?.name).filter((n): n is string => typeof n === 'string')
    : [];
  return { prLabels: labels, ...(typeof pr.base?.sha === 'string' ? { baseSha: pr.base.sha } : {}) };
}

function labelNames(labels: unknown): string[] {
  return Array.isArray(labels)
    ? labels.map((l: { name?: unknown } | null) => l?.name).filter((n): n is string => typeof n === 'string')
    : [];
}

/** The issue of an `issues` event (not of a comment on a pull request). */
function issueDetails(eventName: string, event: EventPayload): Pick<RunnerContext, 'issue'> {
  const issue = event.issue;
  if (eventName !== 'issues' || !issue || typeof issue.number !== 'number') return {};
  const author = issue.user?.login;
  if (typeof author !== 'string') return {};
  return {
    issue: {
      number: issue.number,
      action: typeof event.action === 'string' ? event.action : '',
      author,
      sender: typeof event.sender?.login === 'string' ? event.sender.login : author,
      labels: labelNames(issue.labels),
      body: typeof issue.body === 'string' ? issue.body : '',
      state: typeof issue.state === 'string' ? issue.state : 'open',
      ...(typeof issue.html_url === 'string' ? { url: issue.html_url } : {}),
    },
  };
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

export type ResolvedMode = { mode: Exclude<Mode, 'auto'>; why: string } | { refuse: string };

/** Scheduled workflows run on the latest commit of the default branch (GitHub documents it). */
function onDefaultBranch(ctx: RunnerContext): boolean {
  if (ctx.eventName === 'schedule') return true;
  return ctx.defaultBranch !== undefined && ctx.ref === `refs/heads/${ctx.defaultBranch}`;
}

/**
 * A mode that writes (apply, expire, and reclaim, which pushes a branch made from the default
 * branch) only runs on what was merged to the default branch.
 */
function writingMode(mode: 'apply' | 'expire' | 'reclaim', ctx: RunnerContext, why: string): ResolvedMode {
  if (PR_EVENTS.has(ctx.eventName)) {
    return { refuse: `${mode} never runs on a ${ctx.eventName} event; use mode plan` };
  }
  if (!onDefaultBranch(ctx)) {
    return {
      refuse: `${mode} only runs on the default branch (${ctx.defaultBranch ?? 'unknown'}), not on ${ctx.ref || 'an unknown ref'}`,
    };
  }
  return { mode, why };
}

/**
 * auto: pull_request → plan; push to the default branch → apply; schedule → `schedule-mode`
 * (drift, expire, apply or reclaim); workflow_dispatch → drift; issues → request (a seat asked
 * for through the issue form; an issue without its label is left alone). An apply (or expire) never runs on a pull
 * request event, nor off the default branch, whatever `mode` says: only what was merged to the
 * default branch may change seats.
 */
export function resolveMode(
  requested: Mode,
  ctx: RunnerContext,
  scheduleMode: ScheduleMode = 'drift',
): ResolvedMode {
  const isPr = PR_EVENTS.has(ctx.eventName);
  if (requested === 'request' || (requested === 'auto' && ctx.eventName === 'issues')) {
    // It pushes a branch made from the default branch's head, read through the API: never for a PR.
    if (isPr) return { refuse: `request never runs on a ${ctx.eventName} event; use mode plan` };
    return { mode: 'request', why: requested === 'auto' ? 'issues event' : 'mode: request' };
  }
  if (requested === 'apply' || requested === 'expire' || requested === 'reclaim')
    return writingMode(requested, ctx, `mode: ${requested}`);
  if (requested !== 'auto') return { mode: requested, why: `mode: ${requested}` };
  if (ctx.eventName === 'push' && onDefaultBranch(ctx)) {
    return writingMode('apply', ctx, 'push on the default branch');
  }
  if (isPr) return { mode: 'plan', why: `${ctx.eventName} event` };
  if (ctx.eventName === 'schedule') {
    const why = `schedule event, schedule-mode: ${scheduleMode}`;
    return scheduleMode === 'drift' ? { mode: 'drift', why } : writingMode(scheduleMode, ctx, why);
  }
  if (ctx.eventName === 'workflow_dispatch') return { mode: 'drift', why: 'workflow_dispatch event' };
  return {
    mode: 'plan',
    why: `${ctx.eventName || 'unknown'} event (not a pull request, push to the default branch, or schedule)`,
  };
}
