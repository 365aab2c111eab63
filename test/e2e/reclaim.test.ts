// Idle seats proposed as a pull request, as the runner runs it: dist/index.js on a schedule with
// schedule-mode: reclaim opens one pull request from copilot-seats/reclaim whose file removes
// exactly the idle users and keeps every comment; the next run updates it (same pull request, the
// branch force-moved); a run with nothing idle closes it with a comment. Seats are never written.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import { branchHeadOf, fileAt, putFile, repoOf, setBranchHead } from '../../src/simulator/repos.ts';
import { parseSimState, type SimState } from '../../src/simulator/state.ts';
import { runAction, workspaceWith } from '../support/action.ts';
import { startCheckedSimulator, useCheckedSimulators, type CheckedSimulator } from '../support/simulator.ts';
import { linesNotIn } from '../support/lines.ts';

useCheckedSimulators();

const REPO = 'acme/seats-admin';
const MAIN_SHA = '3333333333333333333333333333333333333333';
const BRANCH = 'copilot-seats/reclaim';
// The action reads the wall clock: seat dates are relative to it.
const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

const SEATS = `# Copilot seats of acme
version: 1
org: acme

# Direct seats, one per line
users:
  - ann # the lead
  # contractors
  - ben
  - login: "dan"
    reason: pilot

  - fay
teams: [eng]
exempt:
  - login: eve
    reason: CEO # never idle enough
policy:
  inactive_days: 30 # a month
`;

function org(): SimState {
  return parseSimState({
    org: { login: 'acme', id: 1 },
    plan_type: 'business',
    seat_management_setting: 'assign_selected',
    now: new Date().toISOString(),
    billing_cycle_start: '2099-01-01',
    members: ['ann', 'ben', 'cat', 'dan', 'eve', 'fay'].map((login) => ({ login })),
    teams: [
      { slug: 'eng', name: 'Engineering', id: 1, members: ['cat'], selected: true, selected_at: ago(300) },
    ],
    seats: [
      { login: 'ann', direct: true, created_at: ago(300), last_activity_at: ago(1) },
      { login: 'ben', direct: true, created_at: ago(200), last_activity_at: null }, // ≥ 90 days
      { login: 'dan', direct: true, created_at: ago(300), last_activity_at: ago(45) },
      { login: 'eve', direct: true, created_at: ago(300), last_activity_at: ago(80) }, // exempt
      { login: 'fay', direct: true, created_at: ago(10), last_activity_at: null }, // in its grace period
    ],
  });
}

async function setup() {
  const state = org();
  setBranchHead(state, REPO, 'main', MAIN_SHA);
  putFile(state, REPO, MAIN_SHA, 'seats.yaml', SEATS);
  putFile(state, REPO, 'main', 'seats.yaml', SEATS);
  const sim = await startCheckedSimulator(state);
  const cwd = await workspaceWith(SEATS);
  return { sim, cwd };
}

function scheduled(sim: CheckedSimulator, cwd: string, inputs: Record<string, string> = {}) {
  return runAction({
    apiUrl: sim.url,
    cwd,
    eventName: 'schedule',
    event: { schedule: '0 6 * * 1' },
    ref: 'refs/heads/main',
    sha: MAIN_SHA,
    repository: REPO,
    inputs: {
      token: 'ghp_reclaimTestToken0123456789',
      'github-token': 'ghs_repoToken',
      'schedule-mode': 'reclaim',
      ...inputs,
    },
  });
}

const repo = (sim: CheckedSimulator) => repoOf(sim.state, 'acme', 'seats-admin');
const pulls = (sim: CheckedSimulator) => repo(sim).issues.filter((i) => i.pull?.head_ref === BRANCH);
const onBranch = (sim: CheckedSimulator) => fileAt(repo(sim), BRANCH, 'seats.yaml')?.text ?? '';
const seatWrites = (sim: CheckedSimulator) =>
  sim.requests.filter((r) => r.method !== 'GET' && r.route?.startsWith('/orgs/{org}/copilot/'));
