import { describe, expect, it } from 'vitest';
import { chunk, MAX_BATCH, planWrites } from '../../src/apply/batches.ts';
import { chooseVerification, loginsToVerify, verifyApplied } from '../../src/apply/verify.ts';
import type { LiveSeat, Plan, UserChange, WriteResult } from '../../src/plan/types.ts';

const user = (login: string): UserChange => ({ login, key: login.toLowerCase(), reason: 'r' });

function emptyPlan(over: Partial<Plan> = {}): Plan {
  return {
    scope: { kind: 'org', name: 'acme' },
    now: '2026-11-24T00:00:00Z',
    billing: { seatManagementSetting: 'assign_selected', planType: 'business', totalSeats: 0 },
    liveSeats: 0,
    add: { users: [], teams: [] },
    remove: { users: [], teams: [] },
    errors: [],
    conflicts: [],
    warnings: [],
    notes: [],
    idle: [],
    pending: [],
    cost: { currency: 'USD', seatPrice: 19, seatsGained: 0, seatsLost: 0, monthlyDelta: 0 },
    safety: {
      removals: 0,
      limit: null,
      exceeded: false,
      additions: 0,
      additionLimit: null,
      additionsExceeded: false,
    },
    ...over,
  };
}

const seat = (login: string, over: Partial<LiveSeat> = {}): LiveSeat => ({
  login,
  key: login.toLowerCase(),
  assigningTeam: null,
  pendingCancellationDate: null,
  lastActivityAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('chunk', () => {
  it('splits into batches of at most the size, in order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 2)).toEqual([]);
  });
});

describe('planWrites', () => {
  it('orders team adds, user adds, user cancellations, team cancellations, in batches of 100', () => {
    const adds = Array.from({ length: 250 }, (_, i) => user(`u${i}`));
    const plan = emptyPlan({
      add: { users: adds, teams: [{ slug: 'eng', key: 'eng', name: 'Engineering', reason: 'r', seats: 3 }] },
      remove: { users: [user('gone')], teams: [{ slug: 'old', key: 'old', reason: 'r', seats: 1 }] },
    });
    const writes = planWrites(plan);
    expect(writes.map((w) => [w.kind, w.names.length])).toEqual([
      ['add-teams', 1],
      ['add-users', MAX_BATCH],
      ['add-users', MAX_BATCH],
      ['add-users', 50],
      ['remove-users', 1],
      ['remove-teams', 1],
    ]);
    // Team writes carry the team's name, as the API documents; the slug when no name is known.
    expect(writes[0]?.names).toEqual(['Engineering']);
    expect(writes[5]?.names).toEqual(['old']);
    expect(writes.flatMap((w) => (w.kind === 'add-users' ? w.names : []))).toEqual(adds.map((u) => u.login));
  });

  it('writes nothing for an empty plan', () => {
    expect(planWrites(emptyPlan())).toEqual([]);
  });
});

describe('verifyApplied', () => {
  const ok = (kind: WriteResult['kind'], names: string[]): WriteResult => ({ kind, names, ok: true });

  it('accepts seats that look the way the plan said', () => {
    const plan = emptyPlan({
      add: { users: [user('Ann')], teams: [] },
      remove: { users: [user('bob')], teams: [] },
    });
    const after = [seat('ann'), seat('bob', { pendingCancellationDate: '2026-12-01' })];
    expect(verifyApplied(plan, [ok('add-users', ['Ann']), ok('remove-users', ['bob'])], after)).toEqual([]);
  });

  it('reports an added user with no seat, a cancelled user still active, a cancelled team still seating', () => {
    const plan = emptyPlan({
      add: { users: [user('ann')], teams: [] },
      remove: { users: [user('bob')], teams: [{ slug: 'old', key: 'old', reason: 'r', seats: 1 }] },
    });
    const after = [
      seat('bob'),
      seat('cy', { assigningTeam: { slug: 'old', key: 'old', name: 'old', kind: 'team', outside: false } }),
    ];
    const results = [ok('add-users', ['ann']), ok('remove-users', ['bob']), ok('remove-teams', ['old'])];
    expect(verifyApplied(plan, results, after).map((m) => m.code)).toEqual([
      'add-not-seated',
      'cancel-still-active',
      'team-cancel-still-active',
    ]);
  });

  it('does not verify names whose write failed (they are reported as failures already)', () => {
    const plan = emptyPlan({ add: { users: [user('ann')], teams: [] } });
    const failed: WriteResult = { kind: 'add-users', names: ['ann'], ok: false, status: 404 };
    expect(verifyApplied(plan, [failed], [])).toEqual([]);
  });
});

describe('chooseVerification', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => seat(`s${i}`));
  const ok = (kind: WriteResult['kind'], names: string[]): WriteResult => ({ kind, names, ok: true });
  const old = { slug: 'old', key: 'old', name: 'Old Team', kind: 'team' as const, outside: false };

  it('checks the users added and cancelled and every active seat through a cancelled team', () => {
    const plan = emptyPlan({
      add: { users: [user('Ann'), user('dee')], teams: [] },
      remove: {
        users: [user('bob')],
        teams: [{ slug: 'old', key: 'old', name: 'Old Team', reason: 'r', seats: 2 }],
      },
    });
    const before = [
      seat('bob'),
      seat('cy', { assigningTeam: old }),
      seat('eve', { assigningTeam: old }),
      seat('fin', { assigningTeam: old, pendingCancellationDate: '2026-12-01' }),
      seat('gil', { assigningTeam: { ...old, slug: 'other', key: 'other' } }),
    ];
    const results = [
      ok('add-users', ['Ann']),
      { kind: 'add-users', names: ['dee'], ok: false, status: 404 } as WriteResult,
      ok('remove-users', ['bob']),
      ok('remove-teams', ['Old Team']),
    ];
    // dee's add failed (reported as a failure already); fin was already leaving; gil's team stays.
    expect(loginsToVerify(plan, results, before).sort()).toEqual(['Ann', 'bob', 'cy', 'eve']);
  });

  it('reads each touched seat when that is fewer requests than re-listing, the list otherwise', () => {
    const adds = Array.from({ length: 5 }, (_, i) => user(`u${i}`));
    const few = emptyPlan({ liveSeats: 1000, add: { users: adds, teams: [] } });
    const results = [
      ok(
        'add-users',
        adds.map((u) => u.login),
      ),
    ];
    expect(chooseVerification(few, results, rows(1000))).toMatchObject({ method: 'per-user', listPages: 10 });
    const small = emptyPlan({ liveSeats: 150, add: { users: adds, teams: [] } });
    expect(chooseVerification(small, results, rows(150))).toMatchObject({ method: 'relist', listPages: 2 });
  });

  it('counts the seats the plan gains in the pages of the list after the writes', () => {
    const plan = emptyPlan({
      liveSeats: 995,
      cost: { currency: 'USD', seatPrice: 19, seatsGained: 10, seatsLost: 0, monthlyDelta: 190 },
    });
    expect(chooseVerification(plan, [], rows(995)).listPages).toBe(11);
  });

  it('counts the rows of the list, not its seat holders: an enterprise lists a user once per source', () => {
    // 300 holders in 900 rows (an org, an enterprise team and a direct assignment each).
    const plan = emptyPlan({ liveSeats: 300 });
    const listed = rows(300).flatMap((s) => [s, { ...s, assigningTeam: old }, { ...s, assigningTeam: null }]);
    expect(chooseVerification(plan, [], listed).listPages).toBe(9);
  });
});
