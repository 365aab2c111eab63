// Reads the live seats of a scope (an org or an enterprise, through its ScopeApi): billing, every
// page of seats, and only the team and membership lookups the plan needs. Output is cut to the
// fields the planner uses, so 100,000 seats fit in memory.
import { listConcurrency, readingFetch, widenReads, type GitHubClient } from './client.ts';
import { pageProgress, type ProgressOptions } from './progress.ts';
import { describeApiError, isRecord, statusOf, unexpectedBody } from './errors.ts';
import { PagingError, pageNumber, nextLink, lastLink } from './paging.ts';
import type { RawSeat, ScopeApi, TeamCache } from './scope-api.ts';
import type { Billing, LiveSeat, LiveState } from '../plan/types.ts';

const PER_PAGE = 100;
/** A list that shifts while it is paged is read again, this many times at most. */
const READ_ATTEMPTS = 3;
/** 10,000 pages: a total_seats beyond it is not a list to page through, but a broken answer. */
export const MAX_SEATS = 1_000_000;

export class InconsistentListError extends Error {}

interface SeatsPage {
  total_seats?: number;
  seats?: RawSeat[];
}

export function readBilling(client: GitHubClient, api: ScopeApi): Promise<Billing> {
  return api.readBilling(client);
}

/** One page, already cut to LiveSeats: the raw page is garbage as soon as it has been read. */
interface ReadPage {
  page: number;
  total: number;
  seats: LiveSeat[];
  /** The page its rel="next" link asks for, if it has one. */
  next: number | undefined;
  /** The page its rel="last" link names, if it has one. */
  last: number | undefined;
  /** x-ratelimit-remaining of its answer, when it has one. */
  remaining: number | undefined;
}

type CutPage = Pick<ReadPage, 'total' | 'seats'>;

/** A seat page's JSON cut to what the planner needs, or undefined when it is not a seat page. */
function cutSeatsPage(json: unknown, api: ScopeApi, teams: TeamCache): CutPage | undefined {
  if (!isRecord(json) || typeof json.total_seats !== 'number' || !Array.isArray(json.seats)) return undefined;
  const raw: unknown[] = json.seats;
  if (!raw.every(isRecord)) return undefined;
  return { total: json.total_seats, seats: raw.map((seat) => api.toSeat(seat as unknown as RawSeat, teams)) };
}

/**
 * One page of the seat list. Its body is parsed once, plainly, inside the request's fetch and cut
 * to LiveSeats there (see readingFetch): octokit never parses the 100 full seat objects. A body
 * that is not a plain seat page reaches octokit as it came and is judged here as before.
 */
async function readSeatsPage(
  client: GitHubClient,
  api: ScopeApi,
  page: number,
  teams: TeamCache,
): Promise<ReadPage> {
  let cut: CutPage | undefined;
  const fetch = readingFetch(client, (json) => {
    cut = undefined;
    cut = cutSeatsPage(json, api, teams);
    return cut !== undefined;
  });
  const what = `Reading page ${page} of the Copilot seats of ${api.label}`;
  let data: unknown;
  let headers: Record<string, string | number | undefined>;
  try {
    ({ data, headers } = await client.request(api.seatList, {
      ...api.params,
      page,
      per_page: PER_PAGE,
      request: { fetch },
    }));
    // A truncated or non-JSON page must not read as an empty list.
    if (!cut && (!isRecord(data) || typeof data.total_seats !== 'number' || !Array.isArray(data.seats))) {
      throw unexpectedBody(what, data);
    }
  } catch (error) {
    throw describeApiError(what, error);
  }
  const link = headers.link as string | undefined;
  const next = nextLink(link);
  const last = lastLink(link);
  const left = headers['x-ratelimit-remaining'];
  const remaining = left === undefined || left === '' ? undefined : Number(left);
  const { total, seats } = cut ?? {
    total: (data as SeatsPage).total_seats ?? 0,
    seats: ((data as SeatsPage).seats ?? []).map((raw) => api.toSeat(raw, teams)),
  };
  return {
    page,
    total,
    seats,
    next: next === undefined ? undefined : pageNumber(next),
    last: last === undefined ? undefined : pageNumber(last),
    remaining,
  };
}

/** A total_seats that no seat list has: the pages it implies are not asked for. */
function checkTotal(total: number): void {
  if (!Number.isSafeInteger(total) || total < 0 || total > MAX_SEATS) {
    throw new PagingError(
      `page 1 of the seat list says total_seats is ${total}: not a seat count (at most ` +
        `${MAX_SEATS.toLocaleString('en-US')} are read); no other page was asked for`,
    );
  }
}

