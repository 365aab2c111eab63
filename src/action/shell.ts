// The action's shell around @actions/core: every text it writes is bounded, stripped of tokens and
// shows control characters (out, log, the summary, comments); what a run knows (Run); and the
// seats file as the run reads it. The modes (main.ts, reclaim.ts, request.ts) write through it.
import * as core from '@actions/core';
import { relative, resolve, sep } from 'node:path';
import { parseSeats } from '../config/parse.ts';
import { readFileAt } from '../github/contents.ts';
import { cutText, type Redact } from '../redact.ts';
import { showControls } from '../render/escape.ts';
import { type GitHubClient, type Logger } from '../github/client.ts';
import { upsertComment, whoAmI, type Repo } from '../github/comments.ts';
import { branchHead } from '../github/branches.ts';
import { type ActionInputs } from '../inputs.ts';
import { overrideScope } from '../plan/scope.ts';
import type { DesiredState } from '../plan/types.ts';
import { type RunnerContext } from '../runner.ts';

// Every text the action writes goes through scrub(): see src/redact.ts. Set once the inputs are read.
let scrub: Redact = (text) => text;

/** The redactor of this run's tokens: every text below goes through it. */
export function useRedactor(redact: Redact): void {
  scrub = redact;
}

export function scrubbed(text: string): string {
  return scrub(text);
}

/** A log line or annotation quotes the file and the API: bounded, tokens out, controls shown. */
const MAX_MESSAGE = 8_000;
export const shown = (m: string) => showControls(cutText(m, MAX_MESSAGE, scrub));

/** Thousands of problems in a file would fill the log (and the checks page) with duplicates. */
const MAX_ANNOTATIONS = 50;
const annotations = { made: 0, leftOut: 0 };

export function roomToAnnotate(): boolean {
  if (annotations.made < MAX_ANNOTATIONS) annotations.made++;
  else annotations.leftOut++;
  return annotations.leftOut === 0;
}

type Props = core.AnnotationProperties;
export const out = {
  setFailed: (m: string) => core.setFailed(shown(m)),
  error: (m: string, p?: Props) => void (roomToAnnotate() && core.error(shown(m), p)),
  warning: (m: string, p?: Props) => void (roomToAnnotate() && core.warning(shown(m), p)),
  info: (m: string) => core.info(shown(m)),
  setOutput: (name: string, value: string) => core.setOutput(name, scrub(value)),
};

/** The one line that says how many annotations the cap left out. */
export function reportLeftOut(): void {
  if (annotations.leftOut === 0) return;
  core.warning(
    `copilot-seats: ${annotations.leftOut} more annotation(s) left out (at most ${MAX_ANNOTATIONS} per run)`,
  );
}

export const log: Logger = { debug: (m) => core.debug(scrub(m)), warn: (m) => out.warning(m) };

export interface Run {
  inputs: ActionInputs;
  ctx: RunnerContext;
  desired: DesiredState;
  seats: GitHubClient;
  repoClient: GitHubClient;
  now: Date;
}

/** A seats file read from git with the run's `org` / `enterprise` input applied (null if it does not apply). */
export function withInputScope(desired: DesiredState, inputs: ActionInputs): DesiredState | null {
  const scope = overrideScope(desired.scope, inputs);
  return typeof scope === 'string' ? null : { ...desired, scope };
}

export async function writeSummary(markdown: string): Promise<void> {
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(scrub(markdown), true).write();
}

/** Comments are a courtesy: a token that may not comment (fork PRs) must not fail the step. */
export async function tryComment(r: Run, issueNumber: number, marker: string, body: string): Promise<void> {
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

/** The seats file's path in the repository (the workspace is the repository's checkout). */
export function repoPath(config: string): string | null {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const path = relative(workspace, resolve(workspace, config)).split(sep).join('/');
  return path.startsWith('..') ? null : path;
}

/**
 * The seats file as it is at the head of the default branch, read through the API (a proposal
 * edits what is there now, not the run's checkout); the step fails when it cannot be read.
 */
export async function seatsFileAtHead(
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
