// After the writes, the seats are read again: every name the plan touched must now look the way
// the plan said. Pure: (plan, write results, seats after) → mismatches.
import type { Finding, LiveSeat, Plan, WriteKind, WriteResult } from '../plan/types.ts';

function succeeded(results: WriteResult[], kind: WriteKind): Set<string> {
  return new Set(
    results.filter((r) => r.ok && r.kind === kind).flatMap((r) => r.names.map((n) => n.toLowerCase())),
  );
}

export function verifyApplied(plan: Plan, results: WriteResult[], seatsAfter: LiveSeat[]): Finding[] {
  const byLogin = new Map(seatsAfter.filter((s) => s.key !== null).map((s) => [s.key as string, s]));
  const mismatches: Finding[] = [];
  const added = succeeded(results, 'add-users');
  for (const user of plan.add.users.filter((u) => added.has(u.key))) {
    const seat = byLogin.get(user.key);
    if (!seat || seat.pendingCancellationDate !== null) {
      mismatches.push({
        code: 'add-not-seated',
        subject: user.login,
        message: `${user.login} was added but has ${seat ? 'a seat pending cancellation' : 'no seat'}`,
      });
    }
  }
  const removed = succeeded(results, 'remove-users');
  for (const user of plan.remove.users.filter((u) => removed.has(u.key))) {
    const seat = byLogin.get(user.key);
    // A seat that now shows a team was kept by a team source the direct assignment hid from the
    // API (it shows only one source): the cancellation did what it could, and the team's seat is
    // the team's business. Only a seat still assigned directly is a mismatch.
    if (seat && seat.pendingCancellationDate === null && seat.assigningTeam === null) {
      mismatches.push({
        code: 'cancel-still-active',
        subject: user.login,
        message: `${user.login} was cancelled but the seat is still active`,
      });
    }
  }
  const removedTeams = succeeded(results, 'remove-teams');
  for (const team of plan.remove.teams.filter((t) => removedTeams.has((t.name ?? t.slug).toLowerCase()))) {
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
