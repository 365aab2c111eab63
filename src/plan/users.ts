// User adds: desired users (and exempt users about to lose their only seat) that need a write.
import { scopeLabel } from './scope.ts';
import { compareKeys, needsAdd, seatState, type PlanContext, type SeatState } from './context.ts';
import { finding, type FindingSets } from './findings.ts';
import type { DesiredUser, Exemption, KeptUser, LiveState, UserChange } from './types.ts';

export interface UserAdds {
  changes: UserChange[];
  keys: Set<string>;
  /** Adds that create or reactivate a seat (a re-add that only keeps a seat costs nothing new). */
  gained: number;
}

/** "listed in seats.yaml (ML pilot)": the phrase a reviewer reads for an entry of the file. */
export function listedReason(reason: string | undefined): string {
  return reason ? `listed in seats.yaml (${reason})` : 'listed in seats.yaml';
}

function addReason(base: string, state: SeatState): string {
  if (state.kind === 'pending') return `seat pending cancellation on ${state.date}: re-add`;
  if (state.kind === 'cancelled-team') {
    const why = `only seat came through team '${state.team.slug}', which is cancelled`;
    return base === 'listed in seats.yaml' ? why : `${base}; ${why}`;
  }
  return base;
}

/** A non-member in `selected_usernames` fails the whole write, so it is an error, not a write. */
function membershipAllows(user: DesiredUser | Exemption, live: LiveState, out: FindingSets): boolean {
  const login = 'login' in user ? user.login : user.name;
  const membership = live.memberships[user.key.toLowerCase()];
  if (membership === 'none') {
    out.errors.push(
      finding(
        'not-a-member',
        `'${login}' is not a member of ${scopeLabel(live.scope)}: cannot get a seat`,
        login,
        user.pos,
      ),
    );
    return false;
  }
  if (membership === 'pending') {
    out.errors.push(
      finding(
        'membership-pending',
        `'${login}' has not accepted the invitation to ${scopeLabel(live.scope)} yet: GitHub refuses seats for invitees; plan again once accepted`,
        login,
        user.pos,
      ),
    );
    return false;
  }
  // An enterprise has no membership lookup: one note for all its adds (planUserAdds), not one each.
  if (membership === 'unknown') return true;
  if (membership === undefined) {
    out.warnings.push(
      finding(
        'not-checked',
        `org membership of '${login}' was not checked before adding it`,
        login,
        user.pos,
      ),
    );
  }
  return true;
}

interface Candidate {
  key: string;
  login: string;
  entry: DesiredUser | Exemption;
  base: string;
  state: SeatState;
}

function candidates(ctx: PlanContext): Candidate[] {
  const list: Candidate[] = [];
  for (const [key, user] of ctx.users) {
    const state = seatState(key, ctx);
    if (needsAdd(state))
      list.push({ key, login: user.login, entry: user, base: listedReason(user.reason), state });
  }
  // An exemption promises the seat is never cancelled: keep it directly when its team goes.
  for (const [key, ex] of ctx.exemptUsers) {
    if (ctx.users.has(key)) continue;
    const state = seatState(key, ctx);
    if (state.kind !== 'cancelled-team') continue;
    const base = ex.reason ? `exempt (${ex.reason})` : 'exempt';
    list.push({ key, login: ex.name, entry: ex, base, state });
  }
  return list.sort((a, b) => compareKeys(a.key, b.key));
}

export function planUserAdds(ctx: PlanContext, live: LiveState, out: FindingSets): UserAdds {
  const result: UserAdds = { changes: [], keys: new Set(), gained: 0 };
  for (const c of candidates(ctx)) {
    if (!membershipAllows(c.entry, live, out)) continue;
    const change: UserChange = { login: c.login, key: c.key, reason: addReason(c.base, c.state) };
    if (c.state.kind === 'cancelled-team') change.replacesTeam = c.state.team.key.toLowerCase();
    if (c.state.kind === 'pending') change.pendingUntil = c.state.date;
    // An exemption's date ends the protection, not the seat: only a `users:` entry's is shown.
    if ('login' in c.entry && c.entry.expires !== undefined) change.expires = c.entry.expires;
    result.changes.push(change);
    result.keys.add(c.key);
    if (c.state.kind !== 'cancelled-team') result.gained++;
  }
  const unchecked = result.changes.filter((c) => live.memberships[c.key] === 'unknown').length;
  if (unchecked > 0) {
    out.notes.push(
      finding(
        'membership-unchecked',
        `${unchecked === 1 ? '1 user' : `${unchecked} users`} to add: ${scopeLabel(live.scope)} membership cannot be checked before the apply (GitHub has no API for it); a login that is not a member is refused by the write, reported, and skipped`,
      ),
    );
  }
  return result;
}

/**
 * Listed users who keep the seat they have (no write) until an `expires` date, soonest first: a
 * reviewer sees when each seat ends, not only the seats that change.
 */
export function keptUntil(ctx: PlanContext, userAddKeys: ReadonlySet<string>): KeptUser[] {
  const kept: (KeptUser & { key: string })[] = [];
  for (const [key, user] of ctx.users) {
    if (user.expires === undefined || userAddKeys.has(key)) continue;
    const kind = seatState(key, ctx).kind;
    if (kind === 'direct' || kind === 'kept-team')
      kept.push({ login: user.login, key, expires: user.expires });
  }
  kept.sort((a, b) => (a.expires < b.expires ? -1 : a.expires > b.expires ? 1 : compareKeys(a.key, b.key)));
  return kept.map(({ login, expires }) => ({ login, expires }));
}
