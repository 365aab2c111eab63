// Phrases shared by the markdown and the text renderers: the Terraform-style summary line, and
// the seat and cost math behind it.
import { DEFAULT_LIMIT_MIN_SEATS } from '../plan/money.ts';
import { hasChanges } from '../plan/summary.ts';
import type { Plan, ScopeKind } from '../plan/types.ts';

const MINUS = '\u2212';

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** "+$38", "−$19", "$0": whole dollars when whole, cents otherwise. */
export function money(amount: number): string {
  const abs = Math.abs(amount);
  const text = Number.isInteger(abs) ? String(abs) : abs.toFixed(2);
  return amount > 0 ? `+$${text}` : amount < 0 ? `${MINUS}$${text}` : `$${text}`;
}

/** The parts of the summary line after "Plan:", or null when nothing changes and nothing is wrong. */
export function summaryParts(plan: Plan): string[] {
  const parts: string[] = [];
  if (hasChanges(plan)) {
    parts.push(`+${plural(plan.cost.seatsGained, 'seat')}`, `${MINUS}${plural(plan.cost.seatsLost, 'seat')}`);
  }
  if (plan.conflicts.length > 0) parts.push(plural(plan.conflicts.length, 'conflict'));
  if (plan.errors.length > 0) parts.push(plural(plan.errors.length, 'error'));
  return parts;
}

export function noChanges(scope: ScopeKind): string {
  return `No changes. The live ${scope} matches seats.yaml.`;
}

/** "+3 seats, −2 seats, 1 conflict · est. −$19/month", or the no-changes sentence. */
export function summaryLine(plan: Plan): string {
  const parts = summaryParts(plan);
  if (parts.length === 0) return noChanges(plan.scope.kind);
  const line = parts.join(', ');
  return hasChanges(plan) ? `${line} · est. ${money(plan.cost.monthlyDelta)}/month` : line;
}

/** "Users +2 / −1 · Teams +1 / −0", ensure adds apart: what the applier will write. */
export function changeCounts(plan: Plan): string {
  const ensure = plan.add.teams.filter((t) => t.ensure).length;
  const teamAdds = plan.add.teams.length - ensure;
  const text = `users +${plan.add.users.length} / ${MINUS}${plan.remove.users.length} · teams +${teamAdds} / ${MINUS}${plan.remove.teams.length}`;
  return ensure > 0 ? `${text} · ${plural(ensure, 'team')} re-selected to make sure` : text;
}

// ---------------------------------------------------------------- the seat and cost math

/** The parts of the seats gained, each a number the plan JSON holds, so a reader can add them up. */
export interface GainedParts {
  newUsers: number;
  reactivations: number;
  teamSeats: number;
  /** Added users who already have a seat, through a team this plan cancels: no seat gained. */
  moved: number;
}

export function gainedParts(plan: Plan): GainedParts {
  const users = plan.add.users;
  const moved = users.filter((u) => u.replacesTeam !== undefined).length;
  const reactivations = users.filter(
    (u) => u.replacesTeam === undefined && u.pendingUntil !== undefined,
  ).length;
  return {
    newUsers: users.length - moved - reactivations,
    reactivations,
    teamSeats: plan.add.teams.reduce((n, t) => n + t.seats, 0),
    moved,
  };
}

/**
 * The day cancelled seats lose access (the end of the billing cycle), when the plan shows it: the
 * date GitHub gives the seats already pending cancellation, if they all give the same one.
 */
export function cycleEnd(plan: Plan): string | null {
  const today = plan.now.slice(0, 10);
  const dates = new Set(
    [
      ...plan.pending.map((p) => p.pendingCancellationDate),
      ...plan.add.users.map((u) => u.pendingUntil),
    ].filter((d): d is string => d !== undefined && d > today),
  );
  return dates.size === 1 ? ([...dates][0] as string) : null;
}

/** "until the end of the billing cycle (2026-04-01)", or without the date when it is not known. */
export function accessEnds(plan: Plan): string {
  const date = cycleEnd(plan);
  return `until the end of the billing cycle${date ? ` (${date})` : ''}`;
}

/**
 * The removal limit and how it was reached, as a label and the rest of its line:
 * "Limit 32", "= 25% of 129 active seats, rounded down (policy.max_removals: 25%)".
 */
