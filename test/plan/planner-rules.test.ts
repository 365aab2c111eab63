// Dates, idle seats, cost, safety, the seat management setting, and determinism.
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../src/plan/planner.ts';
import type { DesiredState, LiveSeat, PlanType } from '../../src/plan/types.ts';
import { checkedLive, desired, live, manySeats, NOW, seat } from './builders.ts';

describe('expires on users', () => {
  const at = (iso: string) => new Date(iso);
  const d = desired({ users: [{ login: 'alice', expires: '2026-07-01', line: 3 }] });
  const seats = [seat('alice')];

  it('is desired until the date at 00:00 UTC', () => {
    const p = makePlan(d, checkedLive(d, seats), { now: at('2026-06-30T23:59:59.999Z') });
    expect(p.remove.users).toEqual([]);
    expect(p.warnings).toMatchObject([{ code: 'expires-soon', subject: 'alice', pos: { line: 3 } }]);
    expect(p.warnings[0]?.message).toContain('in 1 day');
  });

  it('is cancelled from the date at 00:00 UTC', () => {
    const p = makePlan(d, checkedLive(d, seats), { now: at('2026-07-01T00:00:00Z') });
    // `expired`: a scheduled expire run may cancel it (the date was reviewed when merged).
    expect(p.remove.users).toEqual([
      { login: 'alice', key: 'alice', reason: 'expired on 2026-07-01', expired: '2026-07-01' },
    ]);
    expect(p.warnings).toEqual([]);
  });

  it('warns from 7 days before, not earlier', () => {
    const warned = makePlan(d, checkedLive(d, seats), { now: at('2026-06-24T00:00:00Z') });
    expect(warned.warnings.map((w) => w.code)).toEqual(['expires-soon']);
    const quiet = makePlan(d, checkedLive(d, seats), { now: at('2026-06-23T23:59:59Z') });
    expect(quiet.warnings).toEqual([]);
  });

  it('an expired user with no seat is not added, and noted', () => {
    const p = makePlan(d, checkedLive(d, []), { now: at('2026-08-01T00:00:00Z') });
    expect(p.add.users).toEqual([]);
    expect(p.notes.map((n) => n.code)).toEqual(['expired-no-seat']);
  });

  it('an expired user seated through a kept team is a conflict', () => {
    const d2 = desired({ users: [{ login: 'alice', expires: '2026-06-01', line: 7 }], teams: ['eng'] });
    const p = makePlan(d2, checkedLive(d2, [seat('alice', { team: 'eng' })]), { now: NOW });
    expect(p.remove).toEqual({ users: [], teams: [] });
    expect(p.conflicts).toMatchObject([{ code: 'expired-via-team', subject: 'alice', pos: { line: 7 } }]);
  });

  it('an expired user seated through a cancelled team leaves with the team', () => {
    const d2 = desired({ users: [{ login: 'alice', expires: '2026-06-01' }] });
    const p = makePlan(d2, checkedLive(d2, [seat('alice', { team: 'old' })]), { now: NOW });
    expect(p.add.users).toEqual([]);
    expect(p.remove.teams).toMatchObject([{ key: 'old', seats: 1 }]);
  });
});

describe('expiring exemptions', () => {
  it('protect until the date, with a warning in the last 7 days', () => {
    const d = desired({ exempt: [{ login: 'ceo', expires: '2026-06-20' }] });
    const p = makePlan(d, checkedLive(d, [seat('ceo')]), { now: NOW });
    expect(p.remove.users).toEqual([]);
    expect(p.warnings).toMatchObject([{ code: 'exemption-expires-soon', subject: 'ceo' }]);
  });

  it('no longer protect once expired', () => {
    const d = desired({ exempt: [{ login: 'ceo', expires: '2026-06-15' }] });
    const p = makePlan(d, checkedLive(d, [seat('ceo')]), { now: NOW });
    expect(p.remove.users).toEqual([
      {
        login: 'ceo',
        key: 'ceo',
        reason: 'not in seats.yaml (exemption expired on 2026-06-15)',
        expired: '2026-06-15',
      },
    ]);
  });
});

