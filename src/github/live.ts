// Reads the live org: billing, every page of seats, and only the team and membership lookups the
// plan needs. Output is cut to the fields the planner uses, so 100,000 seats fit in memory.
import type { GitHubClient } from './client.ts';
import { describeApiError, isRecord, statusOf, unexpectedBody } from './errors.ts';
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
    createdAt: raw.created_at,
  };
}

async function fetchSeatsPage(client: GitHubClient, org: string, page: number): Promise<SeatsPage> {
  try {
    const { data } = await client.request('GET /orgs/{org}/copilot/billing/seats', {
      org,
      page,
      per_page: PER_PAGE,
    });
    // A truncated or non-JSON page must not read as an empty list.
    if (!isRecord(data) || typeof data.total_seats !== 'number' || !Array.isArray(data.seats)) {
      throw unexpectedBody(`Reading page ${page} of the Copilot seats of ${org}`, data);
    }
    return data as SeatsPage;
  } catch (error) {
    throw describeApiError(`Reading page ${page} of the Copilot seats of ${org}`, error);
  }
}

/** One page, already cut to LiveSeats: the raw page is garbage as soon as it has been read. */
interface ReadPage {
  total: number;
  seats: LiveSeat[];
}

async function readSeatsPage(
  client: GitHubClient,
  org: string,
  page: number,
  teams: TeamCache,
): Promise<ReadPage> {
  const data = await fetchSeatsPage(client, org, page);
  return { total: data.total_seats ?? 0, seats: (data.seats ?? []).map((raw) => toLiveSeat(raw, teams)) };
}

/**
 * One read of the whole list: page 1 says how many pages there are, the rest are fetched at once
 * (the client's limiter bounds how many are in flight). Each page is cut to LiveSeats when it
 * arrives, so 1,000 raw pages are never alive together. Throws InconsistentListError when the
 * list visibly changed while it was paged: a total that moved, a login seen twice, a short page.
 */
async function readSeatsOnce(client: GitHubClient, org: string): Promise<LiveSeat[]> {
  const teams: TeamCache = new Map();
  const first = await readSeatsPage(client, org, 1, teams);
  const total = first.total;
  const pageCount = Math.max(1, Math.ceil(total / PER_PAGE));
  const rest = await Promise.all(
    Array.from({ length: pageCount - 1 }, (_, i) => readSeatsPage(client, org, i + 2, teams)),
  );
  const seats: LiveSeat[] = [];
  const seen = new Set<string>();
  for (const page of [first, ...rest]) {
    if (page.total !== total) {
      throw new InconsistentListError(`total_seats changed from ${total} to ${page.total} while paging`);
    }
    for (const seat of page.seats) {
      if (seat.key !== null) {
        if (seen.has(seat.key)) throw new InconsistentListError(`seat of ${seat.login} listed twice`);
        seen.add(seat.key);
      }
      seats.push(seat);
    }
  }
  if (seats.length !== total) {
    throw new InconsistentListError(`listed ${seats.length} seats of total_seats ${total}`);
  }
  return seats;
}

/** Every seat of the org. A list that shifted while paged is read again, never guessed at. */
export async function readSeats(client: GitHubClient, org: string): Promise<LiveSeat[]> {
  let lastProblem = '';
  for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
    try {
      return await readSeatsOnce(client, org);
    } catch (error) {
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
    const members = await client.paginate(
      'GET /orgs/{org}/teams/{team_slug}/members',
      { org, team_slug: data.slug, per_page: PER_PAGE },
      (res) => {
        if (!Array.isArray(res.data))
          throw unexpectedBody(`Reading the members of team ${slug} of ${org}`, res.data);
        return res.data.map((m) => m.login.toLowerCase());
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
