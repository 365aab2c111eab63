// The head of a branch, to tell a stale apply (an old push re-run, or two pushes racing) from the
// one that should apply: only the run of the newest commit may change seats.
import type { GitHubClient } from './client.ts';
import type { Repo } from './comments.ts';
import { describeApiError, isRecord, statusOf, unexpectedBody } from './errors.ts';

/** The sha of the branch's head commit, or null when there is no such branch. */
export async function branchHead(client: GitHubClient, repo: Repo, branch: string): Promise<string | null> {
  const what = `Reading the head of branch ${branch}`;
  try {
    const { data } = await client.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      ...repo,
      ref: `heads/${branch}`,
    });
    const sha = isRecord(data) && isRecord(data.object) ? data.object.sha : undefined;
    if (typeof sha !== 'string') throw unexpectedBody(what, data);
    return sha;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw describeApiError(what, error);
  }
}
