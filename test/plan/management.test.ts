// What a PR's change to seats.yaml takes out of management, or gives back, and its policy changes.
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/config/schema-errors.ts';
import { managementChanges, managementSummary } from '../../src/plan/management.ts';
import type { LiveSeat, Policy } from '../../src/plan/types.ts';
import { desired, manySeats, NOW, seat } from './builders.ts';

const contractors = manySeats('c', 97, { team: 'contractors' });
const seats: LiveSeat[] = [seat('CEO'), seat('alice'), seat('bob', { team: 'eng' }), ...contractors];

describe('managementSummary: exemptions', () => {
  it('lists a newly exempt team and user with their seats, and totals the seats no longer managed', () => {
    const base = desired({ users: ['alice', 'ceo'], teams: ['eng', 'contractors'] });
    const head = desired({
      users: ['alice'],
      teams: ['eng'],
      exempt: [
        { login: 'ceo', reason: 'assigned by hand', expires: '2027-06-30' },
        { team: 'Contractors', reason: 'vendor process' },
      ],
    });
    const summary = managementSummary(base, head, seats, NOW);
    expect(summary.changes).toEqual([
      {
        kind: 'exempted',
        target: 'team',
        name: 'Contractors',
        key: 'contractors',
        seats: 97,
        reason: 'vendor process',
      },
      {
        kind: 'exempted',
        target: 'user',
        name: 'ceo',
        key: 'ceo',
        seats: 1,
        reason: 'assigned by hand',
        expires: '2027-06-30',
      },
    ]);
    expect(summary.noLongerManaged).toBe(98);
    expect(summary.managedAgain).toBe(0);
  });

  it('lists a removed exemption: its seats are managed again', () => {
    const base = desired({ exempt: [{ team: 'contractors' }, { login: 'ceo' }] });
    const head = desired({ exempt: [{ login: 'ceo' }] });
    const summary = managementSummary(base, head, seats, NOW);
    expect(summary.changes).toEqual([
      { kind: 'unexempted', target: 'team', name: 'contractors', key: 'contractors', seats: 97 },
    ]);
    expect(summary).toMatchObject({ noLongerManaged: 0, managedAgain: 97 });
  });

  it('compares logins and slugs case-insensitively', () => {
    const base = desired({ exempt: [{ login: 'CEO' }, { team: 'CONTRACTORS' }] });
    const head = desired({ exempt: [{ login: 'ceo' }, { team: 'Contractors' }] });
    expect(managementSummary(base, head, seats, NOW)).toEqual({
      changes: [],
      noLongerManaged: 0,
      managedAgain: 0,
    });
  });

  it('does not list desired names that are now neither desired nor exempt: those are cancellations', () => {
    const base = desired({ users: ['alice', 'ceo'], teams: ['eng', 'contractors'] });
    const head = desired({ users: ['alice'] });
    expect(managementChanges(base, head, seats, NOW)).toEqual([]);
  });

  it('counts an expired exemption as none, on either side', () => {
    const expired = { login: 'ceo', expires: '2026-06-15' }; // NOW is 2026-06-15T12:00Z
    const live = { login: 'ceo', expires: '2026-06-16' };
    expect(managementChanges(desired({ exempt: [expired] }), desired(), seats, NOW)).toEqual([]);
    expect(managementChanges(desired(), desired({ exempt: [expired] }), seats, NOW)).toEqual([]);
    const lapsing = managementSummary(
      desired({ exempt: [live] }),
      desired({ exempt: [expired] }),
      seats,
      NOW,
    );
    expect(lapsing.changes).toMatchObject([{ kind: 'unexempted', key: 'ceo', seats: 1 }]);
    expect(lapsing.managedAgain).toBe(1);
    const renewed = managementSummary(
      desired({ exempt: [expired] }),
      desired({ exempt: [live] }),
      seats,
      NOW,
    );
    expect(renewed.changes).toMatchObject([{ kind: 'exempted', key: 'ceo', expires: '2026-06-16' }]);
    expect(renewed.noLongerManaged).toBe(1);
  });

  it('counts a seat once in the total when a new user and a new team exemption both cover it', () => {
    const overlap = [seat('dana', { team: 'ops' }), seat('erik', { team: 'ops' })];
    const head = desired({ exempt: [{ login: 'dana' }, { team: 'ops' }] });
    const summary = managementSummary(desired(), head, overlap, NOW);
    expect(
      summary.changes.map((c) => [c.kind === 'policy' ? '' : c.key, 'seats' in c ? c.seats : 0]),
    ).toEqual([
      ['ops', 2],
      ['dana', 1],
    ]);
    expect(summary.noLongerManaged).toBe(2);
  });

  it('does not count a seat that an exemption kept in both versions covers', () => {
    const overlap = [seat('dana', { team: 'ops' })];
    const base = desired({ exempt: [{ team: 'ops' }] });
    const head = desired({ exempt: [{ team: 'ops' }, { login: 'dana' }] });
    const summary = managementSummary(base, head, overlap, NOW);
    expect(summary.changes).toMatchObject([{ kind: 'exempted', key: 'dana', seats: 1 }]);
    expect(summary.noLongerManaged).toBe(0);
  });

  it('counts only active seats in the org reach: not pending, unassigned or enterprise seats', () => {
    const others = [
      seat('gone', { pending: '2026-07-01' }),
      seat('p1', { team: 'vendor', pending: '2026-07-01' }),
      seat(null, { team: 'vendor' }),
      seat('e1', { team: 'vendor', enterprise: true }),
      seat('v1', { team: 'vendor' }),
    ];
    const head = desired({ exempt: [{ login: 'gone' }, { team: 'vendor' }] });
    const summary = managementSummary(desired(), head, others, NOW);
    expect(summary.changes).toMatchObject([
      { target: 'team', key: 'vendor', seats: 1 },
      { target: 'user', key: 'gone', seats: 0 },
    ]);
    expect(summary.noLongerManaged).toBe(1);
  });

  it('treats a PR that adds seats.yaml as coming from an empty file', () => {
    const head = desired({ exempt: [{ team: 'contractors' }], policy: { maxAdditions: 10 } });
    const summary = managementSummary(null, head, seats, NOW);
    expect(summary.changes).toEqual([
      { kind: 'exempted', target: 'team', name: 'contractors', key: 'contractors', seats: 97 },
      { kind: 'policy', field: 'max_additions', from: null, to: '10', direction: 'lowered' },
    ]);
    expect(summary.noLongerManaged).toBe(97);
  });

  it('is empty for the same file', () => {
    const file = desired({ users: ['alice'], exempt: [{ team: 'contractors' }], policy: { seatCost: 39 } });
    expect(managementSummary(file, file, seats, NOW)).toEqual({
      changes: [],
      noLongerManaged: 0,
      managedAgain: 0,
    });
  });
});

