// A real octokit (core + paginate + throttling + retry, as production uses) pointed at a simulator,
// with the waits shrunk so tests run in milliseconds: retries and retry-after count in ms, and the
// throttling plugin's write/notification spacing (1 s / 3 s per write) is replaced by no spacing.
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export const TestOctokit = Octokit.plugin(paginateRest, throttling, retry);
export type TestOctokit = InstanceType<typeof TestOctokit>;

export interface LimitEvent {
  kind: 'rate-limit' | 'secondary';
  retryAfter: number;
  method: string;
  url: string;
}

export interface TestOctokitOptions {
  auth?: string | null;
  /** Retry after a rate limit (default: secondary yes, primary no). */
  retryRateLimit?: boolean;
  retries?: number;
  /** Collects the throttling plugin's limit callbacks. */
  events?: LimitEvent[];
}

/** Bottleneck.Group look-alike without spacing: the plugin only calls key(id).schedule(opts, fn, ...args). */
const noSpacing = {
  key: () => ({
    schedule: (_opts: unknown, fn: (...a: unknown[]) => unknown, ...args: unknown[]) =>
      Promise.resolve(fn(...args)),
  }),
} as unknown as NonNullable<ConstructorParameters<typeof TestOctokit>[0]>['throttle'] extends infer T
  ? T extends { write?: infer W }
    ? W
    : never
  : never;

let clients = 0;

export function testOctokit(baseUrl: string, opts: TestOctokitOptions = {}): TestOctokit {
  const events = opts.events ?? [];
  return new TestOctokit({
    baseUrl,
    ...(opts.auth === null ? {} : { auth: opts.auth ?? 'test-token' }),
    retry: { retryAfterBaseValue: 1, retries: opts.retries ?? 3 },
    throttle: {
      id: `test-${++clients}`,
      retryAfterBaseValue: 1,
      write: noSpacing,
      notifications: noSpacing,
      onRateLimit: (retryAfter, options) => {
        events.push({ kind: 'rate-limit', retryAfter, method: options.method, url: options.url });
        return opts.retryRateLimit ?? false;
      },
      onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
        events.push({ kind: 'secondary', retryAfter, method: options.method, url: options.url });
        return retryCount < 3;
      },
    },
  });
}
