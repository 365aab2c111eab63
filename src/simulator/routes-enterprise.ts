// The enterprise's Copilot routes (public preview): the seat list (a row per source), one user's
// seat, the selected_users and selected_enterprise_teams writes, and the enterprise teams with
// their members. Every route answers 404 for another enterprise; the server checks the token's
// scopes first (Route.enterpriseAccess).
import {
  addEnterpriseSeatsForUsers,
  addEnterpriseTeams,
  cancelEnterpriseSeatsForUsers,
  ENTERPRISE_MESSAGES,
  enterpriseRowsPage,
  findEnterpriseTeam,
  prepareEnterpriseTeamsCancel,
  seatRows,
  type SeatRow,
} from './model-enterprise.ts';
import { seatOf, SimApiError } from './model.ts';
import { linkHeader, pageParams, pageSlice } from './pagination.ts';
import type { Reply, Route, RouteContext } from './router.ts';
import { enterpriseSeatRowShape, enterpriseTeamShape, userShape } from './shapes.ts';
import { behaviourOption, enterpriseCopilotOf, key } from './state.ts';

const ENT = '/enterprises/{enterprise}';

/** The answer of DELETE selected_enterprise_teams under enterprise_team_delete 'async' (202). */
export const ENTERPRISE_TEAM_DELETE_ACCEPTED =
  'The enterprise teams are being removed from the Copilot subscription. Seats will be set to pending cancellation shortly.';

function enterpriseRoute(
  method: string,
  template: string,
  access: 'read' | 'write',
  handler: (ctx: RouteContext) => Reply,
): Route {
  return {
    method,
    template,
    enterpriseAccess: access,
    handler: (ctx) => {
      if (key(ctx.params.enterprise ?? '') !== key(ctx.state.enterprise.slug))
        throw new SimApiError(404, 'Not Found');
      return handler(ctx);
    },
  };
}

function rowsBody(ctx: RouteContext, rows: SeatRow[], total: number): unknown {
  ctx.stats.seatsSerialized += rows.length;
  return {
    total_seats: total,
    seats: rows.map((r) => enterpriseSeatRowShape(ctx.state, ctx.origin, r.seat, r)),
  };
}

/**
 * enterprise_paging 'rows': per_page rows a page (a user's rows may span two pages); 'users':
 * per_page seats a page with all their rows (a page may hold more than per_page rows).
 */
function listSeats(ctx: RouteContext): Reply {
  const p = pageParams(ctx.query, 50);
  ctx.onSeatsPage?.(p.page, ctx.state);
  const seats = ctx.state.seats;
  let page: SeatRow[];
  let count: number;
  if (behaviourOption(ctx.state, 'enterprise_paging') === 'users') {
    page = pageSlice(seats, p).flatMap((s) => seatRows(ctx.state, s));
    count = seats.length;
  } else {
    const got = enterpriseRowsPage(ctx.state, (p.page - 1) * p.perPage, p.perPage);
    page = got.rows;
    count = got.total;
  }
  const link = linkHeader(ctx.origin, ctx.path, ctx.query, p, count);
  return { status: 200, headers: link ? { link } : {}, body: rowsBody(ctx, page, seats.length) };
}

function seatForUser(ctx: RouteContext): Reply {
  if (!enterpriseCopilotOf(ctx.state).enabled) throw new SimApiError(422, ENTERPRISE_MESSAGES.disabled);
  const seat = seatOf(ctx.state, ctx.params.username ?? '');
  if (!seat) throw new SimApiError(404, 'Not Found');
  return { status: 200, body: rowsBody(ctx, seatRows(ctx.state, seat), 1) };
}

function cancelTeams(ctx: RouteContext): Reply {
  const apply = prepareEnterpriseTeamsCancel(ctx.state, ctx.body);
  if (behaviourOption(ctx.state, 'enterprise_team_delete') === 'async') {
    ctx.defer(apply);
    return { status: 202, body: { message: ENTERPRISE_TEAM_DELETE_ACCEPTED } };
  }
  return { status: 200, body: apply() };
}

function teamOf(ctx: RouteContext): ReturnType<typeof findEnterpriseTeam> & object {
  const team = findEnterpriseTeam(ctx.state, ctx.params['enterprise-team'] ?? '');
  if (!team) throw new SimApiError(404, 'Not Found');
  return team;
}

function paged<T>(ctx: RouteContext, items: readonly T[]): { page: T[]; headers: Record<string, string> } {
  const p = pageParams(ctx.query, 30);
  const link = linkHeader(ctx.origin, ctx.path, ctx.query, p, items.length);
  return { page: pageSlice(items, p), headers: link ? { link } : {} };
}

export const enterpriseRoutes: Route[] = [
  enterpriseRoute('GET', `${ENT}/copilot/billing/seats`, 'read', listSeats),
  enterpriseRoute('POST', `${ENT}/copilot/billing/selected_users`, 'write', (ctx) => ({
    status: 201,
    body: addEnterpriseSeatsForUsers(ctx.state, ctx.body),
  })),
  enterpriseRoute('DELETE', `${ENT}/copilot/billing/selected_users`, 'write', (ctx) => ({
    status: 200,
    body: cancelEnterpriseSeatsForUsers(ctx.state, ctx.body),
  })),
  enterpriseRoute('POST', `${ENT}/copilot/billing/selected_enterprise_teams`, 'write', (ctx) => ({
    status: 201,
    body: addEnterpriseTeams(ctx.state, ctx.body),
  })),
  enterpriseRoute('DELETE', `${ENT}/copilot/billing/selected_enterprise_teams`, 'write', cancelTeams),
  enterpriseRoute('GET', `${ENT}/members/{username}/copilot`, 'read', seatForUser),
  enterpriseRoute('GET', `${ENT}/teams`, 'read', (ctx) => {
    const { page, headers } = paged(ctx, ctx.state.enterprise_teams);
    return { status: 200, headers, body: page.map((t) => enterpriseTeamShape(ctx.state, ctx.origin, t)) };
  }),
  enterpriseRoute('GET', `${ENT}/teams/{enterprise-team}/memberships`, 'read', (ctx) => {
    const { page, headers } = paged(ctx, teamOf(ctx).members);
    return { status: 200, headers, body: page.map((m) => userShape(ctx.state, ctx.origin, m)) };
  }),
];
