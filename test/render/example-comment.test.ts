// The PR comment of the example org (examples/seats.yaml against examples/simulated-org.json), as
// a reviewer reads it: committed as test/golden/example-plan.md (UPDATE_GOLDEN=1 rewrites it, as
// for test/golden/example-plan.json), its adds and cancellations open without a click, and every
// number it shows recomputed from the plan JSON.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSeatsFile } from '../../src/config/read.ts';
import { computePlan } from '../../src/modes/plan.ts';
import { planToJson, type PlanJson } from '../../src/render/json.ts';
import { renderPlanMarkdown } from '../../src/render/markdown.ts';
import { loadSimState } from '../../src/simulator/state.ts';
import { ROOT } from '../support/action.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';

useCheckedSimulators();

const GOLDEN_MD = join(ROOT, 'test/golden/example-plan.md');
const GOLDEN_JSON = join(ROOT, 'test/golden/example-plan.json');
const RUN_URL = 'https://github.com/acme/seats-admin/actions/runs/1';

async function exampleComment(): Promise<{ md: string; json: PlanJson }> {
  const sim = await startCheckedSimulator(await loadSimState(join(ROOT, 'examples/simulated-org.json')));
  const { desired } = await readSeatsFile(join(ROOT, 'examples/seats.yaml'));
  if (!desired) throw new Error('examples/seats.yaml does not load');
  const { plan } = await computePlan(fastClient(sim.url), desired, new Date(sim.state.now));
  return { md: renderPlanMarkdown(plan, { detailsUrl: RUN_URL }), json: planToJson(plan) };
}

/** The first match's groups as numbers; fails the test when the line is not there. */
function numbers(md: string, pattern: RegExp): number[] {
  const m = pattern.exec(md);
  expect(m, `no line matches ${pattern}`).not.toBeNull();
  return (m as RegExpExecArray).slice(1).map((g) => Number(g.replace(/[^\d.]/g, '')));
}

/** The body of the <details> block whose summary starts with `title`, and whether it is open. */
function section(md: string, title: string): { open: boolean; body: string } {
  const start = md.indexOf(`<summary>${title}`);
  expect(start, `no section '${title}'`).toBeGreaterThan(0);
  const open = md.slice(md.lastIndexOf('<details', start), start).startsWith('<details open>');
  return { open, body: md.slice(start, md.indexOf('</details>', start)) };
}

const MINUS = '\u2212';