describe('idle seats', () => {
  const seats = [
    seat('recent', { lastActivity: '2026-06-10T00:00:00Z' }),
    seat('old', { lastActivity: '2026-04-01T12:00:00Z' }),
    seat('b-older', { lastActivity: '2026-03-01T12:00:00Z' }),
    seat('a-older', { lastActivity: '2026-03-01T12:00:00Z' }),
    seat('never', { lastActivity: null, created: '2026-05-01T12:00:00Z' }),
    seat('leaving', { lastActivity: '2025-01-01T00:00:00Z', pending: '2026-07-01' }),
  ];

  it('lists seats idle longer than inactive_days, most idle first, then by login', () => {
    const d = desired({ users: seats.map((s) => s.login ?? ''), policy: { inactiveDays: 30 } });
    const p = makePlan(d, checkedLive(d, seats), { now: NOW });
    expect(p.idle).toEqual([
      { login: 'a-older', lastActivityAt: '2026-03-01T12:00:00Z', idleDays: 106 },
      { login: 'b-older', lastActivityAt: '2026-03-01T12:00:00Z', idleDays: 106 },
      { login: 'old', lastActivityAt: '2026-04-01T12:00:00Z', idleDays: 75 },
      { login: 'never', lastActivityAt: null, idleDays: 45 },
    ]);
  });

  it('the boundary is strict: exactly inactive_days is not idle', () => {
    const d = desired({ users: ['x'], policy: { inactiveDays: 30 } });
    const p = makePlan(d, checkedLive(d, [seat('x', { lastActivity: '2026-05-16T12:00:00Z' })]), {
      now: NOW,
    });
    expect(p.idle).toEqual([]);
    const p2 = makePlan(d, checkedLive(d, [seat('x', { lastActivity: '2026-05-16T11:59:59Z' })]), {
      now: NOW,
    });
    expect(p2.idle.map((i) => i.login)).toEqual(['x']);
  });

  it('never claims more than 90 idle days for a seat with no recorded activity (GitHub keeps 90 days)', () => {
    const old = seat('quiet', { lastActivity: null, created: '2025-01-01T00:00:00Z' });
    const young = seat('new', { lastActivity: null, created: '2026-05-01T00:00:00Z' });
    const at = (days: number) => {
      const d = desired({ users: ['quiet', 'new'], policy: { inactiveDays: days } });
      return makePlan(d, checkedLive(d, [old, young]), { now: NOW }).idle;
    };
    // Null activity on a 530-day-old seat: used 91 days ago, or never. At least 90 days idle.
    expect(at(30)).toEqual([
      { login: 'quiet', lastActivityAt: null, idleDays: 90, atLeast: true },
      { login: 'new', lastActivityAt: null, idleDays: 45 },
    ]);
    // Whether it is idle for 120 days is unknown: not reported on a guess.
    expect(at(120)).toEqual([]);
  });

  it('reports nothing without inactive_days', () => {
    const d = desired({ users: ['old'] });
    expect(makePlan(d, checkedLive(d, seats), { now: NOW }).idle).toEqual([]);
  });
});

describe('cost', () => {
  const cases: { planType: PlanType; seatCost?: number; price: number }[] = [
    { planType: 'business', price: 19 },
    { planType: 'enterprise', price: 39 },
    { planType: 'unknown', price: 19 },
    { planType: 'enterprise', seatCost: 10, price: 10 },
  ];
  for (const c of cases) {
    it(`prices a ${c.planType} seat at ${c.price}${c.seatCost ? ' (policy)' : ''}`, () => {
      const d = desired({ users: ['n1', 'n2', 'n3'], policy: c.seatCost ? { seatCost: c.seatCost } : {} });
      const p = makePlan(d, checkedLive(d, [seat('gone')], { planType: c.planType }), { now: NOW });
      expect(p.cost).toEqual({
        currency: 'USD',
        seatPrice: c.price,
        seatsGained: 3,
        seatsLost: 1,
        monthlyDelta: 2 * c.price,
      });
    });
  }
});

