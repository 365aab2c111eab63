// Turns a plan into the ordered list of writes the applier sends. Pure.
import type { Plan, TeamChange, UserChange, WriteKind } from '../plan/types.ts';

/** GitHub takes at most 100 names per seat write. */
export const MAX_BATCH = 100;

export interface Write {
  kind: WriteKind;
  /** What the request body carries: logins, or team names (the form the API documents). */
  names: string[];
  /** The lower-case keys of the same entries, in the same order: logins, or team slugs. */
  keys: string[];
  /** Team writes only: the slugs, for a GitHub that matches selected_teams by slug. */
  slugs?: string[];
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
  const users = (kind: WriteKind, list: UserChange[]) =>
    chunk(list, batchSize).map((b) => ({ kind, names: b.map((u) => u.login), keys: b.map((u) => u.key) }));
  // The API documents team *names* in selected_teams; the plan resolved each slug's name.
  const teams = (kind: WriteKind, list: TeamChange[]) =>
    chunk(list, batchSize).map((b) => ({
      kind,
      names: b.map((t) => t.name ?? t.slug),
      keys: b.map((t) => t.key.toLowerCase()),
      slugs: b.map((t) => t.slug),
    }));
  return [
    ...teams('add-teams', plan.add.teams),
    ...users('add-users', plan.add.users),
    ...users('remove-users', plan.remove.users),
    ...teams('remove-teams', plan.remove.teams),
  ];
}
