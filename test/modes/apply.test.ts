// Apply against the simulator over real HTTP: the plan is re-made from the live org, refused when
// unsafe, written in order, verified; a second apply writes nothing.
import { describe, expect, it } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import { runApply } from '../../src/modes/apply.ts';
import { computePlan } from '../../src/modes/plan.ts';
import { removeMember } from '../../src/simulator/model.ts';
import type { SimState } from '../../src/simulator/state.ts';
import type { DesiredState } from '../../src/plan/types.ts';
import { fastClient } from '../support/client.ts';
import { SEATS_YAML as SEATS, TWELVE_NOW, twelveMemberOrg } from '../support/orgs.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';

useCheckedSimulators();

const NOW = new Date(TWELVE_NOW);

function desired(yaml: string): DesiredState {
  const { desired, errors } = parseSeats(yaml, 'seats.yaml');
  if (!desired) throw new Error(errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  return desired;
}

const writes = (sim: { requests: { method: string }[] }) => sim.requests.filter((r) => r.method !== 'GET');
const seatOf = (state: SimState, login: string) => state.seats.find((s) => s.login === login);

describe('apply', () => {
  it('makes the live org match the file, in the safe order, then a second apply writes nothing', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const client = fastClient(sim.url);
    const first = await runApply(client, desired(SEATS), {
      now: NOW,
      dryRun: false,
      allowMassRemoval: false,
    });
    expect(first.refused).toBeUndefined();
    expect(first.report.ok).toBe(true);
    expect(first.report.writes.map((w) => [w.kind, w.names])).toEqual([
      ['add-teams', ['Machine Learning']],
      ['add-users', ['fay', 'jon', 'kim']],
      ['remove-users', ['ben']],
      ['remove-teams', ['Old Team']],
    ]);
    // fay lost her team seat but kept a direct one; eve (not desired) is leaving; ida is exempt.
    expect(seatOf(sim.state, 'fay')).toMatchObject({ direct: true });
    expect(seatOf(sim.state, 'fay')?.pending_cancellation_date ?? null).toBeNull();
    expect(seatOf(sim.state, 'eve')?.pending_cancellation_date).toBe('2025-07-01');
    expect(seatOf(sim.state, 'ben')?.pending_cancellation_date).toBe('2025-07-01');
    expect(seatOf(sim.state, 'ida')?.pending_cancellation_date ?? null).toBeNull();
    expect(seatOf(sim.state, 'gus')?.teams).toEqual(['ml']);

    const { plan } = await computePlan(client, desired(SEATS), NOW);
    expect([plan.add.users, plan.add.teams, plan.remove.users, plan.remove.teams]).toEqual([[], [], [], []]);
    const before = writes(sim).length;
    const second = await runApply(client, desired(SEATS), {
      now: NOW,
      dryRun: false,
      allowMassRemoval: false,
    });
    expect(second.report.writes).toEqual([]);
    expect(writes(sim).length).toBe(before);
  });

  it('dry-run writes nothing but reports what it would send', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const out = await runApply(fastClient(sim.url), desired(SEATS), {
      now: NOW,
      dryRun: true,
      allowMassRemoval: false,
    });
    expect(out.report.dryRun).toBe(true);
    expect(out.report.writes.map((w) => w.kind)).toEqual([
      'add-teams',
      'add-users',
      'remove-users',
      'remove-teams',
    ]);
    expect(writes(sim)).toEqual([]);
  });

  it('refuses mass removal unless allowed, and writes nothing', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const strict = desired(SEATS + 'policy:\n  max_removals: 1\n');
    const refused = await runApply(fastClient(sim.url), strict, {
      now: NOW,
      dryRun: false,
      allowMassRemoval: false,
    });
    expect(refused.refused).toMatch(/cancels 2 seats, more than the limit of 1 .*allow-mass-removal: true/);
    expect(refused.report.ok).toBe(false);
    expect(writes(sim)).toEqual([]);
    const allowed = await runApply(fastClient(sim.url), strict, {
      now: NOW,
      dryRun: false,
      allowMassRemoval: true,
    });
    expect(allowed.report.ok).toBe(true);
  });

  it('refuses when the org is not assign_selected, and writes nothing', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg({ seat_management_setting: 'assign_all' }));
    const out = await runApply(fastClient(sim.url), desired(SEATS), {
      now: NOW,
      dryRun: false,
      allowMassRemoval: false,
    });
    expect(out.refused).toMatch(/assign_all/);
    expect(writes(sim)).toEqual([]);
  });

  it('after merge, skips a login that is not a member (yet), applies the rest, and reports it', async () => {
    const state = twelveMemberOrg();
    state.members.push({ login: 'invitee', pending: true });
    const sim = await startCheckedSimulator(state);
    const seats = desired(SEATS.replace('kim,', 'kim, stranger, invitee,'));
    const out = await runApply(fastClient(sim.url), seats, {
      now: NOW,
      dryRun: false,
      allowMassRemoval: false,
    });
    expect(out.refused).toBeUndefined();
    expect(out.report.skipped.map((f) => [f.subject, f.code])).toEqual([
      ['invitee', 'skipped-entry'],
      ['stranger', 'skipped-entry'],
    ]);
    expect(out.report.skipped[0]?.message).toMatch(/invitation.*not seated in this run/);
    // Everything else went through, in one write per kind.
    expect(out.report.writes.map((w) => [w.kind, w.names, w.ok])).toEqual([
      ['add-teams', ['Machine Learning'], true],
      ['add-users', ['fay', 'jon', 'kim'], true],
      ['remove-users', ['ben'], true],
      ['remove-teams', ['Old Team'], true],
    ]);
    expect(out.report.ok).toBe(false); // the step fails: the file asks for seats it did not get
  });

  it('a team that does not exist holds every cancellation back; adds still go through', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const seats = desired(SEATS.replace('teams: [eng, ml]', 'teams: [eng, ml, ghost]'));
    const out = await runApply(fastClient(sim.url), seats, {
      now: NOW,
      dryRun: false,
      allowMassRemoval: false,
    });
    expect(out.refused).toBeUndefined();
    expect(out.report.writes.map((w) => w.kind)).toEqual(['add-teams', 'add-users']);
    expect(out.report.held.map((h) => [h.subject, h.code])).toEqual([
      ['ben', 'held-unknown-team'],
      ['old', 'held-unknown-team'],
    ]);
    expect(seatOf(sim.state, 'ben')?.pending_cancellation_date ?? null).toBeNull();
    expect(out.report.ok).toBe(false);
  });

  it('refuses the whole apply for an error that is not about one entry (seat management)', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg({ seat_management_setting: 'assign_all' }));
    const seats = desired(SEATS);
    const out = await runApply(fastClient(sim.url), seats, {
      now: NOW,
      dryRun: false,
      allowMassRemoval: false,
    });
    expect(out.refused).toMatch(/'assign_selected'/);
    expect(writes(sim)).toEqual([]);
  });

  it('isolates a name that fails at write time: the others are still seated, the failure is reported', async () => {
    // kim passes the membership check, then leaves the org before the write.
    const sim = await startCheckedSimulator(twelveMemberOrg(), {
      onRequest: (r) => {
        if (r.path.endsWith('/memberships/kim')) removeMember(sim.state, 'kim');
      },
    });
    const out = await runApply(fastClient(sim.url), desired(SEATS), {
      now: NOW,
      dryRun: false,
      allowMassRemoval: false,
    });
    expect(out.report.ok).toBe(false);
    const failed = out.report.writes.filter((w) => !w.ok);
    expect(failed.map((w) => [w.kind, w.names, w.status])).toEqual([['add-users', ['kim'], 404]]);
    expect(seatOf(sim.state, 'jon')).toBeDefined();
    expect(seatOf(sim.state, 'fay')?.direct).toBe(true);
    expect(seatOf(sim.state, 'kim')).toBeUndefined();
    // kim had no seat through the old team, so her failed add holds nothing back: the old team is
    // cancelled (fay, whose seat came through it, was added directly first).
    expect(seatOf(sim.state, 'eve')?.pending_cancellation_date).toBeTruthy();
    expect(seatOf(sim.state, 'fay')?.pending_cancellation_date ?? null).toBeNull();
  });

  it('holds the cancellation of a team whose member it was to add directly, when that add fails', async () => {
    // fay is seated only through the old team; the plan adds her directly before cancelling it.
    // After her membership check her membership turns pending, so GitHub refuses her add (404 that
    // names her): cancelling the team would then take her seat.
    const sim = await startCheckedSimulator(twelveMemberOrg(), {
      onRequest: (r) => {
        if (!r.path.endsWith('/memberships/fay')) return;
        const fay = sim.state.members.find((m) => m.login === 'fay');
        if (fay) fay.pending = true;
      },
    });
    const out = await runApply(fastClient(sim.url), desired(SEATS), {
      now: NOW,
      dryRun: false,
      allowMassRemoval: false,
    });
    expect(out.report.ok).toBe(false);
    expect(out.report.held).toMatchObject([{ code: 'held-for-user-add', subject: 'old' }]);
    expect(sim.requests.filter((r) => r.method === 'DELETE' && r.path.endsWith('/selected_teams'))).toEqual(
      [],
    );
    // Her add was tried and refused; nothing else was held.
    expect(out.report.writes.filter((w) => !w.ok).map((w) => [w.kind, w.names])).toEqual([
      ['add-users', ['fay']],
    ]);
    expect(seatOf(sim.state, 'fay')?.pending_cancellation_date ?? null).toBeNull();
    expect(seatOf(sim.state, 'eve')?.pending_cancellation_date ?? null).toBeNull();
  });

  it('retries a failed write (502, dropped connection) and still converges', async () => {
    const route = '/orgs/{org}/copilot/billing/selected_users';
    const sim = await startCheckedSimulator(twelveMemberOrg(), {
      faults: [
        { method: 'POST', route, nth: 1, status: 502 },
        { method: 'DELETE', route, nth: 1, drop: true, afterHandler: true },
      ],
    });
    const client = fastClient(sim.url);
    const out = await runApply(client, desired(SEATS), { now: NOW, dryRun: false, allowMassRemoval: false });
    expect(out.report.ok).toBe(true);
    expect(out.report.mismatches).toEqual([]);
    const { plan } = await computePlan(client, desired(SEATS), NOW);
    expect(plan.add.users.length + plan.remove.users.length + plan.remove.teams.length).toBe(0);
  });

  it('splits more than 100 names into batches of at most 100', async () => {
    const many = Array.from({ length: 230 }, (_, i) => `user${i}`);
    const sim = await startCheckedSimulator(
      twelveMemberOrg({ members: many.map((login) => ({ login })), seats: [], teams: [] }),
    );
    const yaml = `version: 1\norg: acme\nusers:\n${many.map((l) => `  - ${l}`).join('\n')}\n`;
    const out = await runApply(fastClient(sim.url), desired(yaml), {
      now: NOW,
      dryRun: false,
      allowMassRemoval: false,
    });
    expect(out.report.ok).toBe(true);
    expect(
      writes(sim).map(
        (r) => (r as unknown as { body: { selected_usernames: string[] } }).body.selected_usernames.length,
      ),
    ).toEqual([100, 100, 30]);
    expect(sim.state.seats).toHaveLength(230);
  });

  it.each([
    ['seat management switched to assign_all mid-apply (422 naming nobody)', 'assign_all'],
    ['a 403 on the second write', '403'],
  ])('stops at once on %s: writes do not multiply', async (_what, how) => {
    const many = Array.from({ length: 230 }, (_, i) => `user${i}`);
    const faults =
      how === '403'
        ? [
            {
              method: 'POST',
              route: '/orgs/{org}/copilot/billing/selected_users',
              nth: 2,
              status: 403,
              body: { message: 'Resource not accessible by integration', status: '403' },
            },
          ]
        : [];
    const sim = await startCheckedSimulator(
      twelveMemberOrg({ members: many.map((login) => ({ login })), seats: [], teams: [] }),
      {
        faults,
        onRequest: (r) => {
          if (how === 'assign_all' && r.method === 'POST') sim.state.seat_management_setting = 'assign_all';
        },
      },
    );
    const yaml = `version: 1\norg: acme\nusers:\n${many.map((l) => `  - ${l}`).join('\n')}\n`;
    const out = await runApply(fastClient(sim.url), desired(yaml), {
      now: NOW,
      dryRun: false,
      allowMassRemoval: false,
    });
    // One write went through, the second failed for every name alike: no bisection, no third.
    expect(writes(sim)).toHaveLength(2);
    expect(out.report.writes.map((w) => [w.names.length, w.ok])).toEqual([
      [100, true],
      [100, false],
    ]);
    expect(out.report.held).toMatchObject([{ code: 'apply-stopped', subject: '30 names' }]);
    expect(out.report.ok).toBe(false);
  });
});
