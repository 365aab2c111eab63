// The token's primary rate limit as GitHub reports it on every answer (x-ratelimit-remaining and
// x-ratelimit-reset), watched on a client so that a plan can tell, before its lookups, whether they
// fit in what is left. Costs no request: GET /rate_limit would be one more for every run.
import type { GitHubClient } from './client.ts';

export interface RateBudget {
  /** Requests left in the current window. */
  remaining: number;
  /** When the window ends, in seconds since the epoch. */
  reset: number;
}

type Latest = { budget?: RateBudget };

const watched = new WeakMap<GitHubClient, Latest>();

function fromHeaders(headers: Record<string, unknown>): RateBudget | undefined {
  const remaining = Number(headers['x-ratelimit-remaining'] ?? NaN);
  const reset = Number(headers['x-ratelimit-reset'] ?? NaN);
  return Number.isFinite(remaining) && Number.isFinite(reset) ? { remaining, reset } : undefined;
}

/** Answers arrive out of order when requests run in parallel: the lowest count of the newest window. */
function newer(old: RateBudget | undefined, next: RateBudget | undefined): RateBudget | undefined {
  if (!next || (old && old.reset > next.reset)) return old;
  if (old && old.reset === next.reset && old.remaining <= next.remaining) return old;
  return next;
}

/**
 * Watches the client's answers from now on (once per client) and returns a reader of the latest
 * budget they reported; undefined while none did (GHES with rate limiting off sends no headers).
 */
export function watchRateLimit(client: GitHubClient): () => RateBudget | undefined {
  let latest = watched.get(client);
  if (!latest) {
    const state: Latest = {};
    client.hook.after('request', (response) => {
      state.budget = newer(state.budget, fromHeaders(response.headers));
    });
    watched.set(client, state);
    latest = state;
  }
  const found = latest;
  return () => found.budget;
}
