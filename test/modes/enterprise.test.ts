// The enterprise scope end to end through the real client, over HTTP against the checked simulator
// (issue 14): plan, apply and verify converge in one apply under every simulator behaviour value;
// a 202 team cancellation is "still processing" when the wait is shorter than GitHub's delay and
// converges when it is longer; each 422 setting stops the apply at its first write, naming the
// cause, with nothing changed; a read-only classic token plans but may not apply; a fine-grained
// or App token gets a clear error; and the plan's request budget.
import { describe, expect, it } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import { runApply, type ApplyOptions } from '../../src/modes/apply.ts';
import { computePlan } from '../../src/modes/plan.ts';
import { enterpriseRows } from '../../src/simulator/model-enterprise.ts';
import type { SimulatorOptions } from '../../src/simulator/server.ts';
import { behaviourVariants, type SimBehaviour, type SimState } from '../../src/simulator/state.ts';
import type { DesiredState } from '../../src/plan/types.ts';
import { fastClient } from '../support/client.ts';
import { ENTERPRISE_NOW, ENTERPRISE_SEATS, enterprise, type RawState } from '../support/enterprise.ts';
import { startCheckedSimulator, useCheckedSimulators, type CheckedSimulator } from '../support/simulator.ts';

useCheckedSimulators();

const NOW = new Date(ENTERPRISE_NOW);
const SEATS = ENTERPRISE_SEATS;

function desired(yaml: string = SEATS): DesiredState {
  const { desired: d, errors } = parseSeats(yaml, 'seats.yaml');
  if (!d) throw new Error(errors.map((e) => e.message).join('\n'));
  return d;
}

const opts = (over: Partial<ApplyOptions> = {}): ApplyOptions => ({
  now: NOW,
  dryRun: false,
  allowMassRemoval: true,
  processingWaitMs: 5_000,
  ...over,
});

const seatOf = (state: SimState, login: string) => state.seats.find((s) => s.login === login);
const active = (state: SimState, login: string) => {
  const s = seatOf(state, login);
  return !!s && !s.pending_cancellation_date;
};
const writes = (sim: CheckedSimulator) => sim.requests.filter((r) => r.method !== 'GET');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function noChanges(sim: CheckedSimulator, yaml: string = SEATS): Promise<void> {
  const { plan } = await computePlan(fastClient(sim.url), desired(yaml), NOW);
  expect([plan.add.users, plan.add.teams, plan.remove.users, plan.remove.teams]).toEqual([[], [], [], []]);
  expect(plan.errors).toEqual([]);
}

async function start(
  behaviour: SimBehaviour,
  options: SimulatorOptions = {},
  edit?: (raw: RawState) => void,
) {
  const sim = await startCheckedSimulator(enterprise(behaviour, edit), options);
  return { sim, client: fastClient(sim.url) };
}

/**
 * 151 more seats: bulk-000 enterprise-direct (one row, so that a user's two rows straddle pages
 * when rows are paged), the others enterprise-direct and through ent:bulk (two rows each).
 */
const BULK = Array.from({ length: 150 }, (_, i) => `bulk-${String(i + 1).padStart(3, '0')}`);
function withBulk(raw: RawState): void {
  raw.enterprise.members.push('bulk-000', ...BULK);
  raw.seats.push({ login: 'bulk-000', enterprise_direct: true, created_at: '2025-06-02T09:00:00Z' });
  raw.enterprise_teams.push({
    slug: 'ent:bulk',
    name: 'Bulk',
    id: 9105,
    members: BULK,
    selected_at: '2025-06-02T09:00:00Z',
  });
  raw.seats.push(
    ...BULK.map((login) => ({
      login,
      enterprise_direct: true,
      enterprise_teams: ['ent:bulk'],
      created_at: '2025-06-02T09:00:00Z',
    })),
  );
}

