// The action as the runner runs it: the committed dist/index.js as a child process, with INPUT_*,
// GITHUB_* and an event payload, against the simulator on loopback.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeMember } from '../../src/simulator/model.ts';
import { createComment, registerPull, repoOf } from '../../src/simulator/repos.ts';
import {
  DEFAULT_SHA,
  runAction,
  type ActionRunOptions,
  workspaceWith,
  pullRequestEvent,
  pushEventOf,
  scheduleEventOf,
} from '../support/action.ts';
import { SEATS_YAML as SEATS, pushIsNewest, twelveMemberOrg, registerMergedPull } from '../support/orgs.ts';
import { startCheckedSimulator, useCheckedSimulators, type CheckedSimulator } from '../support/simulator.ts';

useCheckedSimulators();

const REPO = 'acme/seats-admin';
const TOKEN = 'ghp_e2eSecretTokenValue0123456789';
const MERGE_SHA = '1111111111111111111111111111111111111111';

const MATCHING = `version: 1
org: acme
users: [ann, ben, ida]
teams: [eng, old]
`;

const workspace = (seats: string) => workspaceWith(seats);
const prEvent = (n: number) => pullRequestEvent(REPO, n);
const pushEvent = pushEventOf(REPO, MERGE_SHA);
const scheduleEvent = scheduleEventOf(REPO);

function run(
  sim: CheckedSimulator,
  cwd: string,
  over: Partial<ActionRunOptions> & { inputs?: Record<string, string> },
) {
  pushIsNewest(sim.state, over.eventName, over.sha ?? DEFAULT_SHA);
  return runAction({
    apiUrl: sim.url,
    cwd,
    eventName: 'pull_request',
    event: prEvent(7),
    repository: REPO,
    ...over,
    inputs: { token: TOKEN, 'github-token': 'ghs_repoToken', ...over.inputs },
  });
}

const seatWrites = (sim: CheckedSimulator) =>
  sim.requests.filter((r) => r.method !== 'GET' && r.path.includes('/copilot/'));
const repo = (sim: CheckedSimulator) => repoOf(sim.state, 'acme', 'seats-admin');
const seat = (sim: CheckedSimulator, login: string) => sim.state.seats.find((s) => s.login === login);

describe('plan on a pull request', () => {
  it('posts one sticky comment, updates it in place on the next run, writes the summary and outputs', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
    const ws = await workspace(SEATS);
    const first = await run(sim, ws, {});
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/plan mode \(pull_request event\)/);
    expect(first.outputs['has-changes']).toBe('true');
    expect(first.outputs.adds).toBe('4'); // jon, kim, and gus + hal through ml (fay moves from a team to direct)
    expect(first.outputs.removals).toBe('2'); // ben, and eve through old
    expect(JSON.parse(first.outputs.plan ?? '{}')).toMatchObject({ version: 1, org: 'acme', safe: true });
    expect(first.summary).toMatch(/<!-- copilot-seats:plan org=acme fingerprint=v1\.[\w-]+ -->/);
    const comments = repo(sim).comments.filter((c) => c.issue_number === 7);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toMatch(/^<!-- copilot-seats:plan org=acme fingerprint=v1\.[\w-]+ -->\n/);
    expect(comments[0]?.body).toMatch(/`jon`/);
    // Short change tables are open: a reviewer sees the adds without a click.
    expect(comments[0]?.body).toContain('<details open><summary>Users to add (');
    // The job log has the plan as text, as the CLI prints it.
    expect(first.stdout).toMatch(/^\+ user jon {2}\(listed in seats\.yaml/m);
    expect(first.stdout).toMatch(/^Plan: \+4 seats, −2 seats/m);
    expect(first.stdout).toMatch(/^ {2}\+4 seats = new users \d+ \+ re-activations \d+ \+ team seats \d+/m);
    expect(seatWrites(sim)).toEqual([]);

    await writeFile(join(ws, 'seats.yaml'), SEATS.replace('kim, ', ''));
    const second = await run(sim, ws, {});
    expect(second.code).toBe(0);
    const after = repo(sim).comments.filter((c) => c.issue_number === 7);
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(comments[0]?.id);
    expect(after[0]?.body).not.toMatch(/`kim`/);
    expect(
      sim.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/issues/comments/')),
    ).toHaveLength(1);
  });

  it('ignores a spoofed marker comment written by someone else', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
    const r = repo(sim);
    createComment(sim.state, r, 7, 'mallory', {
      body: '<!-- copilot-seats:plan org=acme -->\nAll good, merge it!',
    });
    const result = await run(sim, await workspace(SEATS), {});
    expect(result.code).toBe(0);
    const comments = r.comments.filter((c) => c.issue_number === 7);
    expect(comments.map((c) => c.user)).toEqual(['mallory', 'github-actions[bot]']);
    expect(comments[0]?.body).toBe('<!-- copilot-seats:plan org=acme -->\nAll good, merge it!');
  });

  it('still plans into the job summary when the token may not comment (fork PRs)', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg(), {
      faults: [
        {
          method: 'POST',
          route: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
          nth: 1,
          status: 403,
          body: {
            message: 'Resource not accessible by integration',
            documentation_url: 'https://docs.github.com',
          },
        },
      ],
    });
    registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
    const result = await run(sim, await workspace(SEATS), {});
    expect(result.code).toBe(0);
    expect(result.summary).toMatch(/copilot-seats:plan/);
    expect(
      result.annotations.some((a) => a.level === 'warning' && /Could not comment on #7/.test(a.message)),
    ).toBe(true);
  });

  it('turns config errors into annotations on the file, fails, and calls no API at all', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const bad = 'version: 1\norg: acme\nusers:\n  - ann\n  - ANN\nteems: [eng]\n';
    const result = await run(sim, await workspace(bad), {});
    expect(result.code).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error' && a.props.file === 'seats.yaml');
    expect(errors.map((a) => a.props.line)).toEqual(['5', '6']);
    expect(errors[0]?.message).toMatch(/duplicate/i);
    expect(errors[1]?.message).toMatch(/did you mean 'teams'/);
    expect(sim.requests).toEqual([]);
  });

  it('refuses mode apply on a pull request event and changes nothing', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const result = await run(sim, await workspace(SEATS), {
      inputs: { mode: 'apply' },
      ref: 'refs/heads/main',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::copilot-seats: apply never runs on a pull_request event/);
    expect(sim.requests).toEqual([]);
  });
});