/**
 * The Link of a page must agree with the page count: page p of n links to p + 1, the last to
 * nothing. A link elsewhere means a paging that loops or never ends.
 */
function checkNext({ page, next }: ReadPage, pageCount: number, total: number): void {
  if (next === undefined || (next === page + 1 && page < pageCount)) return;
  const where =
    next <= page
      ? `loops: page ${page} links back to page ${next}`
      : page === pageCount
        ? `does not end: page ${page}, the last of total_seats ${total}, links to page ${next}`
        : `skips: page ${page} links to page ${next}, not ${page + 1}`;
  throw new PagingError(`the seat list's paging ${where}`);
}

/**
 * How each listed row is checked. An org lists one row per user: total_seats fixes the page count
 * and every page's length, and a login seen twice means the list moved. An enterprise lists one row
 * per source of a user's seat and counts users once: the page count comes from the Link header,
 * a row seen twice (same user, same source) means the list moved, and the users add up to
 * total_seats at the end.
 */
interface ListRules {
  pageCount(first: ReadPage): number;
  checkPage(p: ReadPage, pageCount: number, total: number): void;
  checkEnd(total: number): void;
}

function orgRules(): ListRules {
  const seen = new Set<string>();
  return {
    pageCount: (first) => Math.max(1, Math.ceil(first.total / PER_PAGE)),
    checkPage: (p, pageCount, total) => {
      if (p.total !== total) {
        throw new InconsistentListError(`total_seats changed from ${total} to ${p.total} while paging`);
      }
      const expected = p.page < pageCount ? PER_PAGE : total - PER_PAGE * (pageCount - 1);
      if (p.seats.length !== expected) {
        throw new InconsistentListError(`page ${p.page} listed ${p.seats.length} seats, not ${expected}`);
      }
      for (const seat of p.seats) {
        if (seat.key === null) continue;
        if (seen.has(seat.key)) throw new InconsistentListError(`seat of ${seat.login} listed twice`);
        seen.add(seat.key);
      }
    },
    checkEnd: () => {},
  };
}

function sourceId(seat: LiveSeat): string {
  const s = seat.assigningTeam;
  return s === null ? '' : `${s.kind}:${s.key}`;
}

function rowPerSourceRules(): ListRules {
  const rows = new Set<string>();
  const users = new Set<string>();
  let unassigned = 0;
  return {
    pageCount: (first) => {
      const pages = first.last ?? (first.next === undefined ? 1 : undefined);
      if (pages === undefined) {
        throw new PagingError(`page 1 of the seat list links to a next page but names no last page`);
      }
      if (pages > Math.ceil(MAX_SEATS / PER_PAGE)) {
        throw new PagingError(`page 1 of the seat list names ${pages} pages: not a seat list`);
      }
      return Math.max(1, pages);
    },
    checkPage: (p, _pageCount, total) => {
      if (p.total !== total) {
        throw new InconsistentListError(`total_seats changed from ${total} to ${p.total} while paging`);
      }
      for (const seat of p.seats) {
        if (seat.key === null) {
          unassigned++;
          continue;
        }
        const row = `${seat.key}\u0000${sourceId(seat)}`;
        if (rows.has(row)) throw new InconsistentListError(`a seat of ${seat.login} listed twice`);
        rows.add(row);
        users.add(seat.key);
      }
    },
    checkEnd: (total) => {
      const listed = users.size + unassigned;
      if (listed !== total) {
        throw new InconsistentListError(`the rows name ${listed} seat holders, but total_seats is ${total}`);
      }
    },
  };
}

/**
 * Pages 2..count, `workers` at a time; the first that fails stops the others from being asked for,
 * so a bad page costs at most the requests already in flight.
 */
async function readOtherPages(
  count: number,
  workers: number,
  read: (page: number) => Promise<ReadPage>,
): Promise<ReadPage[]> {
  const pages: ReadPage[] = [];
  let next = 2;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next <= count) {
      const page = next++;
      pages[page - 2] = await read(page).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, count - 1) }, worker));
  return pages;
}

/**
 * One read of the whole list: page 1 says how many pages there are (and, in its headers, how much
 * of the rate limit is left), the rest are fetched as many at a time as listConcurrency chooses
 * from both (up to 32; the user's --concurrency overrides it). Each page is checked and cut to
 * LiveSeats when it arrives, so 1,000 raw pages are never alive together and a bad page stops the
 * read. Throws InconsistentListError when the list visibly changed while it was paged (a total
 * that moved, a row seen twice, a short page), a PagingError when its paging cannot be right.
 */
