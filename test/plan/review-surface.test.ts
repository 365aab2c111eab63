// What the planner records for a reviewer beyond the writes: end dates of added and kept users,
// re-activations, how the removal limit was reached, and "did you mean" on name errors.
import { describe, expect, it } from 'vitest';
import { closestName, MAX_SUGGESTIONS } from '../../src/plan/did-you-mean.ts';
import { makePlan } from '../../src/plan/planner.ts';
import { checkedLive, desired, live, manySeats, NOW, seat } from './builders.ts';

describe('end dates and re-activations', () => {
  it('an add carries its expires date and, when the seat is pending, the date it re-activates', () => {
    const d = desired({
      users: [{ login: 'temp', expires: '2026-09-30' }, { login: 'back', expires: '2026-12-31' }, 'plain'],
      exempt: [{ login: 'boss', expires: '2026-08-01' }],
    });
    const seats = [seat('back', { pending: '2026-07-01' }), seat('boss', { team: 'old' })];
    const p = makePlan(d, checkedLive(d, seats), { now: NOW });
    const adds = Object.fromEntries(p.add.users.map((u) => [u.key, u]));
    expect(adds.temp).toMatchObject({ expires: '2026-09-30' });
    expect(adds.temp?.pendingUntil).toBeUndefined();
    expect(adds.back).toMatchObject({ expires: '2026-12-31', pendingUntil: '2026-07-01' });
    expect(adds.plain?.expires).toBeUndefined();
    // An exemption's date ends the protection, not the seat: it is not the seat's end date.
    expect(adds.boss).toMatchObject({ replacesTeam: 'old' });
    expect(adds.boss?.expires).toBeUndefined();
  });

  it('lists the listed users who keep their seat until a date, soonest first', () => {
    const d = desired({
      users: [
        { login: 'late', expires: '2027-01-01' },
        { login: 'early', expires: '2026-07-01' },
        { login: 'viaTeam', expires: '2026-10-01' },
        { login: 'added', expires: '2026-08-01' },
        { login: 'gone', expires: '2026-01-01' },
        'nodate',
      ],
      teams: ['eng'],
    });
    const seats = [
      seat('late'),
      seat('early'),
      seat('viaTeam', { team: 'eng' }),
      seat('gone'),
      seat('nodate'),
    ];
    const p = makePlan(d, checkedLive(d, seats), { now: NOW });
    expect(p.keptUntil).toEqual([
      { login: 'early', expires: '2026-07-01' },
      { login: 'viaTeam', expires: '2026-10-01' },
      { login: 'late', expires: '2027-01-01' },
    ]);
    expect(p.add.users.map((u) => u.key)).toEqual(['added']);
  });
});

describe('did you mean', () => {
  it('finds the closest name within a tolerance that grows with its length', () => {
    expect(closestName('platfrom', ['design', 'platform', 'plat'])).toBe('platform');
    expect(closestName('Octocta', ['octocat', 'hubot'])).toBe('octocat');
    expect(closestName('ml-research', ['engineering', 'data-science'])).toBeNull();
    expect(closestName('ab', ['ac'])).toBeNull();
    // Ties go to the smaller name, whatever the order.
    expect(closestName('team1', ['team3', 'team2'])).toBe('team2');
    expect(closestName('team1', ['team2', 'team3'])).toBe('team2');
  });

  it('a typo of a team this plan cancels says so', () => {
    const d = desired({ teams: [{ slug: 'platfrom', line: 7 }, 'eng'] });
    const seats = [seat('a', { team: 'platform' }), seat('b', { team: 'eng' })];
    const p = makePlan(d, live(seats, { teams: { platfrom: 'missing' } }), { now: NOW });
    expect(p.remove.teams.map((t) => t.key)).toEqual(['platform']);
    expect(p.errors).toMatchObject([
      {
        code: 'unknown-team',
        subject: 'platfrom',
        message: "team 'platfrom' does not exist in acme; did you mean 'platform', which this plan cancels?",
      },
    ]);
  });

  it('a typo of a team the plan keeps, or of an exempt team, is suggested plainly', () => {
    const d = desired({ teams: ['engg', 'security'], exempt: [{ team: 'contractors' }] });
    const seats = [seat('a', { team: 'security' }), seat('b', { team: 'contractors' })];
    const p = makePlan(d, live(seats, { teams: { engg: 'missing' } }), { now: NOW });
    expect(p.errors[0]?.message).toBe("team 'engg' does not exist in acme");
    const typo = desired({ teams: ['securty', 'security'], exempt: [{ team: 'contractors' }] });
    const q = makePlan(typo, live(seats, { teams: { securty: 'missing' } }), { now: NOW });
    expect(q.errors[0]?.message).toBe("team 'securty' does not exist in acme; did you mean 'security'?");
    const ex = desired({ teams: ['contractor', 'security'], exempt: [{ team: 'contractors' }] });
    const r = makePlan(ex, live(seats, { teams: { contractor: 'missing' } }), { now: NOW });
    expect(r.errors[0]?.message).toMatch(/did you mean 'contractors'\?$/);
  });

  it('a login that is not a member gets the closest seat holder, and what the plan does to it', () => {
    const d = desired({ users: ['octocta', 'keeper', 'moanlisa'] });
    const seats = [seat('octocat'), seat('keeper'), seat('monalisa', { team: 'old' })];
    const p = makePlan(
      d,
      live(seats, { memberships: { octocta: 'none', moanlisa: 'none', keeper: 'active' } }),
      { now: NOW },
    );
    expect(p.errors.map((e) => e.message)).toEqual([
      "'moanlisa' is not a member of acme: cannot get a seat; did you mean 'monalisa', whose seat this plan cancels?",
      "'octocta' is not a member of acme: cannot get a seat; did you mean 'octocat', whose seat this plan cancels?",
    ]);
    const kept = desired({ users: ['octocta', 'octocat'] });
    const q = makePlan(kept, live([seat('octocat')], { memberships: { octocta: 'none' } }), { now: NOW });
    expect(q.errors[0]?.message).toMatch(/did you mean 'octocat', who has a seat\?$/);
  });

  it(`suggests for at most ${MAX_SUGGESTIONS} errors`, () => {
    const typos = manySeats('usr', MAX_SUGGESTIONS + 5).map((s) => `${s.login}x`);
    const d = desired({ users: typos });
    const memberships = Object.fromEntries(typos.map((t) => [t, 'none' as const]));
    const seats = manySeats('usr', MAX_SUGGESTIONS + 5);
    const p = makePlan(d, live(seats, { memberships }), { now: NOW });
    expect(p.errors).toHaveLength(MAX_SUGGESTIONS + 5);
    expect(p.errors.filter((e) => e.message.includes('did you mean'))).toHaveLength(MAX_SUGGESTIONS);
  });
});