describe('apply on a push to the default branch', () => {
  it('applies the plan, comments on the merged PR, and a second run writes nothing', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    registerMergedPull(sim.state, MERGE_SHA);
    const ws = await workspace(SEATS);
    const first = await run(sim, ws, { eventName: 'push', event: pushEvent, sha: MERGE_SHA });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const applied = JSON.parse(first.outputs.applied ?? '{}');
    expect(applied.ok).toBe(true);
    expect(seat(sim, 'jon')?.direct).toBe(true);
    expect(seat(sim, 'fay')?.direct).toBe(true);
    expect(seat(sim, 'ben')?.pending_cancellation_date).toBe('2025-07-01');
    expect(seat(sim, 'eve')?.pending_cancellation_date).toBe('2025-07-01');
    expect(seat(sim, 'ida')?.pending_cancellation_date ?? null).toBeNull();
    const prComments = repo(sim).comments.filter((c) => c.issue_number === 9);
    expect(prComments).toHaveLength(1);
    expect(prComments[0]?.body).toMatch(/^<!-- copilot-seats:apply org=acme -->/);
    expect(first.summary).toMatch(/Applied/);

    const writesBefore = seatWrites(sim).length;
    expect(writesBefore).toBe(4);
    const second = await run(sim, ws, { eventName: 'push', event: pushEvent, sha: MERGE_SHA });
    expect(second.code).toBe(0);
    expect(second.outputs['has-changes']).toBe('false');
    expect(seatWrites(sim).length).toBe(writesBefore);
  });

  it('refuses a mass removal without allow-mass-removal, changing nothing', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const strict = SEATS + 'policy:\n  max_removals: 1\n';
    const result = await run(sim, await workspace(strict), { eventName: 'push', event: pushEvent });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /apply refused, nothing was changed: the plan cancels 2 seats, more than the limit of 1/,
    );
    expect(seatWrites(sim)).toEqual([]);
  });

  it('refuses clearly when the org is not assign_selected', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg({ seat_management_setting: 'assign_all' }));
    const result = await run(sim, await workspace(SEATS), { eventName: 'push', event: pushEvent });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/seat management is 'assign_all'.*'assign_selected'/);
    expect(seatWrites(sim)).toEqual([]);
  });

  it('seats the others when one name of a batch fails, reports it, and fails the step', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg(), {
      onRequest: (r) => {
        if (r.path.endsWith('/memberships/kim')) removeMember(sim.state, 'kim');
      },
    });
    const result = await run(sim, await workspace(SEATS), { eventName: 'push', event: pushEvent });
    expect(result.code).toBe(1);
    expect(seat(sim, 'jon')?.direct).toBe(true);
    expect(seat(sim, 'kim')).toBeUndefined();
    expect(
      result.annotations.some((a) => a.level === 'error' && /add-users \(kim\) failed: 404/.test(a.message)),
    ).toBe(true);
    expect(JSON.parse(result.outputs.applied ?? '{}').ok).toBe(false);
  });

  it('dry-run changes nothing', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const result = await run(sim, await workspace(SEATS), {
      eventName: 'push',
      event: pushEvent,
      inputs: { 'dry-run': 'true' },
    });
    expect(result.code).toBe(0);
    expect(result.summary).toMatch(/Dry run/);
    expect(seatWrites(sim)).toEqual([]);
  });
});

