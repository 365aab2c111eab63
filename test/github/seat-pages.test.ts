// Seat pages are parsed once, plainly, inside the request's fetch and cut to LiveSeats there
// (readingFetch): octokit gets an empty body for them, and the text as it came for anything else.
// Under load (32 pages in flight, several reads at once, faults, forced garbage collections while
// the bodies are read) every seat is read, as the plain way (octokit.paginate) reads them.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readSeatsSequential } from '../../bench/baseline.ts';
import { readingFetch } from '../../src/github/client.ts';
import { readSeats } from '../../src/github/live.ts';
import { generateOrg } from '../../src/simulator/generate.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import { orgApi } from '../../src/github/scope-api.ts';

useCheckedSimulators();

const SEATS = '/orgs/{org}/copilot/billing/seats';
const ROUTE = 'GET /orgs/{org}/copilot/billing/seats';

type Gc = (options?: { type: 'minor' | 'major' }) => void;

/** The engine's gc(), without --expose-gc on the command line. */
function gcFunction(): Gc {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as Gc;
}

describe('readingFetch', () => {
  it('reads a JSON answer once: an empty body for octokit when it is kept, the same text when not', async () => {
    const sim = await startCheckedSimulator(generateOrg({ members: 300, teams: 3, seats: 150, seed: 2 }));
    const client = fastClient(sim.url);
    const org = sim.state.org.login;
    const seen: unknown[] = [];
    const kept = await client.request(ROUTE, {
      org,
      per_page: 100,
      request: { fetch: readingFetch(client, (json) => seen.push(json) > 0) },
    });
    expect(kept.status).toBe(200);
    expect(kept.data).toBe('');
    expect(seen).toHaveLength(1);
    expect((seen[0] as { total_seats: number }).total_seats).toBe(150);
    const passed = await client.request(ROUTE, {
      org,
      per_page: 100,
      request: { fetch: readingFetch(client, () => false) },
    });
    expect(passed.data.total_seats).toBe(150);
    expect(passed.data.seats).toHaveLength(100);
    expect(passed.headers.link).toMatch(/rel="next"/);
  });

  it('leaves errors, non-JSON answers and big integers to octokit', async () => {
    const sim = await startCheckedSimulator(generateOrg({ members: 50, teams: 1, seats: 20, seed: 3 }), {
      faults: [
        { method: 'GET', route: SEATS, nth: 1, status: 404 },
        {
          method: 'GET',
          route: SEATS,
          nth: 2,
          status: 200,
          rawBody: '{"total_seats":1}',
          contentType: 'text/plain',
        },
        {
          method: 'GET',
          route: SEATS,
          nth: 3,
          status: 200,
          rawBody: '{"total_seats":12345678901234567890,"seats":[]}',
        },
      ],
    });
    const client = fastClient(sim.url);
    const org = sim.state.org.login;
    let reads = 0;
    const request = { fetch: readingFetch(client, () => ++reads > 0) };
    const missing = await client.request(ROUTE, { org, request }).catch((e: { status: number }) => e);
    expect((missing as { status: number }).status).toBe(404);
    const text = await client.request(ROUTE, { org, request });
    expect(text.data).toBe('{"total_seats":1}');
    const big = await client.request(ROUTE, { org, request });
    expect(big.data.total_seats).toBe(12345678901234567890n);
    expect(reads).toBe(0);
  });
});

describe('seat pages under load', () => {
  it('reads 5,000 seats 32 pages at a time, three reads at once, through faults and collections', async () => {
    const state = generateOrg({ members: 5200, teams: 20, seats: 5000, seed: 7 });
    const sim = await startCheckedSimulator(state, { latencyMs: 2, faultRate: 0.05, seed: 11 });
    const client = fastClient(sim.url, { concurrency: 32 });
    const org = state.org.login;
    const gc = gcFunction();
    // Young-generation collections all the time, a full one now and then: a body handed on as a
    // stream would be cancelled under them once its Response is collected.
    const minor = setInterval(() => gc({ type: 'minor' }), 5);
    const major = setInterval(() => gc({ type: 'major' }), 300);
    try {
      const reads = await Promise.all([1, 2, 3].map(() => readSeats(client, orgApi(org))));
      for (const seats of reads) {
        expect(seats).toHaveLength(5000);
        expect(seats).toEqual(reads[0]);
      }
      const plain = await readSeatsSequential(client, org);
      expect(reads[0]).toEqual(plain);
    } finally {
      clearInterval(minor);
      clearInterval(major);
    }
    // Faults were met and retried: more seat requests than the 3 × 50 + 50 pages.
    expect(sim.requests.filter((r) => r.route === SEATS).length).toBeGreaterThan(200);
    // Seats of one team share one AssigningTeam object, as before.
    const teamSeats = (await readSeats(client, orgApi(org))).filter((s) => s.assigningTeam !== null);
    expect(new Set(teamSeats.map((s) => s.assigningTeam)).size).toBe(
      new Set(teamSeats.map((s) => s.assigningTeam?.key)).size,
    );
  });
});
