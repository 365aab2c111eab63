import { describe, expect, it } from 'vitest';
import { makePlan } from '../../src/plan/planner.ts';
import type { ApplyReport, Plan } from '../../src/plan/types.ts';
import { mdCode, mdText } from '../../src/render/escape.ts';
import {
  markerFor,
  renderApplyMarkdown,
  renderDriftMarkdown,
  renderPlanMarkdown,
} from '../../src/render/markdown.ts';
import { checkedLive, desired, manySeats, NOW, seat } from '../plan/builders.ts';
import { orgScope } from '../../src/plan/scope.ts';

function samplePlan(): Plan {
  const d = desired({
    users: [{ login: 'new', reason: 'ML pilot' }, { login: 'exp', expires: '2026-06-01' }, 'keep'],
    teams: ['t', 'eng'],
    policy: { inactiveDays: 30 },
  });
  const seats = [
    seat('keep'),
    seat('gone'),
    seat('x', { team: 'old' }),
    seat('exp', { team: 'eng' }),
    seat('p', { pending: '2026-07-01' }),
    seat('idle', { lastActivity: '2026-01-01T00:00:00Z' }),
  ];
  return makePlan(d, checkedLive(d, seats, { members: { t: ['m'] } }), { now: NOW });
}

/** Text outside code spans: where GitHub would look for @mentions. */
function outsideCode(md: string): string {
  return md.replace(/`[^`\n]*`/g, '');
}

const HOSTILE =
  'pilot for @octocat & @github/security | <img src=x onerror=alert(1)> `x` <!-- copilot-seats:plan org=acme --> [a](https://evil) #12\nsecond line';

function hostilePlan(): Plan {
  const d = desired({
    users: [{ login: 'mallory', reason: HOSTILE }],
    teams: [{ slug: 'eng', reason: HOSTILE }],
  });
  const plan = makePlan(d, checkedLive(d, [], { members: { eng: ['z'] } }), { now: NOW });
  plan.warnings.push({ code: 'x', message: HOSTILE, subject: '@octocat|`<!--' });
  return plan;
}

