// The action at enterprise scope as the runner runs it (dist/index.js, a seats.yaml with
// `enterprise:`), against the checked simulator: the plan comment on a pull request, the apply on
// the push after merge bound to that reviewed plan, and a scheduled drift run.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergePull, registerPull, repoOf, setBranchHead } from '../../src/simulator/repos.ts';
import { withBehaviour } from '../../src/simulator/state.ts';
import {
  runAction,
  type ActionRunOptions,
  workspaceWith,
  pullRequestEvent,
  pushEventOf,
  scheduleEventOf,
} from '../support/action.ts';
import { ENTERPRISE_SEATS, enterprise } from '../support/enterprise.ts';
import { startCheckedSimulator, useCheckedSimulators, type CheckedSimulator } from '../support/simulator.ts';

useCheckedSimulators();

const REPO = 'acme/seats-admin';
const TOKEN = 'ghp_enterpriseE2eToken0123456789';
const MERGE_SHA = '3333333333333333333333333333333333333333';
// Three cancellations (mona-acme's counts, though she keeps her acme seat) are more than the
// default limit of this small enterprise allows.
const SEATS = `${ENTERPRISE_SEATS}policy:\n  max_removals: 5\n`;
const MARKER = /^<!-- copilot-seats:plan enterprise=acme-corp fingerprint=v1\.[\w-]+ -->$/;

const workspace = (seats: string) => workspaceWith(seats);
const prEvent = (n: number) => pullRequestEvent(REPO, n, { baseSha: 'base000', labels: [] });
const pushEvent = pushEventOf(REPO, MERGE_SHA);
const scheduleEvent = scheduleEventOf(REPO);

/** By default a classic PAT of an enterprise owner, with the scope its endpoints take. */
const start = (scopes: string[] | null = ['manage_billing:copilot', 'repo']) =>
  startCheckedSimulator(enterprise(), { tokenScopes: { [TOKEN]: scopes } });

