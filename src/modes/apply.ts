// Apply: re-plan from the live org, keep only what was reviewed and what is safe, write, re-read,
// verify. Each step hands the next an explicit plan: computed → gated (errors) → bound (reviewed
// plan) → checked (safety) → written.
import { applyWrites } from '../apply/applier.ts';
import { planWrites } from '../apply/batches.ts';
import { bindToReviewed, type ReviewedPlan } from '../apply/binding.ts';
import { gateErrors, refusal } from '../apply/gate.ts';
import { expirationsOnly } from '../apply/reduce.ts';
import {
  chooseVerification,
  revealedDirectSeats,
  stillProcessing,
  verifyApplied,
  type Verification,
} from '../apply/verify.ts';
import type { GitHubClient, Logger } from '../github/client.ts';
import { readSeats, readSeatsOf } from '../github/live.ts';
import type { ScopeApi } from '../github/scope-api.ts';
import { buildContext } from '../plan/context.ts';
import type {
  ApplyBinding,
  ApplyReport,
  DesiredState,
  Finding,
  LiveSeat,
  Plan,
  UserChange,
  WriteResult,
} from '../plan/types.ts';
import { computePlan } from './plan.ts';

export interface ApplyOptions {
  now: Date;
  dryRun: boolean;
  allowMassRemoval: boolean;
  allowMassAddition?: boolean;
  /**
   * The reviewed plan to bind to. `null`: it was looked for and not found (`unboundReason` says why);
   * `undefined`: not bound (the CLI without --plan).
   */
  reviewed?: ReviewedPlan | null;
  unboundReason?: string;
  /** Refuse when no reviewed plan was found. */
  requireReviewed?: boolean;
  /** `expired`: write only the cancellations whose reviewed `expires` date has passed. */
  only?: 'expired';
  /** How to override a guard where this apply runs, e.g. "add the label … to the PR". */
  overrideHint?: { removal: string; addition: string };
  batchSize?: number;
  log?: Logger;
  /** Progress lines for a long seat list. */
  progress?: (line: string) => void;
  /** How long to wait for writes GitHub accepted for later (202); default PROCESSING_WAIT_MS. */
  processingWaitMs?: number;
}

export interface ApplyOutcome {
  /** The plan made from the live org at apply time. */
  plan: Plan;
  /** What the apply set out to write: the plan reduced to what was reviewed and allowed. */
  written: Plan;
  report: ApplyReport;
  /** Why nothing was written, when the apply refused. */
  refused?: string;
  /** How the writes were verified, when there were any. */
  verification?: Pick<Verification, 'method' | 'listPages'> & { logins: number };
}

const DEFAULT_HINT = {
  removal: 're-run with allow-mass-removal: true',
  addition: 're-run with allow-mass-addition: true',
};

/** Only `assign_selected` accepts writes; past a limit, an explicit override is needed. */
function guard(plan: Plan, options: ApplyOptions): string | undefined {
  const hint = options.overrideHint ?? DEFAULT_HINT;
  const refused = refusal(plan, planWrites(plan).length, {
    allowMassRemoval: options.allowMassRemoval,
    removalOverride: hint.removal,
  });
  if (refused) return refused;
  if (plan.safety.additionsExceeded && !options.allowMassAddition) {
    return (
      `the plan adds ${plan.safety.additions} seats, more than the limit of ${plan.safety.additionLimit} ` +
      `(policy.max_additions); review it and ${hint.addition} to proceed`
    );
  }
  return undefined;
}

interface Bound {
  plan: Plan;
  binding?: ApplyBinding;
  held: Finding[];
  notes: Finding[];
  refused?: string;
}

function bind(plan: Plan, desired: DesiredState, options: ApplyOptions): Bound {
  if (options.reviewed === undefined) return { plan, held: [], notes: [] };
  if (options.reviewed === null) {
    const reason = options.unboundReason ?? 'no reviewed plan was found';
    const binding = { source: null, reason };
    if (options.requireReviewed) {
      return { plan, binding, held: [], notes: [], refused: `${reason}, and require-reviewed-plan is set` };
    }
    return { plan, binding, held: [], notes: [] };
  }
  const bound = bindToReviewed(plan, options.reviewed, desired.policy.unreviewedAdds);
  return {
    plan: bound.plan,
    binding: { source: options.reviewed.source },
    held: bound.held,
    notes: [...bound.notNeeded, ...bound.unreviewedAdds],
  };
}

