// One octokit client for the whole run, and the only place one is built (the action, the CLI, the
// bench and the tests all come here): @actions/github's getOctokit, so requests go through the
// toolkit's proxy-aware fetch (https_proxy, http_proxy, no_proxy) as in every other action; paging
// comes with it, throttling (bounded concurrency, writes one at a time) and retries with backoff
// from octokit's own plugins. We only set their knobs and wrap the toolkit's fetch in a deadline.
import { getOctokit } from '@actions/github';
import { defaults as toolkit } from '@actions/github/lib/utils';
import { HttpClient } from '@actions/http-client';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
// bottleneck is the limiter the throttling plugin itself uses; light.js is its dependency-free build.
// @ts-expect-error light.js ships no types of its own; bottleneck.d.ts describes the same API.
import BottleneckLight from 'bottleneck/light.js';
import type BottleneckType from 'bottleneck';
import { fetch as undiciFetch } from 'undici';
import { RETRY_AFTER_CAP_S } from './errors.ts';

const Bottleneck = BottleneckLight as typeof BottleneckType;

export const API_VERSION = '2022-11-28';
/** plugin-retry's own list: refusals that a retry does not change. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 451];

/** getOctokit's octokit (core, REST methods, paginate) with plugin-retry and plugin-throttling. */
export type GitHubClient = ReturnType<typeof getOctokit>;

export interface Logger {
  debug(message: string): void;
  warn(message: string): void;
}

export interface ClientOptions {
  token: string;
  baseUrl: string;
  /**
   * Reads in flight at once, long lists included (GitHub allows 100 concurrent requests). Left
   * out: 8, and a long list chooses its own width from its length and the rate limit left.
   */
  concurrency?: number;
  /** Pause between two writes: GitHub's secondary limits punish bursts of writes. */
  writeIntervalMs?: number;
  /**
   * Pause between two writes that notify people (comments, issues, pull requests): GitHub's
   * content-creation limits. Default 3 s, as the throttling plugin's own.
   */
  notifyIntervalMs?: number;
  /** Unit of every backoff (retry-after seconds are multiplied by it). Tests shrink it; production keeps 1 s. */
  backoffUnitMs?: number;
  /** Retries of a failed request (5xx, 429, dropped connection, timeout). */
  retries?: number;
  /** A request that takes longer is aborted and retried. */
  timeoutMs?: number;
  /** Longest wait for a primary rate limit reset that we accept, in seconds; longer fails the run. */
  maxRateLimitWaitS?: number;
  log?: Logger;
  /** Told of every rate-limited answer the throttling plugin sees, before it is retried or not. */
  onLimit?: (event: LimitEvent) => void;
}

export interface LimitEvent {
  limit: 'primary' | 'secondary';
  /** Seconds to wait: until the reset (primary), or Retry-After (secondary). */
  after: number;
  method: string;
  /** The request's URL, path and query. */
  url: string;
}

const quiet: Logger = { debug: () => {}, warn: () => {} };
const DEFAULT_CONCURRENCY = 8;
/** Most pages of one long list read at once when the user did not choose (GitHub allows 100). */
export const MAX_LIST_CONCURRENCY = 32;
/** Requests of the rate limit left that one list may have in flight: at most a quarter of them. */
const BUDGET_SHARE = 4;

interface Reads {
  /** --concurrency (the concurrency option): it overrides every choice of ours. */
  chosen: number | undefined;
  /** Widths asked for by lists being read now; the limiter lets the widest through. */
  widths: number[];
  setLimit(n: number): void;
}

const reads = new WeakMap<GitHubClient, Reads>();
const fetches = new WeakMap<GitHubClient, typeof fetch>();

/** Reads a client lets through at once: a reader that asks for more only queues requests it may not need. */
export function concurrencyOf(client: GitHubClient): number {
  return reads.get(client)?.chosen ?? DEFAULT_CONCURRENCY;
}

/**
 * Reads in flight for the other `pages` pages of a long list, from its length and the rate limit
 * left (x-ratelimit-remaining of its first page; undefined when not reported): as many as there
 * are pages, up to MAX_LIST_CONCURRENCY and a quarter of what is left, at least one. CPU spent on
 * a page then overlaps the round trips of the others. The user's concurrency overrides it.
 */
