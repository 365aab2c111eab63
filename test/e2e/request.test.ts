// A seat asked for through the issue form, as the runner runs it: dist/index.js on an `issues`
// event opens a pull request from copilot-seats/request-<login> that adds the user to seats.yaml
// (keeping every comment) and comments the link on the issue; the plan on that pull request,
// the merge and the push apply bound to the reviewed plan seat the user. A request for someone
// else by a requester outside policy.requesters is refused with a comment, and no pull request.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import {
  branchHeadOf,
  createIssue,
  fileAt,
  mergePull,
  putFile,
  repoOf,
  setBranchHead,
} from '../../src/simulator/repos.ts';
import { parseSimState, type SimState } from '../../src/simulator/state.ts';
import { runAction, workspaceWith } from '../support/action.ts';
import { startCheckedSimulator, useCheckedSimulators, type CheckedSimulator } from '../support/simulator.ts';
import { linesNotIn } from '../support/lines.ts';

useCheckedSimulators();

const REPO = 'acme/seats-admin';
const MAIN_SHA = '4444444444444444444444444444444444444444';
const MERGE_SHA = '5555555555555555555555555555555555555555';
const TOKENS = { token: 'ghp_requestTestToken0123456789', 'github-token': 'ghs_repoToken' };
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const SEATS = `# Copilot seats of acme
version: 1
org: acme

users:
  - ann # the lead
  # contractors
  - login: ben
    reason: pilot
policy:
  max_request_days: 90 # a quarter at most
  requesters: seat-admins
`;

function org(): SimState {
  return parseSimState({
    org: { login: 'acme', id: 1 },
    plan_type: 'business',
    seat_management_setting: 'assign_selected',
    now: new Date().toISOString(),
    billing_cycle_start: '2099-01-01',
    members: ['ann', 'ben', 'mona', 'octocat', 'root'].map((login) => ({ login })),
    teams: [{ slug: 'seat-admins', name: 'Seat admins', id: 3, members: ['root'] }],
    seats: [
      { login: 'ann', direct: true, created_at: new Date().toISOString() },
      { login: 'ben', direct: true, created_at: new Date().toISOString() },
    ],
  });
}

const form = (login: string, reason: string, end?: string) =>
  `### GitHub login\n\n${login}\n\n### Reason\n\n${reason}\n\n### End date\n\n${end ?? '_No response_'}`;

async function setup() {
  const state = org();
  setBranchHead(state, REPO, 'main', MAIN_SHA);
  putFile(state, REPO, MAIN_SHA, 'seats.yaml', SEATS);
  putFile(state, REPO, 'main', 'seats.yaml', SEATS);
  const sim = await startCheckedSimulator(state);
  const cwd = await workspaceWith(SEATS);
  return { sim, cwd };
}

const repo = (sim: CheckedSimulator) => repoOf(sim.state, 'acme', 'seats-admin');

/** The issue as GitHub files it from the form, and the `issues` event the workflow gets. */
function ask(sim: CheckedSimulator, author: string, body: string) {
  const issue = createIssue(sim.state, repo(sim), author, {
    title: 'Copilot seat for ',
    body,
    labels: ['copilot-seat-request'],
  });
  return issue.number;
}

function onIssue(
  sim: CheckedSimulator,
  cwd: string,
  n: number,
  opts: { action?: string; sender?: string; labels?: string[]; inputs?: Record<string, string> } = {},
) {
  const issue = repo(sim).issues.find((i) => i.number === n)!;
  const labels = opts.labels ?? ['copilot-seat-request'];
  return runAction({
    apiUrl: sim.url,
    cwd,
    eventName: 'issues',
    event: {
      action: opts.action ?? 'opened',
      issue: {
        number: n,
        user: { login: issue.user },
        labels: labels.map((name) => ({ name })),
        body: issue.body,
        state: 'open',
        html_url: `https://github.com/${REPO}/issues/${n}`,
      },
      sender: { login: opts.sender ?? issue.user },
      repository: { full_name: REPO, default_branch: 'main' },
    },
    ref: 'refs/heads/main',
    sha: MAIN_SHA,
    repository: REPO,
    inputs: { ...TOKENS, ...opts.inputs },
  });
}

const pullsFrom = (sim: CheckedSimulator, branch: string) =>
  repo(sim).issues.filter((i) => i.pull?.head_ref === branch);
const commentsOn = (sim: CheckedSimulator, n: number) =>
  repo(sim).comments.filter((c) => c.issue_number === n);
const seated = (sim: CheckedSimulator, login: string) =>
  sim.state.seats.some((s) => s.login === login && !s.pending_cancellation_date);