export async function runApply(
  client: GitHubClient,
  desired: DesiredState,
  options: ApplyOptions,
): Promise<ApplyOutcome> {
  const read = options.progress ? { progress: options.progress } : {};
  const { live, plan, api } = await computePlan(client, desired, options.now, read);
  const gated = gateErrors(plan);
  const scoped = options.only === 'expired' ? expirationsOnly(gated.plan) : { plan: gated.plan, held: [] };
  const bound = bind(scoped.plan, desired, options);
  const report: ApplyReport = {
    scope: plan.scope,
    dryRun: options.dryRun,
    writes: [],
    mismatches: [],
    held: [...gated.held, ...bound.held],
    skipped: gated.skipped,
    // Out of an expire run's scope: reported (the drift report shows them), not a failure.
    notes: [...scoped.held, ...bound.notes],
    ...(bound.binding ? { binding: bound.binding } : {}),
    ok: true,
  };
  const written = bound.plan;
  const refused = gated.refused ?? bound.refused ?? guard(written, options);
  if (refused) return { plan, written, report: { ...report, ok: false }, refused };
  if (options.dryRun) {
    // What would be sent, so the reviewer of a dry run sees the writes; none of them is sent.
    const writes = planWrites(written, options.batchSize).map((w) => ({ ...w, ok: true }));
    return { plan, written, report: { ...report, writes } };
  }

  try {
    await api.checkCanWrite(client);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { plan, written, report: { ...report, ok: false }, refused: why };
  }
  const applied = await applyWrites(client, api, written, { batchSize: options.batchSize, log: options.log });
  report.writes = applied.results;
  report.held.push(...applied.held);
  if (applied.results.length === 0) return finish(plan, written, report, true);
  // Writes were made: whatever fails from here on, the report of them must reach the reader.
  try {
    const checked = await verify(client, api, written, applied.results, live.seats, options);
    report.mismatches = checked.mismatches;
    report.notes.push(...checked.processing);
    const followUp = await cancelRevealedSeats(
      client,
      api,
      desired,
      options,
      written,
      applied.results,
      live.seats,
      checked.seatsAfter,
    );
    report.writes.push(...followUp.writes);
    report.mismatches.push(...followUp.mismatches);
    report.notes.push(...followUp.notes);
    const ok = report.writes.every((w) => w.ok) && report.mismatches.length === 0;
    return finish(plan, written, report, ok, checked.verification);
  } catch (error) {
    report.verificationError = error instanceof Error ? error.message : String(error);
    return finish(plan, written, report, false);
  }
}

function finish(
  plan: Plan,
  written: Plan,
  report: ApplyReport,
  writesOk: boolean,
  verification?: ApplyOutcome['verification'],
): ApplyOutcome {
  const ok = writesOk && report.held.length === 0 && report.skipped.length === 0;
  return { plan, written, report: { ...report, ok }, ...(verification ? { verification } : {}) };
}

/**
 * Re-reads what the writes touched, the cheaper way: each touched user's seat when that is fewer
 * requests than the list's pages, the whole list otherwise. Either way every touched name is checked.
 */
async function verify(
  client: GitHubClient,
  api: ScopeApi,
  plan: Plan,
  writes: WriteResult[],
  seatsBefore: LiveSeat[],
  options: ApplyOptions,
) {
  const v = chooseVerification(plan, writes, seatsBefore);
  const read = () => (v.method === 'per-user' ? readSeatsOf(client, api, v.logins) : readSeats(client, api));
  const waitMs = options.processingWaitMs ?? PROCESSING_WAIT_MS;
  let seatsAfter = await read();
  let found = stillProcessing(verifyApplied(plan, writes, seatsAfter), writes);
  // Writes GitHub accepted for later (202) and not yet seen done: read again within a bounded wait.
  for (let waited = 0, step = 500; found.processing.length > 0 && waited < waitMs; step *= 2) {
    const pause = Math.min(step, waitMs - waited);
    await new Promise((done) => setTimeout(done, pause));
    waited += pause;
    seatsAfter = await read();
    found = stillProcessing(verifyApplied(plan, writes, seatsAfter), writes);
  }
  return {
    seatsAfter,
    mismatches: found.mismatches,
    processing: found.processing,
    verification: { method: v.method, listPages: v.listPages, logins: v.logins.length },
  };
}

/** How long the apply waits for writes GitHub accepted for later (202) before it reports them as still processing. */
export const PROCESSING_WAIT_MS = 30_000;

/**
 * GitHub may list a seat held both directly and through a team with the team only. Cancelling that
 * team then leaves the seat active through the hidden direct assignment. The reviewed plan counted
 * that seat as lost with the team, so when the file does not want the user, the now visible direct
 * seat is cancelled in the same run (one apply converges); a user the file wants keeps it.
 */
async function cancelRevealedSeats(
  client: GitHubClient,
  api: ScopeApi,
  desired: DesiredState,
  options: ApplyOptions,
  plan: Plan,
  writes: WriteResult[],
  seatsBefore: LiveSeat[],
  seatsAfter: LiveSeat[],
): Promise<{ writes: WriteResult[]; mismatches: Finding[]; notes: Finding[] }> {
  const ctx = buildContext(desired, [], options.now);
  const wanted = (key: string) =>
    ctx.users.has(key) || ctx.exemptUsers.has(key) || plan.add.users.some((u) => u.key === key);
  const revealed = revealedDirectSeats(plan, writes, seatsBefore, seatsAfter).filter((s) => !wanted(s.key));
  if (revealed.length === 0) return { writes: [], mismatches: [], notes: [] };
  const users: UserChange[] = revealed.map((s) => ({
    login: s.login,
    key: s.key,
    reason: `its seat came through team '${s.team}', cancelled by this plan, and also directly`,
  }));
  const followUp: Plan = { ...plan, add: { users: [], teams: [] }, remove: { users, teams: [] } };
  const applied = await applyWrites(client, api, followUp, {
    batchSize: options.batchSize,
    log: options.log,
  });
  const after = await readSeatsOf(
    client,
    api,
    users.map((u) => u.login),
  );
  const notes = users.map((u) => ({
    code: 'revealed-direct-seat',
    subject: u.login,
    message: `the seat stayed active after its team was cancelled (a direct assignment GitHub did not show): cancelled directly`,
  }));
  return { writes: applied.results, mismatches: verifyApplied(followUp, applied.results, after), notes };
}