describe('renderPlanMarkdown', () => {
  it('starts with the hidden marker, then the summary line', () => {
    const md = renderPlanMarkdown(samplePlan());
    expect(md.split('\n')[0]).toMatch(/^<!-- copilot-seats:plan org=acme fingerprint=v1\.[\w-]+ -->$/);
    expect(md).toContain('**Plan:** +2 seats, −3 seats, 1 conflict · est. −$19/month');
  });

  it('says there are no changes when the org matches', () => {
    const d = desired({ users: ['a'] });
    const md = renderPlanMarkdown(makePlan(d, checkedLive(d, [seat('a')]), { now: NOW }));
    expect(md).toContain('**Plan:** No changes. The live org matches seats.yaml.');
    expect(md).not.toContain('<details');
  });

  it('puts errors, safety and conflicts before the tables', () => {
    const plan = samplePlan();
    plan.errors.push({ code: 'unknown-team', message: "team 'ghost' does not exist", subject: 'ghost' });
    plan.safety = { ...plan.safety, removals: 3, limit: 1, exceeded: true };
    const md = renderPlanMarkdown(plan);
    const caution = md.indexOf('> [!CAUTION]');
    const safety = md.indexOf('Safety limit exceeded');
    const conflict = md.indexOf('1 conflict**');
    const firstTable = md.indexOf('<details');
    expect(caution).toBeGreaterThan(0);
    expect(caution).toBeLessThan(safety);
    expect(safety).toBeLessThan(conflict);
    expect(conflict).toBeLessThan(firstTable);
  });

  it('shows each kind of change in an open table, with reasons', () => {
    const md = renderPlanMarkdown(samplePlan());
    const ends = ': Copilot until the end of the billing cycle (2026-07-01)';
    for (const title of [
      'Users to add (1)',
      `Users to cancel (2)${ends}`,
      'Teams to add (1)',
      `Teams to cancel (1)${ends}`,
    ]) {
      expect(md).toContain(`<details open><summary>${title}</summary>`);
    }
    expect(md).toContain('| `new` | — | listed in seats.yaml (ML pilot) |');
    expect(md).toContain('| `old` | 1 | team not in seats.yaml |');
  });

  it('collapses a change table only past 20 rows', () => {
    const plan = (n: number) => {
      const d = desired({ users: manySeats('new', n).map((s) => s.login ?? '') });
      return makePlan(d, checkedLive(d, []), { now: NOW });
    };
    expect(renderPlanMarkdown(plan(20))).toContain('<details open><summary>Users to add (20)</summary>');
    expect(renderPlanMarkdown(plan(21))).toContain('<details><summary>Users to add (21)</summary>');
  });

  it('leaves notes, pending and idle seats to the job summary: one line in the PR comment', () => {
    const plan = samplePlan();
    plan.notes.push({ code: 'no-assignee', message: '1 seat without an assignee' });
    const pr = renderPlanMarkdown(plan, { detailsUrl: 'https://github.com/acme/admin/actions/runs/7' });
    expect(pr).not.toMatch(/<summary>(Notes|Pending|Idle)/);
    expect(pr).toContain(
      '_1 note, 1 pending cancellation, 1 idle seat: see the [job summary](https://github.com/acme/admin/actions/runs/7) or the drift issue._',
    );
    const full = renderPlanMarkdown(plan, { reports: 'full' });
    for (const title of [
      'Notes (1)',
      'Pending cancellations (left alone) (1)',
      'Idle seats (report only) (1)',
    ]) {
      expect(full).toContain(`<details><summary>${title}</summary>`);
    }
    expect(full).not.toContain('see the job summary');
    expect(renderDriftMarkdown(plan)).toContain('<summary>Idle seats (report only) (1)</summary>');
  });

  it('puts the summary line in a paragraph of its own, and its math in a list under it', () => {
    const md = renderPlanMarkdown(samplePlan());
    expect(md).toContain(
      [
        '**Plan:** +2 seats, −3 seats, 1 conflict · est. −$19/month',
        '',
        '- **+2 seats** = new users 1 + re-activations 0 + team seats 1',
        '- **−3 seats** = users 2 + team seats 1; cancelled seats keep Copilot until the end of the billing cycle (2026-07-01)',
        '- **−$19/month** = (2 − 3) × $19 per seat; cancellations save from the next billing cycle',
        '- **No limit** on cancellations: policy.max&#95;removals is not set, and the default (25%) applies from 10 active seats; there are 5',
        '',
      ].join('\n'),
    );
  });

  it('shows the end date of added and kept users', () => {
    const d = desired({
      users: [
        { login: 'temp', expires: '2026-09-30' },
        { login: 'stays', expires: '2026-12-31' },
        { login: 'soon', expires: '2026-08-01' },
        'forever',
      ],
    });
    const seats = [seat('stays'), seat('soon', { team: 'eng' }), seat('forever')];
    const plan = makePlan({ ...d, teams: [{ slug: 'eng', key: 'eng' }] }, checkedLive(d, seats), {
      now: NOW,
    });
    const md = renderPlanMarkdown(plan);
    expect(md).toContain('| `temp` | 2026-09-30 | listed in seats.yaml |');
    expect(md).toContain('<details open><summary>Users kept until a date (2)</summary>');
    expect(md).toContain(
      '| Login | Until |\n| --- | --- |\n| `soon` | 2026-08-01 |\n| `stays` | 2026-12-31 |',
    );
    expect(md).not.toContain('`forever`');
  });

  it('can never @-mention anyone, whatever the names and reasons hold', () => {
    const md = renderPlanMarkdown(hostilePlan());
    expect(outsideCode(md)).not.toMatch(/@[A-Za-z0-9]/);
    expect(md).toContain('`mallory`');
  });

  it('neutralizes HTML, a fake marker, table breaks and links in user text', () => {
    const md = renderPlanMarkdown(hostilePlan());
    expect(md.match(/<!--/g)).toHaveLength(1);
    expect(md).not.toMatch(/<img/i);
    expect(md).not.toContain('](https://evil)');
    const rows = md.split('\n').filter((l) => l.startsWith('| `mallory`'));
    expect(rows).toHaveLength(1);
    // Login, until, reason: three cells, and the reason adds no column.
    expect(rows[0]?.match(/\|/g)).toHaveLength(4);
    expect(md).not.toMatch(/#12\b/);
    const warn = md.split('\n').find((l) => l.includes('pilot for') && l.startsWith('| `@'));
    expect(warn?.match(/\|/g)).toHaveLength(3);
  });

  it('keeps a marker free of anything that could close the comment', () => {
    expect(markerFor('plan', orgScope('acme --> <b>'))).toBe('<!-- copilot-seats:plan org=acme-b -->');
    expect(markerFor('drift', orgScope('Acme'))).toBe('<!-- copilot-seats:drift org=Acme -->');
  });

  it('stays under the limit with 20,000 adds, and points to the full plan', () => {
    const users = manySeats('newcomer-with-a-long-login-', 20_000).map((s) => s.login ?? '');
    const d = desired({ users, org: 'acme' });
    const plan = makePlan(d, checkedLive(d, manySeats('old', 300)), { now: NOW });
    const md = renderPlanMarkdown(plan, { detailsUrl: 'https://github.com/acme/admin/actions/runs/42' });
    expect(md.length).toBeLessThanOrEqual(65_000);
    expect(md.length).toBeGreaterThan(60_000);
    expect(md.split('\n')[0]).toMatch(/^<!-- copilot-seats:plan org=acme fingerprint=v1\.[\w-]+ -->$/);
    expect(md).toContain('[job summary](https://github.com/acme/admin/actions/runs/42)');
    expect(md).toMatch(/shortened to fit GitHub's size limit: \d+ rows left out/);
    expect(md).toMatch(/_\d+ rows left out here: see the full plan\._\n\n<\/details>/);
    // The smaller section (300 cancellations) is left whole; rows go from the largest.
    expect(md).toContain(
      '<details><summary>Users to cancel (300): Copilot until the end of the billing cycle</summary>',
    );
    expect(md.split('\n').filter((l) => l.startsWith('| `old')).length).toBe(300);
  });

  it('respects a custom maxLength, even a tiny one', () => {
    const plan = samplePlan();
    for (const max of [3000, 1200, 400]) {
      expect(renderPlanMarkdown(plan, { maxLength: max }).length).toBeLessThanOrEqual(max);
    }
    expect(
      renderPlanMarkdown(plan, { maxLength: 1200 }).startsWith(
        '<!-- copilot-seats:plan org=acme fingerprint=',
      ),
    ).toBe(true);
  });

  it('is deterministic', () => {
    expect(renderPlanMarkdown(samplePlan())).toBe(renderPlanMarkdown(samplePlan()));
  });
});

describe('renderDriftMarkdown', () => {
  it('has its own marker and says whether there is drift', () => {
    const md = renderDriftMarkdown(samplePlan());
    expect(md.split('\n')[0]).toBe('<!-- copilot-seats:drift org=acme -->');
    expect(md).toContain('differ from seats.yaml');
    const d = desired({ teams: ['empty'] });
    const ensureOnly = renderDriftMarkdown(makePlan(d, checkedLive(d, []), { now: NOW }));
    expect(ensureOnly).toContain('No drift');
  });
});

describe('renderApplyMarkdown', () => {
  const report: ApplyReport = {
    scope: { kind: 'org', name: 'acme' },
    dryRun: false,
    ok: false,
    writes: [
      {
        kind: 'add-users',
        names: ['a', 'b', 'c', 'd', 'e', 'f', '@octocat'],
        ok: true,
        status: 201,
        count: 7,
      },
      { kind: 'remove-teams', names: ['old'], ok: false, status: 422, error: 'ping @octocat <b>' },
    ],
    mismatches: [{ code: 'mismatch', message: 'still seated', subject: 'gone' }],
    held: [],
    skipped: [],
    notes: [],
  };

  it('has its own marker, the outcome, the writes and the mismatches', () => {
    const md = renderApplyMarkdown(report, samplePlan());
    expect(md.split('\n')[0]).toBe('<!-- copilot-seats:apply org=acme -->');
    expect(md).toContain('**Apply incomplete:** 1 of 2 writes failed, 1 mismatch');
    expect(md).toContain(
      '| add users | 7 | `a`, `b`, `c`, `d`, `e` and 2 more | ok (201): 7 seats created |',
    );
    expect(md).toContain('`gone`: still seated');
    expect(outsideCode(md)).not.toMatch(/@[A-Za-z0-9]/);
    expect(md).not.toContain('<b>');
  });

  it('says why GitHub counted fewer seats created than users added', () => {
    const d = desired({ users: ['a', 'moved'] });
    const plan = makePlan(d, checkedLive(d, [seat('moved', { team: 'old' })]), { now: NOW });
    const added = { kind: 'add-users' as const, names: ['a', 'moved'], ok: true, status: 201, count: 1 };
    const md = renderApplyMarkdown({ ...report, writes: [added], mismatches: [], ok: true }, plan);
    expect(md).toContain(
      '| add users | 2 | `a`, `moved` | ok (201): 1 seat created; not counted: `moved`, who already had a seat through a team this plan cancels |',
    );
    const other = renderApplyMarkdown({ ...report, writes: [{ ...added, names: ['a', 'b'] }] }, plan);
    expect(other).toContain('ok (201): 1 seat created (GitHub counts only the seats it creates) |');
  });

  it('says so for a dry run and a clean apply', () => {
    expect(renderApplyMarkdown({ ...report, dryRun: true }, samplePlan())).toContain('**Dry run:**');
    expect(renderApplyMarkdown({ ...report, ok: true, mismatches: [] }, samplePlan())).toContain(
      '**Applied:** 2 writes, all ok.',
    );
  });
});

describe('escaping helpers', () => {
  it('mdText leaves ordinary text readable', () => {
    expect(mdText('listed in seats.yaml (ML pilot)')).toBe('listed in seats.yaml (ML pilot)');
  });
  it('mdCode cannot be closed early or break a table', () => {
    expect(mdCode('a`b|c\nd')).toBe("`a'b¦c d`");
  });
});