describe('managementSummary: policy', () => {
  const change = (base: Policy, head: Policy, live: LiveSeat[] = seats) =>
    managementChanges(desired({ policy: base }), desired({ policy: head }), live, NOW);

  it('says max_removals raised or lowered by the limits they give, percent or count', () => {
    const pct = (value: number) => ({ maxRemovals: { kind: 'percent' as const, value } });
    const count = (value: number) => ({ maxRemovals: { kind: 'count' as const, value } });
    expect(change(pct(25), count(50))).toEqual([
      { kind: 'policy', field: 'max_removals', from: '25%', to: '50', direction: 'raised' },
    ]);
    // 100 active seats: 10% is 10 seats, fewer than 20.
    expect(change(count(20), pct(10))).toMatchObject([{ from: '20', to: '10%', direction: 'lowered' }]);
    // Unset is 25% of 100 seats: the same limit as 25 written out, so no direction.
    expect(change({}, count(25))).toEqual([{ kind: 'policy', field: 'max_removals', from: null, to: '25' }]);
    // Under 10 seats, unset means no limit at all.
    expect(change({}, count(3), [seat('a')])).toMatchObject([{ from: null, to: '3', direction: 'lowered' }]);
    expect(change(count(3), {}, [seat('a')])).toMatchObject([{ from: '3', to: null, direction: 'raised' }]);
  });

  it('says max_additions raised or lowered; unset is no limit', () => {
    expect(change({ maxAdditions: 5 }, { maxAdditions: 50 })).toEqual([
      { kind: 'policy', field: 'max_additions', from: '5', to: '50', direction: 'raised' },
    ]);
    expect(change({ maxAdditions: 5 }, {})).toMatchObject([{ from: '5', to: null, direction: 'raised' }]);
    expect(change({}, { maxAdditions: 0 })).toMatchObject([{ from: null, to: '0', direction: 'lowered' }]);
  });

  it('lists unreviewed_adds only when what it does changes (unset is allow)', () => {
    expect(change({}, { unreviewedAdds: 'allow' })).toEqual([]);
    expect(change({ unreviewedAdds: 'allow' }, {})).toEqual([]);
    expect(change({}, { unreviewedAdds: 'skip' })).toEqual([
      { kind: 'policy', field: 'unreviewed_adds', from: null, to: 'skip' },
    ]);
    expect(change({ unreviewedAdds: 'skip' }, { unreviewedAdds: 'allow' })).toEqual([
      { kind: 'policy', field: 'unreviewed_adds', from: 'skip', to: 'allow' },
    ]);
  });

  it('lists inactive_days and seat_cost, with a direction only when both are set', () => {
    expect(change({ inactiveDays: 30, seatCost: 19 }, { inactiveDays: 60, seatCost: 39 })).toEqual([
      { kind: 'policy', field: 'inactive_days', from: '30', to: '60', direction: 'raised' },
      { kind: 'policy', field: 'seat_cost', from: '19', to: '39', direction: 'raised' },
    ]);
    expect(change({ seatCost: 19 }, {})).toEqual([
      { kind: 'policy', field: 'seat_cost', from: '19', to: null },
    ]);
  });

  it('puts exemptions first, then policy changes in the order of the schema', () => {
    const base = desired({ policy: { inactiveDays: 30 } });
    const head = desired({
      exempt: [{ login: 'alice' }],
      policy: {
        requesters: 'copilot-admins',
        maxRequestDays: 90,
        reclaimNotice: 'mention',
        newSeatGraceDays: 7,
        idleSignal: 'activity-or-auth',
        unreviewedAdds: 'skip',
        maxAdditions: 1,
        seatCost: 1,
        maxRemovals: { kind: 'count', value: 1 },
      },
    });
    const order = managementChanges(base, head, seats, NOW).map((c) =>
      c.kind === 'policy' ? c.field : c.key,
    );
    expect(order).toEqual([
      'alice',
      'max_removals',
      'inactive_days',
      'seat_cost',
      'max_additions',
      'unreviewed_adds',
      'idle_signal',
      'new_seat_grace_days',
      'reclaim_notice',
      'max_request_days',
      'requesters',
    ]);
    expect(order.slice(1)).toEqual(Object.keys(schema.properties.policy.properties));
  });
});
