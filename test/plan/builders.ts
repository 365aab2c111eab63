// Small builders for planner and renderer fixtures: seat('alice', { team: 'eng' }),
// desired({ users: ['a'], teams: ['eng'] }), live([...seats], { ... }).
import { lookupsNeeded } from '../../src/plan/lookups.ts';
import type {
  AssigningTeam,
  Scope,
  DesiredState,
  DesiredTeam,
  DesiredUser,
  Exemption,
  LiveSeat,
  LiveState,
  Membership,
  PlanType,
  Policy,
  SeatManagementSetting,
  TeamInfo,
} from '../../src/plan/types.ts';

export const NOW = new Date('2026-06-15T12:00:00Z');
export const ORG = 'acme';

export interface SeatOptions {
  team?: string;
  /** An enterprise team (outside an org's reach unless `outside` says otherwise). */
  enterprise?: boolean;
  kind?: AssigningTeam['kind'];
  outside?: boolean;
  pending?: string;
  lastActivity?: string | null;
  created?: string;
}

export function seat(login: string | null, opts: SeatOptions = {}): LiveSeat {
  const team = opts.team;
  return {
    login,
    key: login === null ? null : login.toLowerCase(),
    assigningTeam:
      team === undefined
        ? null
        : {
            slug: team,
            key: team.toLowerCase(),
            name: `Team ${team}`,
            kind: opts.kind ?? (opts.enterprise ? 'enterprise-team' : 'team'),
            outside: opts.outside ?? opts.enterprise ?? false,
          },
    pendingCancellationDate: opts.pending ?? null,
    lastActivityAt: opts.lastActivity === undefined ? '2026-06-14T09:00:00Z' : opts.lastActivity,
    createdAt: opts.created ?? '2025-01-01T00:00:00Z',
  };
}

type UserSpec = string | { login: string; reason?: string; expires?: string; line?: number };
type TeamSpec = string | { slug: string; reason?: string; line?: number };
type ExemptSpec = { login?: string; team?: string; reason?: string; expires?: string; line?: number };

function pos(line: number | undefined): { pos?: { line: number; column: number } } {
  return line === undefined ? {} : { pos: { line, column: 5 } };
}

function user(spec: UserSpec): DesiredUser {
  const s = typeof spec === 'string' ? { login: spec } : spec;
  const u: DesiredUser = {
    login: s.login,
    key: s.login.toLowerCase(),
    ...pos('line' in s ? s.line : undefined),
  };
  if ('reason' in s && s.reason !== undefined) u.reason = s.reason;
  if ('expires' in s && s.expires !== undefined) u.expires = s.expires;
  return u;
}

function team(spec: TeamSpec): DesiredTeam {
  const s = typeof spec === 'string' ? { slug: spec } : spec;
  const t: DesiredTeam = {
    slug: s.slug,
    key: s.slug.toLowerCase(),
    ...pos('line' in s ? s.line : undefined),
  };
  if ('reason' in s && s.reason !== undefined) t.reason = s.reason;
  return t;
}

function exemption(spec: ExemptSpec): Exemption {
  const name = spec.login ?? spec.team ?? '';
  const e: Exemption = {
    kind: spec.login ? 'user' : 'team',
    name,
    key: name.toLowerCase(),
    ...pos(spec.line),
  };
  if (spec.reason !== undefined) e.reason = spec.reason;
  if (spec.expires !== undefined) e.expires = spec.expires;
  return e;
}

export function desired(
  opts: {
    org?: string;
    scope?: Scope;
    users?: UserSpec[];
    teams?: TeamSpec[];
    exempt?: ExemptSpec[];
    policy?: Policy;
  } = {},
): DesiredState {
  return {
    version: 1,
    scope: opts.scope ?? { kind: 'org', name: opts.org ?? ORG },
    users: (opts.users ?? []).map(user),
    teams: (opts.teams ?? []).map(team),
    exempt: (opts.exempt ?? []).map(exemption),
    policy: opts.policy ?? {},
  };
}

export interface LiveOptions {
  org?: string;
  scope?: Scope;
  setting?: SeatManagementSetting;
  planType?: PlanType;
  /** Team lookups by slug: members, or 'missing' for a team that does not exist. */
  teams?: Record<string, string[] | 'missing'>;
  memberships?: Record<string, Membership>;
}

export function live(seats: LiveSeat[], opts: LiveOptions = {}): LiveState {
  const teams: Record<string, TeamInfo> = {};
  for (const [slug, members] of Object.entries(opts.teams ?? {})) {
    const key = slug.toLowerCase();
    teams[key] =
      members === 'missing'
        ? { slug, key, name: slug, exists: false }
        : { slug, key, name: `Team ${slug}`, exists: true, members: members.map((m) => m.toLowerCase()) };
  }
  return {
    scope: opts.scope ?? { kind: 'org', name: opts.org ?? ORG },
    billing: {
      seatManagementSetting: opts.setting ?? 'assign_selected',
      planType: opts.planType ?? 'business',
      totalSeats: seats.length,
    },
    seats,
    teams,
    memberships: Object.fromEntries(
      Object.entries(opts.memberships ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    ),
  };
}

/**
 * A live state whose lookups are exactly what lookupsNeeded asks for, all answered "fine":
 * every login an active member, every team existing with the given members (default none).
 */
export function checkedLive(
  d: DesiredState,
  seats: LiveSeat[],
  opts: Omit<LiveOptions, 'memberships' | 'teams'> & { members?: Record<string, string[]> } = {},
): LiveState {
  const needed = lookupsNeeded(d, seats, NOW);
  const members = opts.members ?? {};
  const teams = Object.fromEntries(needed.teams.map((t) => [t, members[t] ?? []]));
  const memberships = Object.fromEntries(needed.logins.map((l) => [l, 'active' as Membership]));
  return live(seats, { ...opts, teams, memberships });
}

/** `n` seats named prefix0..prefix(n-1), through `team` when given. */
export function manySeats(prefix: string, n: number, opts: SeatOptions = {}): LiveSeat[] {
  return Array.from({ length: n }, (_, i) => seat(`${prefix}${i}`, opts));
}
