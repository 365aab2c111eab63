// The production client (src/github/client.ts) with its waits shrunk for tests: backoff in
// milliseconds instead of seconds, and no pause between writes (seat writes or comments). Plugins
// and limits are the real ones.
import { createClient, type ClientOptions, type GitHubClient } from '../../src/github/client.ts';

export function fastClient(baseUrl: string, overrides: Partial<ClientOptions> = {}): GitHubClient {
  return createClient({
    token: 'test-token',
    baseUrl,
    writeIntervalMs: 0,
    notifyIntervalMs: 0,
    backoffUnitMs: 1,
    ...overrides,
  });
}
