// Security of the action as the runner runs it (dist/index.js): the tokens never leave in logs,
// outputs, the summary, comments or the drift issue, in any mode or on an error whose body echoes
// a header; apply refuses off the default branch; a broken API stops the run with an actionable
// message and writes nothing. (The plan-mode token test and the spoofed-comment test are in
// action.test.ts.)
import { describe, expect, it } from 'vitest';
import { upsertComment } from '../../src/github/comments.ts';
import { createComment, registerPull, repoOf } from '../../src/simulator/repos.ts';
import {
  runAction,
  type ActionRun,
  type ActionRunOptions,
  workspaceWith,
  pushEventOf,
} from '../support/action.ts';
import { fastClient } from '../support/client.ts';
import { SEATS_YAML, pushIsNewest, twelveMemberOrg, registerMergedPull } from '../support/orgs.ts';
import { startCheckedSimulator, useCheckedSimulators, type CheckedSimulator } from '../support/simulator.ts';

useCheckedSimulators();

const REPO = 'acme/seats-admin';
const TOKEN = 'ghp_securitySecretValue0123456789abcdef';
const REPO_TOKEN = 'ghs_repoTokenSecretValue987654321';
const MERGE_SHA = '2222222222222222222222222222222222222222';
/** The token's distinctive middle: found however it was escaped (markdown writes `_` as &#95;). */
const TOKEN_CORE = TOKEN.slice(4);
const ALWAYS = [1, 2, 3, 4, 5, 6, 7, 8];

const workspace = (seats = SEATS_YAML) => workspaceWith(seats);

const repository = { full_name: REPO, default_branch: 'main' };
const pushEvent = (ref = 'refs/heads/main') => pushEventOf(REPO, MERGE_SHA, ref);

function run(sim: CheckedSimulator, cwd: string, over: Partial<ActionRunOptions>) {
  pushIsNewest(sim.state, over.eventName ?? 'push', over.sha ?? MERGE_SHA);
  return runAction({
    apiUrl: sim.url,
    cwd,
    eventName: 'push',
    event: pushEvent(),
    repository: REPO,
    sha: MERGE_SHA,
    ...over,
    inputs: { token: TOKEN, 'github-token': REPO_TOKEN, ...over.inputs },
  });
}

/** Everything the run left behind, except the ::add-mask:: lines the runner consumes. */
function leftBehind(sim: CheckedSimulator, runs: ActionRun[]): string {
  const repo = repoOf(sim.state, 'acme', 'seats-admin');
  return runs
    .flatMap((r) => [
      r.stdout.replace(/^::add-mask::.*$/gm, ''),
      r.stderr,
      r.summary,
      JSON.stringify(r.outputs),
    ])
    .concat(repo.comments.map((c) => c.body))
    .concat(repo.issues.flatMap((i) => [i.title, i.body ?? '']))
    .join('\n');
}

const echo = (status: number) => ({
  status,
  body: {
    message: `upstream said: Authorization: token ${TOKEN} (request to ${'https://api.github.com'}/orgs/acme?access_token=${TOKEN})`,
    documentation_url: 'https://docs.github.com',
  },
});

describe('the tokens never leave the action', () => {
  it('apply mode: a write error whose body echoes the token, reported in the log, outputs, summary and the merged PR comment', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg(), {
      faults: [
        { method: 'POST', route: '/orgs/{org}/copilot/billing/selected_users', nth: ALWAYS, ...echo(422) },
      ],
    });
    registerMergedPull(sim.state, MERGE_SHA);
    const result = await run(sim, await workspace(), {});
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`::add-mask::${TOKEN}`);
    expect(result.stdout).toMatch(/add-users \(.*\) failed: 422 upstream said: Authorization: token \*\*\*/);
    const prComment = repoOf(sim.state, 'acme', 'seats-admin').comments.find((c) => c.issue_number === 9);
    // Redacted where the message was made, then escaped as markdown (`*` is an entity there).
    expect(prComment?.body).toMatch(/token &#42;&#42;&#42;/);
    const all = leftBehind(sim, [result]);
    expect(all).not.toContain(TOKEN_CORE);
    expect(all).not.toContain(REPO_TOKEN.slice(4));
  });

  it('apply mode, clean run: nothing of the tokens in the applied output or the comment', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    registerMergedPull(sim.state, MERGE_SHA);
    const result = await run(sim, await workspace(), {});
    expect(result.code).toBe(0);
    expect(JSON.parse(result.outputs.applied ?? '{}').ok).toBe(true);
    const all = leftBehind(sim, [result]);
    expect(all).not.toContain(TOKEN_CORE);
    expect(all).not.toContain(REPO_TOKEN.slice(4));
  });

  it('drift mode: a read error echoing the token fails the step without it; the drift issue never holds it', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg(), {
      faults: [{ method: 'GET', route: '/orgs/{org}/copilot/billing', nth: 1, ...echo(401) }],
    });
    const ws = await workspace();
    const schedule = { eventName: 'schedule', event: { schedule: '17 6 * * *', repository } };
    const failed = await run(sim, ws, schedule);
    const ok = await run(sim, ws, schedule);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /::error::copilot-seats: Reading the Copilot billing of acme failed: 401 upstream said: Authorization: token \*\*\*/,
    );
    expect(ok.code).toBe(0);
    expect(repoOf(sim.state, 'acme', 'seats-admin').issues).toHaveLength(1);
    const all = leftBehind(sim, [failed, ok]);
    expect(all).not.toContain(TOKEN_CORE);
    expect(all).not.toContain(REPO_TOKEN.slice(4));
  });
});

