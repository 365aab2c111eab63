// The baselines of the benchmark (issue 15), each read of the seat list done another way, with the
// billing call, the lookups and the plan as the action does them, so that every phase plans the
// same plan and their wall times compare:
// - octokit.paginate, one page after the other (what peers do; also the fast-path test's reference).
//   paginate flattens only `total_count` lists; the seat list has `total_seats`, so each page is
//   mapped to its seats here; the one baseline of an enterprise (its list is paged by Link);
// - a sequential page loop: client.request for page 1, 2, … until total_seats is read;
// - a tuned client: undici's fetch with keep-alive, plain JSON.parse, N pages in flight, no
//   octokit on the list at all (what the list costs without a general-purpose client).
import { Agent, fetch as undiciFetch } from 'undici';
import { API_VERSION, type GitHubClient } from '../src/github/client.ts';
import { readBilling, readLookups } from '../src/github/live.ts';
import {
  orgApi,
  scopeApi,
  toOrgSeat as toLiveSeat,
  type ScopeApi,
  type TeamCache,
} from '../src/github/scope-api.ts';
import { lookupsNeeded } from '../src/plan/lookups.ts';
import type { DesiredState, LiveSeat, LiveState } from '../src/plan/types.ts';

type RawSeat = Parameters<typeof toLiveSeat>[0];
type SeatsPage = { total_seats?: number; seats?: RawSeat[] };

/**
 * The scope's list, one page after the other, following Link (an enterprise's rows as an org's);
 * an org may be given by its login (the tests that compare the fast path with it).
 */
export async function readSeatsSequential(
  client: GitHubClient,
  scope: ScopeApi | string,
): Promise<LiveSeat[]> {
  const api = typeof scope === 'string' ? orgApi(scope) : scope;
  const teams: TeamCache = new Map();
  // The route is the scope's (a string here): the org route's types describe both lists' pages.
  const route = api.seatList as 'GET /orgs/{org}/copilot/billing/seats';
  const params = { ...api.params, per_page: 100 } as { org: string; per_page: number };
  return client.paginate(route, params, (res) =>
    ((res.data as unknown as { seats?: RawSeat[] }).seats ?? []).map((raw) => api.toSeat(raw, teams)),
  );
}

/** One page after the other through the client, by page number, until total_seats is read. */
export async function readSeatsLoop(client: GitHubClient, org: string): Promise<LiveSeat[]> {
  const seats: LiveSeat[] = [];
  for (let page = 1; ; page++) {
    const { data } = await client.request('GET /orgs/{org}/copilot/billing/seats', {
      org,
      page,
      per_page: 100,
    });
    const body = data as unknown as SeatsPage;
    seats.push(...(body.seats ?? []).map((raw) => toLiveSeat(raw)));
    if (page * 100 >= (body.total_seats ?? 0)) return seats;
  }
}

/** The seat list read with plain fetch and JSON.parse, `width` pages in flight. */
export async function readSeatsTuned(
  baseUrl: string,
  token: string,
  org: string,
  width: number,
): Promise<LiveSeat[]> {
  const dispatcher = new Agent({ connections: width, keepAliveTimeout: 10_000 });
  const headers = {
    authorization: `token ${token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': API_VERSION,
    'user-agent': 'copilot-seats-bench',
  };
  const page = async (n: number): Promise<SeatsPage> => {
    const url = `${baseUrl}/orgs/${org}/copilot/billing/seats?per_page=100&page=${n}`;
    const res = await undiciFetch(url, { headers, dispatcher });
    if (!res.ok) throw new Error(`tuned client: page ${n}: ${res.status}`);
    return JSON.parse(await res.text()) as SeatsPage;
  };
  try {
    const first = await page(1);
    const count = Math.max(1, Math.ceil((first.total_seats ?? 0) / 100));
    const pages: SeatsPage[] = [first];
    let next = 2;
    const worker = async (): Promise<void> => {
      while (next <= count) {
        const n = next++;
        pages[n - 1] = await page(n);
      }
    };
    await Promise.all(Array.from({ length: Math.min(width, count - 1) }, worker));
    return pages.flatMap((p) => (p.seats ?? []).map((raw) => toLiveSeat(raw)));
  } finally {
    await dispatcher.close();
  }
}

/** readLiveState with the listing done another way; everything else as the action does it. */
export async function readLiveStateWith(
  client: GitHubClient,
  desired: DesiredState,
  now: Date,
  readList: (api: ScopeApi) => Promise<LiveSeat[]>,
): Promise<LiveState> {
  const api = scopeApi(desired.scope);
  const billing = await readBilling(client, api);
  const seats = await readList(api);
  const lookups = await readLookups(client, api, lookupsNeeded(desired, seats, now));
  return { scope: api.scope, billing, seats, ...lookups };
}

/** readLiveState with the listing done the plain way (sequential octokit.paginate). */
export async function readLiveStateSequential(
  client: GitHubClient,
  desired: DesiredState,
  now: Date,
): Promise<LiveState> {
  return readLiveStateWith(client, desired, now, (api) => readSeatsSequential(client, api));
}
