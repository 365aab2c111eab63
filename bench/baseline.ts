// The plain way to list the seats, as the baseline of the benchmark and of the fast-path test:
// octokit.paginate, one page after the other. paginate flattens only `total_count` lists; the seat
// list has `total_seats`, so each page is mapped to its seats here.
import type { GitHubClient } from '../src/github/client.ts';
import { readBilling, readLookups, toLiveSeat } from '../src/github/live.ts';
import { lookupsNeeded } from '../src/plan/lookups.ts';
import type { DesiredState, LiveSeat, LiveState } from '../src/plan/types.ts';

type RawSeat = Parameters<typeof toLiveSeat>[0];

export async function readSeatsSequential(client: GitHubClient, org: string): Promise<LiveSeat[]> {
  return client.paginate('GET /orgs/{org}/copilot/billing/seats', { org, per_page: 100 }, (res) =>
    ((res.data as unknown as { seats?: RawSeat[] }).seats ?? []).map((raw) => toLiveSeat(raw)),
  );
}

/** readLiveState with the listing done the plain way; everything else as the action does it. */
export async function readLiveStateSequential(
  client: GitHubClient,
  desired: DesiredState,
  now: Date,
): Promise<LiveState> {
  const org = desired.org;
  const billing = await readBilling(client, org);
  const seats = await readSeatsSequential(client, org);
  const lookups = await readLookups(client, org, lookupsNeeded(desired, seats, now));
  return { org, billing, seats, ...lookups };
}
