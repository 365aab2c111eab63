// The simulator's HTTP server: GitHub's REST API for the Copilot seat endpoints (and the few repo
// endpoints the action uses) on 127.0.0.1, with GitHub's auth, rate-limit headers, Link paging,
// error bodies, injected latency and faults, and a log of every exchange for assertions and the
// OpenAPI conformance check.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createFaultInjector,
  createRewriter,
  errorBody,
  type FaultReply,
  type ScriptedFault,
  type ScriptedRewrite,
} from './faults.ts';
import { SimApiError } from './model.ts';
import { absoluteLinks } from './pagination.ts';
import { createRateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { compileRoutes, type Reply, type Route, type RouteContext, type SimStats } from './router.ts';
import { enterpriseRoutes } from './routes-enterprise.ts';
import { orgRoutes } from './routes-orgs.ts';
import { repoRoutes } from './routes-repos.ts';
import { userRoutes } from './routes-user.ts';
import type { SimState } from './state.ts';

export interface SimulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Delay before every answer. */
  latencyMs?: number;
  /** Share of requests (0..1) answered with a random fault: 500, 502, 503, 429, 403 secondary, drop. */
  faultRate?: number;
  /** Seed of the fault PRNG (default 1): same seed and request order, same faults. */
  seed?: number | string;
  /** Scripted faults by route and position. */
  faults?: ScriptedFault[];
  /** Scripted changes to answers by route and position: another Link header, another body. */
  rewrites?: ScriptedRewrite[];
  /** retry-after of secondary rate limits (default 1). */
  retryAfterSeconds?: number;
  /** The primary rate limit per token; a number is the limit per hour. Default 5,000 an hour. */
  rateLimit?: RateLimitOptions | number;
  /** Accepted tokens; default: any non-empty token. */
  tokens?: string[];
  /** The account behind a token (author of comments and issues). Default: defaultLogin. */
  tokenLogins?: Record<string, string>;
  /** Default 'github-actions[bot]'. */
  defaultLogin?: string;
  /**
   * Token → its classic scopes (every answer then carries `x-oauth-scopes`), or null for a
   * fine-grained or App token (enterprise routes answer 403). Tokens not listed: unrestricted.
   */
  tokenScopes?: Record<string, string[] | null>;
  /** How long an accepted (202) asynchronous change takes: applied on the first request this much later. Default 300. */
  asyncDelayMs?: number;
  /** Called before each page of the seat list is served: change the state to make the list shift. */
  onSeatsPage?: (page: number, state: SimState) => void;
  /** Called after each exchange is logged. */
  onRequest?: (entry: LoggedRequest) => void;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** When the request arrived (Date.now()): tests measure the waits between retries with it. */
  receivedAt?: number;
  /** null when the connection was dropped. */
  status: number | null;
  responseBody: unknown;
  responseHeaders: Record<string, string>;
  /** The OpenAPI path template, e.g. /orgs/{org}/copilot/billing/seats; null for unknown routes. */
  route: string | null;
  /** Which injected fault answered, if any. */
  fault?: string;
  /** The answer was sent as raw bytes (responseBody is that text), not as JSON: malformed on purpose. */
  raw?: boolean;
  /** The message of an unexpected simulator error (a bug in the simulator). */
  error?: string;
}

export interface Simulator {
  url: string;
  state: SimState;
  requests: LoggedRequest[];
  stats: SimStats;
  close(): Promise<void>;
}

export const ROUTES: Route[] = [...orgRoutes, ...enterpriseRoutes, ...repoRoutes, ...userRoutes];

/** The classic scopes an enterprise route accepts (any one of them), as GitHub documents them. */
export const ENTERPRISE_SCOPES = {
  read: ['manage_billing:copilot', 'read:enterprise', 'admin:enterprise'],
  write: ['manage_billing:copilot', 'admin:enterprise'],
} as const;

