// Turns a failed API call into a message an admin can act on: which call, what GitHub said,
// and, for 401/403/404, what is most likely wrong with the token.
import { RequestError } from '@octokit/request-error';
import { cutSecretText } from '../secrets.ts';

/** The longest Retry-After the client waits for; a longer one fails the run with the time to retry. */
export const RETRY_AFTER_CAP_S = 60;

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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Longest message taken from an error body: a proxy may send megabytes, and an error is read whole. */
const MAX_MESSAGE = 500;

/** Text of an HTML page: its <title> when it has one (a proxy's "502 Bad Gateway"), else its words. */
function pageText(html: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
  const text = (title || html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return cutSecretText(text, 200);
}

/** GitHub's `message` from an error body, or a short form of a body that is not JSON (an HTML page). */
function githubMessage(error: RequestError): string {
  const data = error.response?.data as unknown;
  if (isRecord(data) && typeof data.message === 'string') return cutSecretText(data.message, MAX_MESSAGE);
  if (typeof data === 'string' && data.trim()) {
    const html = /<\s*(html|!doctype|head|body|title)\b/i.test(data);
    // "502 Bad Gateway" after the status 502 would say it twice.
    const text = pageText(data).replace(new RegExp(`^${error.status}\\s+`), '');
    return html ? `${text} (an HTML page, not GitHub's JSON: a proxy or gateway answered)` : text;
  }
  // octokit's own message holds a body it could not read as GitHub's, whole.
  return cutSecretText(error.message, MAX_MESSAGE);
}

/** A 2xx answer whose body is not the JSON the call expects: truncated, or a proxy's page. */
export function unexpectedBody(what: string, data: unknown): ApiError {
  const shown = typeof data === 'string' ? `: ${JSON.stringify(cutSecretText(data.trim(), 80))}` : '';
  return new ApiError(
    `${what} failed: the answer is not the JSON GitHub sends (truncated, or another body${shown}); ` +
      `nothing was taken from it. Run again; if it persists, check any proxy between the runner and the API.`,
    0,
  );
}

function header(error: RequestError, name: string): string {
  return String(error.response?.headers?.[name] ?? '').trim();
}

/** Seconds a Retry-After asks for (a number, or an HTTP date), or undefined without one. */
function retryAfterSeconds(error: RequestError, now: number): number | undefined {
  const value = header(error, 'retry-after');
  if (value === '') return undefined;
  const seconds = /^\d+$/.test(value) ? Number(value) : Math.ceil((Date.parse(value) - now) / 1000);
  return Number.isFinite(seconds) ? Math.max(0, seconds) : undefined;
}

/** "14:06 UTC" (the next whole minute, so never too early), with the date when it is not today. */
function utcMinute(at: number, now: number): string {
  const iso = new Date(Math.ceil(at / 60_000) * 60_000).toISOString();
  const day = iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? '' : `${iso.slice(0, 10)} `;
  return `${day}${iso.slice(11, 16)} UTC`;
}

/** A Retry-After beyond the cap was not waited for: when the run may try again. */
function retryAfterHint(error: RequestError): string | undefined {
  const now = Date.now();
  const seconds = retryAfterSeconds(error, now);
  if (seconds === undefined || seconds <= RETRY_AFTER_CAP_S) return undefined;
  return (
    ` GitHub asks to wait ${seconds} s (Retry-After) — more than the ${RETRY_AFTER_CAP_S} s this run waits:` +
    ` try again after ${utcMinute(now + seconds * 1000, now)}.`
  );
}

/** 403/429 from a rate limit (GitHub's primary quota, or a secondary limit with retry-after). */
function rateLimitHint(error: RequestError): string | undefined {
  if (error.status !== 403 && error.status !== 429) return undefined;
  const spent = header(error, 'x-ratelimit-remaining') === '0';
  const message = githubMessage(error);
  if (spent) {
    const reset = Number(header(error, 'x-ratelimit-reset'));
    const when = Number.isFinite(reset) && reset > 0 ? ` at ${new Date(reset * 1000).toISOString()}` : '';
    return ` The token's API rate limit is used up; it resets${when || ' within the hour'}. Run again then.`;
  }
  const tooLong = retryAfterHint(error);
  if (tooLong) return tooLong;
  if (header(error, 'retry-after') !== '' || /rate limit/i.test(message) || error.status === 429) {
    return ' GitHub rate-limited these requests (a secondary limit) and retries did not get through; wait a few minutes and run again.';
  }
  return undefined;
}

/** The scopes of an `x-oauth-scopes` (or `x-accepted-oauth-scopes`) header: `repo, read:org`. */
export function oauthScopes(header: string): string[] {
  return header
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Classic PAT scopes that include others. */
const IMPLIED: Record<string, string[]> = {
  'admin:org': ['write:org', 'read:org'],
  'write:org': ['read:org'],
  'admin:enterprise': ['manage_billing:enterprise', 'read:enterprise'],
  'manage_billing:enterprise': ['read:enterprise'],
};

/** A call to an enterprise's endpoints (/enterprises/{enterprise}/…), whose tokens and owners differ. */
function isEnterpriseCall(error: RequestError): boolean {
  return /\/enterprises\//.test(error.request?.url ?? '');
}

/**
 * A write an enterprise refuses for one of its Copilot settings (422): which setting, and where an
 * enterprise owner changes it. Each cause its own words; the write changed nothing.
 */
const ENTERPRISE_SETTINGS: [RegExp, string][] = [
  [/copilot\b.*\bnot enabled/i, 'Copilot is not enabled for the enterprise: an enterprise owner enables it'],
  [
    /billing\b.*\bnot (been )?set up/i,
    "the enterprise's billing is not set up: an enterprise owner adds a payment method or an Azure subscription",
  ],
  [
    /public code/i,
    'the enterprise has no "Suggestions matching public code" policy: an enterprise owner sets it (Policies → Copilot)',
  ],
  [
    /for all (users|members)/i,
    'the enterprise\'s Copilot access is "all": seats are not assigned one by one; an enterprise owner chooses "selected" users and teams (Policies → Copilot → Access)',
  ],
  [
    /unconfigured|not (been )?configured/i,
    'the enterprise\'s Copilot access is not configured: an enterprise owner chooses "selected" users and teams (Policies → Copilot → Access)',
  ],
];

function enterpriseSettingHint(message: string): string {
  const found = ENTERPRISE_SETTINGS.find(([pattern]) => pattern.test(message));
  return found ? ` Refused for a setting, not for a name: ${found[1]}. This request changed nothing.` : '';
}

function scopeHint(error: RequestError): string {
  const accepted = header(error, 'x-accepted-oauth-scopes');
  const granted = header(error, 'x-oauth-scopes');
  const enterprise = isEnterpriseCall(error);
  if (error.status === 401) {
    return ' The token is missing, expired or revoked: check the secret given as `token`.';
  }
  const limited = rateLimitHint(error);
  if (limited) return limited;
  if (error.status === 403 && header(error, 'x-github-sso').startsWith('required')) {
    return " The organization uses SAML single sign-on: authorize the token for it (the token's settings → Configure SSO).";
  }
  if (error.status === 403 && accepted) {
    // Any one accepted scope will do; a broader scope grants the narrower ones.
    const have = new Set(oauthScopes(granted).flatMap((s) => [s, ...(IMPLIED[s] ?? [])]));
    const wanted = oauthScopes(accepted);
    if (!wanted.some((s) => have.has(s))) {
      return ` The token lacks the scope ${wanted.join(' or ')} (it has: ${granted || 'none'}).`;
    }
    const owners = enterprise ? 'enterprise owners' : 'organization owners';
    return ` The token has a scope this call accepts (${granted}), so the account behind it lacks the role: Copilot seats are managed by ${owners}.`;
  }
  if (error.status === 403 && enterprise) {
    // Only a classic PAT says its scopes (x-oauth-scopes): without them, a fine-grained or App token.
    return granted
      ? ` The enterprise's Copilot endpoints need a classic personal access token of an enterprise owner with manage_billing:copilot (read:enterprise to read only); this one has: ${granted}.`
      : " The enterprise's Copilot endpoints take only a classic personal access token of an enterprise owner, with manage_billing:copilot (read:enterprise to read only): fine-grained tokens and GitHub App tokens are refused.";
  }
  if (error.status === 403) {
    return ' The token needs manage_billing:copilot and read:org (classic PAT), or Copilot Business write and Members read (GitHub App).';
  }
  // A write refused for names it holds: the scope exists, the names do not (or are not members).
  if (error.status === 404 && /do not exist in this/i.test(githubMessage(error))) {
    return ` A login that is not a member of the ${enterprise ? 'enterprise' : 'organization'} (or has not accepted its invitation yet) cannot get a seat; the others are sent without it.`;
  }
  if (error.status === 404 && enterprise) {
    return " Check the enterprise slug, and that the token's account is an owner of the enterprise (GitHub answers 404 when it cannot see it).";
  }
  if (error.status === 404) {
    return ' Check the organization name, and that the token can see it (GitHub answers 404 when it cannot).';
  }
  if (error.status === 422 && enterprise) return enterpriseSettingHint(githubMessage(error));
  if (error.status >= 500) {
    return ' GitHub (or a proxy in front of it) failed, also on retries; run again later.';
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
  const reason = cutSecretText(error instanceof Error ? error.message : String(error), MAX_MESSAGE);
  return new ApiError(`${what} failed: ${reason}`, 0, { cause: error });
}
