// The apply against every value of every undocumented GitHub behaviour (src/simulator/README.md):
// whichever way GitHub behaves, one apply converges, nothing the file keeps is cancelled, and a
// failed team add never lets the cancellation that relies on it go out.
import { describe, expect, it } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import { runApply } from '../../src/modes/apply.ts';
import { computePlan } from '../../src/modes/plan.ts';
import { removeMember } from '../../src/simulator/model.ts';
import {
  behaviourVariants,
  parseSimState,
  type SimBehaviour,
  type SimState,
} from '../../src/simulator/state.ts';
import type { DesiredState } from '../../src/plan/types.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';

useCheckedSimulators();

const NOW = new Date('2025-06-15T12:00:00Z');

/**
 * One of each edge: zed is seated directly and through 'old' (which the file drops); bob has a
 * direct seat and is a member of 'ml' (which the file adds); fay's only seat is through 'old' but
 * the file wants her; pam's seat is pending and the file wants it back; 'ml' is named differently
 * from its slug.
 */
function org(behaviour: SimBehaviour): SimState {
  const logins = [
    'artur-', // grandfathered logins: today's signup rules forbid them, seats carry them
    'gil--',
    'ann',
    'ben',
    'bob',
    'cat',
    'dan',
    'eve',
    'fay',
    'gus',
    'hal',
    'ida',
    'jon',
    'kim',
    'pam',
    'zed',
  ];
  const team = (slug: string, name: string, id: number, members: string[], selected: boolean) => ({
    slug,
    name,
    id,
    members,
    ...(selected ? { selected, selected_at: '2024-01-01T00:00:00Z' } : {}),
  });
  const direct = (login: string) => ({ login, direct: true, created_at: '2024-01-01T00:00:00Z' });
  return parseSimState({
    org: { login: 'acme', id: 1 },
    plan_type: 'business',
    seat_management_setting: 'assign_selected',
    now: '2025-06-15T12:00:00Z',
    billing_cycle_start: '2025-07-01',
    members: logins.map((login) => ({ login })),
    teams: [
      team('eng', 'Engineering', 1, ['cat', 'dan'], true),
      team('old', 'Old Team', 2, ['eve', 'fay', 'zed'], true),
      team('ml', 'Machine Learning', 3, ['gus', 'hal', 'bob'], false),
    ],
    seats: [
      direct('ann'),
      direct('gil--'),
      direct('ben'),
      direct('ida'),
      direct('bob'),
      { ...direct('zed'), teams: ['old'] },
      {
        login: 'pam',
        pending_cancellation_date: '2025-07-01',
        former_team: null,
        created_at: '2024-01-01T00:00:00Z',
      },
    ],
    behaviour,
  });
}

const SEATS = `version: 1
org: acme
users: [ann, jon, kim, fay, pam, artur-]
teams: [eng, ml]
exempt:
  - login: ida
`;

function desired(yaml: string): DesiredState {
  const { desired: d, errors } = parseSeats(yaml, 'seats.yaml');
  if (!d) throw new Error(errors.map((e) => e.message).join('\n'));
  return d;
}

const seatOf = (state: SimState, login: string) => state.seats.find((s) => s.login === login);
const active = (state: SimState, login: string) => {
  const s = seatOf(state, login);
  return !!s && !s.pending_cancellation_date;
};
const opts = { now: NOW, dryRun: false, allowMassRemoval: true };
const cancelledUsers = (sim: { requests: { method: string; route: string | null; body: unknown }[] }) =>
  sim.requests
    .filter((r) => r.method === 'DELETE' && r.route?.endsWith('selected_users'))
    .flatMap((r) => (r.body as { selected_usernames: string[] }).selected_usernames);

