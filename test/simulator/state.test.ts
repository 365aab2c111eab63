// The state file: defaults, invariants, round trip, the example org, and `simulate`'s entry point.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serveSimulator } from '../../src/simulator/serve.ts';
import {
  loadSimState,
  parseSimState,
  saveSimState,
  serializeSimState,
  SimStateError,
} from '../../src/simulator/state.ts';
import { testOctokit } from '../support/octokit.ts';
import { checkExchange, startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import { smallOrg } from './fixture.ts';

useCheckedSimulators();

const EXAMPLE = fileURLToPath(new URL('../../examples/simulated-org.json', import.meta.url));

describe('parsing', () => {
  it('fills the defaults', () => {
    const s = parseSimState({ org: 'tiny', now: '2025-02-10T00:00:00Z', members: [{ login: 'a' }] });
    expect(s).toMatchObject({
      version: 1,
      org: { login: 'tiny' },
      plan_type: 'business',
      seat_management_setting: 'assign_selected',
      billing_cycle_start: '2025-03-01',
      seats: [],
      teams: [],
    });
    expect(s.members[0]?.id).toEqual(expect.any(Number));
  });

  it('seats every member of a selected team and of an enterprise team', () => {
    const s = smallOrg();
    const byLogin = new Map(s.seats.map((x) => [x.login, x]));
    expect(byLogin.get('carol')?.teams).toEqual(['backend', 'data-science']);
    expect(byLogin.get('bob')).toMatchObject({ direct: true, teams: ['backend'] });
    expect(byLogin.get('heidi')?.enterprise_teams).toEqual(['ent:copilot-pilot']);
    expect(byLogin.has('erin')).toBe(false);
  });

  it.each([
    [
      'a team that is not selected',
      {
        seats: [{ login: 'a', teams: ['t'], created_at: 'x' }],
        teams: [{ slug: 't', name: 'T', id: 1, members: ['a'] }],
      },
      /not selected/,
    ],
    [
      'a pending seat with a source',
      { seats: [{ login: 'a', direct: true, pending_cancellation_date: '2025-03-01', created_at: 'x' }] },
      /pending seat has no sources/,
    ],
    ['an active seat without a source', { seats: [{ login: 'a', created_at: 'x' }] }, /needs a source/],
    ['a member listed twice', { members: [{ login: 'a' }, { login: 'A' }] }, /listed twice/],
    ['an unknown setting', { seat_management_setting: 'sometimes' }, /seat_management_setting/],
    [
      'a pending seat of a selected team member',
      {
        seats: [{ login: 'a', pending_cancellation_date: '2025-03-01', created_at: 'x' }],
        teams: [{ slug: 't', name: 'T', id: 1, members: ['a'], selected: true }],
      },
      /pending, but t is selected/,
    ],
  ])('refuses %s', (_name, extra, message) => {
    expect(() =>
      parseSimState({ org: 'o', now: '2025-02-10T00:00:00Z', members: [{ login: 'a' }], ...extra }),
    ).toThrow(message);
  });
});

describe('files', () => {
  it('round-trips through a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-'));
    const state = smallOrg();
    await saveSimState(state, join(dir, 's.json'));
    const back = await loadSimState(join(dir, 's.json'));
    expect(serializeSimState(back)).toBe(serializeSimState(state));
  });

  it('names the file in a load error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-'));
    await writeFile(join(dir, 'bad.json'), '{"org": ');
    await expect(loadSimState(join(dir, 'bad.json'))).rejects.toThrow(SimStateError);
    await expect(loadSimState(join(dir, 'bad.json'))).rejects.toThrow(/bad\.json: not JSON/);
  });
});

describe('examples/simulated-org.json', () => {
  it('is a believable acme: ~300 members, 8 teams, ~150 seats of every kind', async () => {
    const s = await loadSimState(EXAMPLE);
    expect(s.org.login).toBe('acme');
    expect(s.members.length).toBeGreaterThanOrEqual(280);
    expect(s.teams).toHaveLength(8);
    expect(s.seats.length).toBeGreaterThanOrEqual(120);
    expect(s.seats.some((x) => x.login === null)).toBe(true);
    expect(s.seats.filter((x) => x.pending_cancellation_date).length).toBeGreaterThanOrEqual(3);
    expect(s.seats.some((x) => x.enterprise_teams?.length)).toBe(true);
    expect(s.seats.some((x) => x.direct && !x.teams?.length)).toBe(true);
    const idle = s.seats.filter(
      (x) => !x.last_activity_at || Date.parse(x.last_activity_at) < Date.parse(s.now) - 90 * 86_400_000,
    );
    expect(idle.length).toBeGreaterThanOrEqual(5);
  });

  it('serves every seat, conforming to the OpenAPI description', async () => {
    const s = await loadSimState(EXAMPLE);
    const sim = await startCheckedSimulator(s);
    const o = testOctokit(sim.url);
    const seats = await o.paginate(
      'GET /orgs/{org}/copilot/billing/seats',
      { org: 'acme', per_page: 100 },
      (r) => r.data.seats ?? [],
    );
    expect(seats).toHaveLength(s.seats.length);
    expect(sim.conformanceErrors()).toEqual([]);
  });
});

describe('serveSimulator', () => {
  it('loads the state, listens on loopback and logs the address', async () => {
    const lines: string[] = [];
    const handle = await serveSimulator({ stateFile: EXAMPLE, seed: 3 }, (l) => lines.push(l));
    try {
      expect(lines[0]).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines[0]).toBe(`listening on ${handle.url}`);
      const res = await testOctokit(handle.url).request('GET /orgs/{org}/copilot/billing', { org: 'acme' });
      expect(res.data.seat_breakdown.total).toBe(handle.state.seats.length);
    } finally {
      await handle.close();
    }
    expect(handle.requests.flatMap((r) => checkExchange(r))).toEqual([]);
  });
});
