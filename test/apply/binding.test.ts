// The pure parts of "apply exactly what was reviewed": the fingerprint, the binding of a new plan
// to a reviewed one, the holds that keep cancellations with the adds they rely on, and what the
// plan's errors mean after merge.
import { describe, expect, it } from 'vitest';
import { bindToReviewed, type ReviewedPlan } from '../../src/apply/binding.ts';
import { gateErrors, MAX_WRITES_PER_HOUR, refusal } from '../../src/apply/gate.ts';
import { reducePlan } from '../../src/apply/reduce.ts';
import {
  decodeFingerprint,
  encodeFingerprint,
  fingerprintOf,
  type PlanFingerprint,
} from '../../src/plan/fingerprint.ts';
import { makePlan } from '../../src/plan/planner.ts';
import type { Plan } from '../../src/plan/types.ts';
import { fingerprintInComment, renderPlanMarkdown } from '../../src/render/markdown.ts';
import { checkedLive, desired, live, NOW, seat } from '../plan/builders.ts';
import { orgScope } from '../../src/plan/scope.ts';

/** keep ann, add jon (new) and team ml (bob keeps a seat through it), cancel ben and team old. */
function basePlan(): Plan {
  const d = desired({ users: ['ann', 'jon', 'fay'], teams: ['ml'] });
  const seats = [
    seat('ann'),
    seat('ben'),
    seat('bob'),
    seat('eve', { team: 'old' }),
    seat('fay', { team: 'old' }),
  ];
  return makePlan(d, checkedLive(d, seats, { members: { ml: ['bob', 'gus'] } }), { now: NOW });
}

const reviewedOf = (plan: Plan, source = '#9'): ReviewedPlan => ({
  source,
  fingerprint: fingerprintOf(plan),
});
const keys = (plan: Plan) => ({
  addUsers: plan.add.users.map((u) => u.key),
  addTeams: plan.add.teams.map((t) => t.key),
  removeUsers: plan.remove.users.map((u) => u.key),
  removeTeams: plan.remove.teams.map((t) => t.key),
});

