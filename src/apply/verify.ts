// After the writes, the seats are read again: every name the plan touched must now look the way
// the plan said. Pure: (plan, write results, seats after) → mismatches; and which seats to re-read,
// at the lower cost: each touched user's own seat, or the whole list again.
import type { Finding, LiveSeat, Plan, TeamChange, WriteKind, WriteResult } from '../plan/types.ts';

const PER_PAGE = 100;

/** Keys of the entries whose write went through (team writes send names or slugs; keys are slugs). */
function succeeded(results: WriteResult[], kind: WriteKind): Set<string> {
  return new Set(
    results
      .filter((r) => r.ok && r.kind === kind)
      .flatMap((r) => (r.keys ?? r.names).map((n) => n.toLowerCase())),
  );
}

/** Team cancellations that went through. */
function cancelledTeams(plan: Plan, results: WriteResult[]): TeamChange[] {
  const removed = succeeded(results, 'remove-teams');
  // A result without keys (an older report) names teams by name or slug.
  return plan.remove.teams.filter(
    (t) => removed.has(t.key.toLowerCase()) || removed.has((t.name ?? t.slug).toLowerCase()),
  );
}

export interface RevealedSeat {
  login: string;
  key: string;
  /** The cancelled team the seat was listed through. */
  team: string;
}

/**
 * Seats listed through a team this apply cancelled that are, after the writes, still active and
 * now direct: a direct assignment that GitHub's list hid behind the team.
 */
export function revealedDirectSeats(
  plan: Plan,
  results: WriteResult[],
  seatsBefore: LiveSeat[],
  seatsAfter: LiveSeat[],
): RevealedSeat[] {
  const teams = new Map(cancelledTeams(plan, results).map((t) => [t.key.toLowerCase(), t.slug]));
  const after = new Map(seatsAfter.filter((s) => s.key !== null).map((s) => [s.key as string, s]));
  const revealed: RevealedSeat[] = [];
  for (const seat of seatsBefore) {
    const team = seat.assigningTeam;
    if (seat.key === null || seat.login === null || seat.pendingCancellationDate !== null) continue;
    if (!team || team.outside || !teams.has(team.key.toLowerCase())) continue;
    const now = after.get(seat.key);
    if (now && now.pendingCancellationDate === null && now.assigningTeam === null) {
      revealed.push({ login: seat.login, key: seat.key, team: teams.get(team.key.toLowerCase()) as string });
    }
  }
  return revealed;
}

/**
 * Every login whose own seat shows whether a write that went through took effect: users added,
 * users cancelled, and each user whose active seat came through a cancelled team (before the writes).
 * Team adds are not verified (a team's new seats are not attributable before the write), as in
 * verifyApplied.
 */
export function loginsToVerify(plan: Plan, results: WriteResult[], seatsBefore: LiveSeat[]): string[] {
  const added = succeeded(results, 'add-users');
  const removed = succeeded(results, 'remove-users');
  const logins = new Map<string, string>();
  for (const u of [...plan.add.users, ...plan.remove.users]) {
    if (added.has(u.key) || removed.has(u.key)) logins.set(u.key, u.login);
  }
  const teamKeys = new Set(cancelledTeams(plan, results).map((t) => t.key.toLowerCase()));
  for (const seat of seatsBefore) {
    const team = seat.assigningTeam;
    if (seat.key === null || seat.login === null || seat.pendingCancellationDate !== null) continue;
    if (team && !team.outside && teamKeys.has(team.key.toLowerCase())) logins.set(seat.key, seat.login);
  }
  return [...logins.values()];
}

export interface Verification {
  /** per-user: GET each login's seat; relist: read every page of the seat list again. */
  method: 'per-user' | 'relist';
  logins: string[];
  /** What re-listing would cost: the pages of the list after the writes (rows listed + seats gained). */
  listPages: number;
}