const comments = (text: string) => text.match(/#.*$/gm) ?? [];

const removedLines = (before: string, after: string): string[] => linesNotIn(before, after);

describe('reclaim on a schedule', () => {
  it('opens one pull request removing exactly the idle users, updates it, and closes it when nobody is idle', async () => {
    const { sim, cwd } = await setup();

    // 1. ben (no activity recorded, ≥ 90 days) and dan (45 days) are idle; eve is exempt, fay new.
    const first = await scheduled(sim, cwd);
    expect(first.code, first.stdout).toBe(0);
    expect(first.stdout).toContain('reclaim mode (schedule event, schedule-mode: reclaim)');
    expect(pulls(sim)).toHaveLength(1);
    const pr = pulls(sim)[0]!;
    expect(pr.state).toBe('open');
    expect(pr.pull?.base_ref).toBe('main');
    expect(first.outputs['reclaim-pr']).toBe(String(pr.number));
    expect(removedLines(SEATS, onBranch(sim))).toEqual(['  - ben', '  - login: "dan"', '    reason: pilot']);
    expect(comments(onBranch(sim))).toEqual(comments(SEATS));
    expect(parseSeats(onBranch(sim), 'seats.yaml').errors).toEqual([]);
    expect(pr.title).toBe('Reclaim 2 idle Copilot seats in acme');
    expect(pr.body).toContain('| `ben` | ≥ 90 days, no activity recorded |');
    expect(pr.body).toContain('| `dan` |');
    expect(pr.body).toContain('**Monthly saving: \u2212$38**');
    expect(pr.body).not.toMatch(/`(ann|eve|fay)`/);
    expect(pr.body).not.toMatch(/@[a-z]/);
    // The charts: 5 direct seats and 1 through team eng; numbers only.
    expect(pr.body).toContain('"Direct" : 5');
    expect(pr.body).toContain('"Org team" : 1');
    // The branch is one commit on main's head.
    const firstHead = branchHeadOf(repo(sim), BRANCH)!;
    expect(sim.state.repos[REPO]?.commits?.[firstHead]?.parents).toEqual([MAIN_SHA]);

    // 2. ann goes idle too: the same pull request is updated, the branch force-moved.
    sim.state.seats.find((s) => s.login === 'ann')!.last_activity_at = ago(40);
    const second = await scheduled(sim, cwd);
    expect(second.code, second.stdout).toBe(0);
    expect(pulls(sim)).toHaveLength(1);
    expect(pulls(sim)[0]!.number).toBe(pr.number);
    expect(pulls(sim)[0]!.title).toBe('Reclaim 3 idle Copilot seats in acme');
    expect(branchHeadOf(repo(sim), BRANCH)).not.toBe(firstHead);
    expect(pulls(sim)[0]!.pull?.head_sha).toBe(branchHeadOf(repo(sim), BRANCH));
    expect(removedLines(SEATS, onBranch(sim))).toEqual([
      '  - ann # the lead',
      '  - ben',
      '  - login: "dan"',
      '    reason: pilot',
    ]);
    expect(
      sim.requests.some((r) => r.method === 'PATCH' && r.route === '/repos/{owner}/{repo}/git/refs/{ref}'),
    ).toBe(true);

    // 3. Everyone is active again: the pull request is closed, with a comment saying why.
    for (const s of sim.state.seats) s.last_activity_at = ago(0);
    const third = await scheduled(sim, cwd);
    expect(third.code, third.stdout).toBe(0);
    expect(pulls(sim)[0]!.state).toBe('closed');
    const last = repo(sim)
      .comments.filter((c) => c.issue_number === pr.number)
      .at(-1);
    expect(last?.body).toMatch(/Nobody in `acme` is idle for 30 days any more .* Closing\./);
    expect(third.stdout).toContain(`closed the reclaim pull request #${pr.number}`);

    // Reclaim proposes; only the apply after a merge writes seats.
    expect(seatWrites(sim)).toEqual([]);
  });

  it('policy.reclaim_notice: mention mentions the idle users in the pull request', async () => {
    const { sim, cwd } = await setup();
    const text = SEATS.replace(
      '  inactive_days: 30 # a month',
      '  inactive_days: 30 # a month\n  reclaim_notice: mention',
    );
    putFile(sim.state, REPO, MAIN_SHA, 'seats.yaml', text);
    await writeFile(join(cwd, 'seats.yaml'), text);
    const run = await scheduled(sim, cwd);
    expect(run.code, run.stdout).toBe(0);
    expect(pulls(sim)[0]!.body?.match(/@[a-z]+/g)).toEqual(['@ben', '@dan']);
  });

  it('dry-run: the proposal goes to the job summary; no branch, no pull request', async () => {
    const { sim, cwd } = await setup();
    const run = await scheduled(sim, cwd, { 'dry-run': 'true' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('dry run: would propose removing ben, dan');
    expect(run.summary).toContain('| `ben` | ≥ 90 days, no activity recorded |');
    expect(pulls(sim)).toEqual([]);
    expect(branchHeadOf(repo(sim), BRANCH)).toBeUndefined();
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('without policy.inactive_days it fails and says what to add, writing nothing', async () => {
    const { sim, cwd } = await setup();
    await writeFile(join(cwd, 'seats.yaml'), SEATS.replace(/policy:\n.*\n/, ''));
    const run = await scheduled(sim, cwd);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('reclaim needs policy.inactive_days in seats.yaml');
    expect(pulls(sim)).toEqual([]);
  });
});

// The same at enterprise scope: the seats the enterprise assigns directly are proposed when idle;
// seats an organization grants are outside the file, and never proposed.
const ENT_SEATS = `version: 1
enterprise: acme-corp
users:
  - ann
  - ben # idle
policy:
  inactive_days: 30
`;

function enterpriseState(): SimState {
  return parseSimState({
    org: { login: 'acme', id: 1 },
    enterprise: {
      slug: 'acme-corp',
      id: 9,
      orgs: [{ login: 'acme-labs', members: ['lee'], seats: ['lee'] }],
    },
    plan_type: 'business',
    seat_management_setting: 'assign_selected',
    now: new Date().toISOString(),
    billing_cycle_start: '2099-01-01',
    members: ['ann', 'ben'].map((login) => ({ login })),
    seats: [
      { login: 'ann', enterprise_direct: true, created_at: ago(300), last_activity_at: ago(1) },
      { login: 'ben', enterprise_direct: true, created_at: ago(300), last_activity_at: ago(50) },
      { login: 'lee', created_at: ago(300), last_activity_at: ago(80) }, // idle, seated by acme-labs
    ],
  });
}

describe('reclaim at enterprise scope', () => {
  it('proposes the idle users the enterprise seats, never a seat an organization grants', async () => {
    const state = enterpriseState();
    setBranchHead(state, REPO, 'main', MAIN_SHA);
    putFile(state, REPO, MAIN_SHA, 'seats.yaml', ENT_SEATS);
    const sim = await startCheckedSimulator(state);
    const cwd = await workspaceWith(ENT_SEATS);
    const run = await scheduled(sim, cwd);
    expect(run.code, run.stdout).toBe(0);
    expect(pulls(sim)).toHaveLength(1);
    const pr = pulls(sim)[0]!;
    expect(removedLines(ENT_SEATS, onBranch(sim))).toEqual(['  - ben # idle']);
    expect(pr.title).toBe('Reclaim 1 idle Copilot seat in acme-corp');
    expect(pr.body).toContain('| `ben` |');
    expect(pr.body).not.toContain('`lee`');
    expect(sim.requests.filter((r) => r.method !== 'GET' && r.route?.includes('/copilot/'))).toEqual([]);
  });
});
