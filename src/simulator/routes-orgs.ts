// Copilot billing and org routes: billing, the seat list, the four writes, one seat, members,
// memberships, teams.
import {
  activeMember,
  addSeatsForTeams,
  addSeatsForUsers,
  cancelSeatsForTeams,
  cancelSeatsForUsers,
  findTeam,
  listedByOrg,
  orgSeats,
  seatOf,
  SimApiError,
} from './model.ts';
import { linkHeader, pageParams, pageSlice } from './pagination.ts';
import type { Reply, Route, RouteContext } from './router.ts';
import { billingShape, membershipShape, seatShape, teamFullShape, userShape } from './shapes.ts';
import { indexOf, key } from './state.ts';

const COPILOT = '/orgs/{org}/copilot/billing';

/** Every org route answers 404 for another org, as GitHub does for an org the token cannot see. */
function checkOrg(ctx: RouteContext): void {
  if (key(ctx.params.org ?? '') !== key(ctx.state.org.login)) throw new SimApiError(404, 'Not Found');
}

function orgRoute(method: string, template: string, handler: (ctx: RouteContext) => Reply): Route {
  return {
    method,
    template,
    handler: (ctx) => {
      checkOrg(ctx);
      return handler(ctx);
    },
  };
}

function paged<T>(
  ctx: RouteContext,
  items: readonly T[],
  defaultPerPage: number,
): { page: T[]; headers: Record<string, string> } {
  const p = pageParams(ctx.query, defaultPerPage);
  const link = linkHeader(ctx.origin, ctx.path, ctx.query, p, items.length);
  return { page: pageSlice(items, p), headers: link ? { link } : {} };
}

function listSeats(ctx: RouteContext): Reply {
  ctx.onSeatsPage?.(pageParams(ctx.query, 50).page, ctx.state);
  // Seats that only come from the enterprise (enterprise-direct, another org) are not the org's.
  const seats = orgSeats(ctx.state);
  const { page, headers } = paged(ctx, seats, 50);
  ctx.stats.seatsSerialized += page.length;
  return {
    status: 200,
    headers,
    body: {
      total_seats: seats.length,
      seats: page.map((s) => seatShape(ctx.state, ctx.origin, s)),
    },
  };
}

function seatForUser(ctx: RouteContext): Reply {
  const login = ctx.params.username ?? '';
  const seat = activeMember(ctx.state, login) ? seatOf(ctx.state, login) : undefined;
  if (!seat || !listedByOrg(ctx.state, seat)) throw new SimApiError(404, 'Not Found');
  ctx.stats.seatsSerialized++;
  return { status: 200, body: seatShape(ctx.state, ctx.origin, seat) };
}

function listMembers(ctx: RouteContext): Reply {
  const members = ctx.state.members.filter((m) => !m.pending);
  const role = ctx.query.get('role');
  const chosen =
    role === 'admin' || role === 'member' ? members.filter((m) => (m.role ?? 'member') === role) : members;
  const { page, headers } = paged(ctx, chosen, 30);
  return { status: 200, headers, body: page.map((m) => userShape(ctx.state, ctx.origin, m.login)) };
}

function checkMember(ctx: RouteContext): Reply {
  if (!activeMember(ctx.state, ctx.params.username ?? '')) {
    throw new SimApiError(404, 'User does not exist or is not a member of the organization');
  }
  return { status: 204 };
}

function membership(ctx: RouteContext): Reply {
  const m = indexOf(ctx.state).members.get(key(ctx.params.username ?? ''));
  if (!m) throw new SimApiError(404, 'Not Found');
  return {
    status: 200,
    body: membershipShape(ctx.state, ctx.origin, m.login, !!m.pending, m.role ?? 'member'),
  };
}

function team(ctx: RouteContext): Reply {
  const t = findTeam(ctx.state, ctx.params.team_slug ?? '');
  if (!t) throw new SimApiError(404, 'Not Found');
  return { status: 200, body: teamFullShape(ctx.state, ctx.origin, t) };
}

function teamMembers(ctx: RouteContext): Reply {
  const t = findTeam(ctx.state, ctx.params.team_slug ?? '');
  if (!t) throw new SimApiError(404, 'Not Found');
  const { page, headers } = paged(ctx, t.members, 30);
  return { status: 200, headers, body: page.map((login) => userShape(ctx.state, ctx.origin, login)) };
}

export const orgRoutes: Route[] = [
  orgRoute('GET', COPILOT, (ctx) => ({ status: 200, body: billingShape(ctx.state) })),
  orgRoute('GET', `${COPILOT}/seats`, listSeats),
  orgRoute('POST', `${COPILOT}/selected_users`, (ctx) => ({
    status: 201,
    body: addSeatsForUsers(ctx.state, ctx.body),
  })),
  orgRoute('DELETE', `${COPILOT}/selected_users`, (ctx) => ({
    status: 200,
    body: cancelSeatsForUsers(ctx.state, ctx.body),
  })),
  orgRoute('POST', `${COPILOT}/selected_teams`, (ctx) => ({
    status: 201,
    body: addSeatsForTeams(ctx.state, ctx.body),
  })),
  orgRoute('DELETE', `${COPILOT}/selected_teams`, (ctx) => ({
    status: 200,
    body: cancelSeatsForTeams(ctx.state, ctx.body),
  })),
  orgRoute('GET', '/orgs/{org}/members/{username}/copilot', seatForUser),
  orgRoute('GET', '/orgs/{org}/members', listMembers),
  orgRoute('GET', '/orgs/{org}/members/{username}', checkMember),
  orgRoute('GET', '/orgs/{org}/memberships/{username}', membership),
  orgRoute('GET', '/orgs/{org}/teams/{team_slug}', team),
  orgRoute('GET', '/orgs/{org}/teams/{team_slug}/members', teamMembers),
];
