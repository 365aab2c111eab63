// The JSON contract for scripts (`--json`, the action's `plan-json` output). Versioned: fields
// may be added within version 1, never renamed or removed.
import { fingerprintOf, type PlanFingerprint } from '../plan/fingerprint.ts';
import { countAdds, countRemovals, isSafe } from '../plan/summary.ts';
import type {
  ApplyBinding,
  ApplyReport,
  Billing,
  Cost,
  Finding,
  IdleSeat,
  KeptUser,
  PendingSeat,
  Plan,
  Safety,
  Scope,
  TeamChange,
  UserChange,
  WriteResult,
} from '../plan/types.ts';

export const JSON_VERSION = 1;

/** The scope as the JSON names it: `org` (as always) or `enterprise`, and `scope` for both. */
interface ScopeJson {
  /** The org login; absent for an enterprise plan. */
  org?: string;
  /** The enterprise slug; absent for an org plan. */
  enterprise?: string;
  scope: Scope;
}

function scopeJson(scope: Scope): ScopeJson {
  return { [scope.kind]: scope.name, scope: { ...scope } };
}

export interface PlanJson extends ScopeJson {
  version: 1;
  now: string;
  /**
   * The writes this plan would send (kind → sorted lower-case logins / team slugs), the org and a
   * sha256 digest of both: what `apply --plan` and the apply after merge bind to.
   */
  fingerprint: PlanFingerprint;
  add: { users: UserChange[]; teams: TeamChange[] };
  remove: { users: UserChange[]; teams: TeamChange[] };
  conflicts: Finding[];
  errors: Finding[];
  warnings: Finding[];
  notes: Finding[];
  idle: IdleSeat[];
  pending: PendingSeat[];
  /** Users of seats.yaml who keep their seat until an `expires` date, soonest first. */
  keptUntil: KeptUser[];
  cost: Cost;
  safety: Safety;
  /** Entries, not seats: seats are in `cost` and `safety`. */
  counts: { liveSeats: number; adds: number; removals: number; conflicts: number; errors: number };
  /** No errors, and neither safety limit (removals, additions) exceeded. */
  safe: boolean;
  billing: Billing;
}

export interface ApplyReportJson extends ScopeJson {
  version: 1;
  dryRun: boolean;
  ok: boolean;
  writes: WriteResult[];
  mismatches: Finding[];
  /** Writes not sent (not in the reviewed plan, or relying on an add that failed), each with why. */
  held: Finding[];
  /** Entries of the file that got no write in this run (not members yet). */
  skipped: Finding[];
  notes: Finding[];
  /** The reviewed plan the apply was bound to (`source`), or why there was none (`reason`). */
  binding?: ApplyBinding;
  /** Set when the re-read after the writes failed: the writes were made but not verified. */
  verificationError?: string;
  counts: { writes: number; failed: number; seatsCreated: number; seatsCancelled: number };
}

/** A deep copy, so a consumer mutating the JSON never changes the plan. */
function copy<T>(value: T): T {
  return structuredClone(value);
}

export function planToJson(plan: Plan): PlanJson {
  return {
    version: JSON_VERSION,
    ...scopeJson(plan.scope),
    now: plan.now,
    fingerprint: fingerprintOf(plan),
    add: copy(plan.add),
    remove: copy(plan.remove),
    conflicts: copy(plan.conflicts),
    errors: copy(plan.errors),
    warnings: copy(plan.warnings),
    notes: copy(plan.notes),
    idle: copy(plan.idle),
    pending: copy(plan.pending),
    keptUntil: copy(plan.keptUntil ?? []),
    cost: copy(plan.cost),
    safety: copy(plan.safety),
    counts: {
      liveSeats: plan.liveSeats,
      adds: countAdds(plan),
      removals: countRemovals(plan),
      conflicts: plan.conflicts.length,
      errors: plan.errors.length,
    },
    safe: isSafe(plan),
    billing: copy(plan.billing),
  };
}

function countOf(writes: readonly WriteResult[], kinds: readonly WriteResult['kind'][]): number {
  return writes.filter((w) => w.ok && kinds.includes(w.kind)).reduce((n, w) => n + (w.count ?? 0), 0);
}

export function applyReportToJson(report: ApplyReport): ApplyReportJson {
  return {
    version: JSON_VERSION,
    ...scopeJson(report.scope),
    dryRun: report.dryRun,
    ok: report.ok,
    writes: copy(report.writes),
    mismatches: copy(report.mismatches),
    held: copy(report.held),
    skipped: copy(report.skipped),
    notes: copy(report.notes),
    ...(report.binding ? { binding: copy(report.binding) } : {}),
    ...(report.verificationError !== undefined ? { verificationError: report.verificationError } : {}),
    counts: {
      writes: report.writes.length,
      failed: report.writes.filter((w) => !w.ok).length,
      seatsCreated: countOf(report.writes, ['add-users', 'add-teams']),
      seatsCancelled: countOf(report.writes, ['remove-users', 'remove-teams']),
    },
  };
}
