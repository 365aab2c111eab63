// A user with a direct seat who is also in a selected team (or an enterprise team): the API shows
// the seat as direct, so a plan that cancels the user sends the DELETE; GitHub removes the direct
// assignment and the seat stays through the team. That is not a failed apply (found by the
// property tests in test/property/).
import { describe, expect, it } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import { runApply } from '../../src/modes/apply.ts';
import { computePlan } from '../../src/modes/plan.ts';
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
