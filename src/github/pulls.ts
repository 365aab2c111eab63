// The pull request behind a push to the default branch, and the labels it carried when it was
// merged: what the merge approved, not what someone labelled afterwards.
import type { GitHubClient } from './client.ts';
import type { Repo } from './comments.ts';
import { describeApiError } from './errors.ts';
import { MAX_REPO_PAGES, pagingGuard } from './paging.ts';

export interface MergedPull {
  number: number;
  mergedAt: string;
  headSha: string;
  /** Its labels now (labelsAtMerge gives those it had when merged). */
  labels: string[];
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The merged pull request a pushed commit came from, if any. A commit can belong to several (a
 * branch merged into another, a reverted merge): the one merged as this very commit comes first.
 */
export async function mergedPullRequest(
  client: GitHubClient,
  repo: Repo,
  sha: string,
): Promise<MergedPull | undefined> {
  try {
    const pulls = await client.paginate(
      'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls',
      { ...repo, commit_sha: sha, per_page: 100 },
      pagingGuard(MAX_REPO_PAGES),
    );
    const merged = pulls.filter((pr) => pr.merged_at);
    const pr = merged.find((p) => same(p.merge_commit_sha ?? '', sha)) ?? merged[0];
    if (!pr?.merged_at) return undefined;
    const labels = pr.labels.map((l) => l.name);
    return { number: pr.number, mergedAt: pr.merged_at, headSha: pr.head.sha, labels };
  } catch (error) {
    throw describeApiError(`Finding the pull request of ${sha}`, error);
  }
}

interface LabelEvent {
  event?: string;
  created_at?: string;
  label?: { name?: string };
}

/**
 * The labels the pull request carried at `mergedAt`: its labeled and unlabeled events up to and
 * including that moment, replayed. Every page is read; events are not trusted to come in order.
 */
export async function labelsAtMerge(
  client: GitHubClient,
  repo: Repo,
  prNumber: number,
  mergedAt: string,
): Promise<string[]> {
  const cutoff = Date.parse(mergedAt);
  if (Number.isNaN(cutoff)) throw new Error(`labelsAtMerge: mergedAt is not a time: ${mergedAt}`);
  try {
    const events = await client.paginate(
      'GET /repos/{owner}/{repo}/issues/{issue_number}/events',
      { ...repo, issue_number: prNumber, per_page: 100 },
      pagingGuard(MAX_REPO_PAGES),
    );
    return replayLabels(events as LabelEvent[], cutoff);
  } catch (error) {
    throw describeApiError(`Reading the label history of #${prNumber}`, error);
  }
}

function replayLabels(events: LabelEvent[], cutoff: number): string[] {
  const changes = events
    .filter((e) => e.event === 'labeled' || e.event === 'unlabeled')
    .filter((e) => typeof e.label?.name === 'string' && Date.parse(e.created_at ?? '') <= cutoff)
    // Array.prototype.sort is stable: changes within one second keep GitHub's order.
    .sort((a, b) => Date.parse(a.created_at ?? '') - Date.parse(b.created_at ?? ''));
  const labels: string[] = [];
  for (const e of changes) {
    const name = e.label?.name ?? '';
    const at = labels.findIndex((l) => same(l, name));
    if (e.event === 'labeled' && at < 0) labels.push(name);
    if (e.event === 'unlabeled' && at >= 0) labels.splice(at, 1);
  }
  return labels;
}
