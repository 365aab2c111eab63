import { describe, expect, it } from 'vitest';
import { makePlan } from '../../src/plan/planner.ts';
import { renderPlanText } from '../../src/render/text.ts';
import { checkedLive, desired, NOW, seat } from '../plan/builders.ts';

const d = desired({ users: [{ login: 'octocat', reason: 'pilot' }], teams: ['x'] });
const plan = makePlan(
  d,
  checkedLive(d, [seat('bob'), seat('c', { team: 'y' }), seat('p', { pending: '2026-07-01' })], {
    members: { x: ['n1', 'n2'] },
  }),
  { now: NOW },
);

describe('renderPlanText', () => {
  it('writes one Terraform-style line per change and ends with the summary', () => {
    const text = renderPlanText(plan, { color: false });
    const lines = text.trimEnd().split('\n');
    expect(lines).toContain('+ user octocat  (listed in seats.yaml (pilot))');
    expect(lines).toContain('- user bob  (not in seats.yaml)');
    expect(lines).toContain('+ team x  (listed in seats.yaml; +2 seats)');
    expect(lines).toContain('- team y  (team not in seats.yaml; -1 seats)');
    expect(lines).toContain('~ pending p  (seat ends on 2026-07-01)');
    const at = lines.indexOf('Plan: +3 seats, −2 seats · est. +$19/month');
    expect(lines.slice(at + 1)).toEqual([
      '  +3 seats = new users 1 + re-activations 0 + team seats 2',
      '  −2 seats = users 1 + team seats 1; cancelled seats keep Copilot until the end of the billing cycle (2026-07-01)',
      '  +$19/month = (3 − 2) × $19 per seat; cancellations save from the next billing cycle',
      '  No limit on cancellations: policy.max_removals is not set, and the default (25%) applies from 10 active seats; there are 2',
      'users +1 / −1 · teams +1 / −1',
    ]);
  });

  it('shows the end date of an added user and of the users kept until a date', () => {
    const dated = desired({
      users: [
        { login: 'temp', expires: '2026-09-30' },
        { login: 'stays', expires: '2026-12-31' },
      ],
      policy: { maxRemovals: { kind: 'count', value: 5 } },
    });
    const p = makePlan(dated, checkedLive(dated, [seat('stays'), seat('old')]), { now: NOW });
    const lines = renderPlanText(p, { color: false }).split('\n');
    expect(lines).toContain('+ user temp  (listed in seats.yaml; until 2026-09-30)');
    expect(lines).toContain('~ kept stays  (until 2026-12-31)');
    expect(lines).toContain('  Limit 5 = policy.max_removals: 5; 1 seat cancelled: within it');
  });

  it('uses ANSI colour only when asked', () => {
    expect(renderPlanText(plan, { color: false })).not.toContain('\u001b[');
    const coloured = renderPlanText(plan, { color: true });
    expect(coloured).toContain('\u001b[32m+ user octocat\u001b[0m');
    expect(coloured).toContain('\u001b[31m- user bob\u001b[0m');
  });

  it('shows errors, and control characters from untrusted text escaped', () => {
    const bad = structuredClone(plan);
    bad.errors.push({ code: 'x', message: 'evil \u001b[2Jclear', subject: 'ghost' });
    const text = renderPlanText(bad, { color: false });
    expect(text).toContain('✗ error ghost: evil \\x1b[2Jclear');
    expect(text).not.toContain('\u001b');
  });

  it('shows each exceeded safety limit, removals and additions, in red', () => {
    expect(renderPlanText(plan, { color: false })).not.toContain('✗ safety');
    const over = structuredClone(plan);
    over.safety = { ...over.safety, removals: 5, limit: 2, exceeded: true };
    over.safety = { ...over.safety, additions: 3, additionLimit: 0, additionsExceeded: true };
    const lines = renderPlanText(over, { color: false }).split('\n');
    expect(lines).toContain('✗ safety: 5 seats to cancel, more than the limit of 2 (policy.max_removals)');
    expect(lines).toContain('✗ safety: 3 seats to add, more than the limit of 0 (policy.max_additions)');
    expect(renderPlanText(over, { color: true })).toContain('\u001b[31m✗ safety: 3 seats to add');
  });

  it('says when nothing changes', () => {
    const same = desired({ users: ['a'] });
    const text = renderPlanText(makePlan(same, checkedLive(same, [seat('a')]), { now: NOW }), {
      color: false,
    });
    expect(text).toContain('Plan: No changes. The live org matches seats.yaml.');
    expect(text).not.toMatch(/^[+-] /m);
  });
});
