// The domain types, in one place. Data flows one way:
//   seats.yaml → DesiredState;  API → LiveState;  (DesiredState, LiveState, now) → Plan;
//   Plan → renderers;  Plan → applier → ApplyReport → renderers.
// Every login and slug carries a `key`: its lower-case form. GitHub compares them
// case-insensitively, so every lookup and every comparison goes through the key.

/** Where a value was written in seats.yaml (1-based). */
export interface SourcePos {
  line: number;
  column: number;
}

/** A problem found in seats.yaml: `FILE:LINE:COL: message (at /users/3/login)`. */
export interface ConfigError {
  file: string;
  line: number;
  column: number;
  /** JSON pointer into the document, e.g. `/users/3/login`. */
  path: string;
  message: string;
}

// ---------------------------------------------------------------- desired state (seats.yaml)

export interface DesiredUser {
  login: string;
  key: string;
  reason?: string;
  /** YYYY-MM-DD: desired until this date at 00:00 UTC. */
  expires?: string;
  pos?: SourcePos;
}

export interface DesiredTeam {
  slug: string;
  key: string;
  reason?: string;
  pos?: SourcePos;
}

export interface Exemption {
  kind: 'user' | 'team';
  /** The login or team slug as written. */
  name: string;
  key: string;
  reason?: string;
  expires?: string;
  pos?: SourcePos;
}

export type MaxRemovals = { kind: 'count'; value: number } | { kind: 'percent'; value: number };

export interface Policy {
  /** More cancellations than this need an explicit override. Default: 25% when the org has ≥ 10 seats. */
  maxRemovals?: MaxRemovals;
  /** Seats idle longer than this are listed in the plan (report only). */
  inactiveDays?: number;
  /** USD per seat per month; default by plan type (business 19, enterprise 39). */
  seatCost?: number;
  /** More seats added than this fail the PR check and need an explicit override at apply. No default. */
  maxAdditions?: number;
  /** Adds the merged PR's reviewed plan did not contain: written (allow, the default) or left out. */
  unreviewedAdds?: UnreviewedAdds;
  /** What counts as use of a seat: activity only (the default), or authentication too. */
  idleSignal?: IdleSignal;
  /** Seats younger than this many days are never proposed for reclaim. Default 30. */
  newSeatGraceDays?: number;
  /** Whether the reclaim pull request @-mentions the users it removes. Default none. */
  reclaimNotice?: ReclaimNotice;
  /** A seat asked for through the issue form lasts at most this many days (an end date is then required). */
  maxRequestDays?: number;
  /** Slug of the team whose members may ask for a seat for someone else. */
  requesters?: string;
}

/** `policy.unreviewed_adds`; the schema's enum lists the same values. */
export type UnreviewedAdds = 'allow' | 'skip';
/** `policy.idle_signal`; the schema's enum lists the same values. */
export type IdleSignal = 'activity' | 'activity-or-auth';
/** `policy.reclaim_notice`; the schema's enum lists the same values. */
export type ReclaimNotice = 'mention' | 'none';

// ---------------------------------------------------------------- scope

/**
 * What one seats.yaml manages: the seats of an organization, or those an enterprise assigns
 * (directly and through enterprise teams). The reader and the writer are given it; the planner only
 * names it. Seats from outside the scope (an enterprise team in an org, an org in an enterprise)
 * are never written, only reported.
 */
export type ScopeKind = 'org' | 'enterprise';

export interface Scope {
  kind: ScopeKind;
  /** The org login or the enterprise slug, as written. */
  name: string;
}

/** seats.yaml, validated and normalized. Entries keep the order of the file. */
export interface DesiredState {
  version: 1;
  scope: Scope;
  users: DesiredUser[];
  teams: DesiredTeam[];
  exempt: Exemption[];
  policy: Policy;
  /** The file it came from, for annotations. */
  file?: string;
}

// ---------------------------------------------------------------- live state (the API)

/** `unknown`: not readable through the API (an enterprise's setting); the writes find out. */
export type SeatManagementSetting =
  'assign_all' | 'assign_selected' | 'disabled' | 'unconfigured' | 'unknown';
export type PlanType = 'business' | 'enterprise' | 'unknown';

export interface Billing {
  seatManagementSetting: SeatManagementSetting;
  planType: PlanType;
  /** seat_breakdown.total as GitHub reports it. */
  totalSeats: number;
}

/**
 * Where a seat comes from when it is not a direct assignment of the scope: a team, as
 * `assigning_team` shows it, or (in an enterprise's list) the organization that grants it.
 */
export interface AssigningTeam {
  /** The team slug, or the org login for kind 'org'. */
  slug: string;
  key: string;
  name: string;
  kind: 'team' | 'enterprise-team' | 'org';
  /**
   * Outside this scope's reach: never written, only reported. An enterprise team in an org's list;
   * an org (or an org's team) in an enterprise's list.
   */
  outside: boolean;
}

