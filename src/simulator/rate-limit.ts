// The primary rate limit: a budget per token per window that counts down, reported in the
// x-ratelimit-* headers on every answer; spent → 403 with x-ratelimit-remaining: 0, as GitHub does.

export interface RateLimitOptions {
  /** Requests per window per token (GitHub: 5,000 an hour for a PAT). */
  limit: number;
  /** Window length; the budget refills when it ends. Default 3600. */
  windowSeconds?: number;
}

export interface RateLimiter {
  /** Counts one request; returns the headers to send and whether the budget was already spent. */
  take(token: string): { headers: Record<string, string>; exceeded: boolean };
}

export function createRateLimiter(opts: RateLimitOptions, now: () => number = Date.now): RateLimiter {
  const windowMs = (opts.windowSeconds ?? 3600) * 1000;
  const buckets = new Map<string, { used: number; resetAt: number }>();
  return {
    take(token) {
      let b = buckets.get(token);
      if (!b || now() >= b.resetAt) {
        b = { used: 0, resetAt: now() + windowMs };
        buckets.set(token, b);
      }
      const exceeded = b.used >= opts.limit;
      if (!exceeded) b.used++;
      return {
        exceeded,
        headers: {
          'x-ratelimit-limit': String(opts.limit),
          'x-ratelimit-remaining': String(opts.limit - b.used),
          'x-ratelimit-used': String(b.used),
          'x-ratelimit-reset': String(Math.ceil(b.resetAt / 1000)),
          'x-ratelimit-resource': 'core',
        },
      };
    },
  };
}
