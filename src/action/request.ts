// The request mode of the action: a seat asked for through the issue form, answered with a pull
// request that adds it, or a comment saying why not.
import { upsertComment, whoAmI } from '../github/comments.ts';
import { scopeApi } from '../github/scope-api.ts';
import type { Scope } from '../plan/types.ts';
import { addUser } from '../config/edit.ts';
import { REQUEST_COMMIT_PREFIX, syncReclaimPull } from '../github/reclaim-pr.ts';
import { loginProblem } from '../config/names.ts';
import { readLookups, readSeat } from '../github/live.ts';
import { closeRequestPulls } from '../github/request-pr.ts';
import { checkSeatRequest, type RequestFacts } from '../plan/request.ts';
import { parseRequestForm, REQUEST_LABEL } from '../plan/request-form.ts';
import {
  renderRequestAccepted,
  renderRequestBody,
  renderRequestRefused,
  requestBranch,
  requestMarker,
  requestTitle,
} from '../render/request.ts';
import { out, repoPath, scrubbed, seatsFileAtHead, writeSummary, type Run } from './shell.ts';

/** The issue events a request is read on; closing, locking, assigning change nothing. */
const REQUEST_ACTIONS = new Set(['opened', 'edited', 'labeled', 'reopened']);

/** The answer on the request issue: one comment, updated when the request is read again. */
export async function commentOnRequest(r: Run, issueNumber: number, body: string): Promise<void> {
  if (!r.ctx.repo) return;
  try {
    const self = await whoAmI(r.repoClient);
    await upsertComment(
      r.repoClient,
      r.ctx.repo,
      issueNumber,
      requestMarker(r.desired.scope.name),
      scrubbed(body),
      self,
    );
  } catch (error) {
    out.warning(
      `Could not comment on #${issueNumber}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** What the API says about the login asked for, and whether the requester may ask for others. */
export async function requestFacts(r: Run, scope: Scope, login: string, requester: string, team?: string) {
  if (loginProblem(login) !== null) return { membership: 'none', seat: null } satisfies RequestFacts;
  const api = scopeApi(scope);
  const org = api.label;
  const [lookups, rows] = await Promise.all([
    readLookups(r.seats, api, { logins: [login], teams: team === undefined ? [] : [team] }),
    readSeat(r.seats, api, login),
  ]);
  const seat = rows.find((s) => s.pendingCancellationDate === null) ?? rows[0] ?? null;
  const facts: RequestFacts = { membership: lookups.memberships[login.toLowerCase()] ?? 'none', seat };
  if (team !== undefined) {
    const info = lookups.teams[team.toLowerCase()];
    facts.requesterIsRequester = info?.members?.includes(requester.toLowerCase()) === true;
    if (info && !info.exists)
      out.warning(`policy.requesters names the team ${team}, which ${org} does not have`);
  }
  return facts;
}

/**
 * A `request` run, on an `issues` event of an issue opened from the form
 * examples/ISSUE_TEMPLATE/copilot-seat.yml: the request is checked (src/plan/request.ts), then
 * one pull request from requestBranch(login) adds the user to seats.yaml as it is on the default
 * branch's head, and the issue gets a comment with its link, or with why it was refused. The
 * requester is the issue's author as the event names them. Seats change only when a human merges.
 */
export async function requestMode(r: Run): Promise<void> {
  const { issue, repo } = r.ctx;
  if (!issue || !repo) {
    out.setFailed(
      `copilot-seats: request runs on an issues event of an issue opened from the form examples/ISSUE_TEMPLATE/copilot-seat.yml (label ${REQUEST_LABEL}); this ${r.ctx.eventName || 'manual'} run has no issue: nothing was done`,
    );
    return;
  }
  if (!issue.labels.some((l) => l.toLowerCase() === REQUEST_LABEL)) {
    out.info(
      `copilot-seats: issue #${issue.number} has no label ${REQUEST_LABEL}: not a seat request, nothing to do`,
    );
    return;
  }
  if (issue.state !== 'open' || !REQUEST_ACTIONS.has(issue.action)) {
    out.info(
      `copilot-seats: issue #${issue.number} was ${issue.action || 'touched'} (${issue.state}): nothing to do`,
    );
    return;
  }
  const path = repoPath(r.inputs.config);
  const base = r.ctx.defaultBranch ?? (r.ctx.ref.startsWith('refs/heads/') ? r.ctx.ref.slice(11) : '');
  if (path === null || base === '') {
    out.setFailed(
      'copilot-seats: request needs the default branch and a seats file inside the workspace: run it in a workflow of the repository that holds seats.yaml',
    );
    return;
  }
  const refuse = async (why: string[]) => {
    out.setOutput('request', 'refused');
    out.info(`copilot-seats: the seat request of #${issue.number} was refused: ${why.join('; ')}`);
    const body = renderRequestRefused(why, r.desired.scope.name, r.ctx.runUrl);
    await writeSummary(body);
    if (r.inputs.dryRun) return;
    await commentOnRequest(r, issue.number, body);
    await closeStaleRequests(r, issue.number, `#${issue.number} was refused when checked again: closing.`);
  };
  if (issue.action === 'edited' && issue.sender.toLowerCase() !== issue.author.toLowerCase()) {
    await refuse([
      `the request was edited by @${issue.sender}, not by @${issue.author} who opened it: open a new issue to ask for a seat`,
    ]);
    return;
  }
  const form = parseRequestForm(issue.body);
  if ('missing' in form) {
    await refuse([
      `the issue does not answer ${form.missing.map((m) => `'${m}'`).join(' and ')}: open it from the form 'Request a Copilot seat'`,
    ]);
    return;
  }
  const head = await seatsFileAtHead(r, repo, base, path, 'request');
  if (!head) return;
  const { text, desired } = head;
  const login = form.login.trim().replace(/^@/, '');
  const facts = await requestFacts(r, desired.scope, login, issue.author, desired.policy.requesters);
  const request = { requester: issue.author, ...form, issue: issue.number };
  const verdict = checkSeatRequest(request, desired, facts, r.now);
  if (!verdict.accepted) {
    await refuse(verdict.why);
    return;
  }
  const edit = addUser(text, verdict.entry, path);
  const entry = verdict.entry;
  const body = scrubbed(
    renderRequestBody(entry, {
      org: desired.scope.name,
      file: path,
      issue: issue.number,
      requester: issue.author,
      ...(r.ctx.runUrl ? { runUrl: r.ctx.runUrl } : {}),
    }),
  );
  await writeSummary(body);
  if (r.inputs.dryRun) {
    out.info(`copilot-seats: dry run: would propose a seat for ${entry.login} (#${issue.number})`);
    return;
  }
  const result = await syncReclaimPull(r.repoClient, repo, {
    branch: requestBranch(entry.login),
    base,
    path,
    text: edit.text,
    title: requestTitle(entry, desired.scope.name),
    body,
    commitPrefix: REQUEST_COMMIT_PREFIX,
    what: `the seat request pull request for ${entry.login}`,
  });
  if (result.action === 'kept') {
    out.warning(`The seat request pull request was not updated: ${result.reason}`);
    return;
  }
  out.setOutput('request', result.action);
  out.setOutput('request-pr', String(result.number));
  out.info(`copilot-seats: seat request pull request #${result.number} ${result.action} (${result.url})`);
  await commentOnRequest(
    r,
    issue.number,
    renderRequestAccepted(entry, result, desired.scope.name, r.ctx.runUrl),
  );
  await closeStaleRequests(
    r,
    issue.number,
    `#${issue.number} now asks for ${entry.login}: #${result.number} replaces this pull request. Closing.`,
    requestBranch(entry.login),
  );
}

/** Earlier pull requests of this issue that no longer match it are closed; never fails the run. */
export async function closeStaleRequests(r: Run, issue: number, note: string, keep?: string): Promise<void> {
  if (!r.ctx.repo) return;
  try {
    const closed = await closeRequestPulls(r.repoClient, r.ctx.repo, issue, scrubbed(note), keep);
    if (closed.length > 0)
      out.info(`copilot-seats: closed the earlier request pull request #${closed.join(', #')}`);
  } catch (error) {
    out.warning(
      `Could not close the earlier pull requests of #${issue}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
