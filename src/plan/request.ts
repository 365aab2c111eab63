// Whether a seat asked for through the issue form may be proposed, and the entry that adds it.
// Pure: the facts read from the API and the clock are passed in. The requester is the issue's
// author as the event names them, never a name written in the form.
import { scopeNoun } from './scope.ts';
import type { NewUser } from '../config/edit.ts';
import { loginProblem } from '../config/names.ts';
import { DAY_MS, dayStartMs } from './dates.ts';
import type { DesiredState, LiveSeat, Membership } from './types.ts';

export interface SeatRequest {
  /** Who opened the issue (the event's issue.user.login). */
  requester: string;
  /** Who the seat is for, as written in the form. */
  login: string;
  reason: string;
  /** YYYY-MM-DD, when the form gave an end date. */
  expires?: string;
  /** The issue it came from: written into the entry's reason. */
  issue?: number;
}

export interface RequestFacts {
  /** The org membership of the login the seat is for. */
  membership: Membership;
  /** The login's live seat, or null when it has none. */
  seat: LiveSeat | null;
  /** Whether the requester is a member of `policy.requesters` (undefined when the policy names none). */
  requesterIsRequester?: boolean;
}

export type RequestVerdict = { accepted: true; entry: NewUser } | { accepted: false; why: string[] };

/** Today at 00:00 UTC, in milliseconds. */
function todayMs(now: Date): number {
  return Math.floor(now.getTime() / DAY_MS) * DAY_MS;
}

function dateProblems(expires: string | undefined, now: Date, maxDays: number | undefined): string[] {
  if (expires === undefined) {
    return maxDays === undefined
      ? []
      : [
          `an end date is required: seats asked for here last at most ${maxDays} days (policy.max_request_days)`,
        ];
  }
  const at = dayStartMs(expires);
  if (!Number.isFinite(at) || new Date(at).toISOString().slice(0, 10) !== expires) {
    return [`the end date '${expires}' is not a date written YYYY-MM-DD (e.g. 2027-01-31)`];
  }
  if (at <= todayMs(now)) return [`the end date ${expires} is not in the future`];
  if (maxDays !== undefined && at > todayMs(now) + maxDays * DAY_MS) {
    const latest = new Date(todayMs(now) + maxDays * DAY_MS).toISOString().slice(0, 10);
    return [
      `the end date ${expires} is more than ${maxDays} days away (policy.max_request_days): ${latest} at the latest`,
    ];
  }
  return [];
}

/**
 * Accepted with the entry to add to `users:`, or refused with every reason. A requester asks for
 * themselves, unless they are a member of the team `policy.requesters`.
 */
export function checkSeatRequest(
  request: SeatRequest,
  desired: DesiredState,
  facts: RequestFacts,
  now: Date,
): RequestVerdict {
  const policy = desired.policy;
  const login = request.login.trim().replace(/^@/, '');
  const key = login.toLowerCase();
  const problem = loginProblem(login);
  if (problem) return { accepted: false, why: [`'${login}' is not a GitHub login: ${problem}`] };
  const why: string[] = [];
  if (key !== request.requester.toLowerCase() && facts.requesterIsRequester !== true) {
    why.push(
      policy.requesters === undefined
        ? `@${request.requester} may only ask for a seat for themselves (seats.yaml names no policy.requesters team that may ask for others)`
        : `@${request.requester} may only ask for a seat for themselves: asking for someone else is for members of the team ${policy.requesters} (policy.requesters)`,
    );
  }
  if (facts.membership === 'none')
    why.push(`${login} is not a member of the ${scopeNoun(desired.scope)} ${desired.scope.name}`);
  if (facts.membership === 'pending') {
    why.push(`${login} has not accepted the invitation to ${desired.scope.name} yet`);
  }
  const listed = desired.users.find((u) => u.key === key);
  if (listed) why.push(`${listed.login} is already listed in seats.yaml`);
  else if (facts.seat && facts.seat.pendingCancellationDate === null) {
    const team = facts.seat.assigningTeam ? ` (through the team ${facts.seat.assigningTeam.slug})` : '';
    why.push(`${login} already has a Copilot seat${team}`);
  }
  if (request.reason.trim() === '') why.push('the reason is empty');
  why.push(...dateProblems(request.expires, now, policy.maxRequestDays));
  if (why.length > 0) return { accepted: false, why };
  const asked = request.issue === undefined ? '' : ` (requested in #${request.issue})`;
  return {
    accepted: true,
    entry: {
      login,
      reason: `${request.reason.trim()}${asked}`,
      ...(request.expires !== undefined ? { expires: request.expires } : {}),
    },
  };
}
