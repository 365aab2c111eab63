// Reads the live org: billing, every page of seats, and only the team and membership lookups the
// plan needs. Output is cut to the fields the planner uses, so 100,000 seats fit in memory.
import { listConcurrency, readingFetch, widenReads, type GitHubClient } from './client.ts';
import { pageProgress, type ProgressOptions } from './progress.ts';
import { describeApiError, isRecord, statusOf, unexpectedBody } from './errors.ts';
import { pagingGuard, PagingError, pageNumber, nextLink } from './paging.ts';
import type {
  AssigningTeam,
  Billing,
  LiveSeat,
  LiveState,
  Membership,
  PlanType,
  SeatManagementSetting,
  TeamInfo,
} from '../plan/types.ts';

const PER_PAGE = 100;
/** A list that shifts while it is paged is read again, this many times at most. */
const READ_ATTEMPTS = 3;
/** 10,000 pages: a total_seats beyond it is not a list to page through, but a broken answer. */
export const MAX_SEATS = 1_000_000;

export class InconsistentListError extends Error {}

interface RawTeam {
  slug?: string;
  name?: string;
  type?: string;
}

interface RawSeat {
  assignee?: { login?: string } | null;
  assigning_team?: RawTeam | null;
  pending_cancellation_date?: string | null;
  last_activity_at?: string | null;
  last_authenticated_at?: string | null;
  created_at: string;
}

interface SeatsPage {
  total_seats?: number;
  seats?: RawSeat[];
}

export async function readBilling(client: GitHubClient, org: string): Promise<Billing> {
  try {
    const { data } = await client.request('GET /orgs/{org}/copilot/billing', { org });
    if (!isRecord(data) || typeof data.seat_management_setting !== 'string') {
      throw unexpectedBody(`Reading the Copilot billing of ${org}`, data);
    }
    return {
      seatManagementSetting: data.seat_management_setting as SeatManagementSetting,
      planType: (data.plan_type ?? 'unknown') as PlanType,
      totalSeats: data.seat_breakdown?.total ?? 0,
    };
  } catch (error) {
    throw describeApiError(`Reading the Copilot billing of ${org}`, error);
  }
}

/**
 * Enterprise teams are told apart by what GitHub documents: their slugs start with `ent:` (and an
 * explicit `type`). The absence of `type` says nothing: GitHub's own example of the seat list shows
 * org teams without it, and reading those as enterprise teams would leave them unmanaged forever.
 */
export function isEnterpriseTeam(team: { slug: string; type?: string }): boolean {
  if (team.type === 'organization') return false;
  if (team.type === 'enterprise') return true;
  return team.slug.toLowerCase().startsWith('ent:');
}

function toAssigningTeam(team: RawTeam | null | undefined): AssigningTeam | null {
  if (!team || typeof team.slug !== 'string') return null;
  return {
    slug: team.slug,
    key: team.slug.toLowerCase(),
    name: team.name ?? team.slug,
    enterprise: isEnterpriseTeam({
      slug: team.slug,
      ...(team.type !== undefined ? { type: team.type } : {}),
    }),
  };
}

/** Seats of one team share one AssigningTeam: 40,000 team seats need a few hundred objects, not 40,000. */
export type TeamCache = Map<string, AssigningTeam | null>;

function sharedTeam(team: RawTeam | null | undefined, cache?: TeamCache): AssigningTeam | null {
  if (!cache || !team) return toAssigningTeam(team);
  const id = `${team.slug}\u0000${team.name}\u0000${team.type}`;
  let shared = cache.get(id);
  if (shared === undefined) {
    shared = toAssigningTeam(team);
    cache.set(id, shared);
  }
  return shared;
}

export function toLiveSeat(raw: RawSeat, teams?: TeamCache): LiveSeat {
  const login = raw.assignee?.login ?? null;
  return {
    login,
    key: login === null ? null : login.toLowerCase(),
    assigningTeam: sharedTeam(raw.assigning_team, teams),
    pendingCancellationDate: raw.pending_cancellation_date ?? null,
    lastActivityAt: raw.last_activity_at ?? null,
    lastAuthenticatedAt: raw.last_authenticated_at ?? null,
    createdAt: raw.created_at,
  };
}

