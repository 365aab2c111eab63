// The reclaim pull request body: who, idle since when, seat age, the saving, how to keep someone,
// and @-mentions only when policy.reclaim_notice asks for them.
import { describe, expect, it } from 'vitest';
import type { ReclaimProposal } from '../../src/plan/reclaim.ts';
import { reclaimMarker, reclaimTitle, renderReclaimBody } from '../../src/render/reclaim.ts';

const proposal: ReclaimProposal = {
  inactiveDays: 30,
  graceDays: 30,
  remove: [
    {
      login: 'old-timer',
      key: 'old-timer',
      lastUsedAt: null,
      signal: 'created',
      idleDays: 90,
      atLeast: true,
      seatAgeDays: 400,
      createdAt: '2025-05-11T00:00:00Z',
    },
    {
      login: 'alice',
      key: 'alice',
      lastUsedAt: '2026-04-01T10:00:00Z',
      signal: 'activity',
      idleDays: 75,
      atLeast: false,
      seatAgeDays: 200,
      createdAt: '2025-11-27T00:00:00Z',
    },
    {
      login: 'newbie',
      key: 'newbie',
      lastUsedAt: null,
      signal: 'created',
      idleDays: 45,
      atLeast: false,
      seatAgeDays: 45,
      createdAt: '2026-05-01T00:00:00Z',
    },
  ],
  throughTeam: [
    {
      login: 'carol',
      key: 'carol',
      team: 'eng',
      lastUsedAt: '2026-03-01T00:00:00Z',
      signal: 'activity',
      idleDays: 106,
      atLeast: false,
      seatAgeDays: 300,
      createdAt: '2025-08-01T00:00:00Z',
    },
  ],
};
const opts = { org: 'acme', file: 'seats.yaml', seatPrice: 19, now: '2026-06-15T12:00:00Z' };

describe('renderReclaimBody', () => {
  const body = renderReclaimBody(proposal, opts);

  it('starts with the reclaim marker and says how many, and the saving', () => {
    expect(body.startsWith(reclaimMarker('acme'))).toBe(true);
    expect(body).toContain('removes 3 users from `seats.yaml`');
    expect(body).toContain('**Monthly saving: \u2212$57** (3 seats × $19)');
    expect(reclaimTitle(proposal, 'acme')).toBe('Reclaim 3 idle Copilot seats in acme');
  });

  it('one row per user: idle since, idle for, seat age; no activity past 90 days is only "≥ 90"', () => {
    expect(body).toContain('| `old-timer` | ≥ 90 days, no activity recorded | ≥ 90 days | 400 days |');
    expect(body).toContain('| `alice` | 2026-04-01 (last activity) | 75 days | 200 days |');
    expect(body).toContain('| `newbie` | never used (seat created 2026-05-01) | 45 days | 45 days |');
  });

  it('says how to keep someone, and lists team seats apart', () => {
    expect(body).toContain("delete their line from this pull request's diff");
    expect(body).toMatch(/add them to `exempt` in a commit on that branch/);
    expect(body).toContain(
      '- `carol`, idle through team `eng` (106 days): remove them from the team or exempt them',
    );
  });

  it('mentions nobody by default', () => {
    expect(body).not.toMatch(/@[A-Za-z]/);
    expect(renderReclaimBody(proposal, { ...opts, notice: 'none' })).not.toContain('@alice');
  });

  it('reclaim_notice: mention mentions exactly the users removed', () => {
    const mentioned = renderReclaimBody(proposal, { ...opts, notice: 'mention' });
    expect(mentioned.match(/@[A-Za-z0-9_-]+/g)).toEqual(['@old-timer', '@alice', '@newbie']);
  });

  it('folds the charts it is given under the table, and shows no block without them', () => {
    const chart = '```mermaid\npie showData\n    "Direct" : 3\n```';
    const withCharts = renderReclaimBody(proposal, { ...opts, charts: [chart] });
    expect(withCharts).toContain(
      `<details><summary>Seats of the org: by source, and by days idle</summary>\n\n${chart}\n\n</details>`,
    );
    expect(body).not.toContain('<details>');
  });

  it('hostile text from the file cannot break out', () => {
    const kept = renderReclaimBody(proposal, { ...opts, kept: [{ login: 'x', why: '<!-- @boss -->' }] });
    expect(kept).toContain('- `x`: &lt;&#33;-- @\u200dboss --&gt;; remove the entry by hand');
  });
});
