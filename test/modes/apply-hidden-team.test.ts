// A user with a direct seat who is also in a selected team (or an enterprise team): the API shows
// the seat as direct, so a plan that cancels the user sends the DELETE; GitHub removes the direct
// assignment and the seat stays through the team. That is not a failed apply (found by the
// property tests in test/property/).
import { describe, expect, it } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import { runApply } from '../../src/modes/apply.ts';
import { computePlan } from '../../src/modes/plan.ts';
import { fingerprintOf } from '../../src/plan/fingerprint.ts';
import { parseSimState } from '../../src/simulator/state.ts';
import type { DesiredState } from '../../src/plan/types.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';

useCheckedSimulators();

const NOW = new Date('2025-06-15T12:00:00Z');

function load(yaml: string): DesiredState {
  const { desired, errors } = parseSeats(yaml, 'seats.yaml');
  if (!desired) throw new Error(errors.map((e) => e.message).join('\n'));
  return desired;
}

const org = (enterprise: boolean) =>
  parseSimState({
    org: 'acme',
    now: '2025-06-15T12:00:00Z',
    billing_cycle_start: '2025-07-01',
    members: [{ login: 'ann' }, { login: 'cyd' }],
    teams: enterprise
      ? []
      : [
          {
            slug: 'eng',
            name: 'Eng',
            id: 1,
            members: ['ann', 'cyd'],
            selected: true,
            selected_at: '2024-01-01T00:00:00Z',
          },
        ],
    enterprise_teams: enterprise
      ? [{ slug: 'ent:pilot', name: 'Pilot', id: 9, members: ['cyd'], selected_at: '2024-01-01T00:00:00Z' }]
      : [],
    seats: [{ login: 'cyd', direct: true, created_at: '2024-01-01T00:00:00Z' }],
  });

describe('cancelling a direct seat that a team also gives', () => {
  it.each([
    ['an org team the file keeps', false, 'version: 1\norg: acme\nteams: [eng]\n'],
    ['an enterprise team', true, 'version: 1\norg: acme\n'],
  ])(
    'through %s: the direct assignment goes, the seat stays, the apply is ok and converges',
    async (_, ent, yaml) => {
      const sim = await startCheckedSimulator(org(ent));
      const client = fastClient(sim.url);
      const out = await runApply(client, load(yaml), { now: NOW, dryRun: false, allowMassRemoval: true });
      expect(out.plan.remove.users.map((u) => u.login)).toEqual(['cyd']);
      expect(out.report.mismatches).toEqual([]);
      expect(out.report.ok).toBe(true);
      const seat = sim.state.seats.find((s) => s.login === 'cyd');
      expect(seat?.direct).toBeFalsy();
      expect(seat?.pending_cancellation_date ?? null).toBeNull();
      const { plan } = await computePlan(client, load(yaml), NOW);
      expect(plan.remove.users).toEqual([]);
    },
  );
});

describe('a direct seat hidden behind a team (direct_and_team=team), its follow-up cancellation failed', () => {
  it('is cancelled by the re-run under the same review: the reviewed team cancellation took that seat', async () => {
    const state = parseSimState({
      org: { login: 'acme', id: 1 },
      now: '2025-06-15T12:00:00Z',
      billing_cycle_start: '2025-07-01',
      members: [{ login: 'u' }, { login: 'anchor' }],
      teams: [
        {
          slug: 't-red',
          name: 'Red Team',
          id: 100,
          members: ['u', 'anchor'],
          selected: true,
          selected_at: '2024-01-10T09:00:00Z',
        },
      ],
      seats: [{ login: 'u', direct: true, created_at: '2024-03-01T00:00:00Z' }],
      behaviour: { direct_and_team: 'team' },
    });
    const desired = load('version: 1\norg: acme\npolicy:\n  max_removals: 100%\n');
    const opts = { now: NOW, dryRun: false, allowMassRemoval: false };
    const quiet = await startCheckedSimulator(state);
    const { plan: reviewed } = await computePlan(fastClient(quiet.url), desired, NOW);
    await quiet.close();
    const bound = { source: '#1', fingerprint: fingerprintOf(reviewed) };
    expect(bound.fingerprint.teamSeats).toEqual(['anchor', 'u']);

    const failing = {
      method: 'DELETE',
      route: '/orgs/{org}/copilot/billing/selected_users',
      nth: Array.from({ length: 10 }, (_, i) => i + 1),
      status: 502,
    };
    const noisy = await startCheckedSimulator(state, { faults: [failing] });
    const first = await runApply(fastClient(noisy.url), desired, { ...opts, reviewed: bound });
    await noisy.close();
    expect(first.report.writes.map((w) => [w.kind, w.ok])).toEqual([
      ['remove-teams', true],
      ['remove-users', false],
    ]);

    const clean = await startCheckedSimulator(state);
    const again = await runApply(fastClient(clean.url), desired, { ...opts, reviewed: bound });
    expect(again.report.held).toEqual([]);
    expect(again.report.writes.map((w) => [w.kind, w.names, w.ok])).toEqual([['remove-users', ['u'], true]]);
    expect(again.report.notes.map((n) => n.code)).toContain('covered-by-team-cancel');
    expect(state.seats.find((s) => s.login === 'u')?.pending_cancellation_date).toBe('2025-07-01');
  });
});