/** The cheaper way to re-read what the writes touched; a tie goes to per-user (smaller answers). */
export function chooseVerification(
  plan: Plan,
  results: WriteResult[],
  seatsBefore: LiveSeat[],
): Verification {
  const logins = loginsToVerify(plan, results, seatsBefore);
  // Rows, not seat holders: an enterprise lists a user once per source.
  const listPages = Math.max(1, Math.ceil((seatsBefore.length + plan.cost.seatsGained) / PER_PAGE));
  return { method: logins.length <= listPages ? 'per-user' : 'relist', logins, listPages };
}

/**
 * Mismatches between the plan and the seats read after the writes. `seatsAfter` is the whole
 * list, or the seats of loginsToVerify (a user without a seat is absent from either).
 */
export function verifyApplied(plan: Plan, results: WriteResult[], seatsAfter: LiveSeat[]): Finding[] {
  // An org lists one row per user, an enterprise one per source: a user's rows are read together.
  const byLogin = new Map<string, LiveSeat[]>();
  for (const s of seatsAfter) {
    if (s.key === null) continue;
    const rows = byLogin.get(s.key);
    if (rows) rows.push(s);
    else byLogin.set(s.key, [s]);
  }
  const mismatches: Finding[] = [];
  const added = succeeded(results, 'add-users');
  for (const user of plan.add.users.filter((u) => added.has(u.key))) {
    const rows = byLogin.get(user.key) ?? [];
    if (!rows.some((s) => s.pendingCancellationDate === null)) {
      mismatches.push({
        code: 'add-not-seated',
        subject: user.login,
        message: `${user.login} was added but has ${rows.length > 0 ? 'a seat pending cancellation' : 'no seat'}`,
      });
    }
  }
  const removed = succeeded(results, 'remove-users');
  for (const user of plan.remove.users.filter((u) => removed.has(u.key))) {
    const rows = byLogin.get(user.key) ?? [];
    // A seat that now shows a team was kept by a team source the direct assignment hid from the
    // API (it shows only one source): the cancellation did what it could, and the team's seat is
    // the team's business. Only a seat still assigned directly is a mismatch.
    if (rows.some((seat) => seat.pendingCancellationDate === null && seat.assigningTeam === null)) {
      mismatches.push({
        code: 'cancel-still-active',
        subject: user.login,
        message: `${user.login} was cancelled but the seat is still active`,
      });
    }
  }
  for (const team of cancelledTeams(plan, results)) {
    const active = seatsAfter.filter(
      (s) => s.assigningTeam?.key === team.key && s.pendingCancellationDate === null,
    );
    if (active.length > 0) {
      mismatches.push({
        code: 'team-cancel-still-active',
        subject: team.slug,
        message: `team ${team.slug} was cancelled but ${active.length} seat(s) through it are still active`,
      });
    }
  }
  return mismatches;
}

/**
 * GitHub may accept a team cancellation for later (202, an enterprise team): until it is
 * processed the team's seats stay active. Those are "still processing", not mismatches.
 */
export function stillProcessing(
  mismatches: Finding[],
  results: WriteResult[],
): { mismatches: Finding[]; processing: Finding[] } {
  const later = new Set(
    results
      .filter((r) => r.ok && r.status === 202 && r.kind === 'remove-teams')
      .flatMap((r) => [...(r.keys ?? []), ...r.names].map((n) => n.toLowerCase())),
  );
  const isLater = (m: Finding) =>
    m.code === 'team-cancel-still-active' && later.has((m.subject ?? '').toLowerCase());
  return {
    mismatches: mismatches.filter((m) => !isLater(m)),
    processing: mismatches.filter(isLater).map((m) => ({
      code: 'still-processing',
      ...(m.subject !== undefined ? { subject: m.subject } : {}),
      message: `GitHub accepted the cancellation of team ${m.subject} for later (202) and had not processed it yet: its seats were still active when last read; the next run shows whether it went through`,
    })),
  };
}
