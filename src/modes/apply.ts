// Apply: re-plan from the live org, refuse when it is not safe, write, re-read, verify.
import { applyWrites } from '../apply/applier.ts';
import { planWrites } from '../apply/batches.ts';
import { verifyApplied } from '../apply/verify.ts';
import type { GitHubClient, Logger } from '../github/client.ts';
import { readSeats } from '../github/live.ts';
import type { ApplyReport, DesiredState, Plan } from '../plan/types.ts';
import { computePlan } from './plan.ts';

export interface ApplyOptions {
  now: Date;
  dryRun: boolean;
  allowMassRemoval: boolean;
  batchSize?: number;
  log?: Logger;
}

export interface ApplyOutcome {
  plan: Plan;
  report: ApplyReport;
  /** Why nothing was written, when the apply refused. */
  refused?: string;
}

/** Every reason to change nothing at all. Removal is the dangerous direction: guards default on. */
export function refusal(plan: Plan, allowMassRemoval: boolean): string | undefined {
  const changes = planWrites(plan).length;
  if (plan.errors.length > 0) {
    return `the plan has ${plan.errors.length} error(s): ${plan.errors.map((e) => e.message).join('; ')}`;
  }
  if (changes > 0 && plan.billing.seatManagementSetting !== 'assign_selected') {
    return (
      `the organization's Copilot seat management is '${plan.billing.seatManagementSetting}'; ` +
      `seats can only be added or cancelled when it is 'assign_selected' (organization settings → Copilot → Access)`
    );
  }
  if (plan.safety.exceeded && !allowMassRemoval) {
    return (
      `the plan cancels ${plan.safety.removals} seats, more than the limit of ${plan.safety.limit} ` +
      `(policy.max_removals); review it and re-run with allow-mass-removal: true to proceed`
    );
  }
  return undefined;
}

export async function runApply(
  client: GitHubClient,
  desired: DesiredState,
  options: ApplyOptions,
): Promise<ApplyOutcome> {
  const { plan } = await computePlan(client, desired, options.now);
  const empty: ApplyReport = { org: plan.org, dryRun: options.dryRun, writes: [], mismatches: [], ok: true };
  const refused = refusal(plan, options.allowMassRemoval);
  if (refused) return { plan, report: { ...empty, ok: false }, refused };
  if (options.dryRun) {
    // What would be sent, so the reviewer of a dry run sees the writes; none of them is sent.
    return {
      plan,
      report: { ...empty, writes: planWrites(plan, options.batchSize).map((w) => ({ ...w, ok: true })) },
    };
  }

  const writes = await applyWrites(client, plan, { batchSize: options.batchSize, log: options.log });
  const mismatches = writes.length > 0 ? verifyApplied(plan, writes, await readSeats(client, plan.org)) : [];
  const ok = writes.every((w) => w.ok) && mismatches.length === 0;
  return { plan, report: { ...empty, writes, mismatches, ok } };
}