describe('drift on a schedule', () => {
  it('opens one issue, updates it while drift lasts, closes it when the drift is gone', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const ws = await workspace(SEATS);
    const drift = () => run(sim, ws, { eventName: 'schedule', event: scheduleEvent });
    const first = await drift();
    expect(first.code).toBe(0);
    expect(first.outputs.drift).toBe('true');
    expect(first.stdout).toMatch(/^- user ben {2}\(not in seats\.yaml\)$/m);
    const issues = () => repo(sim).issues.filter((i) => !i.pull);
    expect(issues()).toHaveLength(1);
    expect(issues()[0]).toMatchObject({ state: 'open', labels: ['copilot-seats-drift'] });

    await drift();
    expect(issues()).toHaveLength(1);
    expect(
      sim.requests.filter(
        (r) => r.method === 'PATCH' && r.route === '/repos/{owner}/{repo}/issues/{issue_number}',
      ),
    ).toHaveLength(1);

    await writeFile(join(ws, 'seats.yaml'), MATCHING);
    const gone = await drift();
    expect(gone.outputs.drift).toBe('false');
    expect(issues()[0]?.state).toBe('closed');
    expect(repo(sim).comments.at(-1)?.body).toMatch(/match seats\.yaml again/);
    expect(seatWrites(sim)).toEqual([]);
  });

  it('keeps the history of the last runs in the issue: one point a day, carried over to a new issue', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const ws = await workspace(SEATS);
    // The runs are a day apart: the action's clock is moved back a day for the first one.
    const clock = join(ws, 'yesterday.cjs');
    await writeFile(
      clock,
      `const D = Date;
globalThis.Date = class extends D {
  constructor(...a) { a.length === 0 ? super(D.now() - 86400000) : super(...a); }
  static now() { return D.now() - 86400000; }
};
`,
    );
    const drift = (env: Record<string, string> = {}) =>
      run(sim, ws, { eventName: 'schedule', event: scheduleEvent, env });
    const issues = () => repo(sim).issues.filter((i) => !i.pull);
    const history = (body: string) => {
      const m = /<!-- copilot-seats:history v1 ([\w-]+) -->/.exec(body);
      return m ? (JSON.parse(Buffer.from(m[1] as string, 'base64url').toString()) as unknown[]) : null;
    };
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const today = day(Date.now());
    const yesterday = day(Date.now() - 86_400_000);

    const first = await drift({ NODE_OPTIONS: `--require ${clock}` });
    expect(first.code).toBe(0);
    const body1 = issues()[0]?.body ?? '';
    expect(history(body1)).toEqual([{ date: yesterday, active: 7, pending: 0, cost: 133 }]);
    expect(body1.match(/```mermaid/g)).toHaveLength(2); // by source and idle days: no trend from one point
    // 3 direct seats and 4 through the org's teams (eng, old).
    expect(body1).toMatch(
      /pie showData\n {4}title Seats by source \(7\)\n {4}"Direct" : 3\n {4}"Org team" : 4\n```/,
    );

    const second = await drift();
    expect(second.code).toBe(0);
    expect(issues()).toHaveLength(1);
    const body2 = issues()[0]?.body ?? '';
    expect(history(body2)).toEqual([
      { date: yesterday, active: 7, pending: 0, cost: 133 },
      { date: today, active: 7, pending: 0, cost: 133 },
    ]);
    expect(body2).toMatch(/line \[7, 7\]/);
    expect(body2).toMatch(/line \[133, 133\]/);
    expect(second.summary).toMatch(/line \[7, 7\]/);

    // A second run the same day replaces today's point.
    await drift();
    expect(history(issues()[0]?.body ?? '')).toHaveLength(2);

    // The drift is gone: the issue closes. When it returns, the new issue carries the history on.
    await writeFile(join(ws, 'seats.yaml'), MATCHING);
    await drift();
    expect(issues()[0]?.state).toBe('closed');
    await writeFile(join(ws, 'seats.yaml'), SEATS);
    await drift();
    expect(issues()).toHaveLength(2);
    expect(issues()[1]?.state).toBe('open');
    expect(history(issues()[1]?.body ?? '')).toHaveLength(2);
    expect(seatWrites(sim)).toEqual([]);
  });

  it('fails the step on drift with fail-on-drift', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const result = await run(sim, await workspace(SEATS), {
      eventName: 'schedule',
      event: scheduleEvent,
      inputs: { 'fail-on-drift': 'true', 'drift-issue': 'false' },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::copilot-seats: the live org has drifted from seats.yaml/);
    expect(repo(sim).issues).toEqual([]);
  });
});

describe('the token', () => {
  it('never appears in logs, outputs, summaries, comments or errors', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg(), {
      faults: [{ method: 'GET', route: '/orgs/{org}/copilot/billing', nth: 1, status: 401 }],
    });
    registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
    const failed = await run(sim, await workspace(SEATS), {});
    const ok = await run(sim, await workspace(SEATS), {});
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/401/);
    expect(ok.code).toBe(0);
    // ::add-mask:: is how the action tells the runner to mask it: the runner consumes that line.
    const shown = (out: string) => out.replace(/^::add-mask::.*$/gm, '');
    expect(failed.stdout).toContain(`::add-mask::${TOKEN}`);
    const everything = [failed, ok]
      .flatMap((r) => [shown(r.stdout), r.stderr, r.summary, JSON.stringify(r.outputs)])
      .concat(repo(sim).comments.map((c) => c.body))
      .join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('ghs_repoToken');
  });
});
