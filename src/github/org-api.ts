// An organization's ScopeApi: its billing, its seat list and writes, its memberships and teams.
import type { GitHubClient } from './client.ts';
import { describeApiError, isRecord, statusOf, unexpectedBody } from './errors.ts';
import { pagingGuard } from './paging.ts';
import type { ScopeApi } from './scope-api.ts';
import { toOrgSeat } from './seat-rows.ts';
import { orgScope, scopeLabel } from '../plan/scope.ts';
import type { Billing, Membership, PlanType, SeatManagementSetting, TeamInfo } from '../plan/types.ts';

const PER_PAGE = 100;

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
  const scope = orgScope(org);
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