/** One seat, cut to the fields the planner needs (100,000 of them must fit in memory). */
export interface LiveSeat {
  /** null when the seat has no assignee (GitHub returns such seats). */
  login: string | null;
  key: string | null;
  assigningTeam: AssigningTeam | null;
  /** YYYY-MM-DD, or null when the seat is not being cancelled. */
  pendingCancellationDate: string | null;
  lastActivityAt: string | null;
  /** `last_authenticated_at`; absent where it was not read. */
  lastAuthenticatedAt?: string | null;
  createdAt: string;
}

export interface TeamInfo {
  slug: string;
  key: string;
  name: string;
  exists: boolean;
  /** Member keys, when they were read (only for teams the plan may add). */
  members?: string[];
}

/** `unknown`: the scope has no way to ask (an enterprise); the write finds out. */
export type Membership = 'active' | 'pending' | 'none' | 'unknown';

export interface LiveState {
  scope: Scope;
  billing: Billing;
  seats: LiveSeat[];
  /** Teams looked up for this plan, by key. A team absent here was not checked. */
  teams: Record<string, TeamInfo>;
  /** Org memberships looked up for this plan, by login key. A login absent here was not checked. */
  memberships: Record<string, Membership>;
}

// ---------------------------------------------------------------- the plan

export interface UserChange {
  login: string;
  key: string;
  /** Why, in words a reviewer reads. */
  reason: string;
  /**
   * An add only: the key of the cancelled team this user's seat came through. The add must go
   * through before that team is cancelled, or the team's cancellation takes the seat.
   */
  replacesTeam?: string;
  /**
   * A cancellation only: the key of the team this plan adds, through which the user keeps a seat.
   * Sent only after that team's add went through, or the cancellation takes the seat.
   */
  keptByTeam?: string;
  /**
   * A cancellation only: the date (YYYY-MM-DD) the user's `expires`, or their exemption's, passed.
   * Those dates were reviewed when merged: a scheduled `expire` run cancels only these.
   */
  expired?: string;
  /** An add only: the `expires` date of the entry (YYYY-MM-DD); the seat is planned for cancellation from then. */
  expires?: string;
  /**
   * An add only: the seat is pending cancellation on this date (YYYY-MM-DD). The add re-activates
   * it: a seat gained, though nobody new is seated.
   */
  pendingUntil?: string;
}

export interface TeamChange {
  slug: string;
  key: string;
  name?: string;
  reason: string;
  /** Seats gained (add) or lost (remove) through this team, as far as can be known before applying. */
  seats: number;
  /** An add whose team seats nobody new: applied to make sure, never reported as drift. */
  ensure?: boolean;
}

export type FindingKind = 'error' | 'conflict' | 'warning' | 'note';

/** Something a reviewer must read: an error blocks the apply, a conflict needs a decision in the file. */
export interface Finding {
  code: string;
  message: string;
  /** The login or team slug it is about. */
  subject?: string;
  pos?: SourcePos;
}

export interface IdleSeat {
  login: string;
  lastActivityAt: string | null;
  idleDays: number;
  /** `idleDays` is a lower bound: no activity is recorded, and GitHub keeps none older than 90 days. */
  atLeast?: boolean;
}

/** Idle buckets of the census: 0–30, 30–60, 60–90 and 90+ days. */
export const IDLE_BUCKETS = ['0–30', '30–60', '60–90', '90+'] as const;

/**
 * Counts for the charts of the drift issue: numbers only, never a name from the org.
 * `bySource` covers every seat GitHub listed (they add up to `liveSeats`); `idle` covers the
 * active seats with an assignee (they add up to direct + team + outside).
 */
export interface SeatCensus {
  bySource: {
    direct: number;
    /** Through a team the file manages (an org team, or an enterprise team at enterprise scope). */
    team: number;
    /** Through a source outside the scope's reach (see AssigningTeam.outside). */
    outside: number;
    /** Seats pending cancellation, whatever their source. */
    pending: number;
    /** Seats GitHub listed without an assignee. */
    unassigned: number;
  };
  /** Days since the last activity (or the seat's creation), in the order of IDLE_BUCKETS. */
  idle: [number, number, number, number];
}

export interface PendingSeat {
  login: string;
  pendingCancellationDate: string;
}

/** A user of seats.yaml whose seat this plan leaves in place, and who has an `expires` date. */
export interface KeptUser {
  login: string;
  /** YYYY-MM-DD: the seat is planned for cancellation from this date. */
  expires: string;
}

export interface Cost {
  currency: 'USD';
  seatPrice: number;
  seatsGained: number;
  seatsLost: number;
  /** (gained − lost) × price; cancellations save money only from the next billing cycle. */
  monthlyDelta: number;
}