describe('the enterprise plan', () => {
  it('cancels what the file drops and counts only the seats that go', async () => {
    const { sim, client } = await start({});
    const { plan } = await computePlan(client, desired(), NOW);
    expect(plan.scope).toEqual({ kind: 'enterprise', name: 'acme-corp' });
    expect(plan.errors).toEqual([]);
    expect(plan.add.users.map((u) => u.login)).toEqual(['auditor-ada']);
    expect(plan.add.teams.map((t) => [t.slug, t.seats])).toEqual([['ent:next-wave', 1]]);
    expect(plan.remove.users.map((u) => u.login)).toEqual(['contractor-cruz', 'mona-acme']);
    // mona-acme keeps her seat through acme: her cancellation takes the enterprise's assignment only.
    expect(plan.remove.users[1]?.reason).toMatch(/keeps a seat through org 'acme', outside seats\.yaml/);
    expect(plan.remove.teams.map((t) => [t.slug, t.seats])).toEqual([
      ['ent:data-science', 0],
      ['ent:legacy', 1],
    ]);
    // Lost: contractor-cruz and temp-tia (through ent:legacy); not mona-acme, not lab-kim.
    expect(plan.cost.seatsLost).toBe(2);
    expect(plan.cost.seatsGained).toBe(2);
    // Seat holders, not rows: 12 rows for 8 holders.
    expect(plan.liveSeats).toBe(8);
    expect(writes(sim)).toEqual([]);
  });

  // The enterprise lists 11 active rows for 7 active seat holders: the default removal limit (a
  // share of the active seats) is taken of the holders.
  it('bases the removal limit on active seat holders, not rows', async () => {
    const { client } = await start({});
    const { plan } = await computePlan(client, desired(), NOW);
    expect(plan.safety.limitRule?.activeSeats).toBe(7);
  });

  it.each([
    ['rows', (rows: number) => Math.ceil(rows / 100)],
    ['users', (_rows: number, seats: number) => Math.ceil(seats / 100)],
  ] as const)(
    'reads 1 probe + the list pages + the team list + one lookup per team to add (enterprise_paging=%s)',
    async (paging, pages) => {
      const { sim, client } = await start({ enterprise_paging: paging }, {}, withBulk);
      const rows = enterpriseRows(sim.state).length;
      const seats = sim.state.seats.length;
      expect([rows, seats]).toEqual([313, 159]);
      const yaml = SEATS.replace('[hubot,', `[bulk-000, ${BULK.join(', ')}, hubot,`).replace(
        'next-wave]',
        'next-wave, bulk, ent:data-science, legacy]',
      );
      const { plan } = await computePlan(client, desired(yaml), NOW);
      expect(plan.errors).toEqual([]);
      expect(plan.add.teams.map((t) => t.slug)).toEqual(['ent:next-wave']);
      const listPages = pages(rows, seats);
      expect(listPages).toBe(paging === 'rows' ? 4 : 2);
      const paths = sim.requests.map((r) => `${r.method} ${r.route}`);
      const seatList = 'GET /enterprises/{enterprise}/copilot/billing/seats';
      expect(paths.filter((p) => p === seatList)).toHaveLength(1 + listPages);
      expect(paths.filter((p) => p === 'GET /enterprises/{enterprise}/teams')).toHaveLength(1);
      expect(
        paths.filter((p) => p === 'GET /enterprises/{enterprise}/teams/{enterprise-team}/memberships'),
      ).toHaveLength(1);
      // probe + pages + the team list + next-wave's members: nothing else.
      expect(sim.requests).toHaveLength(1 + listPages + 1 + 1);
    },
  );
});

describe('the rate limit at enterprise scope', () => {
  it('does not count membership checks it cannot make: 40 users to add under 20 requests left', async () => {
    const logins = Array.from({ length: 40 }, (_, i) => `hire-${i}`);
    const { client } = await start({}, { rateLimit: 20 }, (raw) => raw.enterprise.members.push(...logins));
    const yaml = SEATS.replace(
      'users: [hubot, auditor-ada]',
      `users: [hubot, auditor-ada, ${logins.join(', ')}]`,
    );
    const { plan } = await computePlan(client, desired(yaml), NOW);
    expect(plan.add.users.map((u) => u.login)).toEqual(expect.arrayContaining(logins));
    expect(plan.notes.map((n) => n.code)).toContain('membership-unchecked');
  });
});

