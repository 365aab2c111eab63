// Progress of a long seat list: pure formatting with a fake clock, and over HTTP on a 7-page list.
import { describe, expect, it } from 'vitest';
import { readSeats } from '../../src/github/live.ts';
import { pageProgress } from '../../src/github/progress.ts';
import { generateOrg } from '../../src/simulator/generate.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import { orgApi } from '../../src/github/scope-api.ts';

useCheckedSimulators();

describe('pageProgress', () => {
  it('reports at most once per interval, with pages, seats, elapsed time and what is left; always the last page', () => {
    let t = 0;
    const lines: string[] = [];
    const tick = pageProgress('Reading', 10, {
      report: (l) => lines.push(l),
      now: () => t,
      intervalMs: 5000,
    });
    for (let page = 1; page <= 10; page++) {
      t = page * 2000; // two seconds a page
      tick(page, page * 100);
    }
    expect(lines).toEqual([
      'Reading: page 3 of 10, 300 seats, 6.0 s, about 14 s left',
      'Reading: page 6 of 10, 600 seats, 12 s, about 8.0 s left',
      'Reading: page 9 of 10, 900 seats, 18 s, about 2.0 s left',
      'Reading: page 10 of 10, 1,000 seats, 20 s',
    ]);
  });

  it('says nothing for a short list', () => {
    const lines: string[] = [];
    const tick = pageProgress('Reading', 5, { report: (l) => lines.push(l), now: () => 1e9, intervalMs: 0 });
    for (let page = 1; page <= 5; page++) tick(page, page * 100);
    expect(lines).toEqual([]);
  });
});

describe('readSeats with progress', () => {
  it('reports a 7-page list page by page (interval 0), ending with every seat', async () => {
    const sim = await startCheckedSimulator(generateOrg({ members: 800, teams: 2, seats: 650, seed: 7 }));
    const lines: string[] = [];
    const seats = await readSeats(fastClient(sim.url), orgApi(sim.state.org.login), {
      progress: { report: (l) => lines.push(l), intervalMs: 0 },
    });
    expect(seats).toHaveLength(650);
    expect(lines).toHaveLength(7);
    expect(lines.at(-1)).toMatch(/^Reading the seats of \S+: page 7 of 7, 650 seats, [\d.]+ s$/);
  });
});