describe('the PR comment of the example org', () => {
  it('is the committed golden markdown, of the plan in the golden JSON', async () => {
    const { md, json } = await exampleComment();
    if (process.env.UPDATE_GOLDEN) await writeFile(GOLDEN_MD, md);
    expect(json).toEqual(JSON.parse(await readFile(GOLDEN_JSON, 'utf8')));
    expect(md).toBe(await readFile(GOLDEN_MD, 'utf8'));
  });

  it('shows every add and cancellation without a click, and leaves the report to the job summary', async () => {
    const md = await readFile(GOLDEN_MD, 'utf8');
    const json = JSON.parse(await readFile(GOLDEN_JSON, 'utf8')) as PlanJson;
    const tables: [string, { login?: string; slug?: string }[]][] = [
      ['Users to add', json.add.users],
      ['Users to cancel', json.remove.users],
      ['Teams to add', json.add.teams],
      ['Teams to cancel', json.remove.teams],
    ];
    for (const [title, entries] of tables) {
      expect(entries.length).toBeGreaterThan(0);
      const { open, body } = section(md, `${title} (${entries.length})`);
      expect(open, `${title} is collapsed`).toBe(true);
      for (const e of entries) expect(body).toContain(`| \`${e.login ?? e.slug}\` |`);
    }
    expect(md).not.toMatch(/<summary>(Notes|Pending|Idle)/);
    expect(md).toContain(
      `_${json.notes.length} notes, ${json.pending.length} pending cancellations, ${json.idle.length} idle seats: see the [job summary](${RUN_URL}) or the drift issue._`,
    );
  });

  it('shows numbers that add up, each recomputed from the plan JSON', async () => {
    const md = await readFile(GOLDEN_MD, 'utf8');
    const json = JSON.parse(await readFile(GOLDEN_JSON, 'utf8')) as PlanJson;
    const { cost, safety } = json;

    // The summary line.
    const [gained, lost, errors, saved] = numbers(
      md,
      new RegExp(
        `^\\*\\*Plan:\\*\\* \\+(\\d+) seats, ${MINUS}(\\d+) seats, (\\d+) errors · est\\. ${MINUS}\\$(\\d+)/month$`,
        'm',
      ),
    );
    expect([gained, lost, errors, -saved!]).toEqual([
      cost.seatsGained,
      safety.removals,
      json.errors.length,
      cost.monthlyDelta,
    ]);

    // Seats gained, by kind.
    const moved = json.add.users.filter((u) => u.replacesTeam !== undefined);
    const reactivated = json.add.users.filter((u) => !u.replacesTeam && u.pendingUntil !== undefined);
    const newUsers = json.add.users.length - moved.length - reactivated.length;
    const teamSeats = json.add.teams.reduce((n, t) => n + t.seats, 0);
    const [g, nu, re, ts, mv] = numbers(
      md,
      /^- \*\*\+(\d+) seats\*\* = new users (\d+) \+ re-activations (\d+) \+ team seats (\d+); (\d+) added user already has a seat/m,
    );
    expect([g, nu, re, ts, mv]).toEqual([
      cost.seatsGained,
      newUsers,
      reactivated.length,
      teamSeats,
      moved.length,
    ]);
    expect(nu! + re! + ts!).toBe(g);
    expect(section(md, 'Teams to add').body).toContain(`| \`data-science\` | ${teamSeats} |`);

    // Seats cancelled, by kind; the date they lose Copilot is the date of the seats already pending.
    const teamLoss = json.remove.teams.reduce((n, t) => n + t.seats, 0);
    const [l, lu, lt] = numbers(
      md,
      new RegExp(`^- \\*\\*${MINUS}(\\d+) seats\\*\\* = users (\\d+) \\+ team seats (\\d+);`, 'm'),
    );
    expect([l, lu, lt]).toEqual([safety.removals, json.remove.users.length, teamLoss]);
    expect(lu! + lt!).toBe(l);
    const cycleEnd = new Set(json.pending.map((p) => p.pendingCancellationDate));
    expect(cycleEnd.size).toBe(1);
    expect(md).toContain(
      `cancelled seats keep Copilot until the end of the billing cycle (${[...cycleEnd][0]})`,
    );

    // The cost.
    const [monthly, cg, cl, price] = numbers(
      md,
      new RegExp(
        `^- \\*\\*${MINUS}\\$(\\d+)/month\\*\\* = \\((\\d+) ${MINUS} (\\d+)\\) × \\$(\\d+) per seat`,
        'm',
      ),
    );
    expect([cg, cl, price]).toEqual([cost.seatsGained, cost.seatsLost, cost.seatPrice]);
    expect(-monthly!).toBe((cg! - cl!) * price!);
    expect(-monthly!).toBe(cost.monthlyDelta);

    // The limit and how it was reached.
    const rule = safety.limitRule;
    expect(rule).toMatchObject({ source: 'percent' });
    const [limit, percent, active] = numbers(
      md,
      /^- \*\*Limit (\d+)\*\* = (\d+)% of (\d+) active seats, rounded down \(policy\.max&#95;removals: 25%\); (\d+) seats cancelled: within it$/m,
    );
    expect([limit, percent, active]).toEqual([safety.limit, rule?.value, rule?.activeSeats]);
    expect(limit).toBe(Math.floor((active! * percent!) / 100));
    expect(safety.removals).toBeLessThanOrEqual(limit!);
    // Active seats: the live seats less those pending cancellation and those without an assignee.
    const pendingSeats = json.pending.length + reactivated.length;
    const note = json.notes.find((n) => n.code === 'no-assignee')?.message ?? '0 seats';
    const unassigned = Number(/^(\d+) seats? without an assignee/.exec(note)?.[1] ?? 0);
    expect(active).toBe(json.counts.liveSeats - pendingSeats - unassigned);
    expect(md).toContain(`· ${json.counts.liveSeats} live seats ·`);
  });
});
