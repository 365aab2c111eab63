// Questions about a finished plan that the modes and renderers ask.
import type { Plan } from './types.ts';

/** Any write at all, "ensure" team adds included: what the applier will send. */
export function hasWrites(plan: Plan): boolean {
  return countAdds(plan) + countRemovals(plan) > 0;
}

/**
 * Changes a reviewer must see: every add and cancellation except "ensure" team adds, which
 * are applied (to make sure) but seat nobody new, so they are never drift.
 */
export function hasChanges(plan: Plan): boolean {
  return (
    plan.add.users.length > 0 ||
    plan.add.teams.some((t) => !t.ensure) ||
    plan.remove.users.length > 0 ||
    plan.remove.teams.length > 0
  );
}

/** Drift: the live org differs from seats.yaml (same rule as hasChanges). */
export function isDrift(plan: Plan): boolean {
  return hasChanges(plan);
}

/** Number of add entries (users and teams, ensure adds included), not seats. */
export function countAdds(plan: Plan): number {
  return plan.add.users.length + plan.add.teams.length;
}

/** Number of cancellation entries (users and teams), not seats: see `plan.safety.removals` for seats. */
export function countRemovals(plan: Plan): number {
  return plan.remove.users.length + plan.remove.teams.length;
}

/** No errors and within both safety limits: an apply may proceed without an override. */
export function isSafe(plan: Plan): boolean {
  return plan.errors.length === 0 && !plan.safety.exceeded && !plan.safety.additionsExceeded;
}
