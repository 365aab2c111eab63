// Rate limits (issue 11, item 8): a 429 waits what its Retry-After asks, as a 403 secondary limit
// does, up to 60 s; a longer wait fails at once with the time to try again; retries do not
// multiply; the log says which limit, how long it waits and which attempt. Over HTTP, through the
// real client with its backoff unit shrunk (test/support/client.ts): 1 s of Retry-After is `unit` ms.
import { describe, expect, it, vi } from 'vitest';
import { readBilling } from '../../src/github/live.ts';
import type { ScriptedFault } from '../../src/simulator/faults.ts';
import { smallOrg } from '../simulator/fixture.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import { orgApi } from '../../src/github/scope-api.ts';

useCheckedSimulators();

const BILLING = '/orgs/{org}/copilot/billing';
const ON = 'on GET /orgs/acme/copilot/billing';

/** Reads the billing through faults on it, with 1 s of waiting taking `unit` ms; collects the log. */
async function readThrough(faults: Omit<ScriptedFault, 'method' | 'route'>[], unit = 1) {
  const sim = await startCheckedSimulator(smallOrg(), {
    faults: faults.map((f) => ({ method: 'GET', route: BILLING, ...f })),
  });
  const log: string[] = [];
  const client = fastClient(sim.url, {
    backoffUnitMs: unit,
    log: { debug: () => {}, warn: (m) => log.push(m) },
  });
  const result = await readBilling(client, orgApi('acme')).catch((e: Error) => e);
  const times = sim.requests.map((r) => r.receivedAt ?? 0);
  return {
    result,
    log,
    statuses: sim.requests.map((r) => r.status),
    gaps: times.slice(1).map((t, i) => t - times[i]!),
  };
}

describe.each([429, 403])('a secondary rate limit answered with %i', (status) => {
  it('waits what Retry-After asks, then retries; the log names the limit, the wait and the attempt', async () => {
    const { result, log, statuses, gaps } = await readThrough(
      [{ nth: 1, status, headers: { 'retry-after': '5' } }],
      20,
    );
    expect(result).toMatchObject({ seatManagementSetting: 'assign_selected' });
    expect(statuses).toEqual([status, 200]);
    expect(gaps[0]).toBeGreaterThanOrEqual(100); // 5 s at 20 ms a second
    expect(log).toEqual([`secondary rate limit ${ON}: GitHub asks to wait 5 s; retry 1 of 3 in 100 ms`]);
  });

  it('over 60 s is not waited for: one request, and the error says when to try again', async () => {
    const { result, log, statuses } = await readThrough([
      { nth: [1, 2], status, headers: { 'retry-after': '300' } },
    ]);
    expect(statuses).toEqual([status]);
    const message = (result as Error).message;
    expect(message).toMatch(
      new RegExp(
        `^Reading the Copilot billing of acme failed: ${status} You have exceeded a secondary rate limit.* ` +
          'GitHub asks to wait 300 s \\(Retry-After\\) — more than the 60 s this run waits: try again after \\d\\d:\\d\\d UTC\\.$',
      ),
    );
    const [hh, mm] = /after (\d\d):(\d\d) UTC/.exec(message)!.slice(1).map(Number) as [number, number];
    const due = new Date(Date.now() + 300_000);
    const minutesOff = (hh * 60 + mm - (due.getUTCHours() * 60 + due.getUTCMinutes()) + 1440) % 1440;
    expect(minutesOff).toBeLessThanOrEqual(1);
    expect(log).toEqual([
      `secondary rate limit ${ON}: GitHub asks to wait 300 s, more than 60 s: not retried`,
    ]);
  });

  it('that does not clear is retried 3 times, not more, each retry logged', async () => {
    const { result, log, statuses } = await readThrough([{ nth: [1, 2, 3, 4, 5, 6, 7, 8], status }]);
    expect(statuses).toEqual([status, status, status, status]);
    expect((result as Error).message).toMatch(
      /retries did not get through; wait a few minutes and run again\.$/,
    );
    expect(log).toEqual([
      `secondary rate limit ${ON}: GitHub asks to wait 1 s; retry 1 of 3 in 1 ms`,
      `secondary rate limit ${ON}: GitHub asks to wait 1 s; retry 2 of 3 in 1 ms`,
      `secondary rate limit ${ON}: GitHub asks to wait 1 s; retry 3 of 3 in 1 ms`,
      `secondary rate limit ${ON}: still limited after 3 retries: not retried again`,
    ]);
  });
});

describe('a primary rate limit (x-ratelimit-remaining: 0)', () => {
  it('waits for the reset (up to 15 minutes) and says so', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 2;
    const { result, log, statuses } = await readThrough([
      {
        nth: 1,
        status: 429,
        body: {
          message: 'API rate limit exceeded for user ID 1.',
          documentation_url: 'https://docs.github.com',
        },
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      },
    ]);
    expect(result).toMatchObject({ seatManagementSetting: 'assign_selected' });
    expect(statuses).toEqual([429, 200]);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(
      new RegExp(`^primary rate limit ${ON}: it resets in ([2-4]) s; retry 1 of 3 in \\1 ms$`),
    );
  });
});

// The per-attempt deadline (timeoutMs) wraps the toolkit's fetch: each attempt, retries included,
// gets its own; a request past it is aborted and retried as a 500.
describe('the deadline of a request', () => {
  it('is per attempt: two slow attempts in a row pass where one deadline for both would not', async () => {
    const sim = await startCheckedSimulator(smallOrg(), {
      latencyMs: 200,
      faults: [{ method: 'GET', route: BILLING, nth: 1, status: 502 }],
    });
    const started = Date.now();
    const result = await readBilling(fastClient(sim.url, { timeoutMs: 350 }), orgApi('acme'));
    expect(result).toMatchObject({ seatManagementSetting: 'assign_selected' });
    expect(sim.requests.map((r) => r.status)).toEqual([502, 200]);
    expect(Date.now() - started).toBeGreaterThan(350);
  });

  it('aborts an attempt that runs past it, retries, and fails naming the timeout', async () => {
    const sim = await startCheckedSimulator(smallOrg(), { latencyMs: 400 });
    const started = Date.now();
    const client = fastClient(sim.url, { timeoutMs: 100, retries: 2 });
    const result = await readBilling(client, orgApi('acme')).catch((e: Error) => e);
    const elapsed = Date.now() - started;
    expect((result as Error).message).toMatch(/^Reading the Copilot billing of acme failed: .*timeout/i);
    expect(elapsed).toBeGreaterThanOrEqual(300); // three attempts of 100 ms
    expect(elapsed).toBeLessThan(1200); // not one 400 ms answer waited for
    // The simulator logs an exchange when it answers, 400 ms after it came: three attempts came.
    await vi.waitFor(() => expect(sim.requests).toHaveLength(3), { timeout: 2000 });
  });
});