function run(sim: CheckedSimulator, cwd: string, over: Partial<ActionRunOptions>) {
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

function push(sim: CheckedSimulator, ws: string) {
  setBranchHead(sim.state, REPO, 'main', MERGE_SHA);
  return run(sim, ws, { eventName: 'push', event: pushEvent, sha: MERGE_SHA });
}

const seatWrites = (sim: CheckedSimulator) =>
  sim.requests.filter((r) => r.method !== 'GET' && r.path.includes('/copilot/'));
const repo = (sim: CheckedSimulator) => repoOf(sim.state, 'acme', 'seats-admin');
const comments = (sim: CheckedSimulator, n: number) => repo(sim).comments.filter((c) => c.issue_number === n);
const active = (sim: CheckedSimulator, login: string) => {
  const s = sim.state.seats.find((seat) => seat.login === login);
  return !!s && !s.pending_cancellation_date;
};

describe('the action at enterprise scope', () => {
  it('plans on the pull request, applies the reviewed plan on the push after merge, and a second push writes nothing', async () => {
    const sim = await start();
    registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
    const ws = await workspace(SEATS);

    const planned = await run(sim, ws, {});
    expect(planned.stderr).toBe('');
    expect(planned.code).toBe(0);
    expect(planned.outputs['has-changes']).toBe('true');
    expect(planned.outputs.adds).toBe('2'); // auditor-ada, and new-nia through ent:next-wave
    // Seats lost, as max_removals counts them: contractor-cruz, and temp-tia through ent:legacy.
    // mona-acme's enterprise assignment goes too, but her acme seat stays: nobody loses Copilot.
    expect(planned.outputs.removals).toBe('2');
    expect(planned.stdout).toMatch(/^Copilot seats plan for enterprise acme-corp \(8 live seats\)$/m);
    expect(planned.stdout).toMatch(/^Plan: \+2 seats, −2 seats · est\. \$0\/month$/m);
    expect(planned.stdout).toMatch(
      /^- user mona-acme {2}\(not in seats\.yaml; keeps a seat through org 'acme'/m,
    );
    const plan = JSON.parse(planned.outputs.plan ?? '{}') as Record<string, unknown>;
    expect(plan).toMatchObject({ version: 1, enterprise: 'acme-corp', safe: true });
    const posted = comments(sim, 7);
    expect(posted).toHaveLength(1);
    const body = posted[0]?.body ?? '';
    expect(body.split('\n')[0]).toMatch(MARKER);
    expect(body).toMatch(/`auditor-ada`/);
    expect(body).toMatch(/`contractor-cruz`/);
    expect(body).toMatch(/ent:legacy/);
    expect(body).toMatch(/mona-acme/);
    expect(planned.summary).toMatch(
      /<!-- copilot-seats:plan enterprise=acme-corp fingerprint=v1\.[\w-]+ -->/,
    );
    expect(seatWrites(sim)).toEqual([]);

    mergePull(sim.state, REPO, 7, MERGE_SHA);
    const applied = await push(sim, ws);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/bound to the reviewed plan of #7/);
    const report = JSON.parse(applied.outputs.applied ?? '{}') as Record<string, unknown>;
    expect(report).toMatchObject({ ok: true, binding: { source: '#7' }, mismatches: [], held: [] });
    expect(seatWrites(sim).map((r) => `${r.method} ${r.route}`)).toEqual([
      'POST /enterprises/{enterprise}/copilot/billing/selected_enterprise_teams',
      'POST /enterprises/{enterprise}/copilot/billing/selected_users',
      'DELETE /enterprises/{enterprise}/copilot/billing/selected_users',
      'DELETE /enterprises/{enterprise}/copilot/billing/selected_enterprise_teams',
    ]);
    for (const login of ['hubot', 'auditor-ada', 'new-nia', 'mona-acme', 'lab-kim', 'octocat', 'lab-lee'])
      expect([login, active(sim, login)]).toEqual([login, true]);
    for (const login of ['contractor-cruz', 'temp-tia'])
      expect([login, active(sim, login)]).toEqual([login, false]);
    const result = comments(sim, 7).find((c) => c.body.startsWith('<!-- copilot-seats:apply'))?.body ?? '';
    expect(result.split('\n')[0]).toBe('<!-- copilot-seats:apply enterprise=acme-corp -->');
    expect(result).toContain('**Bound to** the reviewed plan of #7');
    expect(applied.summary).toMatch(/Applied/);

    const writes = seatWrites(sim).length;
    const again = await push(sim, ws);
    expect(again.code).toBe(0);
    expect(again.outputs['has-changes']).toBe('false');
    expect(seatWrites(sim)).toHaveLength(writes);
  });

  it('waits for a team cancellation GitHub accepted for later (202) and converges', async () => {
    const sim = await startCheckedSimulator(
      withBehaviour(enterprise(), { enterprise_team_delete: 'async' }),
      {
        tokenScopes: { [TOKEN]: ['manage_billing:copilot'] },
      },
    );
    const ws = await workspace(SEATS);
    const applied = await push(sim, ws);
    expect(applied.code).toBe(0);
    const report = JSON.parse(applied.outputs.applied ?? '{}') as {
      ok: boolean;
      writes: { kind: string; status: number }[];
      notes: { code: string }[];
    };
    expect(report.ok).toBe(true);
    expect(report.writes.filter((w) => w.kind === 'remove-teams').map((w) => w.status)).toEqual([202]);
    expect(report.notes.filter((n) => n.code === 'still-processing')).toEqual([]);
    expect(active(sim, 'temp-tia')).toBe(false);
  });

  it('reports drift on a schedule in one issue, and closes it when the enterprise matches the file', async () => {
    const sim = await start();
    const ws = await workspace(SEATS);
    const drift = () => run(sim, ws, { eventName: 'schedule', event: scheduleEvent });
    const first = await drift();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.outputs.drift).toBe('true');
    expect(first.stdout).toMatch(/^- user contractor-cruz {2}\(not in seats\.yaml\)$/m);
    const issues = () => repo(sim).issues.filter((i) => !i.pull);
    expect(issues()).toHaveLength(1);
    expect(issues()[0]).toMatchObject({ state: 'open', labels: ['copilot-seats-drift'] });
    expect(issues()[0]?.body).toMatch(/acme-corp/);
    expect(seatWrites(sim)).toEqual([]);

    // The enterprise is brought in line by hand: the next scheduled run finds no drift.
    const matching = `version: 1
enterprise: acme-corp
users: [contractor-cruz, mona-acme]
teams: [copilot-pilot, data-science, legacy]
`;
    await writeFile(join(ws, 'seats.yaml'), matching);
    const gone = await drift();
    expect(gone.code).toBe(0);
    expect(gone.outputs.drift).toBe('false');
    expect(issues()).toHaveLength(1);
    expect(issues()[0]?.state).toBe('closed');
    expect(seatWrites(sim)).toEqual([]);
  });

  it('a classic token that may only read: the PR plan works, the apply after merge is refused before any write', async () => {
    const sim = await start(['read:enterprise', 'repo']);
    registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
    const ws = await workspace(SEATS);
    const planned = await run(sim, ws, {});
    expect(planned.code).toBe(0);
    expect(comments(sim, 7)[0]?.body.split('\n')[0]).toMatch(MARKER);
    mergePull(sim.state, REPO, 7, MERGE_SHA);
    const applied = await push(sim, ws);
    expect(applied.code).toBe(1);
    const errors = applied.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors.join('\n')).toMatch(/manage_billing:copilot/);
    expect(errors.join('\n')).toMatch(/Nothing was changed/);
    expect(seatWrites(sim)).toEqual([]);
  });

  it('a fine-grained or App token: the PR plan fails with an error that says which token it needs', async () => {
    const sim = await start(null);
    registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
    const planned = await run(sim, await workspace(SEATS), {});
    expect(planned.code).toBe(1);
    const errors = planned.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors.join('\n')).toMatch(
      /403 Resource not accessible by personal access token.*classic personal access token of an enterprise owner, with manage_billing:copilot/,
    );
    expect(seatWrites(sim)).toEqual([]);
  });
});
