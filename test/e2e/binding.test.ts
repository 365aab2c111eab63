// "Apply exactly what was reviewed", as the runner runs it: dist/index.js on a pull request posts
// the plan with its hidden fingerprint; the org changes before the merge; the push apply writes only
// the reviewed cancellations and reports the rest. The safety limits fail the PR check; the label
// overrides them once, and only if the PR carried it when merged.
import { describe, expect, it } from 'vitest';
import { deleteSeat } from '../../src/simulator/model.ts';
import {
  labelPull,
  mergePull,
  putFile,
  registerPull,
  repoOf,
  setBranchHead,
} from '../../src/simulator/repos.ts';
import {
  runAction,
  type ActionRunOptions,
  workspaceWith,
  pullRequestEvent,
  pushEventOf,
} from '../support/action.ts';
import { SEATS_YAML as SEATS, twelveMemberOrg } from '../support/orgs.ts';
import { startCheckedSimulator, useCheckedSimulators, type CheckedSimulator } from '../support/simulator.ts';

useCheckedSimulators();

const REPO = 'acme/seats-admin';
const MERGE_SHA = '2222222222222222222222222222222222222222';
const LABEL = 'copilot-seats:allow-mass-removal';

const workspace = (seats: string) => workspaceWith(seats);
const prEvent = (n: number, labels: string[] = []) =>
  pullRequestEvent(REPO, n, { baseSha: 'base000', labels });
const pushEvent = pushEventOf(REPO, MERGE_SHA);

function run(sim: CheckedSimulator, cwd: string, over: Partial<ActionRunOptions>) {
  return runAction({
    apiUrl: sim.url,
    cwd,
    eventName: 'pull_request',
    event: prEvent(7),
    repository: REPO,
    ...over,
    inputs: { token: 'ghp_bindingTestToken0123456789', 'github-token': 'ghs_repoToken', ...over.inputs },
  });
}

function push(sim: CheckedSimulator, ws: string, inputs: Record<string, string> = {}) {
  setBranchHead(sim.state, REPO, 'main', MERGE_SHA);
  return run(sim, ws, { eventName: 'push', event: pushEvent, sha: MERGE_SHA, inputs });
}

const deleted = (sim: CheckedSimulator) =>
  sim.requests
    .filter((r) => r.method === 'DELETE' && r.route?.startsWith('/orgs/{org}/copilot/'))
    .flatMap((r) => {
      const b = r.body as { selected_usernames?: string[]; selected_teams?: string[] };
      return [...(b.selected_usernames ?? []), ...(b.selected_teams ?? [])];
    });
const comments = (sim: CheckedSimulator, n: number) =>
  repoOf(sim.state, 'acme', 'seats-admin').comments.filter((c) => c.issue_number === n);
const pending = (sim: CheckedSimulator, login: string) =>
  !!sim.state.seats.find((s) => s.login === login)?.pending_cancellation_date;

describe('the apply after merge is bound to the reviewed plan', () => {
  it('writes only the reviewed cancellations when the org changed before the merge, and reports the rest', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
    const ws = await workspace(SEATS);
    const planned = await run(sim, ws, {});
    expect(planned.code).toBe(0);
    const planComment = comments(sim, 7)[0]?.body ?? '';
    expect(planComment.split('\n')[0]).toMatch(
      /^<!-- copilot-seats:plan org=acme fingerprint=v1\.[\w-]+ -->$/,
    );

    // Before the merge: lea is seated by hand (the file does not list her), ben's seat ends.
    sim.state.seats.push({ login: 'lea', direct: true, created_at: sim.state.now });
    deleteSeat(sim.state, 'ben');
    mergePull(sim.state, REPO, 7, MERGE_SHA);

    const applied = await push(sim, ws);
    expect(applied.code).toBe(1); // the unreviewed cancellation fails the step, after the rest is done
    expect(applied.stdout).toMatch(/bound to the reviewed plan of #7/);
    expect(deleted(sim)).toEqual(['Old Team']); // ben is gone already; lea was never reviewed
    expect(pending(sim, 'lea')).toBe(false);
    expect(pending(sim, 'eve')).toBe(true);
    const report = JSON.parse(applied.outputs.applied ?? '{}');
    expect(report.binding).toEqual({ source: '#7' });
    expect(report.held).toMatchObject([{ code: 'unreviewed-cancel', subject: 'lea' }]);
    expect(report.notes).toMatchObject([{ code: 'not-needed', subject: 'ben' }]);
    const result = comments(sim, 7).find((c) => c.body.startsWith('<!-- copilot-seats:apply'))?.body ?? '';
    expect(result).toContain('**Bound to** the reviewed plan of #7');
    expect(result).toMatch(
      /`lea`: cancellation not in the reviewed plan of #\p{Cf}?7: not written; review it in a new PR/u,
    );
    expect(applied.summary).toContain('Not written');
    expect(applied.annotations.some((a) => a.level === 'error' && a.message.includes('lea'))).toBe(true);
  });

  it('without a plan comment (a direct push) applies within max_removals, says why; require-reviewed-plan refuses', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const ws = await workspace(SEATS);
    const refused = await push(sim, ws, { 'require-reviewed-plan': 'true' });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/did not come from a merged pull request.*require-reviewed-plan is set/);
    expect(deleted(sim)).toEqual([]);

    const applied = await push(sim, ws);
    expect(applied.code).toBe(0);
    expect(applied.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringMatching(/No reviewed plan to bind to/),
      }),
    );
    expect(JSON.parse(applied.outputs.applied ?? '{}').binding.reason).toMatch(/direct push/);
    expect(deleted(sim)).toEqual(['ben', 'Old Team']);
  });
});