/** The 403 of an enterprise route for a token without the scopes, or undefined when it may go on. */
function scopeRefusal(route: Route, scopes: string[] | null | undefined): Reply | undefined {
  if (!route.enterpriseAccess || scopes === undefined) return undefined;
  if (scopes === null) {
    return { status: 403, body: errorBody(403, 'Resource not accessible by personal access token') };
  }
  const accepted: readonly string[] = ENTERPRISE_SCOPES[route.enterpriseAccess];
  if (scopes.some((s) => accepted.includes(s))) return undefined;
  const has = scopes.length > 0 ? scopes.join(', ') : 'no scopes';
  return {
    status: 403,
    headers: { 'x-accepted-oauth-scopes': accepted.join(', ') },
    body: errorBody(
      403,
      `Your token has not been granted the required scopes to use this endpoint. It needs one of the following scopes: ${accepted.join(', ')}; your token has: ${has}.`,
    ),
  };
}
const match = compileRoutes(ROUTES);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function tokenOf(req: IncomingMessage): string | undefined {
  const m = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

export async function startSimulator(state: SimState, options: SimulatorOptions = {}): Promise<Simulator> {
  const requests: LoggedRequest[] = [];
  const stats: SimStats = { seatsSerialized: 0 };
  const faults = createFaultInjector(options);
  const rewriter = createRewriter(options.rewrites);
  const limit = typeof options.rateLimit === 'number' ? { limit: options.rateLimit } : options.rateLimit;
  const limiter = createRateLimiter(limit ?? { limit: 5000 });
  let origin = '';
  // Changes accepted with a 202, applied on the first request at least asyncDelayMs later.
  const deferred: { due: number; apply: () => void }[] = [];
  const applyDue = (now: number): void => {
    while (deferred.length > 0 && (deferred[0] as { due: number }).due <= now) deferred.shift()?.apply();
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const method = (req.method ?? 'GET').toUpperCase();
    const text = await readBody(req);
    const arrived = Date.now();
    applyDue(arrived);
    const found = match(method, url.pathname);
    const entry: LoggedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      receivedAt: arrived,
      status: null,
      responseBody: undefined,
      responseHeaders: {},
      route: found?.route.template ?? null,
    };
    const finish = (reply: Reply, fault?: string, raw?: string): void => {
      entry.status = reply.status;
      entry.responseBody = reply.body;
      entry.responseHeaders = {
        'content-type': 'application/json; charset=utf-8',
        'x-github-api-version-selected': '2022-11-28',
        ...scopeHeader,
        ...reply.headers,
      };
      if (fault) entry.fault = fault;
      if (raw !== undefined) entry.raw = true;
      res.writeHead(reply.status, entry.responseHeaders);
      res.end(raw ?? (reply.body === undefined ? undefined : JSON.stringify(reply.body)));
      log();
    };
    const log = (): void => {
      requests.push(entry);
      options.onRequest?.(entry);
    };
    const drop = (fault: FaultReply): void => {
      entry.fault = fault.kind;
      log();
      req.socket.destroy();
    };

    const tokenForScopes = tokenOf(req);
    const scopes =
      tokenForScopes !== undefined &&
      options.tokenScopes &&
      Object.hasOwn(options.tokenScopes, tokenForScopes)
        ? options.tokenScopes[tokenForScopes]
        : undefined;
    // Classic tokens: GitHub lists their scopes on every answer.
    const scopeHeader: Record<string, string> = Array.isArray(scopes)
      ? { 'x-oauth-scopes': scopes.join(', ') }
      : {};
    if (options.latencyMs) await sleep(options.latencyMs);
    try {
      entry.body = text === '' ? undefined : JSON.parse(text);
    } catch {
      return finish({ status: 400, body: errorBody(400, 'Problems parsing JSON') });
    }
    const token = tokenOf(req);
    if (!token) return finish({ status: 401, body: errorBody(401, 'Requires authentication') });
    if (options.tokens && !options.tokens.includes(token)) {
      return finish({ status: 401, body: errorBody(401, 'Bad credentials') });
    }
    const rl = limiter.take(token);
    if (rl.exceeded) {
      const body = errorBody(
        403,
        'API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.',
      );
      return finish({ status: 403, body, headers: rl.headers }, 'rate-limit');
    }
    if (!found) return finish({ status: 404, body: errorBody(404, 'Not Found'), headers: rl.headers });
    const refused = scopeRefusal(found.route, scopes);
    if (refused) return finish({ ...refused, headers: { ...rl.headers, ...refused.headers } });
    const fault = faults.next(method, found.route.template);
    const rewrites = rewriter.next(method, found.route.template);
    if (fault && !fault.afterHandler) {
      if (fault.drop) return drop(fault);
      return finish(
        { status: fault.status, body: fault.body, headers: { ...rl.headers, ...fault.headers } },
        fault.kind,
        fault.rawBody,
      );
    }
    const ctx: RouteContext = {
      state,
      origin,
      path: url.pathname,
      params: found.params,
      query: url.searchParams,
      body: entry.body,
      login: options.tokenLogins?.[token] ?? options.defaultLogin ?? 'github-actions[bot]',
      onSeatsPage: options.onSeatsPage,
      stats,
      defer: (apply) => deferred.push({ due: Date.now() + (options.asyncDelayMs ?? 300), apply }),
    };
    const reply = answer(found.route, ctx, entry);
    if (fault) {
      if (fault.drop) return drop(fault);
      return finish(
        { status: fault.status, body: fault.body, headers: { ...rl.headers, ...fault.headers } },
        fault.kind,
        fault.rawBody,
      );
    }
    const rewritten = rewrites.reduce((r, w) => rewrite(r, w, entry.query, origin), reply);
    finish({ ...rewritten, headers: { ...rl.headers, ...rewritten.headers } });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(errorBody(500, `simulator: ${(e as Error).message}`)));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    state,
    requests,
    stats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Runs a handler; a refused request becomes GitHub's error body, anything else a logged 500. */
function answer(route: Route, ctx: RouteContext, entry: LoggedRequest): Reply {
  try {
    return route.handler(ctx);
  } catch (e) {
    if (e instanceof SimApiError) return { status: e.status, body: errorBody(e.status, e.message) };
    entry.error = (e as Error).stack ?? String(e);
    return { status: 500, body: errorBody(500, `simulator error: ${(e as Error).message}`) };
  }
}

/** The answer with a scripted rewrite applied: its Link header (paths made absolute), its body. */
function rewrite(reply: Reply, w: ScriptedRewrite, query: Record<string, string>, origin: string): Reply {
  const { link: old, ...headers } = reply.headers ?? {};
  const link = typeof w.link === 'function' ? w.link(query, old) : w.link === undefined ? old : w.link;
  return {
    ...reply,
    headers: link ? { ...headers, link: absoluteLinks(link, origin) } : headers,
    ...(w.body ? { body: w.body(reply.body) } : {}),
  };
}
