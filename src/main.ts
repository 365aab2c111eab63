// run(): read the inputs, pick the mode, set outputs or the failure. The only file that uses
// @actions/core's process state; everything it calls is plain functions of their arguments.
import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { parseSeats } from './config/parse.ts';
import { readFileAt } from './github/contents.ts';
import { managementSummary } from './plan/management.ts';
import type { Block } from './render/fit.ts';
import { renderManagementMarkdown } from './render/management.ts';
import { annotationOf, formatConfigError } from './config/format.ts';
import { readSeatsFile, resolveWithin } from './config/read.ts';
import { createRedactor, cutText, type Redact } from './redact.ts';
import { showControls } from './render/escape.ts';
import { addSecrets } from './secrets.ts';
import { createClient, type GitHubClient, type Logger } from './github/client.ts';
import {
  findDriftIssue,
  syncDriftIssue,
  upsertComment,
  whoAmI,
  type OwnIssue,
  type Repo,
} from './github/comments.ts';
import { branchHead } from './github/branches.ts';
import { labelsAtMerge, mergedPullRequest } from './github/pulls.ts';
import { readReviewedPlan } from './github/reviewed.ts';
import { readInputs, type ActionInputs } from './inputs.ts';
import { overrideScope, scopeLabel } from './plan/scope.ts';
import { scopeApi } from './github/scope-api.ts';
import { reducePlan } from './apply/reduce.ts';
import { runApply, type ApplyOptions } from './modes/apply.ts';
import { OVERRIDE_LABELS, overridesFromLabels, reviewTimeFailure } from './modes/guards.ts';
import { computePlan } from './modes/plan.ts';
import { hasChanges, isDrift } from './plan/summary.ts';
import type { ApplyReport, DesiredState, Finding, LiveSeat, Plan, Scope } from './plan/types.ts';
import { applyReportToJson, planToJson } from './render/json.ts';
import {
  markerFor,
  renderApplyMarkdown,
  renderDriftMarkdown,
  renderPlanMarkdown,
} from './render/markdown.ts';
import { appendPoint, historyPoint, parseHistory, type HistoryPoint } from './render/history.ts';
import { renderPlanText } from './render/text.ts';
import { readRunnerContext, resolveMode, type RunnerContext } from './runner.ts';
import { addUser, removeUsers } from './config/edit.ts';
import { closeReclaimPulls, REQUEST_COMMIT_PREFIX, syncReclaimPull } from './github/reclaim-pr.ts';
import { buildContext } from './plan/context.ts';
import { reclaimCandidates } from './plan/reclaim.ts';
import { RECLAIM_BRANCH, reclaimTitle, renderReclaimBody } from './render/reclaim.ts';
import { idleBars, sourcePie } from './render/charts.ts';
import { loginProblem } from './config/names.ts';
import { readLookups, readSeat } from './github/live.ts';
import { closeRequestPulls } from './github/request-pr.ts';
import { checkSeatRequest, type RequestFacts } from './plan/request.ts';
import { parseRequestForm, REQUEST_LABEL } from './plan/request-form.ts';
import {
  renderRequestAccepted,
  renderRequestBody,
  renderRequestRefused,
  requestBranch,
  requestMarker,
  requestTitle,
} from './render/request.ts';

// Every text the action writes goes through scrub(): see src/redact.ts. Set once the inputs are read.
let scrub: Redact = (text) => text;

/** A log line or annotation quotes the file and the API: bounded, tokens out, controls shown. */
const MAX_MESSAGE = 8_000;
const shown = (m: string) => showControls(cutText(m, MAX_MESSAGE, scrub));

/** Thousands of problems in a file would fill the log (and the checks page) with duplicates. */
const MAX_ANNOTATIONS = 50;
const annotations = { made: 0, leftOut: 0 };

function roomToAnnotate(): boolean {
  if (annotations.made < MAX_ANNOTATIONS) annotations.made++;
  else annotations.leftOut++;
  return annotations.leftOut === 0;
}

type Props = core.AnnotationProperties;
const out = {
  setFailed: (m: string) => core.setFailed(shown(m)),
  error: (m: string, p?: Props) => void (roomToAnnotate() && core.error(shown(m), p)),
  warning: (m: string, p?: Props) => void (roomToAnnotate() && core.warning(shown(m), p)),
  info: (m: string) => core.info(shown(m)),
  setOutput: (name: string, value: string) => core.setOutput(name, scrub(value)),
};

