// reclaimCandidates: which idle seats a reclaim pull request proposes to remove from `users:`.
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../src/plan/context.ts';
import { idleInfo, reclaimCandidates } from '../../src/plan/reclaim.ts';
import type { DesiredState, LiveSeat, Policy } from '../../src/plan/types.ts';
import { desired, NOW, seat } from './builders.ts';

// NOW is 2026-06-15T12:00:00Z.
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const OLD = daysAgo(400);

function propose(d: DesiredState, seats: LiveSeat[]) {
  return reclaimCandidates(buildContext(d, seats, NOW), d.policy);
}
const logins = (list: { login: string }[]) => list.map((c) => c.login);
const policy = (p: Policy = {}): Policy => ({ inactiveDays: 30, ...p });

describe('reclaimCandidates', () => {
  it('proposes nothing without policy.inactive_days', () => {
    const d = desired({ users: ['alice'] });
    const r = propose(d, [seat('alice', { lastActivity: daysAgo(200), created: OLD })]);
    expect(r.remove).toEqual([]);
    expect(r.inactiveDays).toBeNull();
  });

  it('proposes users of the file idle for inactive_days or more, longest idle first', () => {
    const d = desired({ users: ['Alice', 'bob', 'carol'], policy: policy() });
    const r = propose(d, [
      seat('alice', { lastActivity: daysAgo(31), created: OLD }),
      seat('bob', { lastActivity: daysAgo(29), created: OLD }),
      seat('carol', { lastActivity: daysAgo(60), created: OLD }),
    ]);
    expect(logins(r.remove)).toEqual(['carol', 'Alice']);
    expect(r.remove[1]).toMatchObject({ key: 'alice', idleDays: 31, atLeast: false, signal: 'activity' });
    expect(r.remove[1]?.seatAgeDays).toBe(400);
  });

  it('falls back to created_at when no activity is recorded, within 90 days exactly', () => {
    const d = desired({ users: ['alice'], policy: policy() });
    const r = propose(d, [seat('alice', { lastActivity: null, created: daysAgo(45) })]);
    expect(r.remove).toMatchObject([
      { login: 'alice', idleDays: 45, atLeast: false, signal: 'created', lastUsedAt: null },
    ]);
  });

  it('past 90 days with no activity recorded, idle is only "at least 90"', () => {
    const seats = [seat('alice', { lastActivity: null, created: OLD })];
    const r = propose(desired({ users: ['alice'], policy: policy({ inactiveDays: 90 }) }), seats);
    expect(r.remove).toMatchObject([{ login: 'alice', idleDays: 90, atLeast: true }]);
    // A threshold above what GitHub keeps cannot be confirmed for such a seat.
    const above = propose(desired({ users: ['alice'], policy: policy({ inactiveDays: 120 }) }), seats);
    expect(above.remove).toEqual([]);
  });

  it('never proposes a seat within the grace period (default 30 days)', () => {
    const seats = [seat('alice', { lastActivity: null, created: daysAgo(20) })];
    const d = desired({ users: ['alice'], policy: policy({ inactiveDays: 10 }) });
    expect(propose(d, seats).remove).toEqual([]);
    expect(propose(d, seats).graceDays).toBe(30);
    const shortGrace = desired({
      users: ['alice'],
      policy: policy({ inactiveDays: 10, newSeatGraceDays: 7 }),
    });
    expect(logins(propose(shortGrace, seats).remove)).toEqual(['alice']);
  });

  it('idle_signal activity-or-auth counts a later authentication', () => {
    const s: LiveSeat = {
      ...seat('alice', { lastActivity: daysAgo(50), created: OLD }),
      lastAuthenticatedAt: daysAgo(3),
    };
    expect(logins(propose(desired({ users: ['alice'], policy: policy() }), [s]).remove)).toEqual(['alice']);
    const withAuth = desired({ users: ['alice'], policy: policy({ idleSignal: 'activity-or-auth' }) });
    expect(propose(withAuth, [s]).remove).toEqual([]);
    const older: LiveSeat = { ...s, lastAuthenticatedAt: daysAgo(70) };
    expect(propose(withAuth, [older]).remove).toMatchObject([{ idleDays: 50, signal: 'activity' }]);
  });

  it('idleInfo: authentication alone, with activity cleared, is still capped at 90 days', () => {
    const s: LiveSeat = {
      ...seat('alice', { lastActivity: null, created: OLD }),
      lastAuthenticatedAt: daysAgo(150),
    };
    expect(idleInfo(s, { idleSignal: 'activity-or-auth' }, NOW)).toMatchObject({
      signal: 'authentication',
      idleDays: 90,
      atLeast: true,
    });
    const recent = { ...s, lastAuthenticatedAt: daysAgo(10) };
    expect(idleInfo(recent, { idleSignal: 'activity-or-auth' }, NOW)).toMatchObject({
      idleDays: 10,
      atLeast: false,
    });
  });

  it('never proposes exempt users, pending cancellations, expired users or users missing from the file', () => {
    const d = desired({
      users: ['alice', 'bob', { login: 'dave', expires: '2026-01-01' }],
      exempt: [{ login: 'ALICE' }],
      policy: policy(),
    });
    const idle = { lastActivity: daysAgo(60), created: OLD };
    const r = propose(d, [
      seat('alice', idle),
      seat('bob', { ...idle, pending: '2026-07-01' }),
      seat('dave', idle),
      seat('erin', idle),
    ]);
    expect(r.remove).toEqual([]);
    expect(r.throughTeam).toEqual([]);
  });

  it('lists seats that come only through a team apart, never in the removals', () => {
    const d = desired({
      users: ['alice', 'bob'],
      teams: ['eng', 'ops'],
      exempt: [{ team: 'ops' }],
      policy: policy(),
    });
    const idle = { lastActivity: daysAgo(60), created: OLD };
    const r = propose(d, [
      seat('alice', { ...idle, team: 'eng' }), // listed in users:, but the seat is the team's
      seat('bob', idle),
      seat('carol', { ...idle, team: 'eng' }),
      seat('dan', { ...idle, team: 'ops' }), // exempt team
      seat('ent', { ...idle, team: 'big', enterprise: true }),
    ]);
    expect(logins(r.remove)).toEqual(['bob']);
    expect(r.throughTeam.map((t) => `${t.login}@${t.team}`)).toEqual(['alice@eng', 'carol@eng']);
  });
});

describe('the reclaim policy fields', () => {
  it('load from seats.yaml into camelCase, absent when not written', async () => {
    const { parseSeats } = await import('../../src/config/parse.ts');
    const text =
      'version: 1\norg: acme\npolicy:\n  inactive_days: 30\n  idle_signal: activity-or-auth\n  new_seat_grace_days: 0\n  reclaim_notice: mention\n';
    expect(parseSeats(text, 'seats.yaml').desired?.policy).toEqual({
      inactiveDays: 30,
      idleSignal: 'activity-or-auth',
      newSeatGraceDays: 0,
      reclaimNotice: 'mention',
    });
    expect(parseSeats('version: 1\norg: acme\n', 'seats.yaml').desired?.policy).toEqual({});
  });
});