/** How the removal limit was reached, so that a reader can check it. */
export interface RemovalLimitRule {
  /** `policy.max_removals` as a count or a share of active seats, or the default share. */
  source: 'count' | 'percent' | 'default';
  /** The count, or the percentage. */
  value: number;
  /** Active seats (not pending cancellation) the share is taken of. */
  activeSeats: number;
}

export interface Safety {
  /** Cancelled users plus seats lost through cancelled teams, less `keptElsewhere`. */
  removals: number;
  /**
   * Cancelled users who keep a seat through a source the plan leaves alone (an org of an
   * enterprise, a team the file keeps): nobody loses Copilot, so they are not in `removals`.
   */
  keptElsewhere?: number;
  /** The most removals allowed without an override, or null when there is no limit. */
  limit: number | null;
  /** How `limit` was derived (absent in plans made before it was recorded). */
  limitRule?: RemovalLimitRule;
  exceeded: boolean;
  /** Seats the plan adds (`cost.seatsGained`). */
  additions: number;
  /** `policy.max_additions`, or null: there is no default limit on additions. */
  additionLimit: number | null;
  additionsExceeded: boolean;
}

export interface Plan {
  scope: Scope;
  /** ISO time the plan was made for (passed in, never read from a clock). */
  now: string;
  billing: Billing;
  liveSeats: number;
  add: { users: UserChange[]; teams: TeamChange[] };
  remove: { users: UserChange[]; teams: TeamChange[] };
  /**
   * Keys of the users whose seats the team cancellations take. A seat GitHub lists through a team
   * may also be held directly; cancelling that direct seat later is part of the same review.
   */
  lostWithTeams?: string[];
  errors: Finding[];
  conflicts: Finding[];
  warnings: Finding[];
  notes: Finding[];
  idle: IdleSeat[];
  pending: PendingSeat[];
  /** Users of seats.yaml who keep their seat until an `expires` date, soonest first. */
  keptUntil?: KeptUser[];
  cost: Cost;
  safety: Safety;
  /** Seats by source and by idle days, for the charts (absent in plans made before it was counted). */
  census?: SeatCensus;
}

// ---------------------------------------------------------------- management (base → head of a PR)

/** An exemption added (its seats leave management) or removed (they are managed again). */
export interface ExemptionChange {
  kind: 'exempted' | 'unexempted';
  target: 'user' | 'team';
  /** The login or slug as written in the version that has the exemption. */
  name: string;
  key: string;
  /** Active seats it covers within the org's reach: the user's own, or those through the team. */
  seats: number;
  reason?: string;
  expires?: string;
}

export type PolicyField =
  | 'max_removals'
  | 'inactive_days'
  | 'seat_cost'
  | 'max_additions'
  | 'unreviewed_adds'
  | 'idle_signal'
  | 'new_seat_grace_days'
  | 'reclaim_notice'
  | 'max_request_days'
  | 'requesters';

export interface PolicyChange {
  kind: 'policy';
  field: PolicyField;
  /** As written in seats.yaml (`25%`, `10`, `skip`), or null when unset (the default applies). */
  from: string | null;
  to: string | null;
  /** For limits and numbers, when both sides compare (an unset limit is no limit). */
  direction?: 'raised' | 'lowered';
}

/** What a change of seats.yaml takes out of copilot-seats' hands, or gives back. */
export type ManagementChange = ExemptionChange | PolicyChange;

// ---------------------------------------------------------------- apply

export type WriteKind = 'add-teams' | 'add-users' | 'remove-users' | 'remove-teams';

export interface WriteResult {
  kind: WriteKind;
  /** The names as sent (logins; team names or slugs, see `teamForm`). */
  names: string[];
  /** The lower-case keys of the same entries (logins, team slugs). */
  keys?: string[];
  /** Team writes: which form of the team GitHub accepted, the documented name or the slug. */
  teamForm?: 'name' | 'slug';
  ok: boolean;
  status?: number;
  /** seats_created / seats_cancelled as GitHub counted them. */
  count?: number;
  error?: string;
}

/** What the apply was bound to: the reviewed plan it found, or why it found none. */
export interface ApplyBinding {
  /** `#9`, or the plan file; null when there was no reviewed plan to bind to. */
  source: string | null;
  /** Why there was none (direct push, comment deleted, …). */
  reason?: string;
}

export interface ApplyReport {
  scope: Scope;
  dryRun: boolean;
  writes: WriteResult[];
  /** Names whose seat, re-read after the writes, is not what the plan said. */
  mismatches: Finding[];
  /** Writes of the current plan that were not sent, each with why (the step fails). */
  held: Finding[];
  /** Entries of the file that got no write in this run (not members yet): the step fails. */
  skipped: Finding[];
  /** Reviewed writes that the org no longer needed, and other things done that a reader should know. */
  notes: Finding[];
  binding?: ApplyBinding;
  /** The re-read after the writes failed: the writes above were made, but are not verified. */
  verificationError?: string;
  ok: boolean;
}
