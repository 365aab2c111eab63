// An enterprise's ScopeApi: its seat list (a row per source of a seat), its writes, its enterprise
// teams; no billing endpoint (a one-row probe of the list stands in) and no membership lookup.
import type { GitHubClient } from './client.ts';
import { describeApiError, isRecord, oauthScopes, unexpectedBody } from './errors.ts';
import { pagingGuard } from './paging.ts';
import type { ScopeApi } from './scope-api.ts';
import { toEnterpriseSeat } from './seat-rows.ts';
import { enterpriseScope, scopeLabel, teamSlugIn } from '../plan/scope.ts';
import type { Billing, PlanType } from '../plan/types.ts';

const PER_PAGE = 100;

/** Classic PAT scopes that let a token change an enterprise's Copilot seats. */
export const ENTERPRISE_WRITE_SCOPES = ['manage_billing:copilot', 'admin:enterprise'];

/** The token's classic scopes, or undefined when its answers say none (a fine-grained or App token). */
function scopesOf(header: unknown): string[] | undefined {
  return typeof header === 'string' ? oauthScopes(header) : undefined;
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
        return guard(res).map((t) => ({ slug: t.slug, name: t.name }));
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

export function enterpriseApi(enterprise: string): ScopeApi {
  const scope = enterpriseScope(enterprise);
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
      // `ml-pilot` and `ent:ml-pilot` name the same enterprise team; GitHub's slug has the prefix.
      const wanted = teamSlugIn(scope)(slug);
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
