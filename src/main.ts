// run(): read the inputs, pick the mode, set outputs or the failure; the plan, apply, expire and
// drift modes. With src/action/shell.ts (which wraps @actions/core for every mode) the only place
// that uses the process's state; reclaim and request live beside it in src/action/.
import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseSeats } from './config/parse.ts';
import { readFileAt } from './github/contents.ts';
import { managementSummary } from './plan/management.ts';
import type { Block } from './render/fit.ts';
import { renderManagementMarkdown } from './render/management.ts';
import { annotationOf, formatConfigError } from './config/format.ts';
import { readSeatsFile, resolveWithin } from './config/read.ts';
import { createRedactor } from './redact.ts';
import { addSecrets } from './secrets.ts';
import { createClient } from './github/client.ts';
import { findDriftIssue, syncDriftIssue, whoAmI, type OwnIssue, type Repo } from './github/comments.ts';
import { branchHead } from './github/branches.ts';
import { labelsAtMerge, mergedPullRequest } from './github/pulls.ts';
import { readReviewedPlan } from './github/reviewed.ts';
import { readInputs, type ActionInputs } from './inputs.ts';
import { overrideScope, scopeLabel } from './plan/scope.ts';
import { reducePlan } from './apply/reduce.ts';
import { runApply, type ApplyOptions } from './modes/apply.ts';
import { OVERRIDE_LABELS, overridesFromLabels, reviewTimeFailure } from './modes/guards.ts';
import { computePlan } from './modes/plan.ts';
import { hasChanges, isDrift } from './plan/summary.ts';
import type { ApplyReport, DesiredState, Finding, LiveSeat, Plan } from './plan/types.ts';
import { applyReportToJson, planToJson } from './render/json.ts';
import {
  markerFor,
  renderApplyMarkdown,
  renderDriftMarkdown,
  renderPlanMarkdown,
} from './render/markdown.ts';
import { appendPoint, historyPoint, parseHistory, type HistoryPoint } from './render/history.ts';
import { renderPlanText } from './render/text.ts';
import { readRunnerContext, resolveMode } from './runner.ts';
import { reclaimMode } from './action/reclaim.ts';
import { requestMode } from './action/request.ts';
import {
  log,
  out,
  repoPath,
  reportLeftOut,
  scrubbed,
  tryComment,
  useRedactor,
  withInputScope,
  writeSummary,
  type Run,
} from './action/shell.ts';

export async function run(): Promise<void> {
  try {
    const inputs = readInputs((name) => core.getInput(name), process.env.GITHUB_API_URL);
    core.setSecret(inputs.token);
    core.setSecret(inputs.githubToken);
    addSecrets(inputs.token, inputs.githubToken);
    useRedactor(createRedactor([inputs.token, inputs.githubToken]));
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
      body: scrubbed(body),
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
