// docs/troubleshooting.md quotes the messages the action prints. Each fragment below must appear in
// a message the code really produces (made by calling it where it is pure, found in its source
// otherwise) and in the page: a reworded message fails here until the page follows.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RequestError } from '@octokit/request-error';
import { describe, expect, it } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import { decodeSeats, readSeatsFile } from '../../src/config/read.ts';
import { describeApiError, unexpectedBody } from '../../src/github/errors.ts';
import { readInputs } from '../../src/inputs.ts';
import { resolveMode, type RunnerContext } from '../../src/runner.ts';
import { ROOT } from '../support/action.ts';

const page = () => readFile(join(ROOT, 'docs/troubleshooting.md'), 'utf8');

/** The page's text with markdown's table padding and line breaks folded to single spaces. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

// ---- Messages made by calling the code ----------------------------------------------------------

function inputError(inputs: Record<string, string>): string {
  try {
    readInputs((name) => inputs[name] ?? '');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('readInputs accepted ' + JSON.stringify(inputs));
}

function refusal(mode: 'apply', ctx: Partial<RunnerContext>): string {
  const resolved = resolveMode(mode, { eventName: 'push', ref: '', sha: '', defaultBranch: 'main', ...ctx });
  if (!('refuse' in resolved)) throw new Error('not refused');
  return resolved.refuse;
}

function apiError(
  status: number,
  headers: Record<string, string> = {},
  data: unknown = { message: 'm' },
): string {
  const request = {
    method: 'GET' as const,
    url: 'https://api.github.com/orgs/acme/copilot/billing',
    headers: {},
  };
  const response = { status, url: request.url, headers, data };
  return describeApiError(
    'Reading the Copilot billing of acme',
    new RequestError('m', status, { request, response }),
  ).message;
}

/** The messages of parsing one seats.yaml, joined. */
function configErrors(text: string): string {
  const { errors } = parseSeats(text, 'seats.yaml');
  expect(errors.length, text).toBeGreaterThan(0);
  return errors.map((e) => e.message).join('\n');
}

const doc = (body: string) => `version: 1\norg: acme\n${body}`;

