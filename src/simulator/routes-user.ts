// GET /user: who a token belongs to. The action asks it to find its own PR comment and drift issue.
// Installation tokens (the workflow's github.token) cannot read it: GitHub answers 403.
import { SimApiError } from './model.ts';
import type { Reply, Route, RouteContext } from './router.ts';
import { userShape } from './shapes.ts';

function getAuthenticatedUser(ctx: RouteContext): Reply {
  if (ctx.login.endsWith('[bot]')) throw new SimApiError(403, 'Resource not accessible by integration');
  const created = '2020-01-01T00:00:00Z';
  return {
    status: 200,
    body: {
      ...userShape(ctx.state, ctx.origin, ctx.login),
      name: null,
      company: null,
      blog: null,
      location: null,
      email: null,
      hireable: null,
      bio: null,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: created,
      updated_at: created,
    },
  };
}

export const userRoutes: Route[] = [{ method: 'GET', template: '/user', handler: getAuthenticatedUser }];
