// Binds an apply to the plan a reviewer saw. The apply re-plans from the live org at merge time;
// this step keeps only what the reviewed plan contained: a cancellation nobody reviewed is never
// written, an add nobody reviewed is written only when policy.unreviewed_adds allows it, and a
// reviewed write the org no longer needs is reported. Pure: (new plan, reviewed fingerprint) → plan.
import { fingerprintOf, WRITE_KINDS, type PlanFingerprint, type WriteSets } from '../plan/fingerprint.ts';
import { scopeKey, scopeKeyLabel } from '../plan/scope.ts';
import type { Finding, Plan, Policy, TeamChange, UserChange, WriteKind } from '../plan/types.ts';
import { reducePlan, type Dropped } from './reduce.ts';

export interface ReviewedPlan {
  /** Where the reviewed plan came from, as a reviewer reads it: `#9`, or a plan file. */
  source: string;
  fingerprint: PlanFingerprint;
}

export interface BoundPlan {
  /** What to write: the new plan reduced to what was reviewed (and allowed). */
  plan: Plan;
  /** Writes of the new plan that are not sent, each with why. */
  held: Finding[];
  /** Writes of the reviewed plan that the org no longer needs. */
  notNeeded: Finding[];
  /**
   * Writes sent although the reviewed plan did not list them: adds under unreviewed_adds: allow,
   * and direct seats of users whose seats the reviewed team cancellations took.
   */
  unreviewedAdds: Finding[];
}

const NOUN: Record<WriteKind, string> = {
  'add-teams': 'team add',
  'add-users': 'seat add',
  'remove-users': 'cancellation',
  'remove-teams': 'team cancellation',
};

type Entry = { kind: WriteKind; key: string; name: string; change: UserChange | TeamChange };

function entries(plan: Plan): Entry[] {
  const users = (kind: WriteKind, list: UserChange[]) =>
    list.map((u) => ({ kind, key: u.key.toLowerCase(), name: u.login, change: u }));
  const teams = (kind: WriteKind, list: TeamChange[]) =>
    list.map((t) => ({ kind, key: t.key.toLowerCase(), name: t.slug, change: t }));
  return [
    ...teams('add-teams', plan.add.teams),
    ...users('add-users', plan.add.users),
    ...users('remove-users', plan.remove.users),
    ...teams('remove-teams', plan.remove.teams),
  ];
}

/** What the reviewed plan holds, as sets; null when only its digest is known and it differs. */
function reviewedSets(plan: Plan, reviewed: ReviewedPlan): Record<WriteKind, Set<string>> | 'same' | null {
  const fp = reviewed.fingerprint;
  if (fp.org !== scopeKey(plan.scope)) return emptySets();
  if (fp.digest === fingerprintOf(plan).digest) return 'same';
  if (fp.writes === null) return null;
  const writes: WriteSets = fp.writes;
  return Object.fromEntries(WRITE_KINDS.map((k) => [k, new Set(writes[k])])) as Record<
    WriteKind,
    Set<string>
  >;
}

function emptySets(): Record<WriteKind, Set<string>> {
  return Object.fromEntries(WRITE_KINDS.map((k) => [k, new Set<string>()])) as Record<WriteKind, Set<string>>;
}

function why(plan: Plan, reviewed: ReviewedPlan, sets: Record<WriteKind, Set<string>> | null): string {
  if (reviewed.fingerprint.org !== scopeKey(plan.scope)) {
    return `the reviewed plan of ${reviewed.source} is for ${scopeKeyLabel(reviewed.fingerprint.org)}`;
  }
  if (sets === null) {
    return `the reviewed plan of ${reviewed.source} was too large to compare entry by entry and differs from this one`;
  }
  return `not in the reviewed plan of ${reviewed.source}`;
}

export function bindToReviewed(
  plan: Plan,
  reviewed: ReviewedPlan,
  unreviewedAdds: NonNullable<Policy['unreviewedAdds']> = 'allow',
): BoundPlan {
  const sets = reviewedSets(plan, reviewed);
  if (sets === 'same') return { plan, held: [], notNeeded: [], unreviewedAdds: [] };
  const known = sets ?? emptySets();
  const reason = why(plan, reviewed, sets);
  const result: BoundPlan = { plan, held: [], notNeeded: [], unreviewedAdds: [] };
  const dropped: Dropped = new Map();
  const current = entries(plan);
  const teamSeats = new Set(sets === null ? [] : (reviewed.fingerprint.teamSeats ?? []));
  for (const e of current) {
    if (known[e.kind].has(e.key)) continue;
    if (e.kind === 'remove-users' && teamSeats.has(e.key)) {
      result.unreviewedAdds.push({
        code: 'covered-by-team-cancel',
        subject: e.name,
        message: `cancelled: the reviewed plan of ${reviewed.source} took this seat with a team cancellation; it was also held directly`,
      });
      continue;
    }
    if (e.kind.startsWith('add-') && unreviewedAdds === 'allow') {
      result.unreviewedAdds.push({
        code: 'unreviewed-add-written',
        subject: e.name,
        message: `${NOUN[e.kind]} ${reason}: written (policy.unreviewed_adds: allow)`,
      });
      continue;
    }
    const rule = e.kind.startsWith('add-') ? ' (policy.unreviewed_adds: skip)' : '';
    result.held.push({
      code: e.kind.startsWith('add-') ? 'unreviewed-add' : 'unreviewed-cancel',
      subject: e.name,
      message: `${NOUN[e.kind]} ${reason}: not written${rule}; review it in a new PR`,
    });
    dropped.set(`${e.kind}:${e.key}`, e.kind);
  }
  const reduced = reducePlan(plan, dropped);
  result.plan = reduced.plan;
  result.held.push(...reduced.held);
  if (sets !== null) result.notNeeded = notNeeded(current, known, reviewed);
  return result;
}

/** Reviewed writes the new plan does not hold: the org already matches (or the entry left the file). */
function notNeeded(
  current: Entry[],
  known: Record<WriteKind, Set<string>>,
  reviewed: ReviewedPlan,
): Finding[] {
  const now = new Set(current.map((e) => `${e.kind}:${e.key}`));
  const findings: Finding[] = [];
  for (const kind of WRITE_KINDS) {
    for (const key of known[kind]) {
      if (now.has(`${kind}:${key}`)) continue;
      findings.push({
        code: 'not-needed',
        subject: key,
        message: `${NOUN[kind]} of the reviewed plan of ${reviewed.source} is no longer needed: the org already matches`,
      });
    }
  }
  return findings;
}