/** One page, already cut to LiveSeats: the raw page is garbage as soon as it has been read. */
interface ReadPage {
  page: number;
  total: number;
  seats: LiveSeat[];
  /** The page its rel="next" link asks for, if it has one. */
  next: number | undefined;
  /** x-ratelimit-remaining of its answer, when it has one. */
  remaining: number | undefined;
}

type CutPage = Pick<ReadPage, 'total' | 'seats'>;

/** A seat page's JSON cut to what the planner needs, or undefined when it is not a seat page. */
function cutSeatsPage(json: unknown, teams: TeamCache): CutPage | undefined {
  if (!isRecord(json) || typeof json.total_seats !== 'number' || !Array.isArray(json.seats)) return undefined;
  const raw: unknown[] = json.seats;
  if (!raw.every(isRecord)) return undefined;
  return { total: json.total_seats, seats: raw.map((seat) => toLiveSeat(seat as unknown as RawSeat, teams)) };
}

/**
 * One page of the seat list. Its body is parsed once, plainly, inside the request's fetch and cut
 * to LiveSeats there (see readingFetch): octokit never parses the 100 full seat objects. A body
 * that is not a plain seat page reaches octokit as it came and is judged here as before.
 */
async function readSeatsPage(
  client: GitHubClient,
  org: string,
  page: number,
  teams: TeamCache,
): Promise<ReadPage> {
  let cut: CutPage | undefined;
  const fetch = readingFetch(client, (json) => {
    cut = undefined;
    cut = cutSeatsPage(json, teams);
    return cut !== undefined;
  });
  let data: unknown;
  let headers: Record<string, string | number | undefined>;
  try {
    ({ data, headers } = await client.request('GET /orgs/{org}/copilot/billing/seats', {
      org,
      page,
      per_page: PER_PAGE,
      request: { fetch },
    }));
    // A truncated or non-JSON page must not read as an empty list.
    if (!cut && (!isRecord(data) || typeof data.total_seats !== 'number' || !Array.isArray(data.seats))) {
      throw unexpectedBody(`Reading page ${page} of the Copilot seats of ${org}`, data);
    }
  } catch (error) {
    throw describeApiError(`Reading page ${page} of the Copilot seats of ${org}`, error);
  }
  const next = nextLink(headers.link as string | undefined);
  const left = headers['x-ratelimit-remaining'];
  const remaining = left === undefined || left === '' ? undefined : Number(left);
  const { total, seats } = cut ?? {
    total: (data as SeatsPage).total_seats ?? 0,
    seats: ((data as SeatsPage).seats ?? []).map((raw) => toLiveSeat(raw, teams)),
  };
  return { page, total, seats, next: next === undefined ? undefined : pageNumber(next), remaining };
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
 * The Link of a page must agree with total_seats: page p of n links to p + 1, the last to nothing.
 * The pages are read from total_seats, so a link elsewhere means a paging that loops or never ends.
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

/** A page that shows the list changed while it was paged. */
function checkPage(p: ReadPage, pageCount: number, total: number, seen: Set<string>): void {
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
 * that moved, a login seen twice, a short page), a PagingError when its paging cannot be right.
 */
async function readSeatsOnce(client: GitHubClient, org: string, opts: ReadSeatsOptions): Promise<LiveSeat[]> {
  const teams: TeamCache = new Map();
  const seen = new Set<string>();
  const first = await readSeatsPage(client, org, 1, teams);
  const total = first.total;
  checkTotal(total);
  const pageCount = Math.max(1, Math.ceil(total / PER_PAGE));
  const tick = opts.progress
    ? pageProgress(`Reading the seats of ${org}`, pageCount, opts.progress)
    : undefined;
  let pagesDone = 0;
  let seatsDone = 0;
  const check = (p: ReadPage): ReadPage => {
    checkPage(p, pageCount, total, seen);
    checkNext(p, pageCount, total);
    tick?.(++pagesDone, (seatsDone += p.seats.length));
    return p;
  };
  check(first);
  const width = listConcurrency(client, pageCount - 1, first.remaining);
  const narrow = widenReads(client, width);
  try {
    const rest = await readOtherPages(pageCount, width, async (page) =>
      check(await readSeatsPage(client, org, page, teams)),
    );
    return [first, ...rest].flatMap((p) => p.seats);
  } finally {
    narrow();
  }
}

/** Every seat of the org. A list that shifted while paged is read again, never guessed at. */
export interface ReadSeatsOptions {
  /** Report progress of a long list (more than a few pages). */
  progress?: ProgressOptions;
}

export async function readSeats(
  client: GitHubClient,
  org: string,
  opts: ReadSeatsOptions = {},
): Promise<LiveSeat[]> {
  let lastProblem = '';
  for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
    try {
      return await readSeatsOnce(client, org, opts);
    } catch (error) {
      if (error instanceof PagingError) throw describeApiError(`Reading the Copilot seats of ${org}`, error);
      if (!(error instanceof InconsistentListError)) throw error;
      lastProblem = error.message;
    }
  }
  throw new InconsistentListError(
    `The Copilot seat list of ${org} kept changing while it was read (${lastProblem}); ` +
      `tried ${READ_ATTEMPTS} times. Nothing was changed; run again when the org is quiet.`,
  );
}

