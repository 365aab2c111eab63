// Injected failures: scripted ones (the nth request to a route) and random ones from a seeded PRNG,
// so a failing run replays exactly with the same seed.

export interface ScriptedFault {
  method: string;
  /** Route template, e.g. /orgs/{org}/copilot/billing/selected_users. */
  route: string;
  /** Which matching request fails (1-based); a list for several. */
  nth: number | number[];
  /** The status to answer with (ignored with drop). */
  status?: number;
  /** Close the connection without an answer. */
  drop?: boolean;
  /** Answer body; default: GitHub's error body for the status. */
  body?: unknown;
  /** Answer with these exact bytes instead of JSON (truncated JSON, a proxy's HTML error page). */
  rawBody?: string;
  /** Content-Type of the answer (default application/json; charset=utf-8). */
  contentType?: string;
  headers?: Record<string, string>;
  /** Run the handler first (the write happens), then fail: the client cannot know it worked. */
  afterHandler?: boolean;
}

export type FaultKind = '500' | '502' | '503' | '429' | '403-secondary' | 'drop';
export const FAULT_KINDS: readonly FaultKind[] = ['500', '502', '503', '429', '403-secondary', 'drop'];

export interface FaultReply {
  kind: string;
  status: number;
  drop: boolean;
  body: unknown;
  headers: Record<string, string>;
  afterHandler: boolean;
  /** Sent as is, not as JSON. */
  rawBody?: string;
}

/** mulberry32: small, fast, good enough for choosing faults; same seed, same sequence. */
export function prng(seed: number | string): () => number {
  let a = typeof seed === 'number' ? seed >>> 0 : hashSeed(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const DOCS = 'https://docs.github.com/rest';
const SECONDARY =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.';

export function errorBody(status: number, message: string, docs = DOCS): Record<string, string> {
  return { message, documentation_url: docs, status: String(status) };
}

const STATUS_TEXT: Record<number, string> = {
  500: 'Server Error',
  502: 'Server Error',
  503: 'Service Unavailable',
};

/** The answer for a fault kind; secondary limits carry retry-after, as GitHub's do. */
export function faultReply(kind: FaultKind, retryAfterSeconds: number): FaultReply {
  const base = { kind, drop: false, headers: {} as Record<string, string>, afterHandler: false };
  if (kind === 'drop') return { ...base, status: 0, drop: true, body: undefined };
  if (kind === '429' || kind === '403-secondary') {
    const status = kind === '429' ? 429 : 403;
    return {
      ...base,
      status,
      body: errorBody(
        status,
        SECONDARY,
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      ),
      headers: { 'retry-after': String(retryAfterSeconds) },
    };
  }
  const status = Number(kind);
  return { ...base, status, body: errorBody(status, STATUS_TEXT[status] ?? 'Server Error') };
}

export interface FaultInjector {
  /** The fault for this request, or undefined; counts the request against the scripts. */
  next(method: string, route: string | undefined): FaultReply | undefined;
}

export function createFaultInjector(opts: {
  faults?: ScriptedFault[];
  faultRate?: number;
  seed?: number | string;
  retryAfterSeconds?: number;
}): FaultInjector {
  const counts = new Map<string, number>();
  const random = prng(opts.seed ?? 1);
  const rate = opts.faultRate ?? 0;
  const retryAfter = opts.retryAfterSeconds ?? 1;
  return {
    next(method, route) {
      const k = `${method} ${route ?? ''}`;
      const n = (counts.get(k) ?? 0) + 1;
      counts.set(k, n);
      const scripted = (opts.faults ?? []).find(
        (f) => f.method.toUpperCase() === method && f.route === route && [f.nth].flat().includes(n),
      );
      if (scripted) return scriptedReply(scripted, retryAfter);
      // Draw twice on every request so the sequence depends only on the request order.
      const roll = random();
      const pick = random();
      if (rate <= 0 || roll >= rate) return undefined;
      const kind = FAULT_KINDS[Math.floor(pick * FAULT_KINDS.length)] as FaultKind;
      return faultReply(kind, retryAfter);
    },
  };
}

function scriptedReply(f: ScriptedFault, retryAfter: number): FaultReply {
  if (f.drop)
    return {
      kind: 'drop',
      status: 0,
      drop: true,
      body: undefined,
      headers: {},
      afterHandler: !!f.afterHandler,
    };
  const status = f.status ?? 500;
  const secondary = (status === 403 || status === 429) && f.body === undefined;
  const canned = secondary ? faultReply(status === 429 ? '429' : '403-secondary', retryAfter) : undefined;
  return {
    kind: `scripted ${status}`,
    status,
    drop: false,
    body: f.rawBody ?? f.body ?? canned?.body ?? errorBody(status, STATUS_TEXT[status] ?? 'Error'),
    headers: {
      ...canned?.headers,
      ...(f.contentType ? { 'content-type': f.contentType } : {}),
      ...f.headers,
    },
    afterHandler: !!f.afterHandler,
    ...(f.rawBody !== undefined ? { rawBody: f.rawBody } : {}),
  };
}

/**
 * Changes a route's nth answer (the handler's; a fault's answer is left alone): its Link header, so
 * tests can send a paging that loops or never ends, and its body, e.g. an absurd total_seats.
 */
export interface ScriptedRewrite {
  method: string;
  route: string;
  /** Which matching requests (1-based, counted as for faults); left out: every one. */
  nth?: number | number[];
  /**
   * The Link header to send instead; null sends none. URLs in <…> may be paths on the simulator.
   * A function gets the request's query (page, per_page…) and the Link the handler made.
   */
  link?: string | null | ((query: Record<string, string>, link: string | undefined) => string | null);
  /** The body to send instead, made from the handler's. */
  body?: (body: unknown) => unknown;
}

export interface Rewriter {
  /** The rewrites for this request, in order; counts the request against the scripts. */
  next(method: string, route: string | undefined): ScriptedRewrite[];
}

export function createRewriter(rewrites: ScriptedRewrite[] = []): Rewriter {
  const counts = new Map<string, number>();
  return {
    next(method, route) {
      const k = `${method} ${route ?? ''}`;
      const n = (counts.get(k) ?? 0) + 1;
      counts.set(k, n);
      return rewrites.filter(
        (r) =>
          r.method.toUpperCase() === method &&
          r.route === route &&
          (r.nth === undefined || [r.nth].flat().includes(n)),
      );
    },
  };
}