export function listConcurrency(client: GitHubClient, pages: number, remaining: number | undefined): number {
  const chosen = reads.get(client)?.chosen;
  if (chosen !== undefined) return chosen;
  const budget = remaining === undefined || !Number.isFinite(remaining) ? Infinity : remaining / BUDGET_SHARE;
  return Math.max(1, Math.floor(Math.min(MAX_LIST_CONCURRENCY, pages, budget)));
}

/**
 * Lets `width` reads through at once while a list is read; the returned function gives the limit
 * back (to the widest list still being read, else the client's own). Other reads (lookups,
 * memberships) keep the client's limit.
 */
export function widenReads(client: GitHubClient, width: number): () => void {
  const r = reads.get(client);
  if (!r || r.chosen !== undefined || width <= DEFAULT_CONCURRENCY) return () => {};
  r.widths.push(width);
  r.setLimit(Math.max(DEFAULT_CONCURRENCY, ...r.widths));
  let done = false;
  return () => {
    if (done) return;
    done = true;
    r.widths.splice(r.widths.indexOf(width), 1);
    r.setLimit(Math.max(DEFAULT_CONCURRENCY, ...r.widths));
  };
}

/** The throttling plugin's handler: (seconds to wait, request options, octokit, retries so far). */
type LimitHandler = (after: number, req: RequestOptions, octokit: GitHubClient, count: number) => boolean;
type RequestOptions = Parameters<GitHubClient['request']['endpoint']['parse']>[0];

interface LimitPolicy {
  log: Logger;
  onLimit?: ((event: LimitEvent) => void) | undefined;
  unit: number;
  retries: number;
}

/**
 * Decides and logs one rate-limited answer: a retry after the wait GitHub names, while it is within
 * `cap` seconds and retries are left. The log says which limit, the wait, the attempt, or why not.
 */
function limitHandler(limit: 'primary' | 'secondary', cap: number, p: LimitPolicy): LimitHandler {
  return (after, req, octokit, count) => {
    const { method, url } = octokit.request.endpoint.parse(req);
    const { pathname, search } = new URL(url);
    const what = `${limit} rate limit on ${method} ${pathname}${search}`;
    p.onLimit?.({ limit, after, method, url: `${pathname}${search}` });
    const asked = limit === 'primary' ? `it resets in ${after} s` : `GitHub asks to wait ${after} s`;
    if (after > cap) {
      p.log.warn(`${what}: ${asked}, more than ${cap} s: not retried`);
      return false;
    }
    if (count >= p.retries) {
      p.log.warn(`${what}: still limited after ${p.retries} retries: not retried again`);
      return false;
    }
    p.log.warn(`${what}: ${asked}; retry ${count + 1} of ${p.retries} in ${duration(after * p.unit)}`);
    return true;
  };
}

/** The wait as it really is: tests shrink the unit, and their log says so. */
function duration(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

export function createClient(options: ClientOptions): GitHubClient {
  const clientFetch = withDeadline(toolkitFetch(options.baseUrl), options.timeoutMs ?? 30_000);
  const policy = {
    log: options.log ?? quiet,
    unit: options.backoffUnitMs ?? 1000,
    retries: options.retries ?? 3,
    onLimit: options.onLimit,
  };
  // Our own limiter groups: the plugin's defaults are module-global and would be shared by every
  // client in the process (tests run many), and we want the concurrency to be ours to set.
  const throttle = {
    global: new Bottleneck.Group({ maxConcurrent: options.concurrency ?? DEFAULT_CONCURRENCY }),
    write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeIntervalMs ?? 1000 }),
    notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.notifyIntervalMs ?? 3000 }),
    retryAfterBaseValue: policy.unit,
    // GitHub: without retry-after, wait at least a minute before retrying a secondary limit.
    fallbackSecondaryRateRetryAfter: 60,
    onRateLimit: limitHandler('primary', options.maxRateLimitWaitS ?? 15 * 60, policy),
    onSecondaryRateLimit: limitHandler('secondary', RETRY_AFTER_CAP_S, policy),
  };
  const client = getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      userAgent: 'copilot-seats',
      log: {
        debug: () => {},
        info: () => {},
        warn: (m: string) => policy.log.warn(m),
        error: (m: string) => policy.log.warn(m),
      },
      throttle: throttle as never,
      // 429 is the throttling plugin's alone: this plugin would retry it at its own pace, deaf to
      // Retry-After, and each of its rounds would multiply the other's.
      retry: {
        retries: policy.retries,
        retryAfterBaseValue: policy.unit,
        doNotRetry: [...DO_NOT_RETRY, 429],
      },
      headers: { 'x-github-api-version': API_VERSION },
      // Not `request.retries`: plugin-retry would then retry every error, 4xx included. `request`
      // replaces the toolkit's whole `request` default, so its fetch is put back here, wrapped.
      request: { fetch: clientFetch },
    },
    retry,
    throttling,
  );
  reads.set(client, {
    chosen: options.concurrency,
    widths: [],
    setLimit: (n) => {
      throttle.global.updateSettings({ maxConcurrent: n });
      for (const { limiter } of throttle.global.limiters()) void limiter.updateSettings({ maxConcurrent: n });
    },
  });
  fetches.set(client, clientFetch);
  return client;
}

