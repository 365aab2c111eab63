// Route templates (the OpenAPI path keys, e.g. /orgs/{org}/teams/{team_slug}) and their matching.
import type { SimState } from './state.ts';

export interface RouteContext {
  state: SimState;
  /** The server's own origin, e.g. http://127.0.0.1:4010: every URL in a body points here. */
  origin: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** The account of the request's token (comments and issues are written as this user). */
  login: string;
  /** Called before each page of the seat list is served (tests make the list shift). */
  onSeatsPage?: (page: number, state: SimState) => void;
  /** Counts work done, so tests can assert paging cost without timing it. */
  stats: SimStats;
  /** Runs a change later: on the first request at least the server's asyncDelayMs after this one. */
  defer: (apply: () => void) => void;
}

export interface SimStats {
  /** Seat objects serialized into responses. */
  seatsSerialized: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RouteContext) => Reply;

export interface Route {
  method: string;
  template: string;
  handler: Handler;
  /** An enterprise route: which classic-token scopes it needs (the server checks tokenScopes). */
  enterpriseAccess?: 'read' | 'write';
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export function compileRoutes(routes: Route[]): (method: string, path: string) => RouteMatch | undefined {
  const compiled: CompiledRoute[] = routes.map((r) => {
    const names: string[] = [];
    const source = r.template
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\{([\w-]+)\}/g, (_m, name: string) => {
        names.push(name);
        // A file path may span segments (x-multi-segment in the description): a/b.yaml or a%2Fb.yaml.
        return name === 'path' ? '(.+?)' : '([^/]+)';
      });
    return { ...r, names, pattern: new RegExp(`^${source}/?$`) };
  });
  return (method, path) => {
    for (const r of compiled) {
      if (r.method !== method) continue;
      const m = r.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? '')));
      return { route: r, params };
    }
    return undefined;
  };
}
