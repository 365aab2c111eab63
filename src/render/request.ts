// The seat request's pull request (title, body) and the comments on the issue that asked for it:
// the link to the pull request, or the refusal and why. Pure.
import type { NewUser } from '../config/edit.ts';
import { mdCode, mdText, mdUrl } from './escape.ts';

/** The branch of a request for `login`: one per login, so a repeated request updates its PR. */
export function requestBranch(login: string): string {
  return `copilot-seats/request-${login.toLowerCase()}`;
}

/** The sticky comment on the request issue, found again by this marker. */
export function requestMarker(org: string): string {
  const safe = org.replace(/[^A-Za-z0-9_.-]/g, '').replace(/-{2,}/g, '-');
  return `<!-- copilot-seats:request org=${safe} -->`;
}

export function requestTitle(entry: NewUser, org: string): string {
  return `Copilot seat for ${entry.login} in ${org}`;
}

export interface RequestBodyOptions {
  org: string;
  /** The seats file's path in the repository. */
  file: string;
  issue: number;
  requester: string;
  runUrl?: string;
}

function entryLines(entry: NewUser): string[] {
  return [
    `- login: ${mdCode(entry.login)}`,
    ...(entry.reason !== undefined ? [`- reason: ${mdText(entry.reason)}`] : []),
    `- ends: ${entry.expires === undefined ? 'no end date' : mdCode(entry.expires)}`,
  ];
}

function footer(runUrl: string | undefined): string[] {
  const url = runUrl === undefined ? null : mdUrl(runUrl);
  return url ? ['', `<sub>[copilot-seats run](${url})</sub>`] : [];
}

export function renderRequestBody(entry: NewUser, opts: RequestBodyOptions): string {
  return [
    requestMarker(opts.org),
    `### Copilot seat for ${mdCode(entry.login)} in ${mdCode(opts.org)}`,
    '',
    `Asked for in #${opts.issue} by ${mdCode(opts.requester)}. This pull request adds one entry to ${mdCode(opts.file)}:`,
    '',
    ...entryLines(entry),
    '',
    'The seat is granted when this pull request is merged and the apply after the merge runs; the plan comment shows the seat it adds. ' +
      'To refuse it, close this pull request.',
    '',
    `Closes #${opts.issue}`,
    ...footer(opts.runUrl),
  ].join('\n');
}

export function renderRequestAccepted(
  entry: NewUser,
  pr: { number: number; url: string; action: 'opened' | 'updated' },
  org: string,
  runUrl?: string,
): string {
  const url = mdUrl(pr.url);
  const link = url ? `[#${pr.number}](${url})` : `#${pr.number}`;
  return [
    requestMarker(org),
    `Pull request ${link} ${pr.action === 'opened' ? 'adds' : 'now adds'} ${mdCode(entry.login)} to seats.yaml. ` +
      'The seat is granted once a reviewer merges it; this issue is closed then.',
    '',
    ...entryLines(entry),
    ...footer(runUrl),
  ].join('\n');
}

export function renderRequestRefused(why: readonly string[], org: string, runUrl?: string): string {
  return [
    requestMarker(org),
    `**This seat request was not proposed**, for ${why.length === 1 ? 'this reason' : 'these reasons'}:`,
    '',
    ...why.map((w) => `- ${mdText(w)}`),
    '',
    'Edit the issue to fix it: the request is checked again.',
    ...footer(runUrl),
  ].join('\n');
}