describe('the safety limits at review time', () => {
  const CAPPED = SEATS.replace('exempt:', 'policy:\n  max_removals: 1\nexempt:');

  it('fails the PR check when the plan cancels more than max_removals, and says how to override', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
    const ws = await workspace(CAPPED);
    const r = await run(sim, ws, {});
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /more than the limit of 1 \(policy\.max_removals\).*copilot-seats:allow-mass-removal/,
    );
    expect(comments(sim, 7)[0]?.body).toContain('Safety limit exceeded');
    const labelled = await run(sim, ws, { event: prEvent(7, [LABEL]) });
    expect(labelled.code).toBe(0);
  });

  it('after merge, honours the label only if the PR carried it when merged', async () => {
    for (const labelledBeforeMerge of [true, false]) {
      const sim = await startCheckedSimulator(twelveMemberOrg());
      registerPull(sim.state, REPO, { number: 7, head_sha: 'abc', created_at: '2025-06-15T10:00:00Z' });
      const ws = await workspace(CAPPED);
      const at = labelledBeforeMerge ? '2025-06-15T11:00:00Z' : '2025-06-15T12:30:00Z';
      await run(sim, ws, { event: prEvent(7, [LABEL]) });
      mergePull(sim.state, REPO, 7, MERGE_SHA, '2025-06-15T12:00:00Z');
      labelPull(sim.state, REPO, 7, LABEL, at);
      const applied = await push(sim, ws);
      if (labelledBeforeMerge) {
        expect(applied.code).toBe(0);
        expect(deleted(sim)).toEqual(['ben', 'Old Team']);
      } else {
        expect(applied.code).toBe(1);
        expect(applied.stdout).toMatch(/apply refused, nothing was changed: the plan cancels 2 seats/);
        expect(deleted(sim)).toEqual([]);
      }
    }
  });
});

describe('what leaves management', () => {
  it('shows newly exempt seats and policy changes against the PR base, above the tables', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
    putFile(sim.state, REPO, 'base000', 'seats.yaml', SEATS);
    const head = SEATS.replace(
      'exempt:',
      'policy:\n  max_removals: 50\nexempt:\n  - team: old\n    reason: contractors',
    );
    const r = await run(sim, await workspace(head), {});
    expect(r.code).toBe(0);
    const body = comments(sim, 7)[0]?.body ?? '';
    expect(body).toContain('**2 seats are no longer managed**');
    expect(body).toMatch(/team `old` is newly exempt: 2 seats \(contractors\)/);
    // Below 10 seats the default is no limit at all, so 50 is a lower limit.
    expect(body).toMatch(/`policy\.max_removals` lowered: default \(25% from 10 seats\) → 50/);
    expect(body.indexOf('no longer managed')).toBeLessThan(body.indexOf('<details'));
    expect(r.summary).toContain('no longer managed');
  });

  it('treats a file that the PR adds as managing nothing before it', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
    const r = await run(sim, await workspace(SEATS), {});
    expect(r.code).toBe(0);
    // No base file: the PR adds seats.yaml, so its exemption (ida) is new.
    expect(comments(sim, 7)[0]?.body).toMatch(/user `ida` is newly exempt: 1 seat/);
  });
});

