// What a pull request's change to seats.yaml takes out of copilot-seats' hands, or gives back:
// exemptions added or removed, with the live seats they cover, and policy values changed. The
// plan shows what the apply writes; one new `exempt:` line writes nothing, yet stops managing a
// whole team's seats, so a reviewer must see it apart. Pure: both versions and `now` are passed in.
import { compareKeys, isActive } from './context.ts';
import { isExpired } from './dates.ts';
import { removalLimit } from './money.ts';
import type {
  DesiredState,
  Exemption,
  ExemptionChange,
  LiveSeat,
  ManagementChange,
  Policy,
  PolicyChange,
  PolicyField,
} from './types.ts';
import { POLICY_FIELDS, policyDefault, policyKey } from './policy-fields.ts';
import { DEFAULT_GRACE_DAYS } from './reclaim.ts';

export interface ManagementSummary {
  /** Exemptions added, then removed (most seats first), then policy changes in the schema's order. */
  changes: ManagementChange[];
  /** Seats exempt in the head version but not in the base: "N seats are no longer managed". */
  noLongerManaged: number;
  /** Seats exempt in the base version but not in the head: managed again. */
  managedAgain: number;
}

type Target = ExemptionChange['target'];

interface Exemptions {
  user: Map<string, Exemption>;
  team: Map<string, Exemption>;
}

/** A PR that adds seats.yaml: before it, nothing was exempt and every policy value was unset. */
const NO_FILE: Pick<DesiredState, 'exempt' | 'policy'> = { exempt: [], policy: {} };

/** Unexpired exemptions by key; the first entry per key wins, as in the planner. */
function exemptionsOf(file: Pick<DesiredState, 'exempt'>, now: Date): Exemptions {
  const out: Exemptions = { user: new Map(), team: new Map() };
  for (const ex of file.exempt) {
    const key = ex.key.toLowerCase();
    if (!isExpired(ex.expires, now) && !out[ex.kind].has(key)) out[ex.kind].set(key, ex);
  }
  return out;
}

/** The seats a file manages at all: active, assigned, not through a source outside the scope. */
function manageable(seats: readonly LiveSeat[]): LiveSeat[] {
  return seats.filter((s) => s.key !== null && isActive(s) && !s.assigningTeam?.outside);
}

function keyOf(seat: LiveSeat, target: Target): string | null {
  const key = target === 'user' ? seat.key : (seat.assigningTeam?.key ?? null);
  return key === null ? null : key.toLowerCase();
}

function isExempt(seat: LiveSeat, ex: Exemptions): boolean {
  return (['user', 'team'] as const).some((t) => {
    const key = keyOf(seat, t);
    return key !== null && ex[t].has(key);
  });
}

