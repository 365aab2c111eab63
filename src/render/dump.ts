// `copilot-seats dump`: a seats.yaml written from the live org, the way to adopt the tool.
// The contract: planning the dumped file against the same live state shows no changes.
import schema from '../../schema/seats.schema.json' with { type: 'json' };
import { compareKeys, isActive } from '../plan/context.ts';
import { managedBy, scopeLabel, sourceKindWord } from '../plan/scope.ts';
import type { AssigningTeam, LiveSeat, LiveState } from '../plan/types.ts';

/**
 * The schema's `$id`: its URL at the major tag users pin. A dumped file lives in another
 * repository, where a relative path would point at nothing; editors fetch this one.
 */
export const DEFAULT_SCHEMA_URL: string = schema.$id;

export interface DumpOptions {
  now: Date;
  /** The `$schema` for editors (yaml-language-server). */
  schemaUrl?: string;
}

// YAML 1.1 and 1.2 read these plain words as booleans or null, so names equal to them are quoted.
const RESERVED = new Set(['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null', '~']);

/** A name as a YAML scalar: plain when it is unambiguous, JSON-quoted (valid YAML) otherwise. */
function scalar(name: string): string {
  const plain = /^[A-Za-z][A-Za-z0-9_.-]*$/.test(name) && !RESERVED.has(name.toLowerCase());
  return plain ? name : JSON.stringify(name);
}

/** Comment text on one line, so nothing after a newline can become YAML. */
function comment(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

interface TeamTally {
  slug: string;
  logins: string[];
  source: AssigningTeam;
}

/** What the live seats amount to, in the terms of seats.yaml. */
interface Sorted {
  /** Active direct seats: `users:`. */
  users: string[];
  /** Org teams named by an active seat: `teams:`. */
  teams: TeamTally[];
  /** Seats through sources outside the scope: listed in comments, never managed. */
  outside: TeamTally[];
  /** Seats already leaving, of users with no active seat. */
  pending: { login: string; date: string }[];
  unassigned: number;
}

function tally(map: Map<string, TeamTally>, slug: string, login: string, source: AssigningTeam): void {
  const key = slug.toLowerCase();
  const entry = map.get(key);
  if (entry) entry.logins.push(login);
  else map.set(key, { slug, logins: [login], source });
}

function sortedTallies(map: Map<string, TeamTally>): TeamTally[] {
  return [...map.values()].sort((a, b) => compareKeys(a.slug, b.slug));
}

function sortSeats(seats: readonly LiveSeat[]): Sorted {
  const users = new Map<string, string>();
  const teams = new Map<string, TeamTally>();
  const outside = new Map<string, TeamTally>();
  const active = new Set<string>();
  let unassigned = 0;
  for (const seat of seats) {
    if (seat.login === null) unassigned++;
    if (seat.login === null || !isActive(seat)) continue;
    const key = seat.login.toLowerCase();
    active.add(key);
    const team = seat.assigningTeam;
    if (team === null) {
      if (!users.has(key)) users.set(key, seat.login);
    } else tally(team.outside ? outside : teams, team.slug, seat.login, team);
  }
  const pending = new Map<string, { login: string; date: string }>();
  for (const seat of seats) {
    const key = seat.login?.toLowerCase();
    if (!seat.login || !key || seat.pendingCancellationDate === null || active.has(key) || pending.has(key))
      continue;
    pending.set(key, { login: seat.login, date: seat.pendingCancellationDate });
  }
  return {
    users: [...users.keys()].sort(compareKeys).map((k) => users.get(k) as string),
    teams: sortedTallies(teams),
    outside: sortedTallies(outside),
    pending: [...pending.keys()]
      .sort(compareKeys)
      .map((k) => pending.get(k) as { login: string; date: string }),
    unassigned,
  };
}

function header(live: LiveState, opts: DumpOptions): string[] {
  return [
    `# yaml-language-server: $schema=${comment(opts.schemaUrl ?? DEFAULT_SCHEMA_URL)}`,
    `# Copilot seats of ${comment(scopeLabel(live.scope))}, written by \`copilot-seats dump\` on ${opts.now.toISOString().slice(0, 10)}.`,
    `# Planning this file against the same ${live.scope.kind} shows no changes: edit it to manage the seats.`,
    'version: 1',
    `${live.scope.kind}: ${scalar(live.scope.name)}`,
  ];
}

function seatsWord(n: number): string {
  return `${n} seat${n === 1 ? '' : 's'}`;
}

function listSection(name: string, lead: string, items: string[]): string[] {
  if (items.length === 0) return ['', `# ${lead}`, `${name}: []`];
  return ['', `# ${lead}`, `${name}:`, ...items];
}

function leftOut(sorted: Sorted): string[] {
  const lines: string[] = [];
  if (sorted.pending.length > 0) {
    lines.push(
      '',
      '# Left out: seats pending cancellation (they end on the date shown; list a user to keep it):',
    );
    for (const p of sorted.pending) lines.push(`#   ${comment(p.login)} (${comment(p.date)})`);
  }
  for (const t of sorted.outside) {
    lines.push(
      '',
      `# Left out: ${seatsWord(t.logins.length)} through ${sourceKindWord(t.source)} ${comment(t.slug)}, managed by ${managedBy(t.source)}:`,
    );
    lines.push(`#   ${t.logins.map(comment).sort(compareKeys).join(', ')}`);
  }
  if (sorted.unassigned > 0)
    lines.push('', `# Left out: ${seatsWord(sorted.unassigned)} without an assignee.`);
  return lines;
}

const POLICY_HINT = [
  '',
  '# exempt:                  # live seats never cancelled and never reported as drift',
  '#   - login: someone',
  '#     reason: assigned by hand',
  '# policy:',
  '#   max_removals: 25%',
  '#   inactive_days: 30',
];

export function dumpSeatsYaml(live: LiveState, opts: DumpOptions): string {
  const sorted = sortSeats(live.seats);
  const lines = [
    ...header(live, opts),
    ...listSection(
      'users',
      'Seats assigned directly',
      sorted.users.map((u) => `  - ${scalar(u)}`),
    ),
    ...listSection(
      'teams',
      'Teams whose members get seats',
      sorted.teams.map((t) => `  - ${scalar(t.slug)} # ${seatsWord(t.logins.length)}`),
    ),
    ...leftOut(sorted),
    ...POLICY_HINT,
  ];
  return lines.join('\n') + '\n';
}
