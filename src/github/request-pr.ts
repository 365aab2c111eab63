// The seat request pull requests of one issue: when its request is refused, or now asks for
// another login, the pull requests it opened before are closed, so that no stale proposal waits
// for review. A pull request is the issue's when it comes from a copilot-seats/request- branch and
// its body says `Closes #N` on a line of its own, as renderRequestBody writes it.
import type { GitHubClient } from './client.ts';
import type { Repo } from './comments.ts';
import { describeApiError } from './errors.ts';
import { closePull } from './reclaim-pr.ts';
import { MAX_REPO_PAGES, pagingGuard } from './paging.ts';

export const REQUEST_BRANCH_PREFIX = 'copilot-seats/request-';

/** Closes the open request pull requests of issue `issue`, but the one from `keep`, each with `comment`. */
export async function closeRequestPulls(
  client: GitHubClient,
  repo: Repo,
  issue: number,
  comment: string,
  keep?: string,
): Promise<number[]> {
  let open;
  try {
    open = await client.paginate(
      'GET /repos/{owner}/{repo}/pulls',
      { ...repo, state: 'open', per_page: 100 },
      pagingGuard(MAX_REPO_PAGES),
    );
  } catch (error) {
    throw describeApiError('Listing the open pull requests', error);
  }
  const closes = new RegExp(`^Closes #${issue}$`, 'm');
  const stale = open.filter(
    (pr) =>
      pr.head.ref.startsWith(REQUEST_BRANCH_PREFIX) && pr.head.ref !== keep && closes.test(pr.body ?? ''),
  );
  for (const pr of stale) {
    await closePull(client, repo, pr.number, comment, `the seat request pull request #${pr.number}`);
  }
  return stale.map((pr) => pr.number);
}
