// "Did you mean …?" for the plan's errors about names. A team that does not exist, or a login that
// is not a member, is most often a typo of a team or a seat holder the org has. The worst case is
// a typo of a team this same plan cancels: the reviewer must read that the real team goes.
import { editDistance } from '../config/suggest.ts';
import { compareKeys, type PlanContext } from './context.ts';
import type { FindingSets } from './findings.ts';
import type { LiveState } from './types.ts';

/** Errors that get a suggestion at most: each one is compared with every seat holder. */
export const MAX_SUGGESTIONS = 50;

/** How far a name may be from what was meant: none for very short names, 1 up to 5 characters, else 2. */
function tolerance(length: number): number {
  return length >= 6 ? 2 : length >= 3 ? 1 : 0;
}

/**
 * The candidate closest to `name` (case-insensitive edit distance), or null when none is close
 * enough. Ties go to the smaller key, so the answer never depends on the order of the candidates.
 */
export function closestName(name: string, candidates: Iterable<string>): string | null {
  const key = name.toLowerCase();
  const max = tolerance(key.length);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    if (other === key || Math.abs(other.length - key.length) > max) continue;
    const d = editDistance(key, other);
    if (d > max) continue;
    if (d < bestDistance || (d === bestDistance && best !== null && compareKeys(candidate, best) < 0)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** The org's teams as the plan knows them: named by a live seat, looked up, listed or exempt. */
function knownTeams(ctx: PlanContext, live: LiveState): string[] {
  const slugs = new Map<string, string>();
  for (const [key, { team }] of ctx.scopeTeams) slugs.set(key, team.slug);
  for (const [key, info] of Object.entries(live.teams)) if (info.exists) slugs.set(key, info.slug);
  for (const [key, ex] of ctx.exemptTeams) if (!slugs.has(key)) slugs.set(key, ex.name);
  return [...slugs.values()];
}

function seatHolders(ctx: PlanContext): string[] {
  const logins: string[] = [];
  for (const [key, seats] of ctx.seatsByUser) logins.push(seats[0]?.login ?? key);
  return logins;
}

/**
 * Adds "did you mean" to unknown-team and not-a-member errors, naming what this plan does to the
 * name suggested. `cancelledUsers`: keys of the users whose seats the plan cancels (directly or
 * with their team).
 */
export function suggestNames(
  ctx: PlanContext,
  live: LiveState,
  cancelledUsers: ReadonlySet<string>,
  out: FindingSets,
): void {
  const errors = out.errors.filter(
    (f) => (f.code === 'unknown-team' || f.code === 'not-a-member') && f.subject !== undefined,
  );
  let teams: string[] | undefined;
  let logins: string[] | undefined;
  for (const f of errors.slice(0, MAX_SUGGESTIONS)) {
    const name = f.subject as string;
    if (f.code === 'unknown-team') {
      const meant = closestName(name, (teams ??= knownTeams(ctx, live)));
      if (meant === null) continue;
      const cancelled = ctx.cancelledTeams.has(meant.toLowerCase());
      f.message += `; did you mean '${meant}'${cancelled ? ', which this plan cancels' : ''}?`;
    } else {
      const meant = closestName(name, (logins ??= seatHolders(ctx)));
      if (meant === null) continue;
      const cancelled = cancelledUsers.has(meant.toLowerCase());
      f.message += `; did you mean '${meant}'${cancelled ? ', whose seat this plan cancels' : ', who has a seat'}?`;
    }
  }
}
