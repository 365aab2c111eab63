// Design §3.5, first two tables: users listed in `users:` and live seats of users who are not.
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../src/plan/planner.ts';
import { checkedLive, desired, live, NOW, seat } from './builders.ts';

const plan = (d: ReturnType<typeof desired>, l: ReturnType<typeof live>) => makePlan(d, l, { now: NOW });

describe('user listed in users:', () => {
  const rows = [
    { name: 'no seat → add', seats: [], teams: [], adds: ['alice'], reason: 'listed in seats.yaml' },
    { name: 'active direct seat → nothing', seats: [seat('alice')], teams: [], adds: [], reason: null },
    {
      name: 'active through a team the file keeps → nothing',
      seats: [seat('alice', { team: 'eng' })],
      teams: ['eng'],
      adds: [],
      reason: null,
    },
    {
      name: 'active through a team the plan cancels → direct add',
      seats: [seat('alice', { team: 'old-team' })],
      teams: [],
      adds: ['alice'],
      reason: "only seat came through team 'old-team', which is cancelled",
    },
    {
      name: 'pending cancellation → re-add',
      seats: [seat('alice', { pending: '2026-07-01' })],
      teams: [],
      adds: ['alice'],
      reason: 'seat pending cancellation on 2026-07-01: re-add',
    },
    {
      name: 'active through an enterprise team → nothing',
      seats: [seat('alice', { team: 'ent', enterprise: true })],
      teams: [],
      adds: [],
      reason: null,
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const d = desired({ users: ['alice'], teams: row.teams });
      const p = plan(d, checkedLive(d, row.seats));
      expect(p.add.users.map((u) => u.login)).toEqual(row.adds);
      if (row.reason) expect(p.add.users[0]?.reason).toBe(row.reason);
      expect(p.remove.users).toEqual([]);
      expect(p.errors).toEqual([]);
    });
  }

  it('through an exempt team → nothing', () => {
    const d = desired({ users: ['alice'], exempt: [{ team: 'contractors' }] });
    const p = plan(d, checkedLive(d, [seat('alice', { team: 'contractors' })]));
    expect(p.add).toEqual({ users: [], teams: [] });
    expect(p.remove).toEqual({ users: [], teams: [] });
  });

  it('shows the reason from the file', () => {
    const d = desired({ users: [{ login: 'alice', reason: 'ML pilot' }] });
    expect(plan(d, checkedLive(d, [])).add.users[0]?.reason).toBe('listed in seats.yaml (ML pilot)');
  });

  it('a direct add replaces a cancelled team, which then loses no seat for that user', () => {
    const d = desired({ users: ['alice'] });
    const p = plan(d, checkedLive(d, [seat('alice', { team: 'old' }), seat('bob', { team: 'old' })]));
    expect(p.add.users.map((u) => u.key)).toEqual(['alice']);
    expect(p.remove.teams).toMatchObject([{ key: 'old', seats: 1, reason: 'team not in seats.yaml' }]);
    expect(p.cost).toMatchObject({ seatsGained: 0, seatsLost: 1 });
  });

  it('a re-added pending seat is not listed as pending and counts as gained', () => {
    const d = desired({ users: ['alice'] });
    const p = plan(d, checkedLive(d, [seat('alice', { pending: '2026-07-01' })]));
    expect(p.pending).toEqual([]);
    expect(p.cost.seatsGained).toBe(1);
  });

  it('a non-member is an error, not a write', () => {
    const d = desired({ users: [{ login: 'alice', line: 4 }] });
    const p = plan(d, live([], { memberships: { alice: 'none' } }));
    expect(p.add.users).toEqual([]);
    expect(p.errors).toMatchObject([{ code: 'not-a-member', subject: 'alice', pos: { line: 4, column: 5 } }]);
  });

  it('a pending invitation is an error, not a write', () => {
    const d = desired({ users: ['alice'] });
    const p = plan(d, live([], { memberships: { alice: 'pending' } }));
    expect(p.add.users).toEqual([]);
    expect(p.errors.map((e) => e.code)).toEqual(['membership-pending']);
  });

  it('a login that was not looked up is added with a "not checked" warning', () => {
    const d = desired({ users: ['alice'] });
    const p = plan(d, live([]));
    expect(p.add.users.map((u) => u.key)).toEqual(['alice']);
    expect(p.warnings).toMatchObject([{ code: 'not-checked', subject: 'alice' }]);
    expect(p.errors).toEqual([]);
  });
});