describe('a user the file drops who keeps a seat through an enterprise team the file keeps', () => {
  // lab-kim: ent:copilot-pilot and ent:data-science, and enterprise-direct; the file keeps both teams.
  const YAML = `version: 1
enterprise: acme-corp
users: [contractor-cruz, mona-acme]
teams: [copilot-pilot, data-science, legacy]
`;
  const kimDirect = (raw: RawState) => {
    const kim = raw.seats.find((s) => s.login === 'lab-kim');
    if (kim) kim.enterprise_direct = true;
  };

  it('loses the enterprise assignment only, keeps the seat, and one apply converges', async () => {
    const { sim, client } = await start({}, {}, kimDirect);
    const out = await runApply(client, desired(YAML), opts());
    expect(out.report.writes.map((w) => [w.kind, w.names, w.ok])).toEqual([
      ['remove-users', ['lab-kim'], true],
    ]);
    expect(out.report.mismatches).toEqual([]);
    expect(out.report.ok).toBe(true);
    expect(active(sim.state, 'lab-kim')).toBe(true);
    expect(seatOf(sim.state, 'lab-kim')?.enterprise_direct ?? false).toBe(false);
    await noChanges(sim, YAML);
  });

  // The enterprise lists every source of a seat: a kept enterprise team keeps lab-kim's seat when
  // the enterprise's direct assignment goes, so no seat is lost and the reason names the team.
  it('is not counted as a seat lost, and the plan says which team keeps it', async () => {
    const { client } = await start({}, {}, kimDirect);
    const { plan } = await computePlan(client, desired(YAML), NOW);
    expect(plan.remove.users.map((u) => u.login)).toEqual(['lab-kim']);
    expect(plan.cost.seatsLost).toBe(0);
    expect(plan.remove.users[0]?.reason).toMatch(/keeps a seat through enterprise team 'ent:copilot-pilot'/);
  });
});

describe('what the enterprise tells a token it refuses, or a slug it does not know', () => {
  it('a classic token without an enterprise scope: the plan fails naming the scopes it needs', async () => {
    const { sim, client } = await start({}, { tokenScopes: { 'test-token': ['repo', 'read:org'] } });
    await expect(computePlan(client, desired(), NOW)).rejects.toThrow(
      /403 .* The token lacks the scope manage_billing:copilot or read:enterprise or admin:enterprise \(it has: repo, read:org\)/,
    );
    expect(writes(sim)).toEqual([]);
  });

  it('an enterprise the token cannot see (or that does not exist): the plan fails naming the slug to check', async () => {
    const { sim, client } = await start({});
    await expect(computePlan(client, desired(SEATS.replace('acme-corp', 'acme-crop')), NOW)).rejects.toThrow(
      /Reading the Copilot seats of enterprise acme-crop failed: 404 .*Check the enterprise slug/,
    );
    expect(writes(sim)).toEqual([]);
  });
});

