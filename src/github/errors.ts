// Turns a failed API call into a message an admin can act on: which call, what GitHub said,
// and, for 401/403/404, what is most likely wrong with the token.
import { RequestError } from '@octokit/request-error';

export class ApiError extends Error {
  readonly status: number;
  constructor(message: string, status: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiError';
    this.status = status;
  }
}

export function statusOf(error: unknown): number | undefined {
  return error instanceof RequestError || error instanceof ApiError ? error.status : undefined;
}

/** GitHub's `message` from an error body, or a short form of a body that is not JSON (an HTML page). */
function githubMessage(error: RequestError): string {
  const data = error.response?.data as unknown;
  if (data && typeof data === 'object' && 'message' in data && typeof data.message === 'string') {
    return data.message;
  }
  if (typeof data === 'string' && data.trim()) {
    const text = data
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  }
  return error.message;
}

function scopeHint(error: RequestError): string {
  const headers = error.response?.headers ?? {};
  const accepted = String(headers['x-accepted-oauth-scopes'] ?? '').trim();
  const granted = String(headers['x-oauth-scopes'] ?? '').trim();
  if (error.status === 401) {
    return ' The token is missing, expired or revoked.';
  }
  if (error.status === 403 && accepted) {
    const have = new Set(granted.split(',').map((s) => s.trim()));
    const missing = accepted
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s && !have.has(s));
    if (missing.length > 0) {
      return ` The token lacks the scope ${missing.join(' or ')} (it has: ${granted || 'none'}).`;
    }
  }
  if (error.status === 403) {
    return ' The token needs manage_billing:copilot and read:org (classic PAT), or Copilot Business write and Members read (GitHub App).';
  }
  if (error.status === 404) {
    return ' Check the organization name, and that the token can see it (GitHub answers 404 when it cannot).';
  }
  return '';
}

/** Wraps any error of an API call in an ApiError that names the call. */
export function describeApiError(what: string, error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof RequestError) {
    const status = error.status;
    const message = `${what} failed: ${status} ${githubMessage(error)}.${scopeHint(error)}`;
    return new ApiError(message.replace(/\.\./g, '.'), status, { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new ApiError(`${what} failed: ${reason}`, 0, { cause: error });
}