describe('live seat of a user not in users:', () => {
  it('direct, exempt → nothing', () => {
    const d = desired({ exempt: [{ login: 'ceo', reason: 'by hand' }] });
    const p = plan(d, checkedLive(d, [seat('ceo')]));
    expect(p.remove).toEqual({ users: [], teams: [] });
  });

  it('direct, not exempt → cancel the user', () => {
    const d = desired();
    const p = plan(d, checkedLive(d, [seat('bob')]));
    expect(p.remove.users).toEqual([{ login: 'bob', key: 'bob', reason: 'not in seats.yaml' }]);
    expect(p.cost).toMatchObject({ seatsLost: 1, monthlyDelta: -19 });
  });

  it('through a team in teams: → nothing', () => {
    const d = desired({ teams: ['eng'] });
    const p = plan(d, checkedLive(d, [seat('bob', { team: 'eng' })]));
    expect(p.remove).toEqual({ users: [], teams: [] });
    expect(p.add).toEqual({ users: [], teams: [] });
  });

  it('through an exempt team → nothing', () => {
    const d = desired({ exempt: [{ team: 'contractors' }] });
    const p = plan(d, checkedLive(d, [seat('bob', { team: 'contractors' })]));
    expect(p.remove).toEqual({ users: [], teams: [] });
  });

  it('through a team neither listed nor exempt → cancel that team once, counting its seats', () => {
    const d = desired();
    const seats = [
      seat('bob', { team: 'old' }),
      seat('carol', { team: 'old' }),
      seat('dave', { team: 'other' }),
    ];
    const p = plan(d, checkedLive(d, seats));
    expect(p.remove.users).toEqual([]);
    expect(p.remove.teams).toEqual([
      { slug: 'old', key: 'old', name: 'Team old', reason: 'team not in seats.yaml', seats: 2 },
      { slug: 'other', key: 'other', name: 'Team other', reason: 'team not in seats.yaml', seats: 1 },
    ]);
    expect(p.safety.removals).toBe(3);
  });

  it('through an enterprise team → nothing, listed as managed by the enterprise', () => {
    const d = desired();
    const seats = [
      seat('bob', { team: 'ent', enterprise: true }),
      seat('eve', { team: 'ent', enterprise: true }),
    ];
    const p = plan(d, checkedLive(d, seats));
    expect(p.remove).toEqual({ users: [], teams: [] });
    expect(p.notes).toMatchObject([{ code: 'enterprise-team', subject: 'ent' }]);
    expect(p.notes[0]?.message).toContain('2 seats');
    expect(p.notes[0]?.message).toContain('managed by the enterprise');
  });

  it('pending cancellation → nothing, shown with its date', () => {
    const d = desired();
    const p = plan(
      d,
      checkedLive(d, [seat('zed', { pending: '2026-07-01' }), seat('amy', { pending: '2026-07-02' })]),
    );
    expect(p.remove).toEqual({ users: [], teams: [] });
    expect(p.pending).toEqual([
      { login: 'amy', pendingCancellationDate: '2026-07-02' },
      { login: 'zed', pendingCancellationDate: '2026-07-01' },
    ]);
  });

  it('pending through a team not listed → the team is not cancelled again', () => {
    const d = desired();
    const p = plan(d, checkedLive(d, [seat('bob', { team: 'old', pending: '2026-07-01' })]));
    expect(p.remove.teams).toEqual([]);
  });

  it('no assignee → nothing, listed', () => {
    const d = desired();
    const p = plan(d, checkedLive(d, [seat(null), seat(null)]));
    expect(p.remove).toEqual({ users: [], teams: [] });
    expect(p.notes).toMatchObject([{ code: 'no-assignee' }]);
    expect(p.notes[0]?.message).toContain('2 seats');
  });

  it('an exempt user whose only seat comes through a cancelled team is kept with a direct add', () => {
    const d = desired({ exempt: [{ login: 'ceo', reason: 'by hand' }] });
    const p = plan(d, checkedLive(d, [seat('ceo', { team: 'old' })]));
    expect(p.add.users).toEqual([
      {
        login: 'ceo',
        key: 'ceo',
        reason: "exempt (by hand); only seat came through team 'old', which is cancelled",
        replacesTeam: 'old', // sent before the team is cancelled, or the team's cancellation waits
      },
    ]);
    expect(p.remove.teams).toMatchObject([{ key: 'old', seats: 0 }]);
  });

  it('a user with a direct seat who is a member of a team the plan adds loses the direct assignment, after the team add', () => {
    // Not cancelling it would not converge: once the team is selected, the API still shows bob's
    // seat as direct, and the next plan would cancel it (found by test/property/).
    const d = desired({ teams: ['new'] });
    const p = plan(d, checkedLive(d, [seat('bob')], { members: { new: ['Bob'] } }));
    expect(p.remove.users).toEqual([
      {
        login: 'bob',
        key: 'bob',
        reason: "not in seats.yaml; keeps a seat through team 'new', which this plan adds",
        keptByTeam: 'new', // sent only after the team add went through
      },
    ]);
    expect(p.notes).toEqual([]);
    expect(p.add.teams).toMatchObject([{ key: 'new', seats: 0, ensure: true }]);
    expect(p.safety.removals).toBe(1); // counted against max_removals, in case the team add fails
    expect(p.cost).toMatchObject({ seatsGained: 0, seatsLost: 0, monthlyDelta: 0 });
  });

  it('a user seated through a cancelled team who is a member of a team the plan adds loses nothing', () => {
    const d = desired({ teams: ['new'] });
    const p = plan(d, checkedLive(d, [seat('bob', { team: 'old' })], { members: { new: ['Bob'] } }));
    expect(p.remove.users).toEqual([]);
    expect(p.remove.teams).toMatchObject([{ key: 'old', seats: 0 }]);
    expect(p.notes).toMatchObject([{ code: 'kept-by-added-team', subject: 'bob' }]);
  });
});

describe('case-insensitive matching', () => {
  it('matches logins and slugs whatever their case', () => {
    const d = desired({ users: ['Alice'], teams: ['Eng'], exempt: [{ login: 'CEO' }] });
    const seats = [seat('alice'), seat('BOB', { team: 'eng' }), seat('ceo')];
    const p = plan(d, checkedLive(d, seats));
    expect(p.add).toEqual({ users: [], teams: [] });
    expect(p.remove).toEqual({ users: [], teams: [] });
  });

  it('uses lower-case keys for lookups', () => {
    const d = desired({ users: ['Alice'] });
    const p = plan(d, live([], { memberships: { ALICE: 'none' } }));
    expect(p.errors.map((e) => e.code)).toEqual(['not-a-member']);
  });
});