describe('apply only from the default branch', () => {
  it('refuses mode apply on a push to another branch, and calls no API at all', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const result = await run(sim, await workspace(), {
      event: pushEvent('refs/heads/feature/more-seats'),
      ref: 'refs/heads/feature/more-seats',
      inputs: { mode: 'apply' },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::error::copilot-seats: apply only runs on the default branch \(main\), not on refs\/heads\/feature\/more-seats\. Nothing was changed\./,
    );
    expect(sim.requests).toEqual([]);
  });

  it('mode auto on such a push only plans', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const result = await run(sim, await workspace(), {
      event: pushEvent('refs/heads/feature/x'),
      ref: 'refs/heads/feature/x',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/plan mode/);
    expect(sim.requests.filter((r) => r.method !== 'GET' && r.path.includes('/copilot/'))).toEqual([]);
  });
});

describe('a broken API through the action', () => {
  it('403 for a token without the Copilot scope: the step fails naming the scope, nothing is written', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg(), {
      faults: [
        {
          method: 'GET',
          route: '/orgs/{org}/copilot/billing',
          nth: ALWAYS,
          status: 403,
          body: {
            message: 'Resource not accessible by personal access token',
            documentation_url: 'https://docs.github.com',
          },
          headers: { 'x-accepted-oauth-scopes': 'manage_billing:copilot', 'x-oauth-scopes': 'repo' },
        },
      ],
    });
    const result = await run(sim, await workspace(), {});
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::error::copilot-seats: Reading the Copilot billing of acme failed: 403 Resource not accessible by personal access token\. The token lacks the scope manage_billing:copilot \(it has: repo\)\./,
    );
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('an HTML page with 200 on the seat list (a captive portal): refused, never read as no seats', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg(), {
      faults: [
        {
          method: 'GET',
          route: '/orgs/{org}/copilot/billing/seats',
          nth: ALWAYS,
          status: 200,
          rawBody:
            '<html><head><title>Sign in to the proxy</title></head><body><h1>Sign in</h1></body></html>',
          contentType: 'text/html',
        },
      ],
    });
    const result = await run(sim, await workspace(), {});
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /::error::copilot-seats: Reading page 1 of the Copilot seats of acme failed: the answer is not the JSON GitHub sends .*Sign in to the proxy.*Run again/,
    );
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('whose comment is updated', () => {
  // Decision: logins compare case-insensitively. GitHub logins are unique regardless of case, so a
  // login that differs only in case is the same account (and `[bot]` logins cannot be registered by
  // users); nobody else can own a comment under such a login.
  it('a marker comment by the same login in another case is ours; one by a look-alike login is not', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
    const repo = repoOf(sim.state, 'acme', 'seats-admin');
    const marker = '<!-- copilot-seats:plan org=acme -->';
    createComment(sim.state, repo, 7, 'github-actions', { body: `${marker}\nfrom a look-alike user` });
    createComment(sim.state, repo, 7, 'GitHub-Actions[Bot]', { body: `${marker}\nold plan` });
    const client = fastClient(sim.url);
    const id = await upsertComment(
      client,
      { owner: 'acme', repo: 'seats-admin' },
      7,
      marker,
      `${marker}\nnew plan`,
      'github-actions[bot]',
    );
    const comments = repo.comments.filter((c) => c.issue_number === 7);
    expect(comments.map((c) => [c.user, c.body.split('\n')[1]])).toEqual([
      ['github-actions', 'from a look-alike user'],
      ['GitHub-Actions[Bot]', 'new plan'],
    ]);
    expect(id).toBe(comments[1]?.id);
  });
});
