// Design §3.5, the team table, with "ensure" adds and the drift helpers.
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../src/plan/planner.ts';
import { countAdds, countRemovals, hasChanges, hasWrites, isDrift, isSafe } from '../../src/plan/summary.ts';
import { checkedLive, desired, live, NOW, seat } from './builders.ts';

describe('team', () => {
  it('in teams:, some seat names it → nothing', () => {
    const d = desired({ teams: ['eng'] });
    const p = makePlan(d, checkedLive(d, [seat('a', { team: 'eng' })]), { now: NOW });
    expect(p.add.teams).toEqual([]);
    expect(hasWrites(p)).toBe(false);
  });

  it('in teams:, no seat names it → add, counting members who gain a seat', () => {
    const d = desired({ teams: [{ slug: 'ds', reason: 'pilot' }] });
    const seats = [seat('already')];
    const p = makePlan(d, checkedLive(d, seats, { members: { ds: ['already', 'new1', 'new2'] } }), {
      now: NOW,
    });
    expect(p.add.teams).toEqual([
      { slug: 'ds', key: 'ds', name: 'Team ds', reason: 'listed in seats.yaml (pilot)', seats: 2 },
    ]);
    expect(p.cost).toMatchObject({ seatsGained: 2, monthlyDelta: 38 });
    expect(hasChanges(p)).toBe(true);
  });

  it('a pending-only seat naming a listed team does not count as selected', () => {
    const d = desired({ teams: ['eng'] });
    const seats = [seat('a', { team: 'eng', pending: '2026-07-01' })];
    const p = makePlan(d, checkedLive(d, seats, { members: { eng: ['a'] } }), { now: NOW });
    expect(p.add.teams).toMatchObject([{ key: 'eng', seats: 1 }]);
  });

  it('members already added as users, or counted by another added team, are counted once', () => {
    const d = desired({ users: ['u'], teams: ['t1', 't2'] });
    const l = checkedLive(d, [], { members: { t1: ['u', 'x', 'y'], t2: ['y', 'z'] } });
    const p = makePlan(d, l, { now: NOW });
    expect(p.add.teams.map((t) => [t.key, t.seats])).toEqual([
      ['t1', 2],
      ['t2', 1],
    ]);
    expect(p.cost.seatsGained).toBe(4);
  });

  it('everyone already seated → an "ensure" add: a write, but not drift', () => {
    const d = desired({ users: ['a'], teams: ['eng'] });
    const p = makePlan(
      d,
      checkedLive(d, [seat('a'), seat('b', { team: 'x' })], { members: { eng: ['a'] } }),
      {
        now: NOW,
      },
    );
    const ensure = p.add.teams.find((t) => t.key === 'eng');
    expect(ensure).toMatchObject({ seats: 0, ensure: true });
    expect(ensure?.reason).toBe('listed in seats.yaml; every member already has a seat');
  });

  it('an empty team is an ensure add too', () => {
    const d = desired({ teams: ['empty'] });
    const p = makePlan(d, checkedLive(d, []), { now: NOW });
    expect(p.add.teams).toMatchObject([{ key: 'empty', seats: 0, ensure: true }]);
    expect(hasWrites(p)).toBe(true);
    expect(hasChanges(p)).toBe(false);
    expect(isDrift(p)).toBe(false);
    expect(countAdds(p)).toBe(1);
  });

  it('an unknown team is an error, not a write', () => {
    const d = desired({ teams: [{ slug: 'ghost', line: 9 }] });
    const p = makePlan(d, live([], { teams: { ghost: 'missing' } }), { now: NOW });
    expect(p.add.teams).toEqual([]);
    expect(p.errors).toMatchObject([{ code: 'unknown-team', subject: 'ghost', pos: { line: 9 } }]);
    expect(isSafe(p)).toBe(false);
  });

  it('a team that was not looked up is added with a "not checked" warning, never as ensure', () => {
    const d = desired({ teams: ['eng'] });
    const p = makePlan(d, live([]), { now: NOW });
    expect(p.add.teams).toEqual([{ slug: 'eng', key: 'eng', reason: 'listed in seats.yaml', seats: 0 }]);
    expect(p.warnings).toMatchObject([{ code: 'not-checked', subject: 'eng' }]);
    expect(isDrift(p)).toBe(true);
  });

  it('a team whose members were not read is added with a warning', () => {
    const d = desired({ teams: ['eng'] });
    const l = live([]);
    l.teams.eng = { slug: 'eng', key: 'eng', name: 'Eng', exists: true };
    const p = makePlan(d, l, { now: NOW });
    expect(p.add.teams).toMatchObject([{ key: 'eng', seats: 0 }]);
    expect(p.add.teams[0]?.ensure).toBeUndefined();
    expect(p.warnings.map((w) => w.code)).toEqual(['members-unknown']);
  });

  it('not listed, not exempt, named by a seat → cancel it', () => {
    const d = desired();
    const p = makePlan(d, checkedLive(d, [seat('a', { team: 'gone' })]), { now: NOW });
    expect(p.remove.teams).toMatchObject([{ key: 'gone', seats: 1 }]);
    expect(countRemovals(p)).toBe(1);
    expect(isDrift(p)).toBe(true);
  });

  it('an expired team exemption no longer protects the team', () => {
    const d = desired({ exempt: [{ team: 'contractors', expires: '2026-06-01', line: 12 }] });
    const p = makePlan(d, checkedLive(d, [seat('a', { team: 'contractors' })]), { now: NOW });
    expect(p.remove.teams).toMatchObject([
      { key: 'contractors', reason: 'team not in seats.yaml (exemption expired on 2026-06-01)' },
    ]);
    expect(p.notes).toMatchObject([{ code: 'exemption-expired', subject: 'contractors', pos: { line: 12 } }]);
  });

  it('an enterprise team with the same slug as a listed org team does not make it selected', () => {
    const d = desired({ teams: ['eng'] });
    const p = makePlan(
      d,
      checkedLive(d, [seat('a', { team: 'eng', enterprise: true })], { members: { eng: ['a'] } }),
      {
        now: NOW,
      },
    );
    expect(p.add.teams).toMatchObject([{ key: 'eng', ensure: true }]);
    expect(p.remove.teams).toEqual([]);
  });
});