export function limitDerivation(plan: Plan): MathLine {
  const { limit, limitRule: rule } = plan.safety;
  if (limit === null) {
    const why = rule
      ? `: policy.max_removals is not set, and the default (${rule.value}%) applies from ${DEFAULT_LIMIT_MIN_SEATS} active seats; there are ${rule.activeSeats}`
      : '';
    return { label: 'No limit', text: `on cancellations${why}` };
  }
  const label = `Limit ${limit}`;
  if (!rule) return { label, text: '(policy.max_removals)' };
  if (rule.source === 'count') return { label, text: `= policy.max_removals: ${rule.value}` };
  const exact = (rule.activeSeats * rule.value) % 100 === 0;
  const share = `= ${rule.value}% of ${plural(rule.activeSeats, 'active seat')}${exact ? '' : ', rounded down'}`;
  const source =
    rule.source === 'percent'
      ? `policy.max_removals: ${rule.value}%`
      : 'the default: policy.max_removals is not set';
  return { label, text: `${share} (${source})` };
}

/** A label ("+10 seats") and the sum that makes it, for each line of the math. */
export interface MathLine {
  label: string;
  text: string;
}

/**
 * The seat and cost math behind the summary line, each number one the plan JSON holds:
 * seats gained and cancelled by kind, the monthly cost, the removal limit and how it was reached.
 * Empty when nothing changes.
 */
export function seatMath(plan: Plan): MathLine[] {
  if (!hasChanges(plan)) return [];
  const g = gainedParts(plan);
  const { cost, safety } = plan;
  const gained = [
    `new users ${g.newUsers}`,
    `re-activations ${g.reactivations}`,
    `team seats ${g.teamSeats}`,
  ];
  const moved =
    g.moved > 0
      ? `; ${plural(g.moved, 'added user')} already ${g.moved === 1 ? 'has' : 'have'} a seat through a team this plan cancels: no new seat`
      : '';
  const teamLoss = plan.remove.teams.reduce((n, t) => n + t.seats, 0);
  const kept = safety.removals - cost.seatsLost;
  const elsewhere = safety.keptElsewhere ?? 0;
  const keptOther =
    elsewhere > 0
      ? ` ${MINUS} ${elsewhere} who ${elsewhere === 1 ? 'keeps' : 'keep'} a seat another way (an organization, or a team the file keeps)`
      : '';
  const keeps =
    kept > 0
      ? `; ${plural(kept, 'cancelled user')} ${kept === 1 ? 'keeps' : 'keep'} a seat through a team this plan adds: ${cost.seatsLost} saved`
      : '';
  const lines: MathLine[] = [
    { label: `+${plural(cost.seatsGained, 'seat')}`, text: `= ${gained.join(' + ')}${moved}` },
    {
      label: `${MINUS}${plural(safety.removals, 'seat')}`,
      text: `= users ${plan.remove.users.length} + team seats ${teamLoss}${keptOther}${keeps}; cancelled seats keep Copilot ${accessEnds(plan)}`,
    },
    {
      label: `${money(cost.monthlyDelta)}/month`,
      text: `= (${cost.seatsGained} ${MINUS} ${cost.seatsLost}) × $${cost.seatPrice} per seat; cancellations save from the next billing cycle`,
    },
  ];
  const limit = limitDerivation(plan);
  const within = (exceeded: boolean) => (exceeded ? 'over the limit' : 'within it');
  if (safety.limit !== null) {
    limit.text += `; ${plural(safety.removals, 'seat')} cancelled: ${within(safety.exceeded)}`;
  }
  lines.push(limit);
  if (safety.additionLimit !== null) {
    lines.push({
      label: `Additions limit ${safety.additionLimit}`,
      text: `= policy.max_additions; ${plural(safety.additions, 'seat')} added: ${within(safety.additionsExceeded)}`,
    });
  }
  return lines;
}

/** The report-only parts (notes, pending, idle) a PR comment leaves to the job summary: "2 notes, 15 idle seats". */
export function reportCounts(plan: Plan): string[] {
  return [
    plan.notes.length > 0 ? plural(plan.notes.length, 'note') : '',
    plan.pending.length > 0 ? plural(plan.pending.length, 'pending cancellation') : '',
    plan.idle.length > 0 ? plural(plan.idle.length, 'idle seat') : '',
  ].filter(Boolean);
}