/**
 * A fetch for one request whose successful JSON answer is read here, once, instead of by octokit
 * (whose parse revives every value for BigInts: the most CPU a 1,000-page list costs). The body is
 * read to the end inside the fetch (never handed on as a stream: undici cancels a body whose
 * Response is collected), parsed plainly and given to `read`, which keeps what it needs and says
 * so (true): octokit then gets an empty body. Anything else (not the shape `read` knows, a throw,
 * text that is not JSON, a big integer plain JSON.parse would round) gives octokit the same text
 * to parse as it always would, so the caller's checks and their messages see what they always
 * saw. Errors (4xx, 5xx) and non-JSON answers go to octokit untouched; a body cut off or timed out
 * while it is read fails the attempt as a dropped connection does (retried). Retries run this
 * fetch again. Pass it as the request's `request.fetch`: the client's own fetch (proxy, deadline)
 * stays underneath.
 */
export function readingFetch(client: GitHubClient, read: (json: unknown) => boolean): typeof fetch {
  const base = fetches.get(client) ?? fetch;
  return async (input, init) => {
    const res = await base(input, init);
    const type = res.headers.get('content-type') ?? '';
    if (res.status < 200 || res.status >= 300 || res.status === 204 || res.status === 205) return res;
    if (!/^application\/(scim\+)?json\s*(;|$)/i.test(type)) return res;
    const text = await res.text();
    return new Response(!BIG_INTEGER.test(text) && readJson(text, read) ? '' : text, res);
  };
}

/** A run of digits that may be an integer beyond 2^53, which octokit's parse makes a BigInt. */
const BIG_INTEGER = /\d{16}/;

function readJson(text: string, read: (json: unknown) => boolean): boolean {
  try {
    return read(JSON.parse(text));
  } catch {
    return false;
  }
}

/**
 * The toolkit's fetch for requests to `baseUrl`. @actions/github chooses its proxy (or none) once, at
 * load, for GITHUB_API_URL: that fetch is the one for a client of that API, as the action's is. For
 * another host (the CLI's --api-url, an api-url input unlike the runner's) the same recipe is
 * followed for the right host: @actions/http-client's dispatcher for it (a ProxyAgent, or none
 * where no_proxy or loopback says so) with undici's fetch, as the toolkit's getProxyFetch does.
 */
function toolkitFetch(baseUrl: string): typeof fetch {
  const own = (toolkit.request?.fetch as typeof fetch | undefined) ?? fetch;
  // A base URL that does not parse fails on the first request, with octokit's own error.
  if (!URL.canParse(baseUrl) || originOf(toolkit.baseUrl) === new URL(baseUrl).origin) return own;
  const dispatcher = new HttpClient().getAgentDispatcher(baseUrl);
  return ((input: string, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}

function originOf(url: string | undefined): string | undefined {
  return url && URL.canParse(url) ? new URL(url).origin : undefined;
}

/** A fresh deadline for every attempt (retries included). A TimeoutError becomes a retryable 500. */
function withDeadline(fetchOnce: typeof fetch, timeoutMs: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return fetchOnce(input, { ...init, signal });
  };
}
