// Valid plain data → DesiredState: every name gets its lower-case key and its position in the
// file, the short and long forms become one shape, and policy keys become camelCase.
// Only called on data the schema and the name checks accepted.
import type {
  DesiredState,
  DesiredTeam,
  DesiredUser,
  Exemption,
  IdleSignal,
  MaxRemovals,
  Policy,
  ReclaimNotice,
  UnreviewedAdds,
} from '../plan/types.ts';
import { POLICY_FIELDS, policyKey } from '../plan/policy-fields.ts';
import { enterpriseScope, orgScope, teamSlugIn } from '../plan/scope.ts';
import { cutText } from '../redact.ts';
import type { Locator } from './locate.ts';

interface UserEntry {
  login: string;
  reason?: string;
  expires?: string;
}
interface TeamEntry {
  slug: string;
  reason?: string;
}
interface ExemptEntry {
  login?: string;
  team?: string;
  reason?: string;
  expires?: string;
}
/** The shape the schema guarantees. */
export interface SeatsFile {
  version: 1;
  /** Exactly one of `org` and `enterprise` (the schema says so). */
  org?: string;
  enterprise?: string;
  users?: (string | UserEntry)[];
  teams?: (string | TeamEntry)[];
  exempt?: ExemptEntry[];
  policy?: {
    max_removals?: number | string;
    inactive_days?: number;
    seat_cost?: number;
    max_additions?: number;
    unreviewed_adds?: UnreviewedAdds;
    idle_signal?: IdleSignal;
    new_seat_grace_days?: number;
    reclaim_notice?: ReclaimNotice;
    max_request_days?: number;
    requesters?: string;
  };
}

/**
 * Longest reason kept. A reason is repeated into every output (terminal, JSON, comment, summary),
 * and YAML aliases can repeat one long string a hundred times in a file: a reason of a few
 * megabytes would come out as hundreds.
 */
export const MAX_REASON_LENGTH = 500;

function reasonOf(text: string): string {
  return cutText(text, MAX_REASON_LENGTH);
}

/** Copies `reason` and `expires` only when written, so absent stays absent. */
function extras(entry: { reason?: string; expires?: string }): { reason?: string; expires?: string } {
  const out: { reason?: string; expires?: string } = {};
  if (entry.reason !== undefined) out.reason = reasonOf(entry.reason);
  if (entry.expires !== undefined) out.expires = entry.expires;
  return out;
}

function maxRemovals(v: number | string): MaxRemovals {
  return typeof v === 'number'
    ? { kind: 'count', value: v }
    : { kind: 'percent', value: Number(v.slice(0, -1)) };
}

/**
 * Every field as written, under its camelCase key (the schema checked the values); only
 * max_removals changes form. Unset fields stay absent: their defaults are the schema's.
 */
function policy(p: SeatsFile['policy']): Policy {
  const out: Record<string, unknown> = {};
  for (const field of POLICY_FIELDS) {
    const value = p?.[field];
    if (value === undefined) continue;
    out[policyKey(field)] = field === 'max_removals' ? maxRemovals(value as number | string) : value;
  }
  return out as Policy;
}

export function normalize(data: SeatsFile, locator: Locator): DesiredState {
  const users: DesiredUser[] = (data.users ?? []).map((entry, i) => {
    const long = typeof entry === 'string' ? { login: entry } : entry;
    const pos = locator.posOf(`/users/${i}`);
    return { login: long.login, key: long.login.toLowerCase(), ...extras(long), pos };
  });
  const scope =
    data.enterprise !== undefined ? enterpriseScope(data.enterprise) : orgScope(data.org as string);
  const teamSlug = teamSlugIn(scope);
  const teams: DesiredTeam[] = (data.teams ?? []).map((entry, i) => {
    const long = typeof entry === 'string' ? { slug: entry } : entry;
    const pos = locator.posOf(`/teams/${i}`);
    const reason = long.reason === undefined ? {} : { reason: reasonOf(long.reason) };
    const slug = teamSlug(long.slug);
    return { slug, key: slug.toLowerCase(), ...reason, pos };
  });
  const exempt: Exemption[] = (data.exempt ?? []).map((entry, i) => {
    // The schema guarantees exactly one of login and team.
    const kind = entry.login !== undefined ? 'user' : 'team';
    const name = entry.login ?? teamSlug(entry.team!);
    const pos = locator.posOf(`/exempt/${i}`);
    return { kind, name, key: name.toLowerCase(), ...extras(entry), pos };
  });
  return {
    version: 1,
    scope,
    users,
    teams,
    exempt,
    policy: policy(data.policy),
    file: locator.file,
  };
}