describe.each(behaviourVariants())('under $name', ({ behaviour }) => {
  it('one apply converges: the file is the org, nothing it keeps is cancelled', async () => {
    const sim = await startCheckedSimulator(org(behaviour));
    const client = fastClient(sim.url);
    const out = await runApply(client, desired(SEATS), opts);
    expect(out.refused).toBeUndefined();
    expect(out.report.mismatches).toEqual([]);
    expect(out.report.held).toEqual([]);
    expect(out.report.writes.every((w) => w.ok)).toBe(true);
    for (const login of [
      'ann',
      'fay',
      'jon',
      'kim',
      'pam',
      'ida',
      'cat',
      'dan',
      'gus',
      'hal',
      'bob',
      'artur-',
    ]) {
      expect([login, active(sim.state, login)]).toEqual([login, true]);
    }
    for (const login of ['ben', 'eve', 'zed'])
      expect([login, active(sim.state, login)]).toEqual([login, false]);
    // bob keeps his seat through ml, not directly: the file does not list him.
    expect(seatOf(sim.state, 'bob')).toMatchObject({ teams: ['ml'] });
    expect(seatOf(sim.state, 'bob')?.direct ?? false).toBe(false);

    const { plan } = await computePlan(client, desired(SEATS), NOW);
    expect([plan.add.users, plan.add.teams, plan.remove.users, plan.remove.teams]).toEqual([[], [], [], []]);
    expect(plan.errors).toEqual([]);
  });

  it('a team add refused for that team (422 naming it) holds back the cancellation that relies on it, run after run', async () => {
    const fault = {
      method: 'POST',
      route: '/orgs/{org}/copilot/billing/selected_teams',
      nth: Array.from({ length: 40 }, (_, i) => i + 1),
      status: 422,
      body: { message: 'Validation Failed: team Machine Learning cannot be assigned seats', status: '422' },
    };
    const sim = await startCheckedSimulator(org(behaviour), { faults: [fault] });
    const client = fastClient(sim.url);
    for (let run = 1; run <= 2; run++) {
      const out = await runApply(client, desired(SEATS), opts);
      expect(out.report.ok).toBe(false);
      expect(out.report.held.map((h) => [h.subject, h.code])).toContainEqual(['bob', 'held-for-team-add']);
      expect(active(sim.state, 'bob')).toBe(true);
      // The other writes still went out: ben's cancellation does not rely on the team.
      expect(cancelledUsers(sim)).toContain('ben');
      expect(cancelledUsers(sim)).not.toContain('bob');
    }
  });

  it('a team add that fails for every request (500 after retries) stops the apply before any cancellation', async () => {
    const fault = {
      method: 'POST',
      route: '/orgs/{org}/copilot/billing/selected_teams',
      nth: Array.from({ length: 40 }, (_, i) => i + 1),
      status: 500,
    };
    const sim = await startCheckedSimulator(org(behaviour), { faults: [fault] });
    const out = await runApply(fastClient(sim.url), desired(SEATS), opts);
    expect(out.report.ok).toBe(false);
    expect(out.report.held.map((h) => h.code)).toEqual(['apply-stopped', 'apply-stopped', 'apply-stopped']);
    expect(out.report.held[0]?.message).toMatch(/add-users not sent: the apply stopped/);
    expect(sim.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(active(sim.state, 'bob')).toBe(true);
  });

  it('a member who leaves before the write is isolated and reported; the others are seated', async () => {
    const sim = await startCheckedSimulator(org(behaviour), {
      onRequest: (r) => {
        if (r.path.endsWith('/memberships/kim')) removeMember(sim.state, 'kim');
      },
    });
    const out = await runApply(fastClient(sim.url), desired(SEATS), opts);
    expect(out.report.ok).toBe(false);
    // Either GitHub refuses kim (and only kim, after bisection) or skips kim silently and the
    // verification finds kim without a seat: reported either way.
    const failedNames = out.report.writes.filter((w) => !w.ok).flatMap((w) => w.names);
    const mismatched = out.report.mismatches.map((m) => m.subject);
    expect([...failedNames, ...mismatched]).toContain('kim');
    for (const login of ['jon', 'fay', 'pam'])
      expect([login, active(sim.state, login)]).toEqual([login, true]);
  });
});
