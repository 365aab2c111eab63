// Turns a plan into the ordered list of writes the applier sends. Pure.
import type { Plan, WriteKind } from '../plan/types.ts';

/** GitHub takes at most 100 names per seat write. */
export const MAX_BATCH = 100;

export interface Write {
  kind: WriteKind;
  names: string[];
}

export function chunk<T>(items: readonly T[], size: number = MAX_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The order is the safety argument: teams and users are added before anything is cancelled, so a
 * desired user whose only seat came through a team being cancelled has a direct seat first.
 */
export function planWrites(plan: Plan, batchSize: number = MAX_BATCH): Write[] {
  const groups: [WriteKind, string[]][] = [
    // The API documents team *names* in selected_teams; the plan resolved each slug's name.
    ['add-teams', plan.add.teams.map((t) => t.name ?? t.slug)],
    ['add-users', plan.add.users.map((u) => u.login)],
    ['remove-users', plan.remove.users.map((u) => u.login)],
    ['remove-teams', plan.remove.teams.map((t) => t.name ?? t.slug)],
  ];
  return groups.flatMap(([kind, names]) => chunk(names, batchSize).map((batch) => ({ kind, names: batch })));
}