async function readSeatsOnce(
  client: GitHubClient,
  api: ScopeApi,
  opts: ReadSeatsOptions,
): Promise<LiveSeat[]> {
  const teams: TeamCache = new Map();
  const rules = api.rowPerSource ? rowPerSourceRules() : orgRules();
  const first = await readSeatsPage(client, api, 1, teams);
  const total = first.total;
  checkTotal(total);
  const pageCount = rules.pageCount(first);
  const tick = opts.progress
    ? pageProgress(`Reading the seats of ${api.label}`, pageCount, opts.progress)
    : undefined;
  let pagesDone = 0;
  let seatsDone = 0;
  const check = (p: ReadPage): ReadPage => {
    rules.checkPage(p, pageCount, total);
    checkNext(p, pageCount, total);
    tick?.(++pagesDone, (seatsDone += p.seats.length));
    return p;
  };
  check(first);
  const width = listConcurrency(client, pageCount - 1, first.remaining);
  const narrow = widenReads(client, width);
  try {
    const rest = await readOtherPages(pageCount, width, async (page) =>
      check(await readSeatsPage(client, api, page, teams)),
    );
    rules.checkEnd(total);
    return [first, ...rest].flatMap((p) => p.seats);
  } finally {
    narrow();
  }
}

/** Every seat of the scope. A list that shifted while paged is read again, never guessed at. */
export interface ReadSeatsOptions {
  /** Report progress of a long list (more than a few pages). */
  progress?: ProgressOptions;
}

export async function readSeats(
  client: GitHubClient,
  api: ScopeApi,
  opts: ReadSeatsOptions = {},
): Promise<LiveSeat[]> {
  let lastProblem = '';
  for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
    try {
      return await readSeatsOnce(client, api, opts);
    } catch (error) {
      if (error instanceof PagingError)
        throw describeApiError(`Reading the Copilot seats of ${api.label}`, error);
      if (!(error instanceof InconsistentListError)) throw error;
      lastProblem = error.message;
    }
  }
  throw new InconsistentListError(
    `The Copilot seat list of ${api.label} kept changing while it was read (${lastProblem}); ` +
      `tried ${READ_ATTEMPTS} times. Nothing was changed; run again when it is quiet.`,
  );
}

/**
 * One user's seat rows (none when the user has none: 404). An org answers with one seat; an
 * enterprise with its list shape, one row per source.
 */
export async function readSeat(client: GitHubClient, api: ScopeApi, login: string): Promise<LiveSeat[]> {
  const what = `Reading the Copilot seat of ${login} in ${api.label}`;
  try {
    const { data } = await client.request(api.seatOf, { ...api.params, username: login });
    if (isRecord(data) && Array.isArray(data.seats) && data.seats.every(isRecord)) {
      return (data.seats as unknown as RawSeat[]).map((raw) => api.toSeat(raw));
    }
    if (!isRecord(data) || typeof data.created_at !== 'string') throw unexpectedBody(what, data);
    return [api.toSeat(data as unknown as RawSeat)];
  } catch (error) {
    if (statusOf(error) === 404) return [];
    throw describeApiError(what, error);
  }
}

/** The seats of these users (those who have one), one request each, bounded by the client's limiter. */
export async function readSeatsOf(
  client: GitHubClient,
  api: ScopeApi,
  logins: string[],
): Promise<LiveSeat[]> {
  const seats = await Promise.all(logins.map((login) => readSeat(client, api, login)));
  return seats.flat();
}

export interface Lookups {
  logins: string[];
  teams: string[];
}

/** Membership checks for users to add, existence and members of teams to add: nothing more. */
export async function readLookups(
  client: GitHubClient,
  api: ScopeApi,
  lookups: Lookups,
): Promise<Pick<LiveState, 'teams' | 'memberships'>> {
  const [memberships, teams] = await Promise.all([
    Promise.all(
      lookups.logins.map(async (login) => [login.toLowerCase(), await api.readMembership(client, login)]),
    ),
    Promise.all(lookups.teams.map(async (slug) => [slug.toLowerCase(), await api.readTeam(client, slug)])),
  ]);
  return { memberships: Object.fromEntries(memberships), teams: Object.fromEntries(teams) };
}
