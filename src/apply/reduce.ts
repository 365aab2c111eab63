// Takes writes out of a plan without breaking the order that keeps seats safe: a cancellation that
// relies on an add (a user who keeps a seat through a team being added; a team whose members keep
// a seat through direct adds) goes out with that add, or not at all. Pure.
import type { Finding, Plan, WriteKind } from '../plan/types.ts';

/** Writes to take out, by `kind:key` (lower-case key). */
export type Dropped = Map<string, WriteKind>;

export interface Reduced {
  plan: Plan;
  /** The cancellations taken out because an add they rely on was taken out. */
  held: Finding[];
}

const id = (kind: WriteKind, key: string) => `${kind}:${key.toLowerCase()}`;

/** Cancellations that must not go out once these adds are not sent. */
export function dependentHolds(plan: Plan, isDropped: (kind: WriteKind, key: string) => boolean): Finding[] {
  const held: Finding[] = [];
  for (const u of plan.remove.users) {
    if (u.keptByTeam === undefined || isDropped('remove-users', u.key)) continue;
    if (!isDropped('add-teams', u.keptByTeam)) continue;
    held.push({
      code: 'held-for-team-add',
      subject: u.login,
      message: `cancellation not written: the seat was to continue through team '${u.keptByTeam}', whose add did not go through`,
    });
  }
  for (const t of plan.remove.teams) {
    if (isDropped('remove-teams', t.key)) continue;
    const waiting = plan.add.users.filter(
      (u) => u.replacesTeam === t.key.toLowerCase() && isDropped('add-users', u.key),
    );
    if (waiting.length === 0) continue;
    held.push({
      code: 'held-for-user-add',
      subject: t.slug,
      message: `team cancellation not written: it would take the seat of ${waiting.map((u) => u.login).join(', ')}, whose direct add did not go through`,
    });
  }
  return held;
}

export function reducePlan(plan: Plan, dropped: Dropped): Reduced {
  const isDropped = (kind: WriteKind, key: string) => dropped.has(id(kind, key));
  const held = dependentHolds(plan, isDropped);
  const all = new Set([...dropped.keys()]);
  for (const h of held) {
    const kind: WriteKind = h.code === 'held-for-team-add' ? 'remove-users' : 'remove-teams';
    all.add(id(kind, h.subject ?? ''));
  }
  const keep = (kind: WriteKind) => (c: { key: string }) => !all.has(id(kind, c.key));
  const remove = {
    users: plan.remove.users.filter(keep('remove-users')),
    teams: plan.remove.teams.filter(keep('remove-teams')),
  };
  const add = {
    users: plan.add.users.filter(keep('add-users')),
    teams: plan.add.teams.filter(keep('add-teams')),
  };
  const removals = remove.users.length + remove.teams.reduce((n, t) => n + t.seats, 0);
  const safety = {
    ...plan.safety,
    removals,
    exceeded: plan.safety.limit !== null && removals > plan.safety.limit,
  };
  return { plan: { ...plan, add, remove, safety }, held };
}

/**
 * A scheduled `expire` run: only the cancellations whose `expires` date (of the user or of their
 * exemption) has passed. Those dates were reviewed when merged; everything else waits for a PR.
 */
export function expirationsOnly(plan: Plan): Reduced {
  const dropped: Dropped = new Map();
  const drop = (kind: WriteKind, key: string) => dropped.set(id(kind, key), kind);
  for (const t of plan.add.teams) drop('add-teams', t.key);
  for (const u of plan.add.users) drop('add-users', u.key);
  for (const t of plan.remove.teams) drop('remove-teams', t.key);
  for (const u of plan.remove.users) if (u.expired === undefined) drop('remove-users', u.key);
  return reducePlan(plan, dropped);
}