describe('the fingerprint', () => {
  it('is the set of writes (kind + lower-case names) and the org, with a digest of both', () => {
    const fp = fingerprintOf(basePlan());
    expect(fp).toMatchObject({
      version: 1,
      org: 'acme',
      writes: {
        'add-teams': ['ml'],
        'add-users': ['fay', 'jon'],
        'remove-users': ['ben', 'bob'],
        'remove-teams': ['old'],
      },
    });
    expect(fp.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on order or case; any change of the writes changes the digest', () => {
    const plan = basePlan();
    const shuffled = { ...plan, add: { ...plan.add, users: [...plan.add.users].reverse() } };
    const upper = { ...plan, org: 'ACME' };
    expect(fingerprintOf(shuffled).digest).toBe(fingerprintOf(plan).digest);
    expect(fingerprintOf(upper).digest).toBe(fingerprintOf(plan).digest);
    const less = { ...plan, remove: { ...plan.remove, users: plan.remove.users.slice(1) } };
    expect(fingerprintOf(less).digest).not.toBe(fingerprintOf(plan).digest);
  });

  it('round-trips through its compact text, and drops the sets (not the digest) past the size budget', () => {
    const fp = fingerprintOf(basePlan());
    expect(decodeFingerprint(encodeFingerprint(fp))).toEqual(fp);
    const small = decodeFingerprint(encodeFingerprint(fp, 10));
    expect(small).toEqual({ version: 1, org: 'acme', digest: fp.digest, writes: null });
  });

  it('refuses anything that is not a well-formed fingerprint, and recomputes the digest it is given', () => {
    expect(decodeFingerprint('v1.not-deflate')).toBeNull();
    expect(decodeFingerprint('v2.abc')).toBeNull();
    expect(decodeFingerprint('')).toBeNull();
    const fp = fingerprintOf(basePlan());
    const forged: PlanFingerprint = { ...fp, digest: '0'.repeat(64) };
    // A hand-made digest that does not match the sets is replaced by the sets' own.
    expect(decodeFingerprint(encodeFingerprint(forged))?.digest).toBe(fp.digest);
  });

  it('rides hidden in the first line of the plan comment, found only for its org', () => {
    const plan = basePlan();
    const md = renderPlanMarkdown(plan);
    expect(fingerprintInComment(md, orgScope('acme'))).toEqual(fingerprintOf(plan));
    expect(fingerprintInComment(md, orgScope('acme-labs'))).toBeNull();
    expect(
      fingerprintInComment('<!-- copilot-seats:plan org=acme -->\nold comment', orgScope('acme')),
    ).toBeNull();
    // Not in the visible text: only inside the HTML comment of the first line.
    expect(md.split('\n').slice(1).join('\n')).not.toContain('fingerprint=');
  });

  it('keeps a 20,000-write plan comment under GitHub’s limit with the digest only', () => {
    const d = desired({ users: Array.from({ length: 20_000 }, (_, i) => `user-${i}`) });
    const big = makePlan(d, checkedLive(d, []), { now: NOW });
    const md = renderPlanMarkdown(big);
    expect(md.length).toBeLessThanOrEqual(65_000);
    expect(fingerprintInComment(md, orgScope('acme'))).toMatchObject({
      digest: fingerprintOf(big).digest,
      writes: null,
    });
  });
});

describe('bindToReviewed', () => {
  it('writes the whole plan when it is the reviewed one', () => {
    const plan = basePlan();
    const bound = bindToReviewed(plan, reviewedOf(plan));
    expect(bound.plan).toBe(plan);
    expect([bound.held, bound.notNeeded, bound.unreviewedAdds]).toEqual([[], [], []]);
  });

  it('never writes a cancellation the reviewed plan did not hold; reports reviewed writes no longer needed', () => {
    const reviewed = basePlan();
    const d = desired({ users: ['ann', 'jon', 'fay'], teams: ['ml'] });
    // Since the review: lea got a seat by hand, ben's seat ended.
    const seats = [
      seat('ann'),
      seat('lea'),
      seat('bob'),
      seat('eve', { team: 'old' }),
      seat('fay', { team: 'old' }),
    ];
    const now = makePlan(d, checkedLive(d, seats, { members: { ml: ['bob', 'gus'] } }), { now: NOW });
    const bound = bindToReviewed(now, reviewedOf(reviewed));
    expect(keys(bound.plan).removeUsers).toEqual(['bob']);
    expect(bound.held).toEqual([
      {
        code: 'unreviewed-cancel',
        subject: 'lea',
        message: 'cancellation not in the reviewed plan of #9: not written; review it in a new PR',
      },
    ]);
    expect(bound.notNeeded.map((f) => f.subject)).toEqual(['ben']);
    expect(bound.notNeeded[0]?.message).toMatch(/no longer needed/);
  });

  it('writes adds nobody reviewed under unreviewed_adds: allow (reported), holds them under skip', () => {
    const d = desired({ users: ['ann', 'jon', 'fay'], teams: ['ml'] });
    const reviewedSeats = [seat('ann'), seat('jon'), seat('ben'), seat('bob'), seat('eve', { team: 'old' })];
    const reviewed = makePlan(d, checkedLive(d, reviewedSeats, { members: { ml: ['bob'] } }), { now: NOW });
    const plan = basePlan(); // jon's seat is gone since: the plan adds him again
    const allowed = bindToReviewed(plan, reviewedOf(reviewed), 'allow');
    expect(keys(allowed.plan).addUsers).toContain('jon');
    expect(allowed.unreviewedAdds.map((f) => [f.subject, f.code])).toContainEqual([
      'jon',
      'unreviewed-add-written',
    ]);
    const skipped = bindToReviewed(plan, reviewedOf(reviewed), 'skip');
    expect(keys(skipped.plan).addUsers).not.toContain('jon');
    expect(skipped.held.map((f) => [f.subject, f.code])).toContainEqual(['jon', 'unreviewed-add']);
  });

  it('holds the cancellations that rely on an add it holds', () => {
    const plan = basePlan();
    const reviewed = { ...plan, add: { users: plan.add.users, teams: [] } }; // ml was not reviewed
    const bound = bindToReviewed(plan, reviewedOf(reviewed), 'skip');
    expect(keys(bound.plan).addTeams).toEqual([]);
    // bob was to keep a seat through ml: his direct seat must stay.
    expect(keys(bound.plan).removeUsers).toEqual(['ben']);
    expect(bound.held.map((f) => [f.subject, f.code])).toEqual([
      ['ml', 'unreviewed-add'],
      ['bob', 'held-for-team-add'],
    ]);
  });

  it('cancels a direct seat that a reviewed team cancellation took (GitHub listed it through the team)', () => {
    // Reviewed: cancel team old, which takes eve's seat. Since then the team is gone and eve shows
    // a direct seat that the team had hidden (the follow-up in that apply failed).
    const reviewed = basePlan();
    expect(fingerprintOf(reviewed).teamSeats).toEqual(['eve']);
    const d = desired({ users: ['ann', 'jon', 'fay'], teams: ['ml'] });
    const now = makePlan(d, checkedLive(d, [seat('ann'), seat('eve')], { members: { ml: ['gus'] } }), {
      now: NOW,
    });
    const bound = bindToReviewed(now, reviewedOf(reviewed));
    expect(keys(bound.plan).removeUsers).toEqual(['eve']);
    expect(bound.held).toEqual([]);
    expect(bound.unreviewedAdds.map((f) => [f.subject, f.code])).toContainEqual([
      'eve',
      'covered-by-team-cancel',
    ]);
  });

  it('holds every cancellation when the reviewed plan is of another org, or too big to compare and different', () => {
    const plan = basePlan();
    const other = { source: '#9', fingerprint: { ...fingerprintOf(plan), org: 'other' } };
    const boundOther = bindToReviewed(plan, other);
    expect(keys(boundOther.plan).removeUsers).toEqual([]);
    expect(keys(boundOther.plan).removeTeams).toEqual([]);
    expect(boundOther.held[0]?.message).toMatch(/is for org 'other'/);

    const digestOnly = { source: '#9', fingerprint: { ...fingerprintOf(plan), writes: null } };
    expect(bindToReviewed(plan, digestOnly).plan).toBe(plan); // same digest: all reviewed
    const changed = { ...plan, remove: { ...plan.remove, users: plan.remove.users.slice(1) } };
    const boundBig = bindToReviewed(plan, {
      source: '#9',
      fingerprint: { ...fingerprintOf(changed), writes: null },
    });
    expect(keys(boundBig.plan).removeUsers).toEqual([]);
    expect(boundBig.held[0]?.message).toMatch(/too large to compare/);
  });
});

describe('reducePlan', () => {
  it('holds a team cancellation whose member’s direct add is held, and recounts the removals', () => {
    const plan = basePlan();
    const reduced = reducePlan(plan, new Map([['add-users:fay', 'add-users']]));
    expect(keys(reduced.plan).removeTeams).toEqual([]);
    expect(reduced.held).toMatchObject([{ code: 'held-for-user-add', subject: 'old' }]);
    expect(reduced.plan.safety.removals).toBe(plan.safety.removals - (plan.remove.teams[0]?.seats ?? 0));
  });
});

describe('gateErrors', () => {
  it('skips entries that are not members (yet) after merge; an unknown team holds every cancellation', () => {
    const d = desired({ users: ['ann', 'stranger', 'invitee'], teams: ['ghost'] });
    const l = live([seat('ann'), seat('ben'), seat('eve', { team: 'old' })], {
      memberships: { stranger: 'none', invitee: 'pending' },
      teams: { ghost: 'missing' },
    });
    const gated = gateErrors(makePlan(d, l, { now: NOW }));
    expect(gated.refused).toBeUndefined();
    expect(gated.skipped.map((f) => f.subject)).toEqual(['invitee', 'stranger']);
    expect(gated.held.map((f) => [f.subject, f.code])).toEqual([
      ['ben', 'held-unknown-team'],
      ['old', 'held-unknown-team'],
    ]);
    expect(keys(gated.plan).removeUsers).toEqual([]);
  });

  it('refuses on any other error', () => {
    const d = desired({ users: ['ann'] });
    const gated = gateErrors(makePlan(d, live([seat('ben')], { setting: 'assign_all' }), { now: NOW }));
    expect(gated.refused).toMatch(/assign_selected/);
  });
});

describe('refusal', () => {
  it('refuses up front a plan that needs more write requests than GitHub allows in an hour', () => {
    const plan = basePlan();
    const opts = { allowMassRemoval: true, removalOverride: 'x' };
    expect(refusal(plan, MAX_WRITES_PER_HOUR, opts)).toBeUndefined();
    expect(refusal(plan, MAX_WRITES_PER_HOUR + 1, opts)).toMatch(
      /needs 501 write requests, more than GitHub's limit of 500 .* at most 50000 names each/,
    );
  });
});
