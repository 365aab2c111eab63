// The apply's request budget at 1,000 seats: the re-plan reads what a plan reads, the writes are
// one per batch, and the verification takes the cheaper way (each touched seat, or the list again)
// without giving up on any touched name.
import { describe, expect, it } from 'vitest';
import { makeScenario } from '../../bench/scenario.ts';
import { parseSeats } from '../../src/config/parse.ts';
import { runApply } from '../../src/modes/apply.ts';
import { cancelSeatsForUsers } from '../../src/simulator/model.ts';
import { generateOrg } from '../../src/simulator/generate.ts';
import type { LoggedRequest } from '../../src/simulator/server.ts';
import type { SimState } from '../../src/simulator/state.ts';
import type { DesiredState } from '../../src/plan/types.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';

useCheckedSimulators();

function desired(yaml: string): DesiredState {
  const { desired, errors } = parseSeats(yaml, 'seats.yaml');
  if (!desired) throw new Error(errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  return desired;
}

/** Keeps every direct seat and every selected team, but cancels two users and adds three members. */
function fewChanges(state: SimState): { yaml: string; added: string[]; cancelled: string[] } {
  // Generated seats always have an assignee.
  const direct = state.seats
    .filter((s) => s.direct && !s.pending_cancellation_date)
    .map((s) => ({ login: s.login as string, teams: s.teams }));
  // Cancel direct-only seats: a user also seated through a kept team would keep a seat.
  const cancelled = direct
    .filter((s) => !s.teams?.length)
    .slice(0, 2)
    .map((s) => s.login);
  const seated = new Set(state.seats.map((s) => s.login));
  const added = state.members
    .map((m) => m.login)
    .filter((l) => !seated.has(l))
    .slice(0, 3);
  const users = [...direct.map((s) => s.login).filter((l) => !cancelled.includes(l)), ...added];
  const teams = state.teams.filter((t) => t.selected).map((t) => t.slug);
  const yaml = `version: 1\norg: ${state.org.login}\nusers: [${users.join(', ')}]\nteams: [${teams.join(', ')}]\n`;
  return { yaml, added, cancelled };
}

/** The requests after the first write: the verification. */
function afterWrites(requests: LoggedRequest[]): LoggedRequest[] {
  const first = requests.findIndex((r) => r.method !== 'GET');
  return requests.slice(first).filter((r) => r.method === 'GET');
}

const NOW = new Date('2025-06-15T12:00:00Z');
const options = { now: NOW, dryRun: false, allowMassRemoval: false };

describe('apply request budget', () => {
  it('reads each touched seat when that is cheaper than re-listing', async () => {
    const state = generateOrg({ members: 1200, teams: 10, seats: 1000, seed: 7 });
    const { yaml, added, cancelled } = fewChanges(state);
    const sim = await startCheckedSimulator(state);
    const out = await runApply(fastClient(sim.url), desired(yaml), options);
    expect(out.report.ok).toBe(true);
    // 1,003 seats after the writes: 11 pages to re-list, 5 seats to read one by one.
    expect(out.verification).toEqual({ method: 'per-user', logins: 5, listPages: 11 });
    const verify = afterWrites(sim.requests);
    expect(verify.map((r) => r.path.split('/')[4]).sort()).toEqual([...added, ...cancelled].sort());
    expect(verify.every((r) => r.route === '/orgs/{org}/members/{username}/copilot')).toBe(true);
    // billing + 10 pages + 3 memberships, 2 writes, 5 seat reads: the bound, and nothing more.
    expect(sim.requests).toHaveLength(1 + 10 + 3 + 2 + 5);
  });

  it('still catches a seat that is not what the plan said, reading seats one by one', async () => {
    const state = generateOrg({ members: 1200, teams: 10, seats: 1000, seed: 7 });
    const { yaml, added } = fewChanges(state);
    const sim = await startCheckedSimulator(state, {
      onRequest: (r) => {
        // Someone cancels one of the new seats right after the add.
        if (r.method === 'POST') cancelSeatsForUsers(sim.state, { selected_usernames: [added[0]] });
      },
    });
    const out = await runApply(fastClient(sim.url), desired(yaml), options);
    expect(out.verification?.method).toBe('per-user');
    expect(out.report.ok).toBe(false);
    expect(out.report.mismatches.map((m) => [m.code, m.subject])).toEqual([['add-not-seated', added[0]]]);
  });

  it('re-lists when a cancelled team touches more seats than the list has pages', async () => {
    const { state, yaml } = makeScenario(1000);
    const sim = await startCheckedSimulator(state);
    const out = await runApply(fastClient(sim.url), desired(yaml), options);
    expect(out.report.ok).toBe(true);
    expect(out.verification?.method).toBe('relist');
    const verify = afterWrites(sim.requests);
    expect(verify.every((r) => r.route === '/orgs/{org}/copilot/billing/seats')).toBe(true);
    expect(verify).toHaveLength(out.verification?.listPages ?? -1);
  });
});
