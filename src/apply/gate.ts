// What the plan's errors mean for an apply after merge. In a PR every error fails the check, so the
// author fixes a typo. After merge, one entry must not hold everyone back: a login that is not a
// member (yet) is skipped and reported; a team that does not exist holds every cancellation back
// (the members it would keep are unknown); anything else refuses the whole apply. Pure.
import { WRITE_KINDS } from '../plan/fingerprint.ts';
import type { Finding, Plan, WriteKind } from '../plan/types.ts';
import { reducePlan, type Dropped } from './reduce.ts';

/** Errors about one entry of the file: that entry gets no write, the rest go on. */
const ENTRY_ERRORS = new Set(['not-a-member', 'membership-pending']);
/** Errors that make the seats a cancellation would take unknown. */
const CANCEL_BLOCKING_ERRORS = new Set(['unknown-team']);

export interface Gated {
  /** Why nothing at all may be written. */
  refused?: string;
  plan: Plan;
  /** Entries of the file that get no write in this run (the step fails at the end). */
  skipped: Finding[];
  /** Writes held back, each with why. */
  held: Finding[];
}

export function gateErrors(plan: Plan): Gated {
  const blocking = plan.errors.filter(
    (e) => !ENTRY_ERRORS.has(e.code) && !CANCEL_BLOCKING_ERRORS.has(e.code),
  );
  if (blocking.length > 0) {
    return {
      refused: `the plan has ${blocking.length} error(s): ${blocking.map((e) => e.message).join('; ')}`,
      plan,
      skipped: [],
      held: [],
    };
  }
  const skipped = plan.errors
    .filter((e) => ENTRY_ERRORS.has(e.code))
    .map((e) => ({ ...e, code: 'skipped-entry', message: `${e.message}; not seated in this run` }));
  const teamErrors = plan.errors.filter((e) => CANCEL_BLOCKING_ERRORS.has(e.code));
  if (teamErrors.length === 0) return { plan, skipped, held: [] };
  const teams = teamErrors.map((e) => `'${e.subject ?? '?'}'`).join(', ');
  const dropped: Dropped = new Map();
  const held: Finding[] = [];
  for (const kind of WRITE_KINDS.filter((k) => k.startsWith('remove-'))) {
    const list = kind === 'remove-users' ? plan.remove.users : plan.remove.teams;
    for (const c of list) {
      dropped.set(`${kind}:${c.key.toLowerCase()}`, kind as WriteKind);
      held.push({
        code: 'held-unknown-team',
        subject: 'login' in c ? c.login : c.slug,
        message: `cancellation not written: team ${teams} does not exist, so the seats it would keep are unknown; fix seats.yaml`,
      });
    }
  }
  return { plan: reducePlan(plan, dropped).plan, skipped, held };
}

export interface SafetyOptions {
  allowMassRemoval: boolean;
  /** How to override, in the words of where the apply runs (a PR label, an input, a flag). */
  removalOverride: string;
}

/**
 * GitHub allows at most 500 content-creating requests an hour (and 80 a minute; writes go one a
 * second, so 60). An apply that needs more would be cut off by secondary limits half-way.
 */
export const MAX_WRITES_PER_HOUR = 500;

/** Only `assign_selected` accepts writes; removal past the limit needs an explicit override. */
export function refusal(plan: Plan, writes: number, opts: SafetyOptions): string | undefined {
  if (writes > MAX_WRITES_PER_HOUR) {
    return (
      `the plan needs ${writes} write requests, more than GitHub's limit of ${MAX_WRITES_PER_HOUR} ` +
      `content-creating requests an hour: split the change into pull requests of at most ` +
      `${MAX_WRITES_PER_HOUR * 100} names each, merged an hour apart`
    );
  }
  // An enterprise's access setting cannot be read ('unknown'): its first write is refused, saying
  // why, if the setting does not allow it. An org's can, and must be assign_selected.
  const setting = plan.billing.seatManagementSetting;
  const unreadable = setting === 'unknown' && plan.scope.kind === 'enterprise';
  if (writes > 0 && setting !== 'assign_selected' && !unreadable) {
    return (
      `the organization's Copilot seat management is '${plan.billing.seatManagementSetting}'; ` +
      `seats can only be added or cancelled when it is 'assign_selected' (organization settings → Copilot → Access)`
    );
  }
  if (plan.safety.exceeded && !opts.allowMassRemoval) {
    return (
      `the plan cancels ${plan.safety.removals} seats, more than the limit of ${plan.safety.limit} ` +
      `(policy.max_removals); review it and ${opts.removalOverride} to proceed`
    );
  }
  return undefined;
}
