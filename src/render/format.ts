// Phrases shared by the markdown and the text renderers: the Terraform-style summary line.
import { hasChanges } from '../plan/summary.ts';
import type { Plan } from '../plan/types.ts';

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

export const NO_CHANGES = 'No changes. The live org matches seats.yaml.';

/** "+3 seats, −2 seats, 1 conflict · est. −$19/month", or the no-changes sentence. */
export function summaryLine(plan: Plan): string {
  const parts = summaryParts(plan);
  if (parts.length === 0) return NO_CHANGES;
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