describe('the apply report is never lost', () => {
  it('reports the writes made when the verification read fails afterwards, and never says nothing changed', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg(), {
      // Reads 1 and 2 are the PR's plan and the apply's plan; the re-read after the writes fails
      // (a 404 is not retried, so the bundle's real backoff does not slow the test down).
      faults: [
        {
          method: 'GET',
          route: '/orgs/{org}/copilot/billing/seats',
          nth: Array.from({ length: 30 }, (_, i) => i + 3),
          status: 404,
        },
      ],
    });
    registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
    const ws = await workspace(SEATS);
    await run(sim, ws, {});
    mergePull(sim.state, REPO, 7, MERGE_SHA);
    const applied = await push(sim, ws);
    expect(applied.code).toBe(1);
    const report = JSON.parse(applied.outputs.applied ?? '{}');
    expect(report.writes.map((w: { kind: string; ok: boolean }) => [w.kind, w.ok])).toEqual([
      ['add-teams', true],
      ['add-users', true],
      ['remove-users', true],
      ['remove-teams', true],
    ]);
    expect(report.verificationError).toMatch(/404/);
    const result = comments(sim, 7).find((c) => c.body.startsWith('<!-- copilot-seats:apply'))?.body ?? '';
    for (const text of [applied.summary, result]) {
      expect(text).toMatch(/the writes below were made, but verification failed/);
      expect(text).toMatch(/\| add users \| 3 \|/);
    }
    expect(`${applied.stdout}${applied.summary}${result}`).not.toMatch(/nothing was changed/i);
  });
});

describe('stale applies', () => {
  const NEWER = '3333333333333333333333333333333333333333';

  it('refuses an apply when a newer commit on the default branch changed the seats file', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const ws = await workspace(SEATS);
    setBranchHead(sim.state, REPO, 'main', NEWER);
    putFile(sim.state, REPO, NEWER, 'seats.yaml', SEATS.replace('kim, ', ''));
    const r = await run(sim, ws, { eventName: 'push', event: pushEvent, sha: MERGE_SHA });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /apply refused, nothing was changed: a newer commit on main \(3333333, this run is for 2222222\) changed seats\.yaml; its run applies/,
    );
    expect(sim.requests.filter((q) => q.method !== 'GET')).toEqual([]);
    expect(sim.requests.filter((q) => q.path.includes('/copilot/'))).toEqual([]);
    expect(r.summary).toContain('Apply refused');
  });

  it('applies when the newer commits left the seats file as it is (their runs are filtered out by paths)', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const ws = await workspace(SEATS);
    setBranchHead(sim.state, REPO, 'main', NEWER);
    putFile(sim.state, REPO, NEWER, 'seats.yaml', SEATS);
    const r = await run(sim, ws, { eventName: 'push', event: pushEvent, sha: MERGE_SHA });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/main moved on to 3333333, with the same seats\.yaml: applying/);
    expect(sim.requests.filter((q) => q.method === 'DELETE').length).toBeGreaterThan(0);
  });
});

describe('time-boxed seats that really end (schedule-mode: expire)', () => {
  it('a scheduled expire run cancels only the seats whose reviewed expires date has passed; the rest is drift', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const seats = `version: 1
org: acme
users:
  - ann
  - login: ben
    expires: 2026-01-01
  - jon
teams: [eng, old]
exempt:
  - login: ida
    expires: 2026-02-01
`;
    const scheduleEvent = { schedule: '17 6 * * *', repository: { full_name: REPO } };
    const r = await run(sim, await workspace(seats), {
      eventName: 'schedule',
      event: scheduleEvent,
      inputs: { 'schedule-mode': 'expire' },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/expire mode \(schedule event, schedule-mode: expire\)/);
    const writes = sim.requests.filter((q) => q.method !== 'GET' && q.path.includes('/copilot/'));
    expect(writes.map((q) => [q.method, q.body])).toEqual([
      ['DELETE', { selected_usernames: ['ben', 'ida'] }],
    ]);
    expect(pending(sim, 'ben')).toBe(true);
    expect(pending(sim, 'ida')).toBe(true);
    // jon's add is drift for a PR to review, not for a scheduled run to write.
    expect(r.outputs.drift).toBe('true');
    const issue = repoOf(sim.state, 'acme', 'seats-admin').issues.find((i) => !i.pull);
    expect(issue?.body).toMatch(/`jon`/);
    expect(issue?.body).not.toMatch(/`ben`/);
    // Today's point of the history counts the two seats just cancelled as pending.
    const hidden = /<!-- copilot-seats:history v1 ([\w-]+) -->/.exec(issue?.body ?? '')?.[1] ?? '';
    expect(JSON.parse(Buffer.from(hidden, 'base64url').toString())).toEqual([
      { date: new Date().toISOString().slice(0, 10), active: 5, pending: 2, cost: 95 },
    ]);
  });
});