describe('safety', () => {
  const withRemovals = (total: number, removed: number, policy: DesiredState['policy'] = {}) => {
    const seats = manySeats('u', total);
    const kept = seats.slice(removed).map((s) => s.login ?? '');
    const d = desired({ users: kept, policy });
    return makePlan(d, checkedLive(d, seats), { now: NOW }).safety;
  };

  it('no limit by default under 10 live seats', () => {
    expect(withRemovals(9, 9)).toEqual({
      removals: 9,
      limit: null,
      limitRule: { source: 'default', value: 25, activeSeats: 9 },
      exceeded: false,
      additions: 0,
      additionLimit: null,
      additionsExceeded: false,
    });
  });

  it('defaults to 25% of live seats from 10 seats, rounded down', () => {
    expect(withRemovals(10, 2)).toMatchObject({ removals: 2, limit: 2, exceeded: false });
    expect(withRemovals(10, 3)).toMatchObject({ removals: 3, limit: 2, exceeded: true });
  });

  it('honours a count', () => {
    expect(withRemovals(4, 2, { maxRemovals: { kind: 'count', value: 1 } })).toMatchObject({
      limit: 1,
      exceeded: true,
    });
    expect(withRemovals(20, 10, { maxRemovals: { kind: 'count', value: 10 } })).toMatchObject({
      limit: 10,
      limitRule: { source: 'count', value: 10, activeSeats: 20 },
      exceeded: false,
    });
  });

  it('honours a percent of live active seats, rounded down', () => {
    expect(withRemovals(7, 3, { maxRemovals: { kind: 'percent', value: 50 } })).toMatchObject({
      limit: 3,
      limitRule: { source: 'percent', value: 50, activeSeats: 7 },
      exceeded: false,
    });
    expect(withRemovals(7, 4, { maxRemovals: { kind: 'percent', value: 50 } })).toMatchObject({
      exceeded: true,
    });
  });

  it('counts seats lost through cancelled teams', () => {
    const seats = [...manySeats('k', 8), ...manySeats('t', 4, { team: 'old' })];
    const d = desired({ users: manySeats('k', 8).map((s) => s.login ?? '') });
    expect(makePlan(d, checkedLive(d, seats), { now: NOW }).safety).toEqual({
      removals: 4,
      limit: 3,
      limitRule: { source: 'default', value: 25, activeSeats: 12 },
      exceeded: true,
      additions: 0,
      additionLimit: null,
      additionsExceeded: false,
    });
  });

  it('pending seats do not count as live seats for the limit', () => {
    const seats = [...manySeats('a', 9), ...manySeats('p', 5, { pending: '2026-07-01' })];
    const d = desired({ users: manySeats('a', 8).map((s) => s.login ?? '') });
    expect(makePlan(d, checkedLive(d, seats), { now: NOW }).safety.limit).toBeNull();
  });
});

describe('safety on additions (policy.max_additions)', () => {
  /** `direct` users to add directly, and a new team `t` seating `members` more. */
  const withAdditions = (direct: number, members: number, policy: DesiredState['policy'] = {}) => {
    const users = manySeats('n', direct).map((s) => s.login ?? '');
    const d = desired({ users: ['kept', ...users], teams: ['t'], policy });
    const teamMembers = manySeats('m', members).map((s) => (s.login ?? '').toLowerCase());
    return makePlan(d, checkedLive(d, [seat('kept')], { members: { t: teamMembers } }), { now: NOW });
  };

  it('counts the seats gained, users and team members alike, and has no limit by default', () => {
    const p = withAdditions(30, 70);
    expect(p.safety).toEqual({
      removals: 0,
      limit: null,
      limitRule: { source: 'default', value: 25, activeSeats: 1 },
      exceeded: false,
      additions: 100,
      additionLimit: null,
      additionsExceeded: false,
    });
    expect(p.safety.additions).toBe(p.cost.seatsGained);
  });

  it('is exceeded only above the limit', () => {
    expect(withAdditions(2, 3, { maxAdditions: 5 }).safety).toMatchObject({
      additions: 5,
      additionLimit: 5,
      additionsExceeded: false,
    });
    expect(withAdditions(3, 3, { maxAdditions: 5 }).safety).toMatchObject({
      additions: 6,
      additionLimit: 5,
      additionsExceeded: true,
      exceeded: false,
    });
  });

  it('a limit of 0 refuses any addition, but not a plan that adds nothing', () => {
    expect(withAdditions(1, 0, { maxAdditions: 0 }).safety.additionsExceeded).toBe(true);
    const d = desired({ users: ['kept'], policy: { maxAdditions: 0 } });
    expect(makePlan(d, checkedLive(d, [seat('kept')]), { now: NOW }).safety).toMatchObject({
      additions: 0,
      additionLimit: 0,
      additionsExceeded: false,
    });
  });

  it('does not count an ensure team add, which seats nobody new', () => {
    const d = desired({ users: ['kept'], teams: ['t'], policy: { maxAdditions: 0 } });
    const p = makePlan(d, checkedLive(d, [seat('kept')], { members: { t: ['kept'] } }), { now: NOW });
    expect(p.add.teams).toMatchObject([{ key: 't', ensure: true }]);
    expect(p.safety).toMatchObject({ additions: 0, additionsExceeded: false });
  });
});

