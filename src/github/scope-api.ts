// What an org and an enterprise differ in, as one value each: the routes and bodies of the seat
// list and the writes, how a listed seat maps to a LiveSeat, and how users and teams are looked
// up. The reader (live.ts) and the writer (applier.ts) are given a ScopeApi and never branch on
// the scope themselves. The two values: org-api.ts and enterprise-api.ts; the rows: seat-rows.ts.
import type { GitHubClient } from './client.ts';
import { enterpriseApi } from './enterprise-api.ts';
import { orgApi } from './org-api.ts';
import type {
  AssigningTeam,
  Billing,
  LiveSeat,
  Membership,
  Scope,
  TeamInfo,
  WriteKind,
} from '../plan/types.ts';

export { orgApi } from './org-api.ts';
export { toOrgSeat } from './seat-rows.ts';

export interface RawTeam {
  slug?: string;
  name?: string;
  type?: string;
}

export interface RawSeat {
  assignee?: { login?: string } | null;
  assigning_team?: RawTeam | null;
  /** Enterprise lists only: the org that grants this row's seat. */
  organization?: { login?: string } | null;
  pending_cancellation_date?: string | null;
  last_activity_at?: string | null;
  last_authenticated_at?: string | null;
  created_at: string;
  plan_type?: string;
}

/** Seats of one source share one AssigningTeam: 40,000 team seats need a few hundred objects. */
export type TeamCache = Map<string, AssigningTeam | null>;

export interface WriteRoute {
  route: string;
  field: 'selected_usernames' | 'selected_teams' | 'selected_enterprise_teams';
}

export interface ScopeApi {
  scope: Scope;
  /** "org acme" / "enterprise acme-corp", for messages. */
  label: string;
  /** The path parameters every route of the scope takes. */
  params: Record<string, string>;
  seatList: string;
  seatOf: string;
  /**
   * An org lists one row per user; an enterprise one row per source of a user's seat, while its
   * `total_seats` counts each user once. The reader checks the list by the rule that applies.
   */
  rowPerSource: boolean;
  writes: Record<WriteKind, WriteRoute>;
  /** One listed row as a LiveSeat; `teams` shares the AssigningTeam objects between rows. */
  toSeat(raw: RawSeat, teams?: TeamCache): LiveSeat;
  readBilling(client: GitHubClient): Promise<Billing>;
  /** Whether a user may be given a seat; 'unknown' where the scope has no way to ask. */
  readMembership(client: GitHubClient, login: string): Promise<Membership>;
  /** Whether readMembership asks GitHub (a request per login) or answers 'unknown' for free. */
  checksMembership: boolean;
  readTeam(client: GitHubClient, slug: string): Promise<TeamInfo>;
  /**
   * Before any write: a classic PAT says its scopes in every answer, so a token that can read the
   * seats but not change them is refused here, naming the scope, rather than at the first write.
   * Throws the message; resolves when the token may write or when that cannot be known.
   */
  checkCanWrite(client: GitHubClient): Promise<void>;
}

/** The API of a scope: the one place that tells an org from an enterprise. */
export function scopeApi(scope: Scope): ScopeApi {
  return scope.kind === 'org' ? orgApi(scope.name) : enterpriseApi(scope.name);
}
