// Sends the plan's writes, one at a time, in the safe order, and reports what happened.
// The applier never re-diffs: it does what the reviewed plan says, or less, never more.
import type { GitHubClient, Logger } from '../github/client.ts';
import { describeApiError, statusOf } from '../github/errors.ts';
import type { Plan, WriteKind, WriteResult } from '../plan/types.ts';
import { planWrites, type Write } from './batches.ts';

const ROUTES: Record<WriteKind, { route: string; field: 'selected_usernames' | 'selected_teams' }> = {
  'add-teams': { route: 'POST /orgs/{org}/copilot/billing/selected_teams', field: 'selected_teams' },
  'add-users': { route: 'POST /orgs/{org}/copilot/billing/selected_users', field: 'selected_usernames' },
  'remove-users': { route: 'DELETE /orgs/{org}/copilot/billing/selected_users', field: 'selected_usernames' },
  'remove-teams': { route: 'DELETE /orgs/{org}/copilot/billing/selected_teams', field: 'selected_teams' },
};

/** 404 (a name GitHub does not know) and 422 (a name it refuses) may come from one bad name of many. */
const NAME_SPECIFIC = new Set([404, 422]);

export interface ApplyWritesOptions {
  batchSize?: number;
  log?: Logger;
}

async function send(client: GitHubClient, org: string, write: Write): Promise<WriteResult> {
  const { route, field } = ROUTES[write.kind];
  try {
    const res = await client.request(route, { org, [field]: write.names });
    const data = res.data as { seats_created?: number; seats_cancelled?: number };
    return { ...write, ok: true, status: res.status, count: data.seats_created ?? data.seats_cancelled };
  } catch (error) {
    const described = describeApiError(`${write.kind} (${write.names.join(', ')})`, error);
    return { ...write, ok: false, status: statusOf(error), error: described.message };
  }
}

/**
 * A batch refused for a name-specific reason is split in halves until the bad names stand alone,
 * so that one bad name never sinks the others. Other failures (5xx after retries) are not split:
 * they say nothing about the names.
 */
async function sendIsolating(client: GitHubClient, org: string, write: Write): Promise<WriteResult[]> {
  const result = await send(client, org, write);
  if (result.ok || write.names.length === 1 || !NAME_SPECIFIC.has(result.status ?? 0)) return [result];
  const half = Math.ceil(write.names.length / 2);
  const left = await sendIsolating(client, org, { kind: write.kind, names: write.names.slice(0, half) });
  const right = await sendIsolating(client, org, { kind: write.kind, names: write.names.slice(half) });
  return [...left, ...right];
}

/**
 * Applies the writes in order: team adds, user adds, user cancellations, team cancellations.
 * When any add failed, team cancellations are skipped: a team cancellation may take the seat of a
 * desired user whose direct add did not go through.
 */
export async function applyWrites(
  client: GitHubClient,
  plan: Plan,
  options: ApplyWritesOptions = {},
): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  for (const write of planWrites(plan, options.batchSize)) {
    const addFailed = results.some((r) => !r.ok && r.kind.startsWith('add-'));
    if (write.kind === 'remove-teams' && addFailed) {
      results.push({
        ...write,
        ok: false,
        error: 'skipped: an add failed before it, so no team is cancelled',
      });
      continue;
    }
    options.log?.debug(`${write.kind}: ${write.names.length} name(s)`);
    results.push(...(await sendIsolating(client, plan.org, write)));
  }
  return results;
}