describe('errors', () => {
  it('seat management other than assign_selected is an error when the plan writes', () => {
    const d = desired({ users: ['a'] });
    const p = makePlan(d, checkedLive(d, [], { setting: 'assign_all' }), { now: NOW });
    expect(p.errors.map((e) => e.code)).toEqual(['seat-management']);
    expect(p.add.users.map((u) => u.key)).toEqual(['a']);
  });

  it('... and only a note when nothing changes', () => {
    const d = desired({ users: ['a'] });
    const p = makePlan(d, checkedLive(d, [seat('a')], { setting: 'disabled' }), { now: NOW });
    expect(p.errors).toEqual([]);
    expect(p.notes.map((e) => e.code)).toEqual(['seat-management']);
  });

  it('a file for another org is an error', () => {
    const d = desired({ org: 'other' });
    expect(makePlan(d, live([]), { now: NOW }).errors.map((e) => e.code)).toEqual(['org-mismatch']);
    expect(makePlan(desired({ org: 'ACME' }), live([]), { now: NOW }).errors).toEqual([]);
  });
});

describe('determinism', () => {
  function shuffled<T>(items: T[], seed: number): T[] {
    const out = [...items];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  it('the same inputs in any order give a deep-equal plan', () => {
    const seats: LiveSeat[] = [
      ...manySeats('direct', 15),
      ...manySeats('old', 6, { team: 'old' }),
      ...manySeats('gone', 4, { team: 'gone' }),
      ...manySeats('ent', 3, { team: 'ent', enterprise: true }),
      ...manySeats('pend', 3, { pending: '2026-07-01' }),
      seat(null),
    ];
    const users = ['direct1', 'old2', 'pend0', 'new1', 'new2', 'Zed', 'amy'];
    const base = { teams: ['t1', 't2'], exempt: [{ login: 'direct3' }], policy: { inactiveDays: 1 } };
    const members = { t1: ['x', 'y', 'direct5'], t2: ['y'] };
    const d1 = desired({ users, ...base });
    const p1 = makePlan(d1, checkedLive(d1, seats, { members }), { now: NOW });
    for (const seed of [1, 2, 3]) {
      const d2 = desired({ users: shuffled(users, seed), ...base });
      const p2 = makePlan(d2, checkedLive(d2, shuffled(seats, seed), { members }), { now: NOW });
      expect(p2).toEqual(p1);
    }
    expect(p1.remove.users.map((u) => u.key)).toEqual(
      [...p1.remove.users.map((u) => u.key)].sort((a, b) => (a < b ? -1 : 1)),
    );
    expect(p1.add.users.length).toBeGreaterThan(3);
    expect(JSON.parse(JSON.stringify(p1))).toEqual(p1);
  });

  it('a login listed twice in the seat list gives the same plan in either order', () => {
    const d = desired({ users: [{ login: 'al', expires: '2026-06-01' }], teams: ['a-team', 'b-team'] });
    const seats = [seat('al', { team: 'b-team' }), seat('al', { team: 'a-team' })];
    const p1 = makePlan(d, checkedLive(d, seats), { now: NOW });
    const p2 = makePlan(d, checkedLive(d, [...seats].reverse()), { now: NOW });
    expect(p2).toEqual(p1);
    expect(p1.conflicts[0]?.message).toContain("team 'a-team'");
  });
});