/** One user's seat, or null when the user has none (404). */
export async function readSeat(client: GitHubClient, org: string, login: string): Promise<LiveSeat | null> {
  try {
    const { data } = await client.request('GET /orgs/{org}/members/{username}/copilot', {
      org,
      username: login,
    });
    if (!isRecord(data) || typeof data.created_at !== 'string') {
      throw unexpectedBody(`Reading the Copilot seat of ${login} in ${org}`, data);
    }
    return toLiveSeat(data as RawSeat);
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw describeApiError(`Reading the Copilot seat of ${login} in ${org}`, error);
  }
}

/** The seats of these users (those who have one), one request each, bounded by the client's limiter. */
export async function readSeatsOf(client: GitHubClient, org: string, logins: string[]): Promise<LiveSeat[]> {
  const seats = await Promise.all(logins.map((login) => readSeat(client, org, login)));
  return seats.filter((seat): seat is LiveSeat => seat !== null);
}

async function readMembership(client: GitHubClient, org: string, login: string): Promise<Membership> {
  try {
    const { data } = await client.request('GET /orgs/{org}/memberships/{username}', { org, username: login });
    if (!isRecord(data) || typeof data.state !== 'string') {
      throw unexpectedBody(`Checking that ${login} is a member of ${org}`, data);
    }
    return data.state === 'active' ? 'active' : 'pending';
  } catch (error) {
    if (statusOf(error) === 404) return 'none';
    throw describeApiError(`Checking that ${login} is a member of ${org}`, error);
  }
}

async function readTeam(client: GitHubClient, org: string, slug: string): Promise<TeamInfo> {
  const key = slug.toLowerCase();
  try {
    const { data } = await client.request('GET /orgs/{org}/teams/{team_slug}', { org, team_slug: slug });
    if (!isRecord(data) || typeof data.slug !== 'string') {
      throw unexpectedBody(`Reading team ${slug} of ${org}`, data);
    }
    const guard = pagingGuard();
    const members = await client.paginate(
      'GET /orgs/{org}/teams/{team_slug}/members',
      { org, team_slug: data.slug, per_page: PER_PAGE },
      (res) => {
        if (!Array.isArray(res.data))
          throw unexpectedBody(`Reading the members of team ${slug} of ${org}`, res.data);
        return guard(res).map((m) => m.login.toLowerCase());
      },
    );
    return { slug: data.slug, key, name: data.name, exists: true, members };
  } catch (error) {
    if (statusOf(error) === 404) return { slug, key, name: slug, exists: false };
    throw describeApiError(`Reading team ${slug} of ${org}`, error);
  }
}

export interface Lookups {
  logins: string[];
  teams: string[];
}

/** Membership checks for users to add, existence and members of teams to add: nothing more. */
export async function readLookups(
  client: GitHubClient,
  org: string,
  lookups: Lookups,
): Promise<Pick<LiveState, 'teams' | 'memberships'>> {
  const [memberships, teams] = await Promise.all([
    Promise.all(
      lookups.logins.map(async (login) => [login.toLowerCase(), await readMembership(client, org, login)]),
    ),
    Promise.all(lookups.teams.map(async (slug) => [slug.toLowerCase(), await readTeam(client, org, slug)])),
  ]);
  return { memberships: Object.fromEntries(memberships), teams: Object.fromEntries(teams) };
}
