// A file of the repository as it is at a ref (a branch or a commit), read through the API: the
// runner's checkout has one commit, the question may be about another.
import type { GitHubClient } from './client.ts';
import type { Repo } from './comments.ts';
import { ApiError, describeApiError, isRecord, statusOf, unexpectedBody } from './errors.ts';

/** The text of `path` at `ref`, or null when there is no such file there. */
export async function readFileAt(
  client: GitHubClient,
  repo: Repo,
  ref: string,
  path: string,
): Promise<string | null> {
  const what = `Reading ${path} at ${ref}`;
  let data: unknown;
  try {
    ({ data } = await client.request('GET /repos/{owner}/{repo}/contents/{path}', { ...repo, path, ref }));
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw describeApiError(what, error);
  }
  return fileText(client, repo, what, data);
}

async function fileText(client: GitHubClient, repo: Repo, what: string, data: unknown): Promise<string> {
  if (Array.isArray(data)) throw new ApiError(`${what} failed: it is a directory, not a file.`, 0);
  if (!isRecord(data)) throw unexpectedBody(what, data);
  if (data.type !== 'file')
    throw new ApiError(`${what} failed: it is a ${String(data.type)}, not a file.`, 0);
  // Over 1 MB the contents API leaves the content out (encoding "none"); the blob API has it.
  if (data.encoding === 'none' && typeof data.sha === 'string') return blobText(client, repo, what, data.sha);
  return decoded(what, data);
}

async function blobText(client: GitHubClient, repo: Repo, what: string, sha: string): Promise<string> {
  try {
    const { data } = await client.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
      ...repo,
      file_sha: sha,
    });
    return decoded(what, data);
  } catch (error) {
    throw describeApiError(what, error);
  }
}

function decoded(what: string, data: unknown): string {
  if (!isRecord(data) || typeof data.content !== 'string') throw unexpectedBody(what, data);
  if (data.encoding === 'base64') return Buffer.from(data.content, 'base64').toString('utf8');
  if (data.encoding === 'utf-8') return data.content;
  throw new ApiError(`${what} failed: content in an unknown encoding (${String(data.encoding)}).`, 0);
}
