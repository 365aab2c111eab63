// The seat and cost math under the summary line: each part a number of the plan, adding up.
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../src/plan/planner.ts';
import { accessEnds, cycleEnd, gainedParts, limitDerivation, seatMath } from '../../src/render/format.ts';
import { checkedLive, desired, manySeats, NOW, seat } from '../plan/builders.ts';

describe('seatMath', () => {
  it('splits the seats gained into new users, re-activations and team seats; a moved user gains none', () => {
    const d = desired({ users: ['new', 'back', 'moved'], teams: ['t'] });
    const seats = [seat('back', { pending: '2026-07-01' }), seat('moved', { team: 'old' })];
    const p = makePlan(d, checkedLive(d, seats, { members: { t: ['m1', 'm2', 'new'] } }), { now: NOW });
    expect(gainedParts(p)).toEqual({ newUsers: 1, reactivations: 1, teamSeats: 2, moved: 1 });
    expect(p.cost.seatsGained).toBe(4);
    expect(seatMath(p)[0]).toEqual({
      label: '+4 seats',
      text: '= new users 1 + re-activations 1 + team seats 2; 1 added user already has a seat through a team this plan cancels: no new seat',
    });
  });

  it('counts a cancelled user who keeps a seat through an added team as a removal, not as saved', () => {
    const d = desired({ teams: ['t'] });
    const p = makePlan(d, checkedLive(d, [seat('kept'), seat('gone')], { members: { t: ['kept'] } }), {
      now: NOW,
    });
    expect(p.safety.removals).toBe(2);
    expect(p.cost.seatsLost).toBe(1);
    const [, lost, cost] = seatMath(p);
    expect(lost?.label).toBe('−2 seats');
    expect(lost?.text).toMatch(
      /^= users 2 \+ team seats 0; 1 cancelled user keeps a seat through a team this plan adds: 1 saved;/,
    );
    expect(cost).toEqual({
      label: '−$19/month',
      text: '= (0 − 1) × $19 per seat; cancellations save from the next billing cycle',
    });
  });

  it('derives the limit from a percentage, the default, or a count, and says when it is over', () => {
    const plan = (total: number, removed: number, policy = {}) => {
      const seats = manySeats('u', total);
      const d = desired({ users: seats.slice(removed).map((s) => s.login ?? ''), policy });
      return makePlan(d, checkedLive(d, seats), { now: NOW });
    };
    const percent = plan(136, 3, { maxRemovals: { kind: 'percent', value: 25 } });
    expect(limitDerivation(percent)).toEqual({
      label: 'Limit 34',
      text: '= 25% of 136 active seats (policy.max_removals: 25%)',
    });
    expect(seatMath(percent).at(-1)?.text).toBe(
      '= 25% of 136 active seats (policy.max_removals: 25%); 3 seats cancelled: within it',
    );
    const byDefault = plan(135, 40);
    expect(seatMath(byDefault).at(-1)).toEqual({
      label: 'Limit 33',
      text: '= 25% of 135 active seats, rounded down (the default: policy.max_removals is not set); 40 seats cancelled: over the limit',
    });
    expect(limitDerivation(plan(20, 1, { maxRemovals: { kind: 'count', value: 4 } }))).toEqual({
      label: 'Limit 4',
      text: '= policy.max_removals: 4',
    });
    expect(limitDerivation(plan(3, 1)).label).toBe('No limit');
  });

  it('shows the additions limit only when policy.max_additions is set', () => {
    const d = desired({ users: ['a', 'b'], policy: { maxAdditions: 1 } });
    const p = makePlan(d, checkedLive(d, []), { now: NOW });
    expect(seatMath(p).at(-1)).toEqual({
      label: 'Additions limit 1',
      text: '= policy.max_additions; 2 seats added: over the limit',
    });
    const free = desired({ users: ['a'] });
    expect(seatMath(makePlan(free, checkedLive(free, []), { now: NOW })).map((m) => m.label)).toEqual([
      '+1 seat',
      '−0 seats',
      '+$19/month',
      'No limit',
    ]);
  });

  it('is empty when nothing changes', () => {
    const d = desired({ users: ['a'] });
    expect(seatMath(makePlan(d, checkedLive(d, [seat('a')]), { now: NOW }))).toEqual([]);
  });
});

describe('the end of the billing cycle', () => {
  it('is the date of the seats already pending when they agree, and unnamed otherwise', () => {
    const d = desired();
    const one = makePlan(d, checkedLive(d, [seat('p', { pending: '2026-07-01' })]), { now: NOW });
    expect(cycleEnd(one)).toBe('2026-07-01');
    expect(accessEnds(one)).toBe('until the end of the billing cycle (2026-07-01)');
    const two = makePlan(
      d,
      checkedLive(d, [seat('p', { pending: '2026-07-01' }), seat('q', { pending: '2026-08-01' })]),
      { now: NOW },
    );
    expect(cycleEnd(two)).toBeNull();
    const none = makePlan(d, checkedLive(d, [seat('gone')]), { now: NOW });
    expect(accessEnds(none)).toBe('until the end of the billing cycle');
  });
});
