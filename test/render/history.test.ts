import { describe, expect, it } from 'vitest';
import { makePlan } from '../../src/plan/planner.ts';
import {
  appendPoint,
  HISTORY_POINTS,
  historyComment,
  historyPoint,
  parseHistory,
  type HistoryPoint,
} from '../../src/render/history.ts';
import { checkedLive, desired, NOW, seat } from '../plan/builders.ts';

const point = (date: string, active = 10, pending = 0, cost = 190): HistoryPoint => ({
  date,
  active,
  pending,
  cost,
});

/** An issue body with this value hidden as the history. */
function bodyWith(value: unknown, raw?: string): string {
  const encoded = raw ?? Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  return `<!-- copilot-seats:drift org=acme -->\n\ntext\n\n<!-- copilot-seats:history v1 ${encoded} -->\n`;
}

describe('historyPoint', () => {
  it('takes the day, active and pending seats and the monthly cost of the plan', () => {
    const d = desired({ users: ['a', 'b'] });
    const plan = makePlan(d, checkedLive(d, [seat('a'), seat('b'), seat('c', { pending: '2026-07-01' })]), {
      now: NOW,
    });
    expect(historyPoint(plan)).toEqual({ date: '2026-06-15', active: 2, pending: 1, cost: 38 });
    // An expire run that just cancelled one seat: it is pending now.
    expect(historyPoint(plan, 1)).toEqual({ date: '2026-06-15', active: 1, pending: 2, cost: 19 });
  });
});

describe('history round trip', () => {
  it('reads back what it wrote', () => {
    const history = [point('2026-06-01'), point('2026-06-02', 11, 1, 209)];
    expect(parseHistory(`head\n${historyComment(history)}\n`)).toEqual(history);
  });

  it('appends one point a day: a second run that day replaces it', () => {
    const one = appendPoint([], point('2026-06-01', 10));
    const two = appendPoint(one, point('2026-06-02', 11));
    expect(two.map((p) => p.active)).toEqual([10, 11]);
    const again = appendPoint(two, point('2026-06-02', 12));
    expect(again.map((p) => [p.date, p.active])).toEqual([
      ['2026-06-01', 10],
      ['2026-06-02', 12],
    ]);
  });

  it(`keeps the last ${HISTORY_POINTS} runs, sorted by date`, () => {
    let history: HistoryPoint[] = [];
    // 40 days, appended newest first: the order of the runs does not matter, the dates do.
    for (let day = 40; day >= 1; day--) {
      const date = new Date(Date.UTC(2026, 3, day)).toISOString().slice(0, 10);
      history = appendPoint(history, point(date, day));
    }
    expect(history).toHaveLength(HISTORY_POINTS);
    const dates = history.map((p) => p.date);
    expect([...dates].sort()).toEqual(dates);
    expect(dates[0]).toBe('2026-04-11');
    expect(dates.at(-1)).toBe('2026-05-10');
    expect(parseHistory(historyComment(history))).toEqual(history);
  });
});

describe('parseHistory on corrupt or foreign data', () => {
  it('is empty without the hidden line, or when it does not decode', () => {
    expect(parseHistory(undefined)).toEqual([]);
    expect(parseHistory('')).toEqual([]);
    expect(parseHistory('<!-- copilot-seats:drift org=acme -->\nno history')).toEqual([]);
    expect(parseHistory(bodyWith(null, 'not*base64'))).toEqual([]);
    expect(parseHistory(bodyWith(null, Buffer.from('{not json').toString('base64url')))).toEqual([]);
    expect(parseHistory(bodyWith({ date: '2026-06-01', active: 1, pending: 0, cost: 19 }))).toEqual([]);
    expect(parseHistory(bodyWith(null, 'A'.repeat(30_000)))).toEqual([]);
  });

  it('drops every point that is not a date and plain numbers, and keeps the rest', () => {
    const good = point('2026-06-03');
    const bad = [
      'x',
      null,
      [1, 2],
      { ...good, date: '2026-02-30' },
      { ...good, date: '06/01/2026' },
      { ...good, date: '2026-06-01<script>' },
      { ...good, active: -1 },
      { ...good, active: 1.5 },
      { ...good, active: '10' },
      { ...good, pending: 1e12 },
      { ...good, cost: Number.NaN },
      { ...good, cost: '"]\n%%{init}%%' },
      { date: '2026-06-04', active: 1 },
    ];
    expect(parseHistory(bodyWith([...bad, good]))).toEqual([good]);
  });

  it('keeps only the validated fields of a point', () => {
    const read = parseHistory(bodyWith([{ ...point('2026-06-01'), note: '@octocat', __proto__: { x: 1 } }]));
    expect(read).toEqual([point('2026-06-01')]);
    expect(Object.keys(read[0] ?? {})).toEqual(['date', 'active', 'pending', 'cost']);
  });

  it('never writes back what does not validate', () => {
    const forged = [point('2026-06-01'), { date: 'x', active: 'y' } as unknown as HistoryPoint];
    expect(parseHistory(historyComment(forged))).toEqual([point('2026-06-01')]);
  });
});
