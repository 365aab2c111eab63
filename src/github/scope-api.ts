// What an org and an enterprise differ in, as one value each: the routes and bodies of the seat
// list and the writes, how a listed seat maps to a LiveSeat, and how users and teams are looked
// up. The reader (live.ts) and the writer (applier.ts) are given a ScopeApi and never branch on
// the scope themselves.
import type { GitHubClient } from './client.ts';
import { describeApiError, isRecord, statusOf, unexpectedBody } from './errors.ts';
import { pagingGuard } from './paging.ts';
import type {
  AssigningTeam,
  Billing,
  LiveSeat,
  Membership,
  PlanType,
  Scope,
  SeatManagementSetting,
  TeamInfo,
  WriteKind,
} from '../plan/types.ts';
import { scopeLabel } from '../plan/scope.ts';

const PER_PAGE = 100;

export interface RawTeam {
  slug?: string;
  name?: string;
  type?: string;
}

export interface RawSeat {
  assignee?: { login?: string } | null;
  assigning_team?: RawTeam | null;
  /** Enterprise lists only: the org that grants this row's seat. */
  organization?: { login?: string } | null;
  pending_cancellation_date?: string | null;
  last_activity_at?: string | null;
  last_authenticated_at?: string | null;
  created_at: string;
  plan_type?: string;
}

/** Seats of one source share one AssigningTeam: 40,000 team seats need a few hundred objects. */
export type TeamCache = Map<string, AssigningTeam | null>;

export interface WriteRoute {
  route: string;
  field: 'selected_usernames' | 'selected_teams' | 'selected_enterprise_teams';
}

