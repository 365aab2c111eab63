// Reads in flight for the seat list: chosen from its length and the rate limit left (issue 15), the
// user's --concurrency over both; other reads keep the client's limit once the list is read.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listConcurrency, MAX_LIST_CONCURRENCY } from '../../src/github/client.ts';
import { readSeats } from '../../src/github/live.ts';
import { fastClient } from '../support/client.ts';
import { orgApi } from '../../src/github/scope-api.ts';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

interface FakeList {
  url: string;
  /** Most seat pages being answered at once (since the last reset). */
  peak: () => number;
  reset: () => void;
  pages: () => number;
}

/**
 * A seat list of `total` seats whose answers take `delayMs` and report `remaining` requests left.
 * The delay is long beside the client's own CPU per request, or that CPU would bound what is in flight.
 */
async function fakeList(total: number, remaining: number | undefined, delayMs = 250): Promise<FakeList> {
  let inFlight = 0;
  let peak = 0;
  let pages = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const page = Number(url.searchParams.get('page') ?? 1);
    const count = Math.ceil(total / 100);
    inFlight++;
    pages++;
    peak = Math.max(peak, inFlight);
    setTimeout(() => {
      inFlight--;
      const seats = Array.from({ length: Math.min(100, total - (page - 1) * 100) }, (_, i) => ({
        assignee: { login: `user${(page - 1) * 100 + i}` },
        created_at: '2025-01-01T00:00:00Z',
      }));
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
      if (remaining !== undefined) {
        headers['x-ratelimit-remaining'] = String(remaining);
        headers['x-ratelimit-reset'] = '4102444800';
      }
      if (page < count) {
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        headers.link = `<http://${req.headers.host}${next.pathname}${next.search}>; rel="next"`;
      }
      res.writeHead(200, headers).end(JSON.stringify({ total_seats: total, seats }));
    }, delayMs);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  closers.push(() => server.close());
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    peak: () => peak,
    reset: () => (peak = 0),
    pages: () => pages,
  };
}

describe('listConcurrency', () => {
  it('follows the pages and a quarter of the rate limit left, up to 32, at least 1', () => {
    const client = fastClient('http://127.0.0.1:9');
    expect(listConcurrency(client, 999, 5000)).toBe(MAX_LIST_CONCURRENCY);
    expect(listConcurrency(client, 999, undefined)).toBe(MAX_LIST_CONCURRENCY);
    expect(listConcurrency(client, 5, 5000)).toBe(5);
    expect(listConcurrency(client, 999, 41)).toBe(10);
    expect(listConcurrency(client, 999, 2)).toBe(1);
    expect(listConcurrency(client, 0, 5000)).toBe(1);
  });

  it("the user's concurrency overrides it", () => {
    const client = fastClient('http://127.0.0.1:9', { concurrency: 3 });
    expect(listConcurrency(client, 999, 5000)).toBe(3);
    expect(listConcurrency(client, 999, 2)).toBe(3);
  });
});

describe('readSeats in flight', () => {
  it('reads a long list 32 pages at a time when the rate limit allows it', async () => {
    const list = await fakeList(5000, 4000);
    const seats = await readSeats(fastClient(list.url), orgApi('acme'));
    expect(seats).toHaveLength(5000);
    expect(list.pages()).toBe(50);
    // More than the client's own limit of 8, at most 32 (a busy machine may not reach 32 at once).
    expect(list.peak()).toBeGreaterThan(8);
    expect(list.peak()).toBeLessThanOrEqual(MAX_LIST_CONCURRENCY);
  });

  it('asks for fewer at once when little of the rate limit is left', async () => {
    const list = await fakeList(3000, 20);
    expect(await readSeats(fastClient(list.url), orgApi('acme'))).toHaveLength(3000);
    // 20 left: a quarter is 5 (not 29 pages at once).
    expect(list.peak()).toBeLessThanOrEqual(5);
    expect(list.peak()).toBeGreaterThan(1);
  });

  it('keeps to --concurrency', async () => {
    const list = await fakeList(3000, 4000);
    expect(await readSeats(fastClient(list.url, { concurrency: 4 }), orgApi('acme'))).toHaveLength(3000);
    expect(list.peak()).toBeLessThanOrEqual(4);
    expect(list.peak()).toBeGreaterThan(1);
  });

  it("gives the client's own limit (8) back to other reads once the list is read", async () => {
    const list = await fakeList(3000, 4000);
    const client = fastClient(list.url);
    await readSeats(client, orgApi('acme'));
    expect(list.peak()).toBeGreaterThan(8);
    list.reset();
    const before = list.pages();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.request('GET /orgs/{org}/copilot/billing/seats', { org: 'acme', page: i + 1 }),
      ),
    );
    expect(list.pages() - before).toBe(20);
    expect(list.peak()).toBeLessThanOrEqual(8);
    expect(list.peak()).toBeGreaterThan(1);
  });
});
