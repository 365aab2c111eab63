// The safety limits at review time: a plan over policy.max_removals or policy.max_additions fails
// the PR check, so a reviewer cannot approve a change that the apply would refuse after merge. The
// one-off override is a label on the PR; the apply honours it only if the PR carried it when merged.
import type { Plan } from '../plan/types.ts';

export const OVERRIDE_LABELS = {
  removal: 'copilot-seats:allow-mass-removal',
  addition: 'copilot-seats:allow-mass-addition',
} as const;

export interface Overrides {
  allowMassRemoval: boolean;
  allowMassAddition: boolean;
}

export function overridesFromLabels(labels: readonly string[]): Overrides {
  const has = (label: string) => labels.some((l) => l.toLowerCase() === label);
  return {
    allowMassRemoval: has(OVERRIDE_LABELS.removal),
    allowMassAddition: has(OVERRIDE_LABELS.addition),
  };
}

/** Why the PR check fails for a safety limit, or undefined. */
export function reviewTimeFailure(plan: Plan, overrides: Overrides): string | undefined {
  const { removals, limit, exceeded, additions, additionLimit, additionsExceeded } = plan.safety;
  const reasons: string[] = [];
  if (exceeded && !overrides.allowMassRemoval) {
    reasons.push(
      `the plan cancels ${removals} seats, more than the limit of ${limit} (policy.max_removals): ` +
        `if that is intended, add the label '${OVERRIDE_LABELS.removal}' to this pull request`,
    );
  }
  if (additionsExceeded && !overrides.allowMassAddition) {
    reasons.push(
      `the plan adds ${additions} seats, more than the limit of ${additionLimit} (policy.max_additions): ` +
        `if that is intended, add the label '${OVERRIDE_LABELS.addition}' to this pull request`,
    );
  }
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}
