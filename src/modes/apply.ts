// Apply: re-plan from the live org, refuse when it is not safe, write, re-read, verify.
import { applyWrites } from '../apply/applier.ts';
import { planWrites } from '../apply/batches.ts';
import { chooseVerification, verifyApplied, type Verification } from '../apply/verify.ts';
import type { GitHubClient, Logger } from '../github/client.ts';
import { readSeats, readSeatsOf } from '../github/live.ts';
import type { ApplyReport, DesiredState, Finding, LiveSeat, Plan, WriteResult } from '../plan/types.ts';
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
  /** How the writes were verified, when there were any. */
  verification?: Pick<Verification, 'method' | 'listPages'> & { logins: number };
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

/**
 * Re-reads what the writes touched, the cheaper way: each touched user's seat when that is fewer
 * requests than the list's pages, the whole list otherwise. Either way every touched name is checked.
 */
async function verify(
  client: GitHubClient,
  plan: Plan,
  writes: WriteResult[],
  seatsBefore: LiveSeat[],
): Promise<{ mismatches: Finding[]; verification: NonNullable<ApplyOutcome['verification']> }> {
  const v = chooseVerification(plan, writes, seatsBefore);
  const seatsAfter =
    v.method === 'per-user'
      ? await readSeatsOf(client, plan.org, v.logins)
      : await readSeats(client, plan.org);
  return {
    mismatches: verifyApplied(plan, writes, seatsAfter),
    verification: { method: v.method, listPages: v.listPages, logins: v.logins.length },
  };
}

export async function runApply(
  client: GitHubClient,
  desired: DesiredState,
  options: ApplyOptions,
): Promise<ApplyOutcome> {
  const { live, plan } = await computePlan(client, desired, options.now);
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
  if (writes.length === 0) return { plan, report: { ...empty, ok: true } };
  const { mismatches, verification } = await verify(client, plan, writes, live.seats);
  const ok = writes.every((w) => w.ok) && mismatches.length === 0;
  return { plan, report: { ...empty, writes, mismatches, ok }, verification };
}