const made: [string, () => string | Promise<string>][] = [
  [
    "input 'token' is required: a classic PAT with manage_billing:copilot and read:org, or a GitHub App token",
    () => inputError({}),
  ],
  ["input 'mode' must be one of auto, plan, apply, drift", () => inputError({ token: 't', mode: 'aply' })],
  ["must be true or false, not '", () => inputError({ token: 't', 'dry-run': 'yes' })],
  [
    'apply never runs on a pull_request event; use mode plan',
    () => refusal('apply', { eventName: 'pull_request', ref: 'refs/pull/1/merge' }),
  ],
  ['apply only runs on the default branch (', () => refusal('apply', { ref: 'refs/heads/x' })],
  // seats.yaml
  ["the file is empty: it needs at least 'version: 1' and 'org'", () => configErrors('')],
  ['YAML syntax error: ', () => configErrors(doc('users: [a'))],
  ['YAML does not allow tabs for indentation: indent with spaces', () => configErrors(doc('users:\n\t- a'))],
  ['the file holds more than one YAML document', () => configErrors(doc('---\nversion: 1'))],
  ["unknown YAML tag '", () => configErrors(doc('users: [!foo a]'))],
  ["': seats.yaml uses no tags", () => configErrors(doc('users: [!foo a]'))],
  ["duplicate key '", () => configErrors(doc('org: b'))],
  ['): write it once', () => configErrors(doc('org: b'))],
  ["alias '*", () => configErrors(doc('users: [*x]'))],
  ["' refers to no anchor", () => configErrors(doc('users: [*x]'))],
  ['the top level must be a mapping (version: 1, org: …, users: …)', () => configErrors('- a')],
  ["missing 'version: 1' at the top level", () => configErrors('org: acme')],
  ['version must be the number 1, without quotes', () => configErrors("version: '1'\norg: acme")],
  ["missing 'org' at the top level", () => configErrors('version: 1')],
  ["unknown key '", () => configErrors(doc('user: [a]'))],
  ['did you mean ', () => configErrors(doc('user: [a]'))],
  ['empty list entry: write ', () => configErrors(doc('users:\n  -\n'))],
  ["'users' has no entries: write 'users: []' or remove the key", () => configErrors(doc('users:'))],
  ['is not a valid GitHub login: ', () => configErrors(doc("users: ['@octocat']"))],
  ['is not a valid team slug: ', () => configErrors(doc('teams: [Data Science]'))],
  ['is not a valid organization login: ', () => configErrors('version: 1\norg: acme-')],
  ['is meant as text, quote it: ', () => configErrors(doc('users: [123]'))],
  [
    'expires must be a date written YYYY-MM-DD (e.g. 2027-01-31), got ',
    () => configErrors(doc('users: [{ login: a, expires: soon }]')),
  ],
  ['is not a real date', () => configErrors(doc('users: [{ login: a, expires: 2027-02-30 }]'))],
  ["an exemption is a mapping: write '- login: ", () => configErrors(doc('exempt: [ceo]'))],
  [
    "an exemption names either 'login' or 'team', not both",
    () => configErrors(doc('exempt: [{ login: a, team: b }]')),
  ],
  [
    "an exemption needs 'login' (a user) or 'team' (a team)",
    () => configErrors(doc('exempt: [{ reason: r }]')),
  ],
  ["duplicate user '", () => configErrors(doc('users: [a, A]'))],
  ["' is both in users (line ", () => configErrors(doc('users: [a]\nexempt: [{ login: a }]'))],
  ["'policy' must be ", () => configErrors(doc('policy: 5'))],
  ["'max_removals' must be ", () => configErrors(doc('policy: { max_removals: lots }'))],
  [
    'the file is not valid UTF-8 (bad byte at line ',
    () => {
      const text = decodeSeats(new Uint8Array([0x61, 0x0a, 0xff]), 'seats.yaml');
      return typeof text === 'string' ? text : text.message;
    },
  ],
  [
    'file not found: ',
    async () =>
      (await readSeatsFile(join(tmpdir(), 'no-such-dir-copilot-seats', 'seats.yaml'))).errors[0]?.message ??
      '',
  ],
  [
    'is a directory, not a seats.yaml file',
    async () => (await readSeatsFile(await mkdtemp(join(tmpdir(), 'seats-')))).errors[0]?.message ?? '',
  ],
  ['the file is too large (', () => 'the file is too large (6000000 bytes; at most 5242880 bytes, 5 MB)'],
  // GitHub API errors
  ['The token is missing, expired or revoked: check the secret given as `token`.', () => apiError(401)],
  [
    'The organization uses SAML single sign-on: authorize the token for it',
    () => apiError(403, { 'x-github-sso': 'required; url=https://github.com/orgs/acme/sso' }),
  ],
  [
    'The token lacks the scope ',
    () => apiError(403, { 'x-accepted-oauth-scopes': 'manage_billing:copilot', 'x-oauth-scopes': 'repo' }),
  ],
  [
    'so the account behind it lacks the role: Copilot seats are managed by organization owners.',
    () =>
      apiError(403, {
        'x-accepted-oauth-scopes': 'manage_billing:copilot',
        'x-oauth-scopes': 'manage_billing:copilot',
      }),
  ],
  [
    'The token needs manage_billing:copilot and read:org (classic PAT), or Copilot Business write and Members read (GitHub App).',
    () => apiError(403),
  ],
  [
    'Check the organization name, and that the token can see it (GitHub answers 404 when it cannot).',
    () => apiError(404),
  ],
  [
    "The token's API rate limit is used up; it resets at ",
    () => apiError(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1900000000' }),
  ],
  [
    'GitHub rate-limited these requests (a secondary limit) and retries did not get through',
    () => apiError(429),
  ],
  [
    '(Retry-After) — more than the 60 s this run waits: try again after ',
    () => apiError(429, { 'retry-after': '600' }),
  ],
  ['GitHub (or a proxy in front of it) failed, also on retries; run again later.', () => apiError(502)],
  [
    "(an HTML page, not GitHub's JSON: a proxy or gateway answered)",
    () => apiError(502, {}, '<html><title>502 Bad Gateway</title></html>'),
  ],
  [
    'failed: the answer is not the JSON GitHub sends (truncated, or another body',
    () => unexpectedBody('Reading x', '<h').message,
  ],
  ['Reading the Copilot billing of ', () => apiError(404)],
];

// ---- Messages found in the source ---------------------------------------------------------------

const found: [string, string][] = [
  ['src/main.ts', 'outside the workspace ('],
  ['src/main.ts', 'is not valid ('],
  ['src/main.ts', 'copilot-seats: the plan has '],
  ['src/main.ts', 'copilot-seats: apply refused, nothing was changed: '],
  ['src/main.ts', 'copilot-seats: apply incomplete: '],
  ['src/main.ts', 'write(s) failed'],
  ['src/main.ts', 'seat(s) differ from the plan'],
  ['src/main.ts', 'change(s) not written'],
  ['src/main.ts', 'entry(ies) skipped'],
  ['src/main.ts', 'a newer commit on '],
  ['src/main.ts', 'moved on to '],
  ['src/main.ts', 'cannot be confirmed as its newest commit'],
  ['src/main.ts', 'did not come from a merged pull request (a direct push?)'],
  ['src/main.ts', 'has no pull request to bind to'],
  ['src/main.ts', 'No reviewed plan to bind to: '],
  ['src/main.ts', 'allow-mass-removal / allow-mass-addition are ignored after a merge'],
  ['src/main.ts', 'The writes were made, but verification failed: '],
  ['src/action/shell.ts', 'Could not comment on #'],
  ['src/main.ts', 'Could not update the drift issue: '],
  ['src/main.ts', 'Could not read the base version of '],
  ['src/main.ts', 'does not load: what leaves management is not shown'],
  ['src/action/shell.ts', 'more annotation(s) left out (at most '],
  ['src/main.ts', 'copilot-seats: the live org has drifted from seats.yaml'],
  ['src/main.ts', '. Nothing was changed.'],
  ['src/github/reviewed.ts', 'has no plan comment by '],
  ['src/github/reviewed.ts', '(deleted, never posted, or the comment step was off)'],
  ['src/github/reviewed.ts', 'carries no readable plan fingerprint (written by an older version, or edited)'],
  ['src/modes/apply.ts', ', and require-reviewed-plan is set'],
  ['src/modes/guards.ts', '(policy.max_removals): '],
  ['src/modes/guards.ts', '(policy.max_additions): '],
  ['src/modes/guards.ts', 'seats, more than the limit of '],
  ['src/apply/gate.ts', 'write requests, more than GitHub'],
  ['src/apply/gate.ts', "the organization's Copilot seat management is '"],
  ['src/apply/gate.ts', '; not seated in this run'],
  ['src/apply/gate.ts', 'does not exist, so the seats it would keep are unknown; fix seats.yaml'],
  ['src/apply/gate.ts', '(policy.max_removals); review it and '],
  ['src/apply/binding.ts', 'not in the reviewed plan of '],
  ['src/apply/binding.ts', '; review it in a new PR'],
  ['src/apply/binding.ts', 'was too large to compare entry by entry and differs from this one'],
  ['src/apply/binding.ts', 'is no longer needed: the org already matches'],
  ['src/apply/binding.ts', 'written (policy.unreviewed_adds: allow)'],
  ['src/apply/binding.ts', 'took this seat with a team cancellation; it was also held directly'],
  ['src/apply/reduce.ts', 'cancellation not written: the seat was to continue through team '],
  ['src/apply/reduce.ts', 'whose direct add did not go through'],
  ['src/apply/applier.ts', 'not sent: the apply stopped at the first failure that is not about one name'],
  ['src/apply/verify.ts', 'was added but has '],
  ['src/apply/verify.ts', 'was cancelled but the seat is still active'],
  ['src/apply/verify.ts', 'seat(s) through it are still active'],
  ['src/plan/users.ts', 'is not a member of '],
  ['src/plan/users.ts', ': cannot get a seat'],
  ['src/plan/users.ts', 'GitHub refuses seats for invitees; plan again once accepted'],
  ['src/plan/users.ts', 'was not checked before adding it'],
  ['src/plan/teams.ts', 'does not exist in '],
  ['src/plan/teams.ts', 'were not read: seats gained unknown'],
  ['src/plan/planner.ts', ', but the live state is of '],
  ['src/plan/planner.ts', "only 'assign_selected' allows adding or cancelling seats"],
  ['src/plan/removals.ts', 'which seats.yaml keeps: it cannot be cancelled alone'],
  ['src/plan/removals.ts', 'which this plan adds'],
  ['src/plan/report.ts', ': the seat is cancelled from then'],
  ['src/modes/plan.ts', 'refused: '],
  ['src/plan/lookups.ts', 'membership check(s) and '],
  ['src/github/live.ts', 'kept changing while it was read ('],
  ['src/github/live.ts', 'Nothing was changed; run again when it is quiet.'],
  ['src/github/live.ts', "the seat list's paging "],
  ['src/github/live.ts', 'says total_seats is '],
  ['src/github/paging.ts', 'Nothing was taken from the list; run again, and if it persists check any proxy'],
  ['src/github/paging.ts', 'the paging loops: '],
  ['src/github/paging.ts', 'links to a next page on another host ('],
  ['src/github/paging.ts', 'pages without an end; stopped reading'],
  ['src/github/client.ts', ' rate limit on '],
  ['src/github/client.ts', ': not retried'],
  ['src/github/client.ts', 'retries: not retried again'],
  ['src/github/pulls.ts', 'Finding the pull request of '],
  ['src/github/pulls.ts', 'Reading the label history of #'],
  ['src/github/reviewed.ts', 'Reading the plan comment of #'],
  ['src/github/comments.ts', 'Commenting on #'],
  ['src/github/comments.ts', 'Updating the drift issue'],
  ['src/github/org-api.ts', 'Checking that '],
  ['src/github/enterprise-api.ts', 'but not change them: it needs the scope '],
  [
    'src/github/errors.ts',
    'take only a classic personal access token of an enterprise owner, with manage_billing:copilot',
  ],
  ['src/github/errors.ts', 'Check the enterprise slug, and that the token'],
  ['src/github/errors.ts', 'Copilot is not enabled for the enterprise'],
  ['src/github/errors.ts', 'billing is not set up'],
  ['src/github/errors.ts', 'has no "Suggestions matching public code" policy'],
  ['src/github/errors.ts', 'Copilot access is "all"'],
  ['src/github/errors.ts', 'Copilot access is not configured'],
  ['src/plan/users.ts', 'membership cannot be checked before the apply (GitHub has no API for it)'],
  ['src/plan/planner.ts', 'cannot be read before the writes'],
  ['src/apply/verify.ts', 'for later (202) and had not processed it yet'],
  ['src/github/org-api.ts', 'Reading team '],
];

describe('docs/troubleshooting.md', () => {
  it.each(made)('quotes %j as the code makes it', async (fragment, make) => {
    expect(flat(await make())).toContain(fragment);
    expect(flat(await page())).toContain(fragment);
  });

  it.each(found)('%s: quotes %j', async (file, fragment) => {
    // The source may break a message over lines with `+`: compare without the breaks.
    const source = (await readFile(join(ROOT, file), 'utf8')).replace(/['`]\s*\+\s*\n\s*['`]/g, '');
    expect(source).toContain(fragment);
    expect(flat(await page())).toContain(fragment);
  });

  it("explains every failure of the action: each setFailed message's fixed start is on the page", async () => {
    // A new `out.setFailed('copilot-seats: …')` in the action's modes needs its section here.
    const files = ['src/main.ts', 'src/action/shell.ts', 'src/action/reclaim.ts', 'src/action/request.ts'];
    const main = (await Promise.all(files.map((f) => readFile(join(ROOT, f), 'utf8')))).join('\n');
    const starts = [...main.matchAll(/out\.setFailed\(\s*['`]copilot-seats: ([^$'`]*)/g)].map(
      (m) => m[1] ?? '',
    );
    expect(starts.length).toBeGreaterThanOrEqual(9);
    const text = flat(await page());
    for (const start of starts.filter((s) => s.trim() !== ''))
      expect(text).toContain(`copilot-seats: ${start}`);
  });

  it('is linked from the README', async () => {
    expect(await readFile(join(ROOT, 'README.md'), 'utf8')).toContain('(docs/troubleshooting.md)');
  });
});