/** Seats per user key and per team key, in one pass for every exemption. */
function seatCounts(seats: readonly LiveSeat[]): Record<Target, Map<string, number>> {
  const counts = { user: new Map<string, number>(), team: new Map<string, number>() };
  for (const seat of seats) {
    for (const t of ['user', 'team'] as const) {
      const key = keyOf(seat, t);
      if (key !== null) counts[t].set(key, (counts[t].get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** Exemptions in `to` that `from` lacks. */
function exemptionChanges(
  kind: ExemptionChange['kind'],
  from: Exemptions,
  to: Exemptions,
  counts: Record<Target, Map<string, number>>,
): ExemptionChange[] {
  const changes: ExemptionChange[] = [];
  for (const target of ['user', 'team'] as const) {
    for (const [key, ex] of to[target]) {
      if (from[target].has(key)) continue;
      const change: ExemptionChange = {
        kind,
        target,
        name: ex.name,
        key,
        seats: counts[target].get(key) ?? 0,
      };
      if (ex.reason !== undefined) change.reason = ex.reason;
      if (ex.expires !== undefined) change.expires = ex.expires;
      changes.push(change);
    }
  }
  return changes.sort(
    (a, b) => b.seats - a.seats || compareKeys(a.key, b.key) || compareKeys(a.target, b.target),
  );
}

/** A policy value as written in seats.yaml (`25%`, `10`, `skip`), or null when unset. */
function written(p: Policy, field: PolicyField): string | null {
  if (field === 'max_removals') {
    const m = p.maxRemovals;
    return m ? `${m.value}${m.kind === 'percent' ? '%' : ''}` : null;
  }
  const value = p[policyKey(field)];
  return value === undefined ? null : String(value);
}

/** What decides whether a field changed: the value, or the schema's default when it is unset. */
function effective(p: Policy, field: PolicyField): string | null {
  const fallback = policyDefault(field);
  return written(p, field) ?? (fallback === undefined ? null : String(fallback));
}

/**
 * What a number field's value amounts to, to say raised or lowered: a limit left unset is no limit
 * (Infinity); a setting left unset is its default, or nothing to compare (null).
 */
const LEVELS: Partial<Record<PolicyField, (p: Policy, activeSeats: number) => number | null>> = {
  max_removals: (p, n) => removalLimit(p, n) ?? Infinity,
  max_additions: (p) => p.maxAdditions ?? Infinity,
  max_request_days: (p) => p.maxRequestDays ?? Infinity,
  inactive_days: (p) => p.inactiveDays ?? null,
  seat_cost: (p) => p.seatCost ?? null,
  new_seat_grace_days: (p) => p.newSeatGraceDays ?? DEFAULT_GRACE_DAYS,
};

function direction(
  field: PolicyField,
  base: Policy,
  head: Policy,
  activeSeats: number,
): PolicyChange['direction'] {
  const level = LEVELS[field];
  const from = level?.(base, activeSeats) ?? null;
  const to = level?.(head, activeSeats) ?? null;
  if (from === null || to === null || from === to) return undefined;
  return to > from ? 'raised' : 'lowered';
}

/** The policy fields whose effect changed, in the schema's order. */
function policyChanges(base: Policy, head: Policy, activeSeats: number): PolicyChange[] {
  const changes: PolicyChange[] = [];
  for (const field of POLICY_FIELDS) {
    if (effective(base, field) === effective(head, field)) continue;
    const change: PolicyChange = {
      kind: 'policy',
      field,
      from: written(base, field),
      to: written(head, field),
    };
    const dir = direction(field, base, head, activeSeats);
    if (dir) change.direction = dir;
    changes.push(change);
  }
  return changes;
}

function countWhere(seats: readonly LiveSeat[], test: (s: LiveSeat) => boolean): number {
  return seats.reduce((n, s) => (test(s) ? n + 1 : n), 0);
}

/**
 * The changes and both totals. A seat covered by several new exemptions (a user's own and their
 * team's) counts in each change but once in the totals. Desired names that are now neither
 * desired nor exempt are ordinary cancellations, shown by the plan, not here.
 */
export function managementSummary(
  base: DesiredState | null,
  head: DesiredState,
  seats: readonly LiveSeat[],
  now: Date,
): ManagementSummary {
  const before = exemptionsOf(base ?? NO_FILE, now);
  const after = exemptionsOf(head, now);
  const reach = manageable(seats);
  const counts = seatCounts(reach);
  const activeSeats = countWhere(seats, (s) => s.key !== null && isActive(s));
  return {
    changes: [
      ...exemptionChanges('exempted', before, after, counts),
      ...exemptionChanges('unexempted', after, before, counts),
      ...policyChanges((base ?? NO_FILE).policy, head.policy, activeSeats),
    ],
    noLongerManaged: countWhere(reach, (s) => isExempt(s, after) && !isExempt(s, before)),
    managedAgain: countWhere(reach, (s) => isExempt(s, before) && !isExempt(s, after)),
  };
}

/** What leaves or changes management between the base and the head version of seats.yaml. */
export function managementChanges(
  base: DesiredState | null,
  head: DesiredState,
  seats: readonly LiveSeat[],
  now: Date,
): ManagementChange[] {
  return managementSummary(base, head, seats, now).changes;
}
