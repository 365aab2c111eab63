import { describe, expect, it } from 'vitest';
import { makePlan } from '../../src/plan/planner.ts';
import type { Plan, SeatCensus } from '../../src/plan/types.ts';
import { idleBars, renderCharts, sourcePie, trendLines } from '../../src/render/charts.ts';
import { historyPoint, type HistoryPoint } from '../../src/render/history.ts';
import { renderDriftMarkdown } from '../../src/render/markdown.ts';
import { checkedLive, desired, NOW, seat } from '../plan/builders.ts';

const HOSTILE = 'x"]\n%%{init: {"theme":"dark"}}%%\nclick A call alert(1)';

/** Seats of every source and age; logins, slugs and reasons all hostile text. */
function censusPlan(): Plan {
  const d = desired({
    users: [{ login: 'ann', reason: HOSTILE }, 'bob'],
    teams: [{ slug: 'eng', reason: HOSTILE }],
    policy: { inactiveDays: 30 },
  });
  const seats = [
    seat('ann'), // direct, active yesterday: 0–30
    seat('bob', { lastActivity: '2026-05-01T00:00:00Z' }), // direct, 45 days: 30–60
    seat('cat', { team: 'eng', lastActivity: '2026-04-01T00:00:00Z' }), // org team, 75 days: 60–90
    seat('dan', { team: 'eng', lastActivity: null, created: '2025-01-01T00:00:00Z' }), // none recorded: 90+
    seat('eve', { team: 'ent', enterprise: true, lastActivity: null, created: '2026-06-10T00:00:00Z' }), // new: 0–30
    seat('fay', { pending: '2026-07-01' }),
    seat(null),
  ];
  return makePlan(d, checkedLive(d, seats), { now: NOW });
}

const sum = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0);

/** The numbers of a chart's data lines (pie slices, or a bar/line series). */
function numbersIn(chart: string): number[] {
  const slices = [...chart.matchAll(/^ {4}"[^"]*" : ([\d.]+)$/gm)].map((m) => Number(m[1]));
  const series = /^ {4}(?:bar|line) \[([^\]]*)\]$/m.exec(chart);
  return series ? (series[1] as string).split(', ').map(Number) : slices;
}

describe('the census', () => {
  it('counts every seat by source and every active assigned seat by idle days', () => {
    const plan = censusPlan();
    expect(plan.census).toEqual({
      bySource: { direct: 2, team: 2, outside: 1, pending: 1, unassigned: 1 },
      idle: [2, 1, 1, 1],
    } satisfies SeatCensus);
    const c = plan.census as SeatCensus;
    expect(sum(Object.values(c.bySource))).toBe(plan.liveSeats);
    expect(sum(c.idle)).toBe(c.bySource.direct + c.bySource.team + c.bySource.outside);
  });
});

describe('charts', () => {
  it("add up to the plan's numbers", () => {
    const plan = censusPlan();
    const pie = sourcePie(plan.census as SeatCensus) as string;
    expect(pie).toMatch(/^```mermaid\npie showData\n {4}title Seats by source \(7\)\n/);
    expect(sum(numbersIn(pie))).toBe(plan.liveSeats);
    const bars = idleBars(plan.census as SeatCensus) as string;
    expect(bars).toMatch(/^```mermaid\nxychart-beta\n/);
    expect(numbersIn(bars)).toEqual([2, 1, 1, 1]);
    expect(bars).toContain('x-axis ["0–30 days", "30–60 days", "60–90 days", "90+ days"]');
  });

  it('carry only fixed labels and numbers, never text from the org', () => {
    const plan = censusPlan();
    const history: HistoryPoint[] = [
      { date: '2026-06-14', active: 5, pending: 0, cost: 95 },
      historyPoint(plan),
    ];
    const charts = renderCharts(plan.census, history);
    expect(charts).toHaveLength(4);
    const allowed =
      /^(```(mermaid)?|pie showData| {4}title [\w ()]+|xychart-beta| {4}(title "[\w ,()-]+"|x-axis \[("[\w –+-]+"(, )?)+\]|y-axis "\w+" 0 --> [\d.]+|(bar|line) \[[\d., ]+\]|"[\w ]+" : [\d.]+))$/;
    for (const chart of charts) {
      for (const line of chart.split('\n')) expect(line).toMatch(allowed);
      for (const name of ['ann', 'bob', 'cat', 'eng', 'ent', 'init', 'click'])
        expect(chart).not.toContain(name);
    }
  });

  it('leave out empty slices, and draw nothing with no seats', () => {
    const census: SeatCensus = {
      bySource: { direct: 3, team: 0, outside: 0, pending: 0, unassigned: 0 },
      idle: [3, 0, 0, 0],
    };
    expect(sourcePie(census)).not.toContain('Org team');
    const none: SeatCensus = {
      bySource: { direct: 0, team: 0, outside: 0, pending: 0, unassigned: 0 },
      idle: [0, 0, 0, 0],
    };
    expect(renderCharts(none, [])).toEqual([]);
  });

  it('draw the trend from two points on, active seats and monthly cost', () => {
    const a = { date: '2026-06-14', active: 5, pending: 1, cost: 95 };
    const b = { date: '2026-06-15', active: 6, pending: 0, cost: 114 };
    expect(trendLines([a])).toEqual([]);
    const [seats, cost] = trendLines([a, b]);
    expect(seats).toContain('x-axis ["06-14", "06-15"]');
    expect(numbersIn(seats as string)).toEqual([5, 6]);
    expect(numbersIn(cost as string)).toEqual([95, 114]);
    expect(seats).toContain('title "Active seats (06-14 to 06-15, 2 runs)"');
  });
});

describe('renderDriftMarkdown with charts and history', () => {
  it('shows the charts under the summary and hides the history at the bottom', () => {
    const plan = censusPlan();
    const history = [{ date: '2026-06-14', active: 5, pending: 0, cost: 95 }, historyPoint(plan)];
    const md = renderDriftMarkdown(plan, { history });
    expect(md.split('\n')[0]).toBe('<!-- copilot-seats:drift org=acme -->');
    expect(md.match(/```mermaid/g)).toHaveLength(4);
    expect(md.indexOf('```mermaid')).toBeLessThan(md.indexOf('<details'));
    expect(md.trimEnd().split('\n').at(-1)).toMatch(/^<!-- copilot-seats:history v1 [\w-]+ -->$/);
  });

  it('has no history line when none is given (the job summary of a run without an issue)', () => {
    const md = renderDriftMarkdown(censusPlan());
    expect(md).not.toContain('copilot-seats:history');
    expect(md.match(/```mermaid/g)).toHaveLength(2);
  });
});
