import { describe, expect, it } from 'vitest';
import { readBilling, readLookups, readSeats } from '../../src/github/live.ts';
import { generateOrg } from '../../src/simulator/generate.ts';
import { addSeatsForUsers } from '../../src/simulator/model.ts';
import { smallOrg } from '../simulator/fixture.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import { orgApi } from '../../src/github/scope-api.ts';

useCheckedSimulators();

const SEATS = '/orgs/{org}/copilot/billing/seats';
const seatPages = (sim: { requests: { route: string | null }[] }) =>
  sim.requests.filter((r) => r.route === SEATS);

describe('readSeats', () => {
  it('reads every page at per_page=100 and keeps the fields the planner needs', async () => {
    const sim = await startCheckedSimulator(generateOrg({ members: 400, teams: 5, seats: 250, seed: 3 }));
    const seats = await readSeats(fastClient(sim.url), orgApi(sim.state.org.login));
    expect(seats).toHaveLength(250);
    expect(new Set(seats.map((s) => s.key)).size).toBe(250);
    expect(
      seatPages(sim).map((r) => (r as unknown as { query: Record<string, string> }).query.per_page),
    ).toEqual(['100', '100', '100']);
    const seat = seats.find((s) => s.login !== null);
    expect(Object.keys(seat ?? {}).sort()).toEqual(
      [
        'assigningTeam',
        'createdAt',
        'key',
        'lastActivityAt',
        'lastAuthenticatedAt',
        'login',
        'pendingCancellationDate',
      ].sort(),
    );
  });

  it('tells org teams from enterprise teams, and lists seats with no assignee', async () => {
    const sim = await startCheckedSimulator(smallOrg());
    const seats = await readSeats(fastClient(sim.url), orgApi('acme'));
    const heidi = seats.find((s) => s.key === 'heidi');
    expect(heidi?.assigningTeam).toMatchObject({
      slug: 'ent:copilot-pilot',
      kind: 'enterprise-team',
      outside: true,
    });
    const bobOrCarol = seats.find((s) => s.assigningTeam && !s.assigningTeam.outside);
    expect(bobOrCarol?.assigningTeam?.outside).toBe(false);
    expect(seats.length).toBe(sim.state.seats.length);
  });

  it('reads the list again when it shifts while paged, and returns a consistent list', async () => {
    let shifted = false;
    const sim = await startCheckedSimulator(generateOrg({ members: 400, teams: 4, seats: 230, seed: 9 }), {
      onSeatsPage: (page, state) => {
        if (page === 2 && !shifted) {
          shifted = true;
          const unseated = state.members.find((m) => !state.seats.some((s) => s.login === m.login));
          addSeatsForUsers(state, { selected_usernames: [unseated?.login] });
        }
      },
    });
    const seats = await readSeats(fastClient(sim.url), orgApi(sim.state.org.login));
    expect(shifted).toBe(true);
    expect(seats).toHaveLength(231);
    expect(seatPages(sim).length).toBeGreaterThan(3);
  });

  it('gives up with a clear error when the list keeps changing, instead of guessing', async () => {
    const sim = await startCheckedSimulator(generateOrg({ members: 600, teams: 4, seats: 150, seed: 5 }), {
      onSeatsPage: (page, state) => {
        if (page === 2) {
          const unseated = state.members.find((m) => !state.seats.some((s) => s.login === m.login));
          addSeatsForUsers(state, { selected_usernames: [unseated?.login] });
        }
      },
    });
    await expect(readSeats(fastClient(sim.url), orgApi(sim.state.org.login))).rejects.toThrow(
      /kept changing while it was read .*tried 3 times\. Nothing was changed/,
    );
  });

  it('retries faults with backoff and still reads every seat', async () => {
    const sim = await startCheckedSimulator(generateOrg({ members: 300, teams: 3, seats: 220, seed: 4 }), {
      faults: [
        { method: 'GET', route: SEATS, nth: 1, status: 502 },
        { method: 'GET', route: SEATS, nth: 3, drop: true },
        { method: 'GET', route: SEATS, nth: 4, status: 429, headers: { 'retry-after': '1' } },
      ],
    });
    const seats = await readSeats(fastClient(sim.url), orgApi(sim.state.org.login));
    expect(seats).toHaveLength(220);
    expect(
      seatPages(sim).filter((r) => (r as unknown as { status: number | null }).status !== 200),
    ).toHaveLength(3);
  });

  it('names the call and the missing scope on 403', async () => {
    const sim = await startCheckedSimulator(smallOrg(), {
      faults: [
        {
          method: 'GET',
          route: '/orgs/{org}/copilot/billing',
          nth: 1,
          status: 403,
          body: {
            message: 'Must have admin rights to Repository.',
            documentation_url: 'https://docs.github.com',
          },
          headers: {
            'x-accepted-oauth-scopes': 'manage_billing:copilot',
            'x-oauth-scopes': 'repo, read:org',
          },
        },
      ],
    });
    await expect(readBilling(fastClient(sim.url), orgApi('acme'))).rejects.toThrow(
      /Reading the Copilot billing of acme failed: 403 .*lacks the scope manage_billing:copilot \(it has: repo, read:org\)/,
    );
  });
});

describe('readLookups', () => {
  it('checks memberships and teams, reading only what it is asked', async () => {
    const sim = await startCheckedSimulator(smallOrg());
    const found = await readLookups(fastClient(sim.url), orgApi('acme'), {
      logins: ['bob', 'invited', 'stranger'],
      teams: ['design', 'no-such-team'],
    });
    expect(found.memberships).toEqual({ bob: 'active', invited: 'pending', stranger: 'none' });
    expect(found.teams.design).toMatchObject({ exists: true, name: 'Design', members: ['erin', 'frank'] });
    expect(found.teams['no-such-team']).toMatchObject({ exists: false });
    expect(sim.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(sim.requests).toHaveLength(3 + 2 + 1); // 3 memberships, 2 team reads, 1 member list
  });
});
