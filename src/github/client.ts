// One octokit client for the whole run: paging, throttling (bounded concurrency, writes one at a
// time) and retries with backoff come from octokit's own plugins; we only set their knobs.
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
// bottleneck is the limiter the throttling plugin itself uses; light.js is its dependency-free build.
// @ts-expect-error light.js ships no types of its own; bottleneck.d.ts describes the same API.
import BottleneckLight from 'bottleneck/light.js';
import type BottleneckType from 'bottleneck';

const Bottleneck = BottleneckLight as typeof BottleneckType;

export const API_VERSION = '2022-11-28';

const GitHub = Octokit.plugin(paginateRest, retry, throttling);
export type GitHubClient = InstanceType<typeof GitHub>;

export interface Logger {
  debug(message: string): void;
  warn(message: string): void;
}

export interface ClientOptions {
  token: string;
  baseUrl: string;
  /** Reads in flight at once. GitHub allows 100 concurrent requests; we stay far below. */
  concurrency?: number;
  /** Pause between two writes: GitHub's secondary limits punish bursts of writes. */
  writeIntervalMs?: number;
  /** Unit of every backoff (retry-after seconds are multiplied by it). Tests shrink it; production keeps 1 s. */
  backoffUnitMs?: number;
  /** Retries of a failed request (5xx, 429, dropped connection, timeout). */
  retries?: number;
  /** A request that takes longer is aborted and retried. */
  timeoutMs?: number;
  /** Longest wait for a primary rate limit reset that we accept, in seconds; longer fails the run. */
  maxRateLimitWaitS?: number;
  log?: Logger;
}

const quiet: Logger = { debug: () => {}, warn: () => {} };
const DEFAULT_CONCURRENCY = 8;
const concurrencies = new WeakMap<GitHubClient, number>();

/** Reads a client lets through at once: a reader that asks for more only queues requests it may not need. */
export function concurrencyOf(client: GitHubClient): number {
  return concurrencies.get(client) ?? DEFAULT_CONCURRENCY;
}

export function createClient(options: ClientOptions): GitHubClient {
  const log = options.log ?? quiet;
  const unit = options.backoffUnitMs ?? 1000;
  const maxWait = options.maxRateLimitWaitS ?? 15 * 60;
  const retries = options.retries ?? 3;
  // Our own limiter groups: the plugin's defaults are module-global and would be shared by every
  // client in the process (tests run many), and we want the concurrency to be ours to set.
  const throttle = {
    global: new Bottleneck.Group({ maxConcurrent: options.concurrency ?? DEFAULT_CONCURRENCY }),
    write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeIntervalMs ?? 1000 }),
    retryAfterBaseValue: unit,
    fallbackSecondaryRateRetryAfter: 60,
    onRateLimit: (after: number, req: { method: string; url: string }, _o: unknown, count: number) => {
      log.warn(`rate limit reached on ${req.method} ${req.url}; retrying in ${after}s`);
      return count < retries && after <= maxWait;
    },
    onSecondaryRateLimit: (
      after: number,
      req: { method: string; url: string },
      _o: unknown,
      count: number,
    ) => {
      log.warn(`secondary rate limit on ${req.method} ${req.url}; retrying in ${after}s`);
      return count < retries && after <= maxWait;
    },
  };
  const client = new GitHub({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: 'copilot-seats',
    log: {
      debug: () => {},
      info: () => {},
      warn: (m: string) => log.warn(m),
      error: (m: string) => log.warn(m),
    },
    throttle: throttle as never,
    retry: { retries, retryAfterBaseValue: unit },
    headers: { 'x-github-api-version': API_VERSION },
    // Not `request.retries`: plugin-retry would then retry every error, 4xx included.
    request: { fetch: fetchWithTimeout(options.timeoutMs ?? 30_000) },
  });
  concurrencies.set(client, options.concurrency ?? DEFAULT_CONCURRENCY);
  return client;
}

/** A fresh deadline for every attempt (retries included). A TimeoutError becomes a retryable 500. */
function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return fetch(input, { ...init, signal });
  };
}
