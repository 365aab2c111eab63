import { describe, expect, it } from 'vitest';
import { makePlan } from '../../src/plan/planner.ts';
import type { ApplyReport } from '../../src/plan/types.ts';
import { applyReportToJson, planToJson } from '../../src/render/json.ts';
import { checkedLive, desired, live, NOW, seat } from '../plan/builders.ts';

describe('planToJson', () => {
  const d = desired({ users: ['new'], teams: ['t'] });
  const plan = makePlan(
    d,
    checkedLive(d, [seat('gone'), seat('x', { team: 'old' })], { members: { t: ['m'] } }),
    {
      now: NOW,
    },
  );

  it('is the versioned contract', () => {
    const json = planToJson(plan);
    expect(Object.keys(json).sort()).toEqual(
      [
        'version',
        'org',
        'scope',
        'now',
        'fingerprint',
        'add',
        'remove',
        'conflicts',
        'errors',
        'warnings',
        'notes',
        'idle',
        'pending',
        'keptUntil',
        'cost',
        'safety',
        'counts',
        'safe',
        'billing',
      ].sort(),
    );
    expect(json).toMatchObject({
      version: 1,
      scope: { kind: 'org', name: 'acme' },
      now: '2026-06-15T12:00:00.000Z',
      counts: { liveSeats: 2, adds: 2, removals: 2, conflicts: 0, errors: 0 },
      safe: true,
    });
    expect(json.add.users.map((u) => u.login)).toEqual(['new']);
    expect(json.remove.teams.map((t) => t.slug)).toEqual(['old']);
  });

  it('is not safe with an error or an exceeded limit', () => {
    const bad = makePlan(desired({ users: ['x'] }), live([], { memberships: { x: 'none' } }), { now: NOW });
    expect(planToJson(bad).safe).toBe(false);
    const strict = desired({ policy: { maxRemovals: { kind: 'count', value: 0 } } });
    expect(planToJson(makePlan(strict, checkedLive(strict, [seat('a')]), { now: NOW })).safe).toBe(false);
  });

  it('is not safe when the additions exceed policy.max_additions, and carries both limits', () => {
    const over = desired({ users: ['a', 'b'], policy: { maxAdditions: 1 } });
    const json = planToJson(makePlan(over, checkedLive(over, []), { now: NOW }));
    expect(json.safety).toEqual({
      removals: 0,
      limit: null,
      limitRule: { source: 'default', value: 25, activeSeats: 0 },
      exceeded: false,
      additions: 2,
      additionLimit: 1,
      additionsExceeded: true,
    });
    expect(json.safe).toBe(false);
    const within = desired({ users: ['a', 'b'], policy: { maxAdditions: 2 } });
    expect(planToJson(makePlan(within, checkedLive(within, []), { now: NOW })).safe).toBe(true);
  });

  it('is a copy: changing it leaves the plan alone, and it survives JSON', () => {
    const json = planToJson(plan);
    json.add.users.pop();
    expect(plan.add.users).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(planToJson(plan)))).toEqual(planToJson(plan));
  });
});

describe('applyReportToJson', () => {
  it('counts writes, failures and seats', () => {
    const report: ApplyReport = {
      scope: { kind: 'org', name: 'acme' },
      dryRun: false,
      ok: false,
      writes: [
        { kind: 'add-teams', names: ['t'], ok: true, status: 201, count: 3 },
        { kind: 'add-users', names: ['a', 'b'], ok: true, status: 201, count: 2 },
        { kind: 'remove-users', names: ['c'], ok: true, status: 200, count: 1 },
        { kind: 'remove-teams', names: ['old'], ok: false, status: 422, error: 'nope' },
      ],
      mismatches: [],
      held: [],
      skipped: [],
      notes: [],
    };
    expect(applyReportToJson(report)).toMatchObject({
      version: 1,
      scope: { kind: 'org', name: 'acme' },
      ok: false,
      dryRun: false,
      counts: { writes: 4, failed: 1, seatsCreated: 5, seatsCancelled: 1 },
    });
  });
});