describe.each(behaviourVariants())('the enterprise apply under $name', ({ behaviour }) => {
  it('converges in one apply: each source kept or cancelled as the file says', async () => {
    const { sim, client } = await start(behaviour);
    const out = await runApply(client, desired(), opts());
    expect(out.refused).toBeUndefined();
    expect(out.report.mismatches).toEqual([]);
    expect(out.report.held).toEqual([]);
    expect(out.report.skipped).toEqual([]);
    expect(out.report.notes.filter((n) => n.code === 'still-processing')).toEqual([]);
    expect(out.report.writes.every((w) => w.ok)).toBe(true);
    expect(out.report.ok).toBe(true);
    const state = sim.state;
    for (const login of ['octocat', 'hubot', 'lab-lee', 'lab-kim', 'auditor-ada', 'new-nia', 'mona-acme']) {
      expect([login, active(state, login)]).toEqual([login, true]);
    }
    for (const login of ['contractor-cruz', 'temp-tia']) {
      expect([login, active(state, login)]).toEqual([login, false]);
    }
    // hubot's three sources are untouched: no enterprise assignment is added for a listed user
    // who holds a seat.
    expect(seatOf(state, 'hubot')).toMatchObject({
      teams: ['engineering'],
      enterprise_teams: ['ent:copilot-pilot'],
    });
    expect(seatOf(state, 'hubot')?.enterprise_direct ?? false).toBe(false);
    // mona-acme lost the enterprise's assignment, kept acme's.
    expect(seatOf(state, 'mona-acme')).toMatchObject({ direct: true });
    expect(seatOf(state, 'mona-acme')?.enterprise_direct ?? false).toBe(false);
    expect(seatOf(state, 'auditor-ada')).toMatchObject({ enterprise_direct: true });
    expect(seatOf(state, 'lab-kim')?.enterprise_teams).toEqual(['ent:copilot-pilot']);
    const selected = state.enterprise_teams?.filter((t) => t.selected !== false).map((t) => t.slug);
    expect(selected?.sort()).toEqual(['ent:copilot-pilot', 'ent:next-wave']);

    const before = writes(sim).length;
    await noChanges(sim);
    const again = await runApply(client, desired(), opts());
    expect(again.report.writes).toEqual([]);
    expect(writes(sim)).toHaveLength(before);
  });

  it('many touched users: the verification re-reads the whole list, and one apply converges', async () => {
    const { sim, client } = await start(behaviour, { asyncDelayMs: 200 }, withBulk);
    // The file keeps bulk-000 and the even bulk users, drops the odd ones and ent:bulk.
    const kept = BULK.filter((_, i) => i % 2 === 1);
    const dropped = BULK.filter((_, i) => i % 2 === 0);
    const yaml = SEATS.replace('[hubot,', `[bulk-000, ${kept.join(', ')}, hubot,`);
    const out = await runApply(client, desired(yaml), opts());
    expect(out.verification).toMatchObject({ method: 'relist' });
    expect(out.report.mismatches).toEqual([]);
    expect(out.report.notes.filter((n) => n.code === 'still-processing')).toEqual([]);
    expect(out.report.ok).toBe(true);
    for (const login of ['bulk-000', ...kept])
      expect([login, active(sim.state, login)]).toEqual([login, true]);
    for (const login of dropped) expect([login, active(sim.state, login)]).toEqual([login, false]);
    expect(sim.state.enterprise_teams?.find((t) => t.slug === 'ent:bulk')?.selected).toBe(false);
    await noChanges(sim, yaml);
  });

  it('a team cancellation accepted for later (202) is "still processing" when the wait is shorter, and goes through', async () => {
    const { sim, client } = await start(
      { ...behaviour, enterprise_team_delete: 'async' },
      { asyncDelayMs: 400 },
    );
    const out = await runApply(client, desired(), opts({ processingWaitMs: 0 }));
    expect(out.refused).toBeUndefined();
    expect(out.report.writes.filter((w) => w.kind === 'remove-teams').map((w) => w.status)).toEqual([202]);
    expect(out.report.mismatches).toEqual([]);
    const processing = out.report.notes.filter((n) => n.code === 'still-processing');
    expect(processing.map((n) => n.subject)).toEqual(['ent:data-science', 'ent:legacy']);
    expect(processing[0]?.message).toMatch(/accepted the cancellation of team .* for later \(202\)/);
    expect(out.report.ok).toBe(true);
    expect(active(sim.state, 'temp-tia')).toBe(true);
    await sleep(450);
    await noChanges(sim);
    expect(active(sim.state, 'temp-tia')).toBe(false);
  });

  it('a team cancellation accepted for later (202) converges within a longer wait', async () => {
    const { sim, client } = await start(
      { ...behaviour, enterprise_team_delete: 'async' },
      { asyncDelayMs: 200 },
    );
    const out = await runApply(client, desired(), opts({ processingWaitMs: 5_000 }));
    expect(out.report.writes.filter((w) => w.kind === 'remove-teams').map((w) => w.status)).toEqual([202]);
    expect(out.report.notes.filter((n) => n.code === 'still-processing')).toEqual([]);
    expect(out.report.mismatches).toEqual([]);
    expect(out.report.ok).toBe(true);
    expect(active(sim.state, 'temp-tia')).toBe(false);
    await noChanges(sim);
  });

  it.each([
    [
      'Copilot not enabled',
      { enabled: false },
      /Copilot Business is not enabled for this enterprise/,
      /Copilot is not enabled for the enterprise: an enterprise owner enables it/,
    ],
    [
      'billing not set up',
      { billing: false },
      /Billing has not been set up for this enterprise/,
      /billing is not set up: an enterprise owner adds a payment method/,
    ],
    [
      'public code suggestions policy unset',
      { public_code_suggestions: 'unset' },
      /public code suggestions policy has not been set/,
      /no "Suggestions matching public code" policy: an enterprise owner sets it/,
    ],
    [
      'access "all"',
      { access: 'all' },
      /enables Copilot for all users/,
      /Copilot access is "all": seats are not assigned one by one/,
    ],
    [
      'access unconfigured',
      { access: 'unconfigured' },
      /access setting of this enterprise is unconfigured/,
      /Copilot access is not configured: an enterprise owner chooses "selected"/,
    ],
  ] as const)(
    '%s: the apply stops at the first write, says why, changes nothing',
    async (_cause, copilot, github, hint) => {
      const { sim, client } = await start(behaviour, {}, (raw) =>
        Object.assign(raw.enterprise.copilot, copilot),
      );
      const seatsBefore = JSON.stringify(sim.state.seats);
      const teamsBefore = JSON.stringify(sim.state.enterprise_teams);
      const out = await runApply(client, desired(), opts());
      expect(out.report.ok).toBe(false);
      expect(writes(sim)).toHaveLength(1);
      expect(out.report.writes).toHaveLength(1);
      const failed = out.report.writes[0];
      expect(failed?.ok).toBe(false);
      expect(failed?.status).toBe(422);
      expect(failed?.error).toMatch(github);
      expect(failed?.error).toMatch(hint);
      expect(failed?.error).toMatch(
        /Refused for a setting, not for a name: .*\. This request changed nothing\.$/,
      );
      expect(out.report.held.map((h) => h.code)).toEqual(['apply-stopped', 'apply-stopped', 'apply-stopped']);
      for (const h of out.report.held) expect(h.message).toMatch(hint);
      expect(JSON.stringify(sim.state.seats)).toBe(seatsBefore);
      expect(JSON.stringify(sim.state.enterprise_teams)).toBe(teamsBefore);
    },
  );

  it('a classic token with only read:enterprise plans, and the apply is refused before any write', async () => {
    const { sim, client } = await start(behaviour, { tokenScopes: { 'test-token': ['read:enterprise'] } });
    const { plan } = await computePlan(client, desired(), NOW);
    expect(plan.errors).toEqual([]);
    expect(plan.remove.users.map((u) => u.login)).toEqual(['contractor-cruz', 'mona-acme']);
    const out = await runApply(client, desired(), opts());
    expect(out.report.ok).toBe(false);
    expect(out.refused).toMatch(/manage_billing:copilot/);
    expect(out.refused).toMatch(/it has: read:enterprise/);
    expect(out.refused).toMatch(/Nothing was changed/);
    expect(out.report.writes).toEqual([]);
    expect(writes(sim)).toEqual([]);
  });

  it('a fine-grained or App token (no classic scopes) gets a clear error, and nothing is written', async () => {
    const { sim, client } = await start(behaviour, { tokenScopes: { 'test-token': null } });
    const planned = computePlan(client, desired(), NOW);
    await expect(planned).rejects.toThrow(/403 Resource not accessible by personal access token/);
    await expect(planned).rejects.toThrow(/classic personal access token/);
    await expect(planned).rejects.toThrow(/manage_billing:copilot/);
    await expect(runApply(client, desired(), opts())).rejects.toThrow(/classic personal access token/);
    expect(writes(sim)).toEqual([]);
  });
});