const addedLines = (before: string, after: string): string[] => linesNotIn(after, before);

describe('a seat asked for through the issue form', () => {
  it('opens a pull request that adds the user; merged and applied, the user is seated', async () => {
    const { sim, cwd } = await setup();
    const end = day(30);
    const n = ask(sim, 'mona', form('mona', 'Pairing on the billing API', end));

    // 1. The request: one pull request, the issue answered with its link.
    const opened = await onIssue(sim, cwd, n);
    expect(opened.code, opened.stdout).toBe(0);
    expect(opened.stdout).toContain('request mode (issues event)');
    const [pr, ...more] = pullsFrom(sim, 'copilot-seats/request-mona');
    expect(more).toEqual([]);
    expect(pr?.state).toBe('open');
    expect(pr?.pull?.base_ref).toBe('main');
    expect(pr?.title).toBe('Copilot seat for mona in acme');
    expect(pr?.body).toContain(`Closes #${n}`);
    expect(pr?.body).toContain('Asked for in #' + n + ' by `mona`');
    expect(opened.outputs['request']).toBe('opened');
    expect(opened.outputs['request-pr']).toBe(String(pr!.number));
    const onBranch = fileAt(repo(sim), 'copilot-seats/request-mona', 'seats.yaml')!.text;
    expect(addedLines(SEATS, onBranch)).toEqual([
      '  - login: mona',
      `    reason: "Pairing on the billing API (requested in #${n})"`,
      `    expires: ${end}`,
    ]);
    expect(parseSeats(onBranch, 'seats.yaml').desired?.users.map((u) => u.login)).toEqual([
      'ann',
      'ben',
      'mona',
    ]);
    const answer = commentsOn(sim, n);
    expect(answer).toHaveLength(1);
    expect(answer[0]!.body).toContain(`Pull request [#${pr!.number}](`);
    expect(seated(sim, 'mona')).toBe(false);

    // 2. The request edited by its author: the same pull request, the same comment, updated.
    const issue = repo(sim).issues.find((i) => i.number === n)!;
    issue.body = form('mona', 'Pairing on the billing API, and the CLI', end);
    const edited = await onIssue(sim, cwd, n, { action: 'edited' });
    expect(edited.code, edited.stdout).toBe(0);
    expect(edited.outputs['request']).toBe('updated');
    expect(pullsFrom(sim, 'copilot-seats/request-mona').map((p) => p.number)).toEqual([pr!.number]);
    expect(fileAt(repo(sim), 'copilot-seats/request-mona', 'seats.yaml')!.text).toContain('and the CLI');
    expect(commentsOn(sim, n)).toHaveLength(1);

    // 3. The plan on the pull request, then the merge, then the push apply bound to that plan.
    const text = fileAt(repo(sim), 'copilot-seats/request-mona', 'seats.yaml')!.text;
    await writeFile(join(cwd, 'seats.yaml'), text);
    const planned = await runAction({
      apiUrl: sim.url,
      cwd,
      eventName: 'pull_request',
      event: {
        action: 'opened',
        number: pr!.number,
        pull_request: {
          number: pr!.number,
          head: { sha: branchHeadOf(repo(sim), 'copilot-seats/request-mona') },
          base: { ref: 'main', sha: MAIN_SHA },
          labels: [],
        },
        repository: { full_name: REPO, default_branch: 'main' },
      },
      sha: branchHeadOf(repo(sim), 'copilot-seats/request-mona'),
      repository: REPO,
      inputs: TOKENS,
    });
    expect(planned.code, planned.stdout).toBe(0);
    const plan = JSON.parse(planned.outputs.plan ?? '{}') as { add: { users: { login: string }[] } };
    expect(plan.add.users.map((u) => u.login)).toEqual(['mona']);
    mergePull(sim.state, REPO, pr!.number, MERGE_SHA);
    putFile(sim.state, REPO, MERGE_SHA, 'seats.yaml', text);
    const applied = await runAction({
      apiUrl: sim.url,
      cwd,
      eventName: 'push',
      event: {
        ref: 'refs/heads/main',
        after: MERGE_SHA,
        repository: { full_name: REPO, default_branch: 'main' },
      },
      ref: 'refs/heads/main',
      sha: MERGE_SHA,
      repository: REPO,
      inputs: TOKENS,
    });
    expect(applied.code, applied.stdout).toBe(0);
    expect(applied.stdout).toContain(`bound to the reviewed plan of #${pr!.number}`);
    expect(seated(sim, 'mona')).toBe(true);
  });

  it('refuses a request for someone else by a requester outside policy.requesters: a comment, no pull request', async () => {
    const { sim, cwd } = await setup();
    const n = ask(sim, 'ann', form('octocat', 'needs it', day(10)));
    const run = await onIssue(sim, cwd, n);
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs['request']).toBe('refused');
    expect(repo(sim).issues.filter((i) => i.pull)).toEqual([]);
    expect(branchHeadOf(repo(sim), 'copilot-seats/request-octocat')).toBeUndefined();
    const [comment, ...more] = commentsOn(sim, n);
    expect(more).toEqual([]);
    expect(comment?.body).toContain('**This seat request was not proposed**, for this reason:');
    expect(comment?.body).toMatch(/may only ask for a seat for themselves: .*the team seat-admins/);
    expect(sim.requests.filter((r) => r.method !== 'GET' && r.route?.includes('/git/'))).toEqual([]);

    // Someone else's edit of mona's request is refused: a request is its author's.
    const m = ask(sim, 'mona', form('mona', 'x', day(10)));
    const edited = await onIssue(sim, cwd, m, { action: 'edited', sender: 'root' });
    expect(edited.outputs['request']).toBe('refused');
    expect(commentsOn(sim, m)[0]?.body).toContain(
      'the request was edited by @\u200droot, not by @\u200dmona',
    );
    // An issue without the label is left alone: nothing is read or written.
    const before = sim.requests.length;
    const other = await onIssue(sim, cwd, m, { labels: ['bug'] });
    expect(other.code, other.stdout).toBe(0);
    expect(other.stdout).toContain(
      `issue #${m} has no label copilot-seat-request: not a seat request, nothing to do`,
    );
    expect(sim.requests.length).toBe(before);
    expect(repo(sim).issues.filter((i) => i.pull)).toEqual([]);
  });

  it('a member of policy.requesters may ask for someone else; a date past max_request_days is refused', async () => {
    const { sim, cwd } = await setup();
    const ok = ask(sim, 'root', form('octocat', 'new hire', day(60)));
    const accepted = await onIssue(sim, cwd, ok);
    expect(accepted.code, accepted.stdout).toBe(0);
    expect(pullsFrom(sim, 'copilot-seats/request-octocat')).toHaveLength(1);

    const far = ask(sim, 'mona', form('mona', 'a year', day(200)));
    const refused = await onIssue(sim, cwd, far);
    expect(refused.outputs['request']).toBe('refused');
    expect(commentsOn(sim, far)[0]?.body).toMatch(
      /the end date .* is more than 90 days away \(policy\.max&#95;request&#95;days\)/,
    );
    expect(pullsFrom(sim, 'copilot-seats/request-mona')).toEqual([]);
  });

  it('an edit that asks for another login replaces the pull request; one that is refused closes it', async () => {
    const { sim, cwd } = await setup();
    const n = ask(sim, 'root', form('octocat', 'new hire', day(60)));
    expect((await onIssue(sim, cwd, n)).outputs['request']).toBe('opened');
    const [first] = pullsFrom(sim, 'copilot-seats/request-octocat');

    const issue = repo(sim).issues.find((i) => i.number === n)!;
    issue.body = form('mona', 'new hire', day(60));
    const moved = await onIssue(sim, cwd, n, { action: 'edited' });
    expect(moved.outputs['request']).toBe('opened');
    const [second] = pullsFrom(sim, 'copilot-seats/request-mona');
    expect(second?.state).toBe('open');
    expect(first?.state).toBe('closed');
    expect(commentsOn(sim, first!.number).at(-1)?.body).toBe(
      `#${n} now asks for mona: #${second!.number} replaces this pull request. Closing.`,
    );

    issue.body = form('ben', 'new hire', day(60));
    const refused = await onIssue(sim, cwd, n, { action: 'edited' });
    expect(refused.outputs['request']).toBe('refused');
    expect(second?.state).toBe('closed');
    expect(commentsOn(sim, n)).toHaveLength(1); // the same answer, now the refusal
    expect(commentsOn(sim, n)[0]?.body).toContain('ben is already listed in seats.yaml');
    // Another issue's pull request is never closed by this one.
    const other = ask(sim, 'mona', form('mona', 'mine', day(10)));
    expect((await onIssue(sim, cwd, other)).outputs['request']).toBe('opened');
    issue.body = form('nobody-here', 'x', day(10));
    await onIssue(sim, cwd, n, { action: 'edited' });
    expect(
      repo(sim)
        .issues.filter((i) => i.pull && i.state === 'open')
        .map((p) => p.title),
    ).toEqual(['Copilot seat for mona in acme']);
  });
});
