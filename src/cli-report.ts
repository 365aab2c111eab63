// What the CLI says about a file and an apply beyond the plan itself: entries already expired
// (validate), the requests a dry run would send, and what GitHub counted for each write.
import { scopeApi } from './github/scope-api.ts';
import { isExpired } from './plan/dates.ts';
import type { ConfigError, DesiredState, Plan, Scope, WriteResult } from './plan/types.ts';
import { plainText } from './render/escape.ts';
import { plural } from './render/format.ts';

/** Entries whose `expires` date has passed at `now`: valid, but the next apply acts on them. */
export function expiredEntries(desired: DesiredState, file: string, now: Date): ConfigError[] {
  const at = (pos: { line: number; column: number } | undefined, path: string, message: string) => ({
    file,
    line: pos?.line ?? 1,
    column: pos?.column ?? 1,
    path,
    message,
  });
  const warnings: ConfigError[] = [];
  desired.users.forEach((u, i) => {
    if (!isExpired(u.expires, now)) return;
    warnings.push(
      at(
        u.pos,
        `/users/${i}`,
        `'${u.login}' expired on ${u.expires}: the next apply cancels the seat; remove the entry or extend the date`,
      ),
    );
  });
  desired.exempt.forEach((e, i) => {
    if (!isExpired(e.expires, now)) return;
    warnings.push(
      at(
        e.pos,
        `/exempt/${i}`,
        `the exemption of ${e.kind} '${e.name}' expired on ${e.expires}: it no longer protects the seat; remove it or extend the date`,
      ),
    );
  });
  return warnings;
}

/** `POST /orgs/acme/copilot/billing/selected_users  selected_usernames: a, b`: a write as it would be sent. */
export function requestLine(scope: Scope, w: WriteResult): string {
  const { route, field } = scopeApi(scope).writes[w.kind];
  const path = route.replace(`{${scope.kind}}`, plainText(scope.name));
  return `${path}  ${field}: ${w.names.map(plainText).join(', ')}`;
}

/**
 * What GitHub counted for a write, and why it is fewer than the names when it is: an added user
 * who had a seat through a team this plan cancels gets no new seat (the seat moves), so GitHub
 * does not count it.
 */
export function countText(w: WriteResult, plan: Plan): string {
  if (w.count === undefined) return '';
  const counted = `${plural(w.count, 'seat')} ${w.kind.startsWith('add') ? 'created' : 'cancelled'}`;
  if (w.kind !== 'add-users' || w.count >= w.names.length) return counted;
  const sent = new Set(w.names.map((n) => n.toLowerCase()));
  const moved = plan.add.users.filter((u) => u.replacesTeam !== undefined && sent.has(u.key));
  if (moved.length === 0) return `${counted} (GitHub counts only the seats it creates)`;
  const who = moved.map((u) => `${plainText(u.login)} (team ${plainText(u.replacesTeam ?? '')})`).join(', ');
  const had = moved.length === 1 ? 'who already had a seat' : 'who already had seats';
  return `${counted}; not counted: ${who}, ${had} through a team this plan cancels (now direct)`;
}
