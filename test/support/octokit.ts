// The production client (src/github/client.ts: getOctokit with paginate, throttling and retry)
// pointed at a simulator, with the waits shrunk so tests run in milliseconds: retries and
// retry-after count in ms, and writes are not spaced. The simulator's own tests use it to see its
// answers through the client the action uses; `events` collects the rate limits the client saw.
import { createClient, type GitHubClient, type LimitEvent } from '../../src/github/client.ts';

export type TestOctokit = GitHubClient;
export type { LimitEvent };

export interface TestOctokitOptions {
  auth?: string;
  retries?: number;
  /** Collects every rate-limited answer the throttling plugin saw. */
  events?: LimitEvent[];
}

export function testOctokit(baseUrl: string, opts: TestOctokitOptions = {}): TestOctokit {
  const events = opts.events;
  return createClient({
    token: opts.auth ?? 'test-token',
    baseUrl,
    writeIntervalMs: 0,
    notifyIntervalMs: 0,
    backoffUnitMs: 1,
    retries: opts.retries ?? 3,
    ...(events ? { onLimit: (e: LimitEvent) => void events.push(e) } : {}),
  });
}
