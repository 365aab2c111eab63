// The plan a reviewer saw: the fingerprint in the sticky plan comment of the merged pull request.
// Only a comment written by this action's own account counts, as for every comment it updates.
import type { ReviewedPlan } from '../apply/binding.ts';
import type { Scope } from '../plan/types.ts';
import { fingerprintInComment, markerFor } from '../render/markdown.ts';
import type { GitHubClient } from './client.ts';
import { markerHead, type Repo } from './comments.ts';
import { describeApiError } from './errors.ts';
import { MAX_REPO_PAGES, pagingGuard } from './paging.ts';

export type ReviewedLookup = { reviewed: ReviewedPlan } | { reason: string };

export async function readReviewedPlan(
  client: GitHubClient,
  repo: Repo,
  prNumber: number,
  scope: Scope,
  self: string,
): Promise<ReviewedLookup> {
  const head = markerHead(markerFor('plan', scope));
  let comments;
  try {
    comments = await client.paginate(
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
      { ...repo, issue_number: prNumber, per_page: 100 },
      pagingGuard(MAX_REPO_PAGES),
    );
  } catch (error) {
    throw describeApiError(`Reading the plan comment of #${prNumber}`, error);
  }
  const own = comments.filter(
    (c) => (c.body ?? '').startsWith(head) && (c.user?.login ?? '').toLowerCase() === self.toLowerCase(),
  );
  const latest = own.at(-1);
  if (latest === undefined) {
    return {
      reason: `pull request #${prNumber} has no plan comment by ${self} (deleted, never posted, or the comment step was off)`,
    };
  }
  const fingerprint = fingerprintInComment(latest.body ?? '', scope);
  if (fingerprint === null) {
    return {
      reason: `the plan comment of #${prNumber} carries no readable plan fingerprint (written by an older version, or edited)`,
    };
  }
  return { reviewed: { source: `#${prNumber}`, fingerprint } };
}