/** The one line that says how many annotations the cap left out. */
function reportLeftOut(): void {
  if (annotations.leftOut === 0) return;
  core.warning(
    `copilot-seats: ${annotations.leftOut} more annotation(s) left out (at most ${MAX_ANNOTATIONS} per run)`,
  );
}

const log: Logger = { debug: (m) => core.debug(scrub(m)), warn: (m) => out.warning(m) };

interface Run {
  inputs: ActionInputs;
  ctx: RunnerContext;
  desired: DesiredState;
  seats: GitHubClient;
  repoClient: GitHubClient;
  now: Date;
}

export async function run(): Promise<void> {
  try {
    const inputs = readInputs((name) => core.getInput(name), process.env.GITHUB_API_URL);
    core.setSecret(inputs.token);
    core.setSecret(inputs.githubToken);
    addSecrets(inputs.token, inputs.githubToken);
    scrub = createRedactor([inputs.token, inputs.githubToken]);
    const ctx = readRunnerContext(process.env, await readEventPayload());
    const resolved = resolveMode(inputs.mode, ctx, inputs.scheduleMode);
    if ('refuse' in resolved) {
      out.setFailed(`copilot-seats: ${resolved.refuse}. Nothing was changed.`);
      return;
    }
    out.info(`copilot-seats: ${resolved.mode} mode (${resolved.why})`);
    const desired = await loadConfig(inputs);
    if (!desired) return;
    const clientOptions = { baseUrl: inputs.apiUrl, log };
    const r: Run = {
      inputs,
      ctx,
      desired,
      seats: createClient({ ...clientOptions, token: inputs.token }),
      repoClient: createClient({ ...clientOptions, token: inputs.githubToken }),
      now: new Date(),
    };
    if (resolved.mode === 'plan') await planMode(r);
    else if (resolved.mode === 'apply') await applyMode(r);
    else if (resolved.mode === 'expire') await expireMode(r);
    else if (resolved.mode === 'reclaim') await reclaimMode(r);
    else if (resolved.mode === 'request') await requestMode(r);
    else await driftMode(r);
  } catch (error) {
    out.setFailed(`copilot-seats: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    reportLeftOut();
  }
}

async function readEventPayload(): Promise<unknown> {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path) return {};
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return {};
  }
}

/** Problems listed in the failure message; the annotations show more of them. */
const LISTED_PROBLEMS = 10;

/**
 * Config errors become annotations on the file's lines and a failed step; nothing else happens.
 * Only a file of the workspace is read: `config` (or a symlink it names) may point anywhere.
 */
async function loadConfig(inputs: ActionInputs): Promise<DesiredState | null> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const where = await resolveWithin(inputs.config, workspace);
  if ('outside' in where) {
    out.setFailed(
      `copilot-seats: config ${inputs.config} resolves to ${where.outside}, outside the workspace (${workspace}): it was not read, and nothing was changed. Keep the seats file in the repository.`,
    );
    return null;
  }
  const { desired, errors } = await readSeatsFile(where.real, inputs.config);
  for (const e of errors) {
    const { message, properties } = annotationOf(e);
    out.error(message, properties);
  }
  if (!desired) {
    const list = errors.slice(0, LISTED_PROBLEMS).map(formatConfigError);
    if (errors.length > LISTED_PROBLEMS) list.push(`… and ${errors.length - LISTED_PROBLEMS} more`);
    out.setFailed(
      `copilot-seats: ${inputs.config} is not valid (${errors.length} problem(s)):\n${list.join('\n')}`,
    );
    return null;
  }
  const scope = overrideScope(desired.scope, inputs);
  if (typeof scope === 'string') {
    out.setFailed(`copilot-seats: ${inputs.config}: ${scope}`);
    return null;
  }
  return { ...desired, scope };
}

/** A seats file read from git with the run's `org` / `enterprise` input applied (null if it does not apply). */
function withInputScope(desired: DesiredState, inputs: ActionInputs): DesiredState | null {
  const scope = overrideScope(desired.scope, inputs);
  return typeof scope === 'string' ? null : { ...desired, scope };
}

/** Findings that come from a line of the file become annotations there. */
function annotate(plan: Plan, file: string): void {
  const at = (f: Finding) => (f.pos ? { file, startLine: f.pos.line, startColumn: f.pos.column } : {});
  for (const f of plan.errors) out.error(f.message, { title: 'copilot-seats', ...at(f) });
  for (const f of [...plan.conflicts, ...plan.warnings])
    out.warning(f.message, { title: 'copilot-seats', ...at(f) });
}

function setPlanOutputs(plan: Plan): void {
  out.setOutput('plan', JSON.stringify(planToJson(plan)));
  out.setOutput('has-changes', String(hasChanges(plan)));
  out.setOutput('adds', String(plan.cost.seatsGained));
  out.setOutput('removals', String(plan.safety.removals));
}

async function writeSummary(markdown: string): Promise<void> {
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(scrub(markdown), true).write();
}

/** Comments are a courtesy: a token that may not comment (fork PRs) must not fail the step. */
async function tryComment(r: Run, issueNumber: number, marker: string, body: string): Promise<void> {
  if (!r.inputs.comment || !r.ctx.repo) return;
  try {
    const self = await whoAmI(r.repoClient);
    await upsertComment(r.repoClient, r.ctx.repo, issueNumber, marker, scrub(body), self);
  } catch (error) {
    out.warning(
      `Could not comment on #${issueNumber}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * What leaves management in this PR (new exemptions, policy changes), from the base version of the
 * seats file read through the API: the runner's checkout holds only the merge commit. Best effort:
 * a base that cannot be read is a warning, never a failed check.
 */
async function managementBlock(r: Run, seats: LiveSeat[]): Promise<Block | null> {
  if (!r.ctx.repo || !r.ctx.baseSha) return null;
  const path = repoPath(r.inputs.config);
  if (path === null) return null;
  try {
    const text = await readFileAt(r.repoClient, r.ctx.repo, r.ctx.baseSha, path);
    const parsed = text === null ? null : parseSeats(text, path).desired;
    if (text !== null && !parsed) {
      out.warning(`The base version of ${path} does not load: what leaves management is not shown`);
      return null;
    }
    const base = parsed && withInputScope(parsed, r.inputs);
    return renderManagementMarkdown(managementSummary(base, r.desired, seats, r.now));
  } catch (error) {
    out.warning(
      `Could not read the base version of ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  }
}

async function planMode(r: Run): Promise<void> {
  const { live, plan } = await computePlan(r.seats, r.desired, r.now, { progress: (line) => out.info(line) });
  const management = await managementBlock(r, live.seats);
  setPlanOutputs(plan);
  annotate(plan, r.inputs.config);
  const guard = reviewTimeFailure(plan, overridesFromLabels(r.ctx.prLabels ?? []));
  // The plan in the job log too, as the CLI prints it: each line redacted, controls shown.
  for (const line of renderPlanText(plan, { color: false }).trimEnd().split('\n')) out.info(line);
  const details = {
    detailsUrl: r.ctx.runUrl,
    overrideHint: `To allow it once, add the label ${OVERRIDE_LABELS.removal} (or ${OVERRIDE_LABELS.addition}) to this pull request.`,
    ...(management ? { extraBlocks: [management] } : {}),
  };
  // The job summary holds the whole plan; the PR comment leaves notes, pending and idle seats to it.
  await writeSummary(renderPlanMarkdown(plan, { maxLength: 1_000_000, reports: 'full', ...details }));
  if (r.ctx.prNumber !== undefined) {
    await tryComment(r, r.ctx.prNumber, markerFor('plan', plan.scope), renderPlanMarkdown(plan, details));
  }
  if (plan.errors.length > 0) out.setFailed(`copilot-seats: the plan has ${plan.errors.length} error(s)`);
  else if (guard) out.setFailed(`copilot-seats: ${guard}`);
}

/** The seats file's path in the repository (the workspace is the repository's checkout). */
function repoPath(config: string): string | null {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const path = relative(workspace, resolve(workspace, config)).split(sep).join('/');
  return path.startsWith('..') ? null : path;
}

/**
 * Only the newest seats file on the default branch may be applied: re-running an old push, or two
 * pushes racing without a concurrency group, would undo what the newer file keeps. A newer commit
 * that left the seats file as it is (a README change, filtered out by `paths:`) changes nothing:
 * this run still applies, or nobody would.
 */
async function staleApply(r: Run): Promise<string | undefined> {
  const { eventName, repo, defaultBranch, sha } = r.ctx;
  if (eventName !== 'push' || !repo || !defaultBranch) return undefined;
  const head = await branchHead(r.repoClient, repo, defaultBranch);
  if (head === null) {
    return `branch ${defaultBranch} was not found, so ${sha.slice(0, 7)} cannot be confirmed as its newest commit`;
  }
  if (head.toLowerCase() === sha.toLowerCase()) return undefined;
  const path = repoPath(r.inputs.config);
  const atHead = path === null ? null : await readFileAt(r.repoClient, repo, head, path);
  const here = await readFile(
    resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), r.inputs.config),
    'utf8',
  );
  if (atHead === here) {
    out.info(
      `copilot-seats: ${defaultBranch} moved on to ${head.slice(0, 7)}, with the same ${path}: applying`,
    );
    return undefined;
  }
  return `a newer commit on ${defaultBranch} (${head.slice(0, 7)}, this run is for ${sha.slice(0, 7)}) changed ${path ?? r.inputs.config}; its run applies`;
}

async function applyMode(r: Run): Promise<void> {
  const stale = await staleApply(r);
  if (stale) {
    await writeSummary(
      `### Copilot seats apply for \`${r.desired.scope.name}\`\n\n**Apply refused:** nothing was changed: ${stale}.\n`,
    );
    out.setFailed(`copilot-seats: apply refused, nothing was changed: ${stale}`);
    return;
  }
  const binding = await findBinding(r);
  const outcome = await runApply(r.seats, r.desired, {
    progress: (line) => out.info(line),
    now: r.now,
    dryRun: r.inputs.dryRun,
    ...binding,
    requireReviewed: r.inputs.requireReviewedPlan,
    log,
  });
  const { plan, report } = outcome;
  setPlanOutputs(plan);
  out.setOutput('applied', JSON.stringify(applyReportToJson(report)));
  annotate(plan, r.inputs.config);
  const markdown = renderApplyMarkdown(report, plan, { refused: outcome.refused, detailsUrl: r.ctx.runUrl });
  await writeSummary(markdown);
  if (binding.pr !== undefined) await tryComment(r, binding.pr, markerFor('apply', plan.scope), markdown);
  failOnApplyProblems(outcome.refused, report);
}

type BindingOptions = Pick<
  ApplyOptions,
  'reviewed' | 'unboundReason' | 'allowMassRemoval' | 'allowMassAddition' | 'overrideHint'
> & { pr?: number };

/**
 * After a merge, the apply binds to the plan comment of the merged PR, and the safety overrides
 * are the labels that PR carried when merged (the inputs would hold for every push). On a manual
 * run there is no PR: the inputs override, and there is nothing to bind to.
 */
async function findBinding(r: Run): Promise<BindingOptions> {
  if (r.ctx.eventName !== 'push' || !r.ctx.repo) {
    return {
      reviewed: null,
      unboundReason: `a ${r.ctx.eventName || 'manual'} run has no pull request to bind to`,
      allowMassRemoval: r.inputs.allowMassRemoval,
      allowMassAddition: r.inputs.allowMassAddition,
    };
  }
  if (r.inputs.allowMassRemoval || r.inputs.allowMassAddition) {
    out.warning(
      `allow-mass-removal / allow-mass-addition are ignored after a merge: label the pull request (${OVERRIDE_LABELS.removal}, ${OVERRIDE_LABELS.addition})`,
    );
  }
  const hint = {
    removal: `add the label '${OVERRIDE_LABELS.removal}' to a PR that changes seats.yaml`,
    addition: `add the label '${OVERRIDE_LABELS.addition}' to a PR that changes seats.yaml`,
  };
  const none = { allowMassRemoval: false, allowMassAddition: false, overrideHint: hint };
  const pr = await mergedPullRequest(r.repoClient, r.ctx.repo, r.ctx.sha);
  if (pr === undefined) {
    return {
      ...none,
      reviewed: null,
      unboundReason: `commit ${r.ctx.sha.slice(0, 7)} did not come from a merged pull request (a direct push?)`,
    };
  }
  const labels = await labelsAtMerge(r.repoClient, r.ctx.repo, pr.number, pr.mergedAt);
  const overrides = { ...overridesFromLabels(labels), overrideHint: hint, pr: pr.number };
  const found = await readReviewedPlan(
    r.repoClient,
    r.ctx.repo,
    pr.number,
    r.desired.scope,
    await whoAmI(r.repoClient),
  );
  // No plan a reviewer saw: a label cannot stand for a review of it, so the limits hold.
  if ('reason' in found) return { ...none, pr: pr.number, reviewed: null, unboundReason: found.reason };
  out.info(`copilot-seats: bound to the reviewed plan of ${found.reviewed.source}`);
  return { ...overrides, reviewed: found.reviewed };
}

function failOnApplyProblems(refused: string | undefined, report: ApplyReport): void {
  if (refused) {
    out.setFailed(`copilot-seats: apply refused, nothing was changed: ${refused}`);
    return;
  }
  if (report.binding?.source === null) out.warning(`No reviewed plan to bind to: ${report.binding.reason}`);
  const failed = report.writes.filter((w) => !w.ok);
  for (const w of failed) out.error(w.error ?? `${w.kind} failed: ${w.names.join(', ')}`);
  for (const m of report.mismatches) out.error(m.message);
  for (const h of [...report.held, ...report.skipped]) out.error(`${h.subject ?? ''}: ${h.message}`);
  if (report.verificationError !== undefined) {
    out.error(`The writes were made, but verification failed: ${report.verificationError}`);
  }
  if (!report.ok) {
    const parts = [
      `${failed.length} write(s) failed`,
      `${report.mismatches.length} seat(s) differ from the plan`,
      `${report.held.length} change(s) not written`,
      `${report.skipped.length} entry(ies) skipped`,
      ...(report.verificationError !== undefined ? ['verification failed'] : []),
    ];
    out.setFailed(`copilot-seats: apply incomplete: ${parts.join(', ')}`);
  }
}

/**
 * A scheduled `expire` run: cancels only the seats whose `expires` date (reviewed when merged) has
 * passed, and reports everything else as drift, in the drift issue as a drift run does.
 */
async function expireMode(r: Run): Promise<void> {
  const outcome = await runApply(r.seats, r.desired, {
    progress: (line) => out.info(line),
    now: r.now,
    dryRun: r.inputs.dryRun,
    allowMassRemoval: r.inputs.allowMassRemoval,
    only: 'expired',
    log,
  });
  const { report } = outcome;
  out.setOutput('applied', JSON.stringify(applyReportToJson(report)));
  const written = new Map(
    outcome.written.remove.users.map((u) => [`remove-users:${u.key.toLowerCase()}`, 'remove-users' as const]),
  );
  const rest = outcome.refused ? outcome.plan : reducePlan(outcome.plan, written).plan;
  const drift = isDrift(rest);
  setPlanOutputs(rest);
  out.setOutput('drift', String(drift));
  annotate(outcome.plan, r.inputs.config);
  const applied = renderApplyMarkdown(report, outcome.written, {
    refused: outcome.refused,
    detailsUrl: r.ctx.runUrl,
    title: `Copilot seats expired in ${scopeLabel(r.desired.scope)}`,
  });
  const cancelled = report.dryRun
    ? 0
    : report.writes
        .filter((w) => w.kind === 'remove-users' && w.ok)
        .reduce((n, w) => n + (w.count ?? w.names.length), 0);
  const track = await driftTrack(r, rest, drift, cancelled);
  const body = renderDriftMarkdown(rest, { detailsUrl: r.ctx.runUrl, history: track.history });
  await writeSummary(`${applied}\n\n${body}`);
  if (r.inputs.driftIssue && r.ctx.repo) await reportDriftIssue(r, r.ctx.repo, rest, drift, body, track);
  failOnApplyProblems(outcome.refused, report);
  if (!outcome.refused && report.ok && drift && r.inputs.failOnDrift) {
    out.setFailed('copilot-seats: the live org has drifted from seats.yaml');
  }
}

async function driftMode(r: Run): Promise<void> {
  const { plan } = await computePlan(r.seats, r.desired, r.now, { progress: (line) => out.info(line) });
  const drift = isDrift(plan);
  setPlanOutputs(plan);
  out.setOutput('drift', String(drift));
  annotate(plan, r.inputs.config);
  for (const line of renderPlanText(plan, { color: false }).trimEnd().split('\n')) out.info(line);
  const track = await driftTrack(r, plan, drift);
  const body = renderDriftMarkdown(plan, { detailsUrl: r.ctx.runUrl, history: track.history });
  await writeSummary(body);
  if (r.inputs.driftIssue && r.ctx.repo) await reportDriftIssue(r, r.ctx.repo, plan, drift, body, track);
  if (plan.errors.length > 0) out.setFailed(`copilot-seats: the plan has ${plan.errors.length} error(s)`);
  else if (drift && r.inputs.failOnDrift)
    out.setFailed('copilot-seats: the live org has drifted from seats.yaml');
}

/** The drift issue as this run found it, and the history to draw and keep, today's point included. */
interface DriftTrack {
  history: HistoryPoint[];
  self?: string;
  /** Undefined when it could not be read: syncDriftIssue looks again. */
  found?: OwnIssue | null;
}

/**
 * Reads the history hidden in the drift issue this account wrote (the open one, else, when a new
 * one is about to be opened, the one it closed last: the trend carries over) and adds today's
 * point. `cancelled` seats were just cancelled by this run: they count as pending. A history that
 * cannot be read starts again from today; it never fails the run.
 */
async function driftTrack(r: Run, plan: Plan, drift: boolean, cancelled = 0): Promise<DriftTrack> {
  const today = historyPoint(plan, cancelled);
  if (!r.inputs.driftIssue || !r.ctx.repo) return { history: [today] };
  try {
    const self = await whoAmI(r.repoClient);
    const marker = markerFor('drift', plan.scope);
    const found = await findDriftIssue(r.repoClient, r.ctx.repo, { marker, self, closed: drift });
    return { self, found, history: appendPoint(parseHistory(found?.body), today) };
  } catch (error) {
    out.warning(
      `Could not read the drift issue's history: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { history: [today] };
  }
}

async function reportDriftIssue(
  r: Run,
  repo: Repo,
  plan: Plan,
  drift: boolean,
  body: string,
  track: DriftTrack,
): Promise<void> {
  try {
    const result = await syncDriftIssue(r.repoClient, repo, {
      drift,
      title: `Copilot seats of ${scopeLabel(plan.scope)} have drifted from seats.yaml`,
      body: scrub(body),
      marker: markerFor('drift', plan.scope),
      self: track.self ?? (await whoAmI(r.repoClient)),
      ...(track.found !== undefined ? { found: track.found } : {}),
      resolvedComment: `The live seats of \`${plan.scope.name}\` match seats.yaml again (${plan.now}). Closing.`,
    });
    if (result.action !== 'none') out.info(`drift issue #${result.number} ${result.action}`);
  } catch (error) {
    out.warning(
      `Could not update the drift issue: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * The seats file as it is at the head of the default branch, read through the API (a proposal
 * edits what is there now, not the run's checkout); the step fails when it cannot be read.
 */
async function seatsFileAtHead(
  r: Run,
  repo: Repo,
  base: string,
  path: string,
  mode: string,
): Promise<{ text: string; desired: DesiredState } | null> {
  const head = await branchHead(r.repoClient, repo, base);
  const text = head === null ? null : await readFileAt(r.repoClient, repo, head, path);
  const parsed = text === null ? null : parseSeats(text, path).desired;
  if (text === null || !parsed) {
    out.setFailed(
      `copilot-seats: ${mode} could not read ${path} on ${base}${head ? ` (${head.slice(0, 7)})` : ''}, or it does not load: nothing was proposed`,
    );
    return null;
  }
  const desired = withInputScope(parsed, r.inputs);
  return desired ? { text, desired } : null;
}

/**
 * A `reclaim` run: the users of seats.yaml idle for `policy.inactive_days` are removed from the
 * file as it is on the default branch's head, in one pull request from RECLAIM_BRANCH, opened once
 * and updated by later runs; closed when nobody is idle any more. Seats change only when a human
 * merges it (the apply after the merge). Writes need contents: write and pull-requests: write.
 */
async function reclaimMode(r: Run): Promise<void> {
  const repo = r.ctx.repo;
  const path = repoPath(r.inputs.config);
  const base = r.ctx.defaultBranch ?? (r.ctx.ref.startsWith('refs/heads/') ? r.ctx.ref.slice(11) : '');
  if (!repo || path === null || base === '') {
    out.setFailed(
      'copilot-seats: reclaim needs the repository, its default branch and a seats file inside the workspace: run it in a workflow of the repository that holds seats.yaml',
    );
    return;
  }
  if (r.desired.policy.inactiveDays === undefined) {
    out.setFailed(
      'copilot-seats: reclaim needs policy.inactive_days in seats.yaml (e.g. inactive_days: 60): nothing is idle without it',
    );
    return;
  }
  const head = await seatsFileAtHead(r, repo, base, path, 'reclaim');
  if (!head) return;
  const { text, desired } = head;
  const { live, plan } = await computePlan(r.seats, desired, r.now, { progress: (line) => out.info(line) });
  const proposal = reclaimCandidates(buildContext(desired, live.seats, r.now), desired.policy);
  const edit = removeUsers(text, new Set(proposal.remove.map((c) => c.key)), path);
  for (const k of edit.kept) out.warning(`${k.login} is idle but stays in ${path}: ${k.why}`);
  const removed = new Set(edit.removed.map((l) => l.toLowerCase()));
  const shown = { ...proposal, remove: proposal.remove.filter((c) => removed.has(c.key)) };
  if (shown.remove.length === 0) {
    const note = `Nobody in \`${desired.scope.name}\` is idle for ${proposal.inactiveDays} days any more (${r.now.toISOString()}). Closing.`;
    const closed = r.inputs.dryRun ? [] : await closeReclaimPulls(r.repoClient, repo, RECLAIM_BRANCH, note);
    out.info(
      closed.length > 0
        ? `copilot-seats: nothing is idle; closed the reclaim pull request #${closed.join(', #')}`
        : 'copilot-seats: nothing is idle; no reclaim pull request to open',
    );
    await writeSummary(`### Copilot seats reclaim for \`${desired.scope.name}\`\n\nNothing is idle.\n`);
    return;
  }
  const body = scrub(
    renderReclaimBody(shown, {
      org: desired.scope.name,
      file: path,
      seatPrice: plan.cost.seatPrice,
      now: r.now.toISOString(),
      kept: edit.kept,
      ...(desired.policy.reclaimNotice ? { notice: desired.policy.reclaimNotice } : {}),
      ...(desired.policy.idleSignal ? { idleSignal: desired.policy.idleSignal } : {}),
      ...(r.ctx.runUrl ? { runUrl: r.ctx.runUrl } : {}),
      ...(plan.census
        ? {
            charts: [sourcePie(plan.census, plan.scope.kind), idleBars(plan.census)].filter(
              (c) => c !== null,
            ),
          }
        : {}),
    }),
  );
  await writeSummary(body);
  if (r.inputs.dryRun) {
    out.info(`copilot-seats: dry run: would propose removing ${edit.removed.join(', ')}`);
    return;
  }
  const result = await syncReclaimPull(r.repoClient, repo, {
    branch: RECLAIM_BRANCH,
    base,
    path,
    text: edit.text,
    title: reclaimTitle(shown, desired.scope.name),
    body,
  });
  if (result.action === 'kept') {
    out.warning(`The reclaim pull request was not updated: ${result.reason}`);
    return;
  }
  out.setOutput('reclaim-pr', String(result.number));
  out.info(`copilot-seats: reclaim pull request #${result.number} ${result.action} (${result.url})`);
}

/** The issue events a request is read on; closing, locking, assigning change nothing. */
const REQUEST_ACTIONS = new Set(['opened', 'edited', 'labeled', 'reopened']);

/** The answer on the request issue: one comment, updated when the request is read again. */
async function commentOnRequest(r: Run, issueNumber: number, body: string): Promise<void> {
  if (!r.ctx.repo) return;
  try {
    const self = await whoAmI(r.repoClient);
    await upsertComment(
      r.repoClient,
      r.ctx.repo,
      issueNumber,
      requestMarker(r.desired.scope.name),
      scrub(body),
      self,
    );
  } catch (error) {
    out.warning(
      `Could not comment on #${issueNumber}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** What the API says about the login asked for, and whether the requester may ask for others. */
async function requestFacts(r: Run, scope: Scope, login: string, requester: string, team?: string) {
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
async function requestMode(r: Run): Promise<void> {
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
  const body = scrub(
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
async function closeStaleRequests(r: Run, issue: number, note: string, keep?: string): Promise<void> {
  if (!r.ctx.repo) return;
  try {
    const closed = await closeRequestPulls(r.repoClient, r.ctx.repo, issue, scrub(note), keep);
    if (closed.length > 0)
      out.info(`copilot-seats: closed the earlier request pull request #${closed.join(', #')}`);
  } catch (error) {
    out.warning(
      `Could not close the earlier pull requests of #${issue}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