export interface ScopeApi {
  scope: Scope;
  /** "org acme" / "enterprise acme-corp", for messages. */
  label: string;
  /** The path parameters every route of the scope takes. */
  params: Record<string, string>;
  seatList: string;
  seatOf: string;
  /**
   * An org lists one row per user; an enterprise one row per source of a user's seat, while its
   * `total_seats` counts each user once. The reader checks the list by the rule that applies.
   */
  rowPerSource: boolean;
  writes: Record<WriteKind, WriteRoute>;
  /** One listed row as a LiveSeat; `teams` shares the AssigningTeam objects between rows. */
  toSeat(raw: RawSeat, teams?: TeamCache): LiveSeat;
  readBilling(client: GitHubClient): Promise<Billing>;
  /** Whether a user may be given a seat; 'unknown' where the scope has no way to ask. */
  readMembership(client: GitHubClient, login: string): Promise<Membership>;
  /** Whether readMembership asks GitHub (a request per login) or answers 'unknown' for free. */
  checksMembership: boolean;
  readTeam(client: GitHubClient, slug: string): Promise<TeamInfo>;
  /**
   * Before any write: a classic PAT says its scopes in every answer, so a token that can read the
   * seats but not change them is refused here, naming the scope, rather than at the first write.
   * Throws the message; resolves when the token may write or when that cannot be known.
   */
  checkCanWrite(client: GitHubClient): Promise<void>;
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

function cached(
  cache: TeamCache | undefined,
  id: string,
  make: () => AssigningTeam | null,
): AssigningTeam | null {
  if (!cache) return make();
  let shared = cache.get(id);
  if (shared === undefined) {
    shared = make();
    cache.set(id, shared);
  }
  return shared;
}

function teamSource(team: RawTeam & { slug: string }, outsideKinds: ReadonlySet<string>): AssigningTeam {
  const kind = isEnterpriseTeam({ slug: team.slug, ...(team.type !== undefined ? { type: team.type } : {}) })
    ? 'enterprise-team'
    : 'team';
  return {
    slug: team.slug,
    key: team.slug.toLowerCase(),
    name: team.name ?? team.slug,
    kind,
    outside: outsideKinds.has(kind),
  };
}

function seatFields(raw: RawSeat, source: AssigningTeam | null): LiveSeat {
  const login = raw.assignee?.login ?? null;
  return {
    login,
    key: login === null ? null : login.toLowerCase(),
    assigningTeam: source,
    pendingCancellationDate: raw.pending_cancellation_date ?? null,
    lastActivityAt: raw.last_activity_at ?? null,
    lastAuthenticatedAt: raw.last_authenticated_at ?? null,
    createdAt: raw.created_at,
  };
}

/** An org's row: direct, through one of its teams, or through an enterprise team (outside). */
export function toOrgSeat(raw: RawSeat, teams?: TeamCache): LiveSeat {
  const team = raw.assigning_team;
  const source =
    team && typeof team.slug === 'string'
      ? cached(teams, `t\u0000${team.slug}\u0000${team.name}\u0000${team.type}`, () =>
          teamSource(team as RawTeam & { slug: string }, ORG_OUTSIDE),
        )
      : null;
  return seatFields(raw, source);
}
const ORG_OUTSIDE = new Set(['enterprise-team']);
const ENTERPRISE_OUTSIDE = new Set(['team', 'org']);

/**
 * An enterprise's row: through an enterprise team (the enterprise's own), through an organization
 * (with or without one of its teams: outside, that org manages it), or assigned by the enterprise
 * directly (neither).
 */
export function toEnterpriseSeat(raw: RawSeat, teams?: TeamCache): LiveSeat {
  const team = raw.assigning_team;
  const org = raw.organization?.login;
  let source: AssigningTeam | null = null;
  if (team && typeof team.slug === 'string' && isEnterpriseTeam(team as { slug: string })) {
    source = cached(teams, `e\u0000${team.slug}\u0000${team.name}`, () =>
      teamSource(team as RawTeam & { slug: string }, ENTERPRISE_OUTSIDE),
    );
  } else if (typeof org === 'string') {
    source = cached(teams, `o\u0000${org}`, () => ({
      slug: org,
      key: org.toLowerCase(),
      name: org,
      kind: 'org',
      outside: true,
    }));
  } else if (team && typeof team.slug === 'string') {
    // An org team without its org: still not the enterprise's to change.
    source = cached(teams, `t\u0000${team.slug}`, () =>
      teamSource(team as RawTeam & { slug: string }, ENTERPRISE_OUTSIDE),
    );
  }
  return seatFields(raw, source);
}

// ---------------------------------------------------------------- the org

async function readOrgBilling(client: GitHubClient, org: string): Promise<Billing> {
  const what = `Reading the Copilot billing of ${org}`;
  try {
    const { data } = await client.request('GET /orgs/{org}/copilot/billing', { org });
    if (!isRecord(data) || typeof data.seat_management_setting !== 'string') throw unexpectedBody(what, data);
    return {
      seatManagementSetting: data.seat_management_setting as SeatManagementSetting,
      planType: (data.plan_type ?? 'unknown') as PlanType,
      totalSeats: data.seat_breakdown?.total ?? 0,
    };
  } catch (error) {
    throw describeApiError(what, error);
  }
}

async function readOrgMembership(client: GitHubClient, org: string, login: string): Promise<Membership> {
  const what = `Checking that ${login} is a member of ${org}`;
  try {
    const { data } = await client.request('GET /orgs/{org}/memberships/{username}', { org, username: login });
    if (!isRecord(data) || typeof data.state !== 'string') throw unexpectedBody(what, data);
    return data.state === 'active' ? 'active' : 'pending';
  } catch (error) {
    if (statusOf(error) === 404) return 'none';
    throw describeApiError(what, error);
  }
}

async function readOrgTeam(client: GitHubClient, org: string, slug: string): Promise<TeamInfo> {
  const key = slug.toLowerCase();
  const what = `Reading team ${slug} of ${org}`;
  try {
    const { data } = await client.request('GET /orgs/{org}/teams/{team_slug}', { org, team_slug: slug });
    if (!isRecord(data) || typeof data.slug !== 'string') throw unexpectedBody(what, data);
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
    throw describeApiError(what, error);
  }
}

export function orgApi(org: string): ScopeApi {
  const scope: Scope = { kind: 'org', name: org };
  return {
    scope,
    label: scopeLabel(scope),
    params: { org },
    seatList: 'GET /orgs/{org}/copilot/billing/seats',
    seatOf: 'GET /orgs/{org}/members/{username}/copilot',
    rowPerSource: false,
    writes: {
      'add-teams': { route: 'POST /orgs/{org}/copilot/billing/selected_teams', field: 'selected_teams' },
      'add-users': { route: 'POST /orgs/{org}/copilot/billing/selected_users', field: 'selected_usernames' },
      'remove-users': {
        route: 'DELETE /orgs/{org}/copilot/billing/selected_users',
        field: 'selected_usernames',
      },
      'remove-teams': { route: 'DELETE /orgs/{org}/copilot/billing/selected_teams', field: 'selected_teams' },
    },
    toSeat: toOrgSeat,
    readBilling: (client) => readOrgBilling(client, org),
    readMembership: (client, login) => readOrgMembership(client, org, login),
    checksMembership: true,
    readTeam: (client, slug) => readOrgTeam(client, org, slug),
    // The org's endpoints take fine-grained and App tokens too: a write that is refused says why.
    checkCanWrite: async () => {},
  };
}

// ---------------------------------------------------------------- the enterprise

/** Classic PAT scopes that let a token read, and change, an enterprise's Copilot seats. */
export const ENTERPRISE_READ_SCOPES = ['manage_billing:copilot', 'read:enterprise', 'admin:enterprise'];
export const ENTERPRISE_WRITE_SCOPES = ['manage_billing:copilot', 'admin:enterprise'];

function scopesOf(header: unknown): string[] | undefined {
  if (typeof header !== 'string') return undefined;
  return header
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The enterprise has no billing endpoint: one row of its seat list gives `total_seats` and the
 * plan type, and its headers the token's scopes. Its access setting cannot be read (`unknown`).
 */
async function probeEnterprise(
  client: GitHubClient,
  enterprise: string,
): Promise<{ billing: Billing; scopes: string[] | undefined }> {
  const what = `Reading the Copilot seats of enterprise ${enterprise}`;
  try {
    const { data, headers } = await client.request('GET /enterprises/{enterprise}/copilot/billing/seats', {
      enterprise,
      per_page: 1,
    });
    if (!isRecord(data) || typeof data.total_seats !== 'number' || !Array.isArray(data.seats)) {
      throw unexpectedBody(what, data);
    }
    const first: unknown = data.seats[0];
    const planType = isRecord(first) && typeof first.plan_type === 'string' ? first.plan_type : 'unknown';
    return {
      billing: {
        seatManagementSetting: 'unknown',
        planType: (['business', 'enterprise'].includes(planType) ? planType : 'unknown') as PlanType,
        totalSeats: data.total_seats,
      },
      scopes: scopesOf(headers['x-oauth-scopes']),
    };
  } catch (error) {
    throw describeApiError(what, error);
  }
}

interface EnterpriseTeamRow {
  slug: string;
  name: string;
  id: number;
}

async function listEnterpriseTeams(client: GitHubClient, enterprise: string): Promise<EnterpriseTeamRow[]> {
  const what = `Listing the teams of enterprise ${enterprise}`;
  try {
    const guard = pagingGuard();
    return await client.paginate(
      'GET /enterprises/{enterprise}/teams',
      { enterprise, per_page: PER_PAGE },
      (res) => {
        if (!Array.isArray(res.data)) throw unexpectedBody(what, res.data);
        return guard(res).map((t) => ({
          slug: t.slug,
          name: t.name,
          id: Number(t.id),
        }));
      },
    );
  } catch (error) {
    throw describeApiError(what, error);
  }
}

async function readEnterpriseTeamMembers(
  client: GitHubClient,
  enterprise: string,
  team: EnterpriseTeamRow,
): Promise<string[]> {
  const what = `Reading the members of enterprise team ${team.slug}`;
  try {
    const guard = pagingGuard();
    return await client.paginate(
      'GET /enterprises/{enterprise}/teams/{enterprise-team}/memberships',
      { enterprise, 'enterprise-team': team.slug, per_page: PER_PAGE },
      (res) => {
        if (!Array.isArray(res.data)) throw unexpectedBody(what, res.data);
        return guard(res).map((m: { login: string }) => m.login.toLowerCase());
      },
    );
  } catch (error) {
    throw describeApiError(what, error);
  }
}

/** `ml-pilot` and `ent:ml-pilot` name the same enterprise team; GitHub's slug has the prefix. */
export function enterpriseTeamSlug(slug: string): string {
  return slug.toLowerCase().startsWith('ent:') ? slug : `ent:${slug}`;
}

export function enterpriseApi(enterprise: string): ScopeApi {
  const scope: Scope = { kind: 'enterprise', name: enterprise };
  let probe: Promise<{ billing: Billing; scopes: string[] | undefined }> | undefined;
  let teamList: Promise<EnterpriseTeamRow[]> | undefined;
  const probed = (client: GitHubClient) => (probe ??= probeEnterprise(client, enterprise));
  return {
    scope,
    label: scopeLabel(scope),
    params: { enterprise },
    seatList: 'GET /enterprises/{enterprise}/copilot/billing/seats',
    seatOf: 'GET /enterprises/{enterprise}/members/{username}/copilot',
    rowPerSource: true,
    writes: {
      'add-teams': {
        route: 'POST /enterprises/{enterprise}/copilot/billing/selected_enterprise_teams',
        field: 'selected_enterprise_teams',
      },
      'add-users': {
        route: 'POST /enterprises/{enterprise}/copilot/billing/selected_users',
        field: 'selected_usernames',
      },
      'remove-users': {
        route: 'DELETE /enterprises/{enterprise}/copilot/billing/selected_users',
        field: 'selected_usernames',
      },
      'remove-teams': {
        route: 'DELETE /enterprises/{enterprise}/copilot/billing/selected_enterprise_teams',
        field: 'selected_enterprise_teams',
      },
    },
    toSeat: toEnterpriseSeat,
    readBilling: async (client) => (await probed(client)).billing,
    // GitHub's REST API has no enterprise membership lookup: a login that is not a member is
    // refused by the write, which the applier isolates and reports.
    readMembership: async () => 'unknown',
    checksMembership: false,
    readTeam: async (client, slug) => {
      const wanted = enterpriseTeamSlug(slug);
      const key = wanted.toLowerCase();
      const teams = await (teamList ??= listEnterpriseTeams(client, enterprise));
      const team = teams.find((t) => t.slug.toLowerCase() === key);
      if (!team) return { slug: wanted, key, name: wanted, exists: false };
      const members = await readEnterpriseTeamMembers(client, enterprise, team);
      return { slug: team.slug, key, name: team.name, exists: true, members };
    },
    checkCanWrite: async (client) => {
      const { scopes } = await probed(client);
      if (scopes === undefined || scopes.some((s) => ENTERPRISE_WRITE_SCOPES.includes(s))) return;
      throw new Error(
        `The token can read the Copilot seats of enterprise ${enterprise} but not change them: it needs the ` +
          `scope ${ENTERPRISE_WRITE_SCOPES.join(' or ')} (a classic personal access token of an enterprise owner; ` +
          `it has: ${scopes.join(', ') || 'none'}). Nothing was changed.`,
      );
    },
  };
}

/** The API of a scope: the one place that tells an org from an enterprise. */
export function scopeApi(scope: Scope): ScopeApi {
  return scope.kind === 'org' ? orgApi(scope.name) : enterpriseApi(scope.name);
}
